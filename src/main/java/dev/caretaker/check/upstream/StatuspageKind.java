package dev.caretaker.check.upstream;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.StatuspageCheckConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code type: statuspage}: what a provider says of itself on its public status page (Atlassian Statuspage's v2 JSON, as
 * Supabase, GitHub, Zoho and Authorize.net publish it). Another check names it in {@code upstream:} so that the provider's
 * own outage is one incident in the provider's words, not a page for the team.
 */
public final class StatuspageKind implements CheckKind {
    public static final String NAME = "statuspage";
    private static final List<Metric> METRICS = List.of(
            Metric.of("upstream.operational", "boolean", "1 when the provider reports the component operational", "component"),
            Metric.of("upstream.unresolved_incidents", "incidents", "incidents the provider's page reports as not resolved"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keys() {
        return List.of("url", "components", "timeout");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        URI page = s.url("url", List.of("http", "https"), "https://status.example.com").orElse(null);
        if (page == null && !s.has("url")) {
            s.problem("'" + s.path() + "' needs 'url': the status page's address, e.g. https://status.supabase.com");
        }
        List<String> components = s.strings("components");
        Set<String> seen = new HashSet<>();
        for (String c : components) {
            if (!seen.add(c.toLowerCase(Locale.ROOT))) {
                s.problem("components", "'" + s.keyPath("components") + "' names '" + c + "' twice (names match without regard to "
                        + "case); list each component once");
            }
        }
        return new StatuspageCheckConfig(this, draft.name(), draft.description(), page == null ? null : StatuspageCheckConfig.summaryOf(page),
                components, s.duration("timeout", StatuspageCheckConfig.DEFAULT_TIMEOUT, Duration.ofMillis(100),
                Duration.ofMinutes(5)), draft.timezone());
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new StatuspageCheck((StatuspageCheckConfig) config);
    }
}
