package dev.caretaker.check;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Collects what a check finds while it runs and derives the status: the worst finding, or unknown on error. */
public final class ResultBuilder {
    private final String name;
    private final String type;
    private final Clock clock;
    private final long started;
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final java.util.Set<Unjudged> unjudged = new java.util.LinkedHashSet<>();

    public ResultBuilder(String name, String type, Clock clock) {
        this.name = name;
        this.type = type;
        this.clock = clock;
        this.started = clock.millis();
    }

    public synchronized ResultBuilder measure(Measurement m) {
        measurements.add(m);
        return this;
    }

    public ResultBuilder measure(String metric, double value, String... labels) {
        return measure(Measurement.of(metric, value, labels));
    }

    public synchronized ResultBuilder find(Finding f) {
        findings.add(f);
        return this;
    }

    /** The check could not judge anything: the result becomes unknown, with this reason. */
    public synchronized ResultBuilder error(String reason) {
        return error(reason, List.of(Unjudged.ALL));
    }

    /** The check could not judge what {@code scope} covers (e.g. one probe's codes): the result becomes unknown. */
    public synchronized ResultBuilder error(String reason, List<Unjudged> scope) {
        errors.add(reason);
        unjudged.addAll(scope.isEmpty() ? List.of(Unjudged.ALL) : scope);
        return this;
    }

    /**
     * The check deliberately says nothing of what {@code scope} covers in this run (e.g. what it told once and does not
     * repeat): the incidents it covers stay as they were, and the result is not unknown for it.
     */
    public synchronized ResultBuilder leaves(Unjudged scope) {
        unjudged.add(scope);
        return this;
    }

    public synchronized CheckResult build() {
        Status status = Status.OK;
        for (Finding f : findings) {
            status = status.worse(Status.of(f.severity()));
        }
        if (!errors.isEmpty() && status != Status.CRITICAL) {
            status = Status.UNKNOWN;
        }
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        return new CheckResult(name, type, status, clock.millis() - started, error, measurements, findings, unjudged);
    }
}
