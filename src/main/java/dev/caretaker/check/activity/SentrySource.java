package dev.caretaker.check.activity;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckSource;
import dev.caretaker.config.ApiSettings;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CheckType;
import dev.caretaker.config.ErrorsCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.SentryErrorsConfig;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code type: errors, source: sentry}: error counts and new issues from Sentry's web API instead of a table. */
public final class SentrySource implements CheckSource {
    public static final String NAME = "sentry";
    /** Sentry's slugs: lower-case letters, digits, dashes and underscores. */
    private static final String SLUG = "[a-z0-9][a-z0-9_-]*";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keys() {
        List<String> keys = new ArrayList<>(List.of("organization", "projects", "environment", "window", "baseline"));
        keys.addAll(ApiSettings.KEYS);
        return keys;
    }

    @Override
    public CheckConfig read(Section s, CheckType.Draft draft, CheckType family) {
        String org = s.required("organization").orElse(null);
        if (org != null && !org.matches(SLUG)) {
            s.problem("organization", "'" + org + "' is not an organization slug; write it as it appears in Sentry's addresses, "
                    + "e.g. acme in https://acme.sentry.io or https://sentry.io/organizations/acme/");
        }
        List<String> projects = s.strings("projects");
        if (projects.isEmpty()) {
            s.problem("'" + s.path() + "' needs 'projects': a project slug (e.g. backend) or a list of them");
        }
        for (String p : projects) {
            if (!p.matches(SLUG)) {
                s.problem("projects", "'" + p + "' is not a project slug; write it as Sentry's project settings show it, e.g. backend");
            }
        }
        if (projects.stream().distinct().count() < projects.size()) {
            s.problem("projects", "'" + s.keyPath("projects") + "' lists a project twice");
        }
        Duration window = s.duration("window", ErrorsCheckConfig.DEFAULT_WINDOW, Duration.ofHours(1), Duration.ofDays(1));
        if (window.toSeconds() % 3600 != 0) {
            s.problem("window", "'window' must be whole hours (Sentry counts events per hour at the finest), e.g. 1h or 6h, not "
                    + Units.formatDuration(window));
        }
        Duration baseline = s.duration("baseline", ErrorsCheckConfig.DEFAULT_BASELINE, Duration.ofHours(3), SentryErrorsConfig.MAX_BASELINE);
        if (baseline.compareTo(window.multipliedBy(3)) < 0) {
            s.problem("baseline", "'baseline' must cover at least 3 windows (" + Units.formatDuration(window.multipliedBy(3)) + ")");
        }
        if (!s.has("token")) {
            s.problem("'" + s.path() + "' needs 'token': Sentry's API answers only with one; write token: ${SENTRY_TOKEN} and give it "
                    + "the read-only scopes org:read and event:read");
        }
        return new SentryErrorsConfig(family, this, draft.name(), draft.description(),
                ApiSettings.read(s, SentryErrorsConfig.DEFAULT_BASE_URL), org, List.copyOf(projects), s.string("environment", null),
                window, baseline);
    }

    @Override
    public List<Metric> metrics() {
        return List.of(GithubActionsSource.RATE_LIMIT);
    }

    @Override
    public Check create(CheckConfig config) {
        return new SentryErrorsCheck((SentryErrorsConfig) config);
    }
}
