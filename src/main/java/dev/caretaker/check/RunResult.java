package dev.caretaker.check;

import dev.caretaker.config.Secrets;
import java.time.Instant;
import java.util.Map;
import java.util.List;

/** One run of a suite: every check's result, the worst status and the health score. */
public record RunResult(String system, String suite, long runId, Instant startedAt, Instant finishedAt,
                        Status status, int healthScore, List<CheckResult> results) {
    public RunResult {
        results = List.copyOf(results);
    }

    public static RunResult of(String system, String suite, Instant started, Instant finished, List<CheckResult> results) {
        Status worst = Status.OK;
        for (CheckResult r : results) {
            worst = worst.worse(r.status());
        }
        return new RunResult(system, suite, 0, started, finished, worst, HealthScore.of(results), results);
    }

    public RunResult withId(long id) {
        return new RunResult(system, suite, id, startedAt, finishedAt, status, healthScore, results);
    }

    /** Scrubs every text of a run of the config's secrets before it is stored or shown. */
    public RunResult redacted(Secrets secrets) {
        RunResult run = this;
        List<CheckResult> results = run.results().stream().map(r -> new CheckResult(r.name(), r.type(), r.status(), r.durationMs(),
                secrets.redact(r.error()), r.measurements(), r.findings().stream().map(f -> new Finding(f.code(), f.severity(),
                secrets.redact(f.subject()), secrets.redact(f.message()), redactValues(f.evidence(), secrets))).toList())).toList();
        return new RunResult(run.system(), run.suite(), run.runId(), run.startedAt(), run.finishedAt(), run.status(),
                run.healthScore(), results);
    }

    private static Map<String, Object> redactValues(Map<String, Object> evidence, Secrets secrets) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        evidence.forEach((k, v) -> out.put(k, v instanceof String s ? secrets.redact(s)
                : v instanceof List<?> l ? l.stream().map(x -> x instanceof String s ? secrets.redact(s) : x).toList() : v));
        return out;
    }
}
