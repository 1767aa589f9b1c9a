package dev.caretaker;

import dev.caretaker.action.Remediation;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.incident.IncidentListener;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.SigningKey;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The engine as tests use it: on the test server, with planted results or real checks. */
public final class Pipeline {
    private Pipeline() {
    }

    /** The signing key of the test server's store, as a command-line run under its home finds it (made on first use). */
    public static final SigningKey KEY = SigningKey.load(Map.of(), TestPostgres.HOME);

    /** An engine on {@code store}, whose {@code embedded:} databases live on the test server. */
    public static Engine.Builder engine(Store store, CaretakerConfig config, Clock clock) {
        return Engine.builder(config, store).clock(clock).embedded(TestPostgres.server()).parallelism(2).signingKey(KEY);
    }

    /** Every stage after the checks for {@code results}, as one run finishing at the clock's time. */
    public static RunOutcome run(Store store, CaretakerConfig config, Clock clock, String suite, CheckResult... results) {
        RunResult run = RunResult.of(config.system(), suite, clock.instant().minusSeconds(3), clock.instant(), List.of(results));
        return engine(store, config, clock).sleeper(d -> { }).build().record(run, false);
    }

    /** One real run of every check of {@code config} against the test server, through every stage. */
    public static RunOutcome checkAndRemediate(Store store, CaretakerConfig config, Clock clock, boolean dryRun, Remediation.Sleeper sleeper) {
        return engine(store, config, clock).sleeper(sleeper).build().run(new Engine.RunRequest(null, dryRun, null));
    }

    /** Delivers what is due at the clock's time, as a run would after writing its messages. */
    public static dev.caretaker.notify.Delivery.Result deliverDue(Store store, CaretakerConfig config, Clock clock) {
        return engine(store, config, clock).build().deliveries().deliverDue();
    }

    public static Remediation remediation(Store store, CaretakerConfig config, MonitoredDatabases dbs, Clock clock, boolean dryRun,
                                          Remediation.Sleeper sleeper) {
        return new Remediation(config, store, dbs, KEY, clock, sleeper, line -> { }, dryRun, IncidentListener.NONE);
    }
}
