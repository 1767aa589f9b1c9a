package dev.caretaker;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.history.RunHistory;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.incident.IncidentTracker;
import dev.caretaker.action.RunOutcome;
import dev.caretaker.rule.RuleEvaluator;
import dev.caretaker.schedule.Responses;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.util.List;

/** The stages after the checks, for tests that make up check results: store, rules, incidents, responses. */
public final class Pipeline {
    private Pipeline() {
    }

    /** One run of {@code results} finishing at the clock's time. */
    public static RunOutcome run(Store store, CaretakerConfig config, Clock clock, String suite, CheckResult... results) {
        RunHistory history = new RunHistory(store.jdbi());
        RunResult run = history.save(RunResult.of(config.system(), suite, clock.instant().minusSeconds(3), clock.instant(), List.of(results)));
        var alerts = new RuleEvaluator(history).evaluate(run, config.rules());
        var changes = new IncidentTracker(new IncidentRepository(store.jdbi())).apply(config, run, alerts, clock.instant());
        return new Responses(clock).respond(config, new RunOutcome(run, alerts, changes), store);
    }

    /**
     * One real run of every check of {@code config} against the test server, stored, with rules, incidents and the
     * remediation stage; {@code sleeper} records the waits between attempts.
     */
    public static RunOutcome checkAndRemediate(Store store, CaretakerConfig config, Clock clock, boolean dryRun,
                                               dev.caretaker.action.Remediation.Sleeper sleeper) {
        try (dev.caretaker.check.MonitoredDatabases dbs = new dev.caretaker.check.MonitoredDatabases(config.databases(),
                TestPostgres.server(), config.secrets())) {
            RunResult result = new dev.caretaker.schedule.SuiteRunner(clock, 2, java.time.Duration.ofMinutes(1),
                    dev.caretaker.schedule.SuiteRunner.Progress.NONE).run(config, null, dbs);
            RunHistory history = new RunHistory(store.jdbi());
            RunResult run = history.save(result);
            var alerts = new RuleEvaluator(history).evaluate(run, config.rules());
            var changes = new IncidentTracker(new IncidentRepository(store.jdbi())).apply(config, run, alerts, clock.instant());
            RunOutcome outcome = new RunOutcome(run, alerts, changes);
            var done = remediation(store, config, dbs, clock, dryRun, sleeper).respond(outcome);
            return outcome.withActions(done.actions(), done.incidents());
        }
    }

    public static dev.caretaker.action.Remediation remediation(Store store, CaretakerConfig config, dev.caretaker.check.MonitoredDatabases dbs,
                                                              Clock clock, boolean dryRun, dev.caretaker.action.Remediation.Sleeper sleeper) {
        return new dev.caretaker.action.Remediation(config, store, dbs, clock, sleeper, line -> { }, dryRun);
    }
}
