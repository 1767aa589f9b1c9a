package dev.caretaker.check.email;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code type: email_delivery}: delivered, failed, bounced and complained messages over a window from the email provider's
 * statistics ({@code source: mailgun} or {@code source: sendgrid}), judged by the share delivered and the share bounced.
 * The family has no table source: an app's own table does not know what the receiving servers answered.
 */
public final class EmailDeliveryKind implements CheckKind {
    static final String SENDER = "sender";
    private static final List<Metric> METRICS = List.of(
            Metric.of("email.delivered", "messages", "messages the receiving servers accepted in the window", SENDER),
            Metric.of("email.failed", "messages", "messages that failed for good in the window (bounced, dropped, blocked)", SENDER),
            Metric.of("email.bounced", "messages", "messages the receiving servers refused for good (hard bounces) in the window", SENDER),
            Metric.of("email.complained", "messages", "messages their recipients reported as spam in the window", SENDER),
            Metric.of("email.delivery_rate_percent", "percent", "delivered among the messages settled in the window", SENDER),
            Metric.of("email.bounce_rate_percent", "percent", "bounced among the messages settled in the window", SENDER),
            EmailDeliveryCheck.RATE_LIMIT);
    private static final List<EmailSource> SOURCES = List.of(new MailgunSource(), new SendgridSource());

    @Override
    public String name() {
        return "email_delivery";
    }

    /** Every source's keys, so a check written without {@code source:} hears that it needs one, not that its keys are unknown. */
    @Override
    public List<String> keys() {
        Set<String> all = new LinkedHashSet<>();
        SOURCES.forEach(s -> all.addAll(s.keys()));
        return List.copyOf(all);
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        s.problem("'" + s.path() + "' needs 'source: mailgun' or 'source: sendgrid': email delivery is read from the provider's "
                + "statistics, not from a table");
        return SOURCES.get(0).read(s, draft, this, false);
    }

    /** No table source: a check without {@code source:} is told to name one, and 'table' is no source of this kind. */
    @Override
    public boolean readsOwnKeys() {
        return false;
    }

    @Override
    public List<EmailSource> sources() {
        return SOURCES;
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        throw new IllegalStateException("check '" + config.name() + "' of type email_delivery has no source");
    }
}
