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
}
