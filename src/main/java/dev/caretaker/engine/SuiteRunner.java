package dev.caretaker.engine;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.RoleCheck;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.SuiteConfig;
import dev.caretaker.config.Suggestions;
import dev.caretaker.config.Units;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checks of a suite, a bounded number at a time, and collects their results in the suite's order. The run has one
 * deadline (the suite's {@code timeout}) for all its checks together: they run side by side, and a check still running (or
 * not yet started) when it passes becomes unknown. A check that throws (a bug) becomes unknown too; the run goes on.
 */
public final class SuiteRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SuiteRunner.class);
    public static final int DEFAULT_PARALLELISM = 4;
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
    private final Progress progress;
    private final Function<CheckConfig, Check> checkFactory;
    private dev.caretaker.store.PingLog pings;
    private dev.caretaker.store.SourceMarks marks;

    public SuiteRunner(Clock clock, int parallelism, Progress progress, Function<CheckConfig, Check> checks) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.clock = clock;
        this.parallelism = parallelism;
        this.progress = progress;
        this.checkFactory = checks;
    }

    /** The pings heartbeat checks read (Caretaker's store); without them a heartbeat check says it cannot judge. */
    public SuiteRunner pings(dev.caretaker.store.PingLog log) {
        this.pings = log;
        return this;
    }

    /** What API sources told of before (Caretaker's store); without it, "new" means new within the check's window. */
    public SuiteRunner marks(dev.caretaker.store.SourceMarks log) {
        this.marks = log;
        return this;
    }

    /** The checks a suite names, or every check when {@code suite} is null. */
    public static List<CheckConfig> checksOf(CaretakerConfig config, String suite) {
        if (suite == null) {
            return List.copyOf(config.checks().values());
        }
        SuiteConfig s = config.suites().get(suite);
        if (s == null) {
            throw new IllegalArgumentException("no suite '" + suite + "' in " + config.file() + Suggestions.didYouMean(suite, config.suites().keySet())
                    + (config.suites().isEmpty() ? "; the file defines no suites" : "; suites: " + String.join(", ", config.suites().keySet())));
        }
        return s.checks().stream().map(config.checks()::get).toList();
    }

    /** The deadline of a run of {@code suite}: its {@code timeout}, or the default for every check. */
    public static Duration timeoutOf(CaretakerConfig config, String suite) {
        SuiteConfig s = suite == null ? null : config.suites().get(suite);
        return s == null ? SuiteConfig.DEFAULT_TIMEOUT : s.timeout();
    }

    public RunResult run(CaretakerConfig config, String suite, MonitoredDatabases databases, Duration timeout) {
        return run(config, suite == null ? ALL : suite, checksOf(config, suite), databases, timeout);
    }

    /** The given checks as one run named {@code label}. */
    public RunResult run(CaretakerConfig config, String label, List<CheckConfig> checks, MonitoredDatabases databases, Duration timeout) {
        String suite = label;
        CheckContext context = new CheckContext(clock, databases, config.secrets(), pings, config.system(), marks);
        Instant started = clock.instant();
        long deadline = System.nanoTime() + timeout.toNanos();
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
                results.add(await(futures.get(i), checks.get(i), deadline, timeout));
            }
            RoleCheck.of(config, checks, results, databases, clock).ifPresent(results::add);
            return RunResult.of(config.system(), suite, started, clock.instant(), results);
        } finally {
            pool.shutdownNow();
        }
    }

    private CheckResult runOne(Check check, CheckContext context) {
        long start = clock.millis();
        try {
            return check.run(context);
        } catch (RuntimeException e) {
            LOG.error("check {} failed", check.name(), e);
            return CheckResult.unknown(check.name(), check.type(), clock.millis() - start,
                    context.secrets().redact("the check failed: " + e));
        }
    }

    private CheckResult await(Future<CheckResult> f, CheckConfig cc, long deadline, Duration timeout) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return CheckResult.unknown(cc.name(), cc.type(), timeout.toMillis(), "the run's deadline of " + Units.formatDuration(timeout)
                    + " passed before this check finished; raise the suite's 'timeout' if it needs longer");
        } catch (ExecutionException e) {
            return CheckResult.unknown(cc.name(), cc.type(), 0, "the check failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.unknown(cc.name(), cc.type(), 0, "interrupted");
        }
    }
}
