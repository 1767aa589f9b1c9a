package dev.caretaker.engine;

import dev.caretaker.check.RunResult;
import dev.caretaker.history.RunHistory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stored runs of the config's system: a page of summaries, one run whole. */
public final class RunDesk {
    private final Engine engine;
    private final RunHistory history;

    RunDesk(Engine engine) {
        this.engine = engine;
        this.history = new RunHistory(engine.store().jdbi());
    }

    /** Summaries of the runs, newest first, below id {@code before} (null: from the newest). */
    public List<Map<String, Object>> page(Long before, int limit) {
        return history.page(engine.config().system(), before, limit);
    }

    /** A stored run with every check's result, measurements and findings. */
    public Optional<RunResult> load(long id) {
        return history.load(engine.config().system(), id);
    }

    /**
     * The suites of the config whose newest run ended critical or unknown, with that run: what an outside heartbeat service
     * is told is failing until a later run of the same suite ends ok or warning.
     */
    public List<RunHistory.SuiteRun> failing() {
        List<String> suites = List.copyOf(engine.config().suites().keySet());
        return history.newestPerSuite(engine.config().system(), suites).stream()
                .filter(r -> r.status().equals("critical") || r.status().equals("unknown")).toList();
    }
}
