package dev.caretaker.schedule;

import dev.caretaker.action.Remediation;
import dev.caretaker.check.Check;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.SuiteConfig;
import dev.caretaker.history.RunHistory;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.action.RunOutcome;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.incident.IncidentTracker;
import dev.caretaker.rule.Alert;
import dev.caretaker.rule.RuleEvaluator;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checks of a suite, a bounded number at a time, and collects their results in the suite's order.
 * A check that throws (a bug) or outlives its deadline becomes an unknown result; the run goes on.
 */
public final class SuiteRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SuiteRunner.class);
    public static final int DEFAULT_PARALLELISM = 4;
    public static final Duration DEFAULT_CHECK_DEADLINE = Duration.ofMinutes(10);
    /** The name of the implicit suite of every check, used when no suite is named. */
    public static final String ALL = "all";

    /** Told as checks start and finish, e.g. to print progress. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void started(String check, int total) {
        }

        default void finished(CheckResult result, int done, int total) {
        }

        /** A line about later stages, e.g. an action running. */
        default void note(String line) {
        }
    }

    private final Clock clock;
    private final int parallelism;
    private final Duration deadline;
    private final Progress progress;
    private final java.util.function.Function<CheckConfig, Check> checkFactory;

    public SuiteRunner(Clock clock, int parallelism, Duration deadline, Progress progress) {
        this(clock, parallelism, deadline, progress, Checks::create);
    }

    /** With another way to make checks from their config (tests use it to plant a broken check). */
    public SuiteRunner(Clock clock, int parallelism, Duration deadline, Progress progress,
                       java.util.function.Function<CheckConfig, Check> checks) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.clock = clock;
        this.parallelism = parallelism;
        this.deadline = deadline;
        this.progress = progress;
        this.checkFactory = checks;
    }

    /** The checks a suite names, or every check when {@code suite} is null. */
    public static List<CheckConfig> checksOf(CaretakerConfig config, String suite) {
        if (suite == null) {
            return List.copyOf(config.checks().values());
        }
        SuiteConfig s = config.suites().get(suite);
        if (s == null) {
            throw new IllegalArgumentException("no suite '" + suite + "' in " + config.file()
                    + dev.caretaker.config.Suggestions.didYouMean(suite, config.suites().keySet())
                    + (config.suites().isEmpty() ? "; the file defines no suites" : "; suites: " + String.join(", ", config.suites().keySet())));
        }
        return s.checks().stream().map(config.checks()::get).toList();
    }

    public RunResult run(CaretakerConfig config, String suite, MonitoredDatabases databases) {
        List<CheckConfig> checks = checksOf(config, suite);
        CheckContext context = new CheckContext(clock, databases, config.secrets());
        Instant started = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, checks.size())), r -> {
            Thread t = new Thread(r, "caretaker-check");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<CheckResult>> futures = new ArrayList<>();
            for (CheckConfig cc : checks) {
                Check check = checkFactory.apply(cc);
                futures.add(pool.submit(() -> {
                    progress.started(check.name(), checks.size());
                    CheckResult r = runOne(check, context);
                    progress.finished(r, done.incrementAndGet(), checks.size());
                    return r;
                }));
            }
            List<CheckResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(futures.get(i), checks.get(i)));
            }
            return RunResult.of(config.system(), suite == null ? ALL : suite, started, clock.instant(), results);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs the suite against the config's databases, scrubs secrets, stores the run, then turns its findings
     * and the rules into alerts and keeps the incidents in step.
     */
    public RunOutcome runAndRecord(CaretakerConfig config, String suite, Store store) {
        return runAndRecord(config, suite, store, false, Remediation.Sleeper.REAL);
    }

    /**
     * As {@link #runAndRecord(CaretakerConfig, String, Store)}, then the remediation stage: with {@code dryRun} every
     * action only shows what it would change; {@code sleeper} waits between attempts.
     */
    public RunOutcome runAndRecord(CaretakerConfig config, String suite, Store store, boolean dryRun, Remediation.Sleeper sleeper) {
        try (MonitoredDatabases databases = new MonitoredDatabases(config.databases(), store.embedded().orElse(null), config.secrets())) {
            RunResult run = run(config, suite, databases).redacted(config.secrets());
            RunHistory history = new RunHistory(store.jdbi());
            RunResult saved = history.save(run);
            history.prune(saved.system(), saved.finishedAt().minus(config.store().retention()));
            List<Alert> alerts = new RuleEvaluator(history).evaluate(saved, config.rules());
            List<IncidentChange> incidents = new IncidentTracker(new IncidentRepository(store.jdbi()))
                    .apply(config, saved, alerts, saved.finishedAt());
            RunOutcome outcome = new RunOutcome(saved, alerts, incidents);
            Remediation.Result done = new Remediation(config, store, databases, clock, sleeper, progress::note, dryRun).respond(outcome);
            return outcome.withActions(done.actions(), done.incidents());
        }
    }

    private CheckResult runOne(Check check, CheckContext context) {
        long start = clock.millis();
        try {
            return check.run(context);
        } catch (RuntimeException e) {
            LOG.error("check {} failed", check.name(), e);
            return new CheckResult(check.name(), check.type(), Status.UNKNOWN, clock.millis() - start,
                    context.secrets().redact("the check failed: " + e), List.of(), List.of());
        }
    }

    private CheckResult await(Future<CheckResult> f, CheckConfig cc) {
        try {
            return f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new CheckResult(cc.name(), cc.type(), Status.UNKNOWN, deadline.toMillis(),
                    "did not finish within " + dev.caretaker.config.Units.formatDuration(deadline), List.of(), List.of());
        } catch (ExecutionException e) {
            return new CheckResult(cc.name(), cc.type(), Status.UNKNOWN, 0, "the check failed: " + e.getCause(), List.of(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(cc.name(), cc.type(), Status.UNKNOWN, 0, "interrupted", List.of(), List.of());
        }
    }
}
