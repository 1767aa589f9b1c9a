package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code self_check:}: an outside heartbeat service (Healthchecks or one that speaks its ping API) that Caretaker pings, so
 * someone is paged when Caretaker itself stops. {@code url} is the check's ping URL, a secret (it is all a stranger needs to
 * send the check false pings): it never appears in logs, pages, the API or metrics. {@code every} is the fixed beat;
 * {@code timeout} bounds each ping; an empty {@code url} (a {@code ${VAR:-}} whose variable is unset) turns the pings off; {@code send_runs} also reports each suite run ({@code /start}, then success or
 * {@code /fail} with the run's summary).
 */
public record SelfCheckConfig(Optional<URI> url, Duration every, Duration timeout, boolean sendRuns) {
    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final SelfCheckConfig OFF = new SelfCheckConfig(Optional.empty(), DEFAULT_EVERY, DEFAULT_TIMEOUT, true);
    static final List<String> KEYS = List.of("url", "every", "timeout", "send_runs");

    public boolean enabled() {
        return url.isPresent();
    }

    static SelfCheckConfig read(ConfigReader r, ConfigNode node) {
        if (node == null) {
            return OFF;
        }
        Map<String, ConfigNode> m = r.map(node, KEYS);
        Optional<String> text = r.string(m, "url").filter(u -> !u.isBlank());
        Optional<URI> url = Optional.empty();
        if (text.isPresent()) {
            r.secrets().add(text.get());
            try {
                URI u = new URI(text.get());
                if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null && u.getRawFragment() == null) {
                    url = Optional.of(u);
                }
            } catch (java.net.URISyntaxException e) {
                // reported below, without the URL: it is a secret
            }
            if (url.isEmpty()) {
                r.problem(m.get("url"), "self_check.url must be an http(s) ping URL without a #fragment, e.g. https://hc-ping.com/YOUR-CHECK-UUID; "
                        + "give it as ${CARETAKER_SELF_CHECK_URL}");
            }
        }
        // an empty url (e.g. ${CARETAKER_SELF_CHECK_URL:-} with the variable unset) leaves the pings off, as no self_check does
        Duration every = r.duration(m, "every", DEFAULT_EVERY, Duration.ofSeconds(1), Duration.ofDays(1));
        Duration timeout = r.duration(m, "timeout", DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1));
        if (url.isPresent() && timeout.compareTo(every) >= 0) {
            // pings go one at a time: with a service that does not answer, beats would queue up faster than they time out
            r.problem(m.containsKey("timeout") ? m.get("timeout") : m.get("every"), "self_check.timeout (" + Units.humanDuration(timeout)
                    + ") must be shorter than self_check.every (" + Units.humanDuration(every) + "), or beats queue up while the service "
                    + "does not answer; shorten timeout or lengthen every");
        }
        return new SelfCheckConfig(url, every, timeout, r.bool(m, "send_runs", true));
    }
}
