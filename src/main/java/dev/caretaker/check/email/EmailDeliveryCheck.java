package dev.caretaker.check.email;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import dev.caretaker.config.EmailDeliveryConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type: email_delivery}: the provider's counts over the window, judged. The delivery rate is delivered / (delivered +
 * failed for good); the bounce rate is hard bounces over the same messages. Messages still being retried are in neither.
 * {@code email.delivery_rate} under the target is a warning, under 90 % (or the target, if lower) critical;
 * {@code email.bounce_rate} over its limit a warning, over 5 % (or the limit, if higher) critical. Nothing settled in the
 * window is said as information, not judged; fewer than {@code min_messages} settled are measured but not judged. An API
 * error makes the check unknown in the provider's own words; the rate limit left is measured.
 */
final class EmailDeliveryCheck extends ConfiguredCheck<EmailDeliveryConfig> {
    static final Metric RATE_LIMIT = Metric.of("api.rate_limit_remaining", "requests",
            "requests the provider's API still allows in its current rate-limit window, after the check's last request", "source");
    private final EmailSource source;

    EmailDeliveryCheck(EmailDeliveryConfig config, EmailSource source) {
        super(config);
        this.source = source;
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        ApiClient client = source.client(config, context.clock());
        try {
            judge(source.count(config, client, context.clock().instant()), out);
        } catch (ApiException e) {
            out.error(context.secrets().redact(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.error("interrupted");
        }
        client.rateLimitRemaining().ifPresent(n -> out.measure("api.rate_limit_remaining", n, "check", name(), "source", source.name()));
        return out.build();
    }

    private void judge(DeliveryCounts c, ResultBuilder out) {
        String sender = config.sender();
        out.measure("email.delivered", c.delivered(), "check", name(), EmailDeliveryKind.SENDER, sender);
        out.measure("email.failed", c.failed(), "check", name(), EmailDeliveryKind.SENDER, sender);
        out.measure("email.bounced", c.bounced(), "check", name(), EmailDeliveryKind.SENDER, sender);
        out.measure("email.complained", c.complained(), "check", name(), EmailDeliveryKind.SENDER, sender);
        String window = source.period(config, c);
        Map<String, Object> ev = evidence(c);
        if (c.settled() == 0) {
            out.find(new Finding("email.no_mail", Severity.INFO, sender, "no mail from " + sender + " was delivered or failed " + window
                    + (c.deferred() > 0 ? " (" + c.deferred() + " still being retried)" : "") + "; nothing to judge", ev));
            return;
        }
        out.measure("email.delivery_rate_percent", round(c.deliveryRate()), "check", name(), EmailDeliveryKind.SENDER, sender);
        out.measure("email.bounce_rate_percent", round(c.bounceRate()), "check", name(), EmailDeliveryKind.SENDER, sender);
        if (c.settled() < config.minMessages()) {
            return;
        }
        double delivery = c.deliveryRate();
        Severity ds = delivery < config.criticalDeliveryRate() ? Severity.CRITICAL
                : delivery < config.minDeliveryRate() ? Severity.WARNING : null;
        if (ds != null) {
            Map<String, Object> e = new LinkedHashMap<>(ev);
            e.put("min_delivery_rate_percent", config.minDeliveryRate());
            e.put("critical_below_percent", config.criticalDeliveryRate());
            out.find(new Finding("email.delivery_rate", ds, sender, String.format(Locale.ROOT,
                    "%s delivered %d of %d messages (%.1f%%, target %s%%) %s; %d failed for good%s", sender, c.delivered(),
                    c.settled(), delivery, fmt(config.minDeliveryRate()), window, c.failed(), reasons(c)), e));
        }
        double bounce = c.bounceRate();
        Severity bs = bounce > config.criticalBounceRate() ? Severity.CRITICAL
                : bounce > config.maxBounceRate() ? Severity.WARNING : null;
        if (bs != null) {
            Map<String, Object> e = new LinkedHashMap<>(ev);
            e.put("max_bounce_rate_percent", config.maxBounceRate());
            e.put("critical_above_percent", config.criticalBounceRate());
            out.find(new Finding("email.bounce_rate", bs, sender, String.format(Locale.ROOT,
                    "%d of %d messages from %s bounced (%.1f%%, limit %s%%) %s; a high bounce rate hurts the sender's "
                            + "reputation: clean the address list and look for a broken signup or import", c.bounced(), c.settled(),
                    sender, bounce, fmt(config.maxBounceRate()), window), e));
        }
    }

    private Map<String, Object> evidence(DeliveryCounts c) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("source", source.name());
        if (config.domain() != null) {
            ev.put("domain", config.domain());
        }
        if (config.category() != null) {
            ev.put("category", config.category());
        }
        if (config.subuser() != null) {
            ev.put("subuser", config.subuser());
        }
        ev.put("delivered", c.delivered());
        ev.put("failed", c.failed());
        ev.put("bounced", c.bounced());
        ev.put("complained", c.complained());
        ev.put("deferred", c.deferred());
        if (c.settled() > 0) {
            ev.put("delivery_rate_percent", round(c.deliveryRate()));
            ev.put("bounce_rate_percent", round(c.bounceRate()));
        }
        c.failures().forEach((k, v) -> ev.put("failed_" + k.replace('-', '_'), v));
        ev.put("counted_from", c.from().toString());
        ev.put("window", Units.formatDuration(config.window()));
        return ev;
    }

    private static String reasons(DeliveryCounts c) {
        if (c.failures().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        c.failures().forEach((k, v) -> b.append(b.length() > 2 ? ", " : "").append(k).append(' ').append(v));
        return b.append(')').toString();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** No request is sent: the API's host name is looked up, and whether a key is set is said. */
    @Override
    public List<Readiness> preflight(CheckContext context) {
        String host = config.api().baseUrl().getHost();
        if (config.api().token() == null) {
            return List.of(Readiness.problem(name(), "no 'token': " + source.provider() + "'s statistics need an API key"));
        }
        try {
            InetAddress.getAllByName(host);
            return List.of(Readiness.ok(name(), host + " resolves; a key is set (no request sent)"));
        } catch (UnknownHostException e) {
            return List.of(Readiness.problem(name(), "the host name " + host + " of 'base_url' does not resolve"));
        }
    }
}
