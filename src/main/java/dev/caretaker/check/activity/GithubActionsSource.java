package dev.caretaker.check.activity;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckSource;
import dev.caretaker.config.ApiSettings;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CheckType;
import dev.caretaker.config.CronExpression;
import dev.caretaker.config.GithubActionsConfig;
import dev.caretaker.config.JobsCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code type: jobs, source: github-actions}: workflow runs from GitHub's REST API, judged as jobs are. */
public final class GithubActionsSource implements CheckSource {
    public static final String NAME = "github-actions";
    private static final String REPOSITORY = "[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+";
    static final Metric RATE_LIMIT = Metric.of("api.rate_limit_remaining", "requests",
            "requests the provider's API still allows in its current rate-limit window, after the check's last request", "source");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keys() {
        List<String> keys = new ArrayList<>(List.of("repository", "repositories", "workflows", "branch", "event", "window"));
        keys.addAll(ApiSettings.KEYS);
        return keys;
    }

    @Override
    public CheckConfig read(Section s, CheckType.Draft draft, CheckType family) {
        List<String> repositories = repositories(s);
        Map<String, JobsCheckConfig.Job> workflows = new LinkedHashMap<>();
        if (s.isList("workflows")) {
            for (String w : s.strings("workflows")) {
                workflows.put(w, new JobsCheckConfig.Job(w, null, null, null, JobsCheckConfig.DEFAULT_MIN_SUCCESS_RATE));
            }
        } else {
            Section named = s.named("workflows");
            for (String w : named.names()) {
                workflows.put(w, workflow(w, named.section(w, JobsKind.JOB_KEYS)));
            }
        }
        return new GithubActionsConfig(family, this, draft.name(), draft.description(),
                ApiSettings.read(s, GithubActionsConfig.DEFAULT_BASE_URL), repositories, workflows, s.string("branch", null),
                s.string("event", null), s.duration("window", JobsCheckConfig.DEFAULT_WINDOW, Duration.ofMinutes(1), Duration.ofDays(400)),
                draft.timezone());
    }

    private static List<String> repositories(Section s) {
        List<String> out = new ArrayList<>();
        if (s.has("repository") && s.has("repositories")) {
            s.problem("repositories", "'" + s.path() + "' has both 'repository' and 'repositories'; keep one");
        }
        s.string("repository").ifPresent(out::add);
        out.addAll(s.strings("repositories"));
        if (out.isEmpty()) {
            s.problem("'" + s.path() + "' needs 'repository' (OWNER/NAME, e.g. acme/shop) or a list under 'repositories'");
        }
        for (String r : out) {
            if (!r.matches(REPOSITORY)) {
                s.problem(s.has("repository") ? "repository" : "repositories",
                        "'" + r + "' is not a repository; write OWNER/NAME, e.g. acme/shop");
            }
        }
        Map<String, String> seen = new HashMap<>();
        for (String r : out) {
            String first = seen.putIfAbsent(r.toLowerCase(Locale.ROOT), r);
            if (first != null) {
                s.problem("repositories", "'" + s.keyPath("repositories") + "' lists one repository twice: '" + first + "' and '" + r
                        + "' (GitHub's names ignore case); keep one");
            }
        }
        return List.copyOf(out);
    }

    /** A workflow's entry: as a job's, but its schedule is optional (a workflow run on push has none: no staleness then). */
    private static JobsCheckConfig.Job workflow(String name, Section j) {
        Optional<Duration> every = Optional.ofNullable(j.duration("every", null, Duration.ofSeconds(1), Duration.ofDays(400)));
        Optional<CronExpression> cron = j.parsed("cron", CronExpression::parse);
        if (j.has("every") && j.has("cron")) {
            j.problem("cron", "workflow '" + name + "' has both 'every' and 'cron'; keep one");
        }
        Duration grace = null;
        if (every.isPresent() || cron.isPresent()) {
            Duration period = every.orElse(Duration.ofHours(1));
            Duration defaultGrace = Duration.ofMillis(Math.max(JobsCheckConfig.MIN_GRACE.toMillis(), period.toMillis() / 2));
            grace = j.duration("grace", cron.isPresent() ? null : defaultGrace, Duration.ZERO, Duration.ofDays(400));
        } else if (j.has("grace")) {
            j.problem("grace", "workflow '" + name + "' has 'grace' but no 'every' or 'cron' to be late for; add one or remove 'grace'");
        }
        double rate = j.parsed("min_success_rate", Units::parsePercent).orElse(JobsCheckConfig.DEFAULT_MIN_SUCCESS_RATE);
        return new JobsCheckConfig.Job(name, every.orElse(null), cron.orElse(null), grace, rate);
    }

    @Override
    public List<Metric> metrics() {
        return List.of(RATE_LIMIT);
    }

    @Override
    public Check create(CheckConfig config) {
        return new GithubActionsCheck((GithubActionsConfig) config);
    }
}
