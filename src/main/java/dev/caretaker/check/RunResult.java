package dev.caretaker.check;

import dev.caretaker.config.Secrets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run of a suite: every check's result, the worst status, the run's health score (over its own checks) and, once
 * stored, the system's health score (over the latest result of every check of the system, whichever suite ran it).
 */
public record RunResult(String system, String suite, long runId, Instant startedAt, Instant finishedAt,
                        Status status, int healthScore, int systemHealth, List<CheckResult> results, List<Ignored> ignored) {
    public RunResult {
        results = List.copyOf(results);
        ignored = ignored == null ? List.of() : List.copyOf(ignored);
    }

    /** A run with nothing ignored. */
    public RunResult(String system, String suite, long runId, Instant startedAt, Instant finishedAt, Status status, int healthScore,
                     int systemHealth, List<CheckResult> results) {
        this(system, suite, runId, startedAt, finishedAt, status, healthScore, systemHealth, results, List.of());
    }

    /** The same run judged without the {@code ignored} findings, moved out of its results (status and score follow). */
    public RunResult withIgnored(List<CheckResult> judged, List<Ignored> ignored) {
        RunResult r = of(system, suite, startedAt, finishedAt, judged);
        return new RunResult(system, suite, runId, startedAt, finishedAt, r.status, r.healthScore, r.healthScore, r.results, ignored);
    }

    public static RunResult of(String system, String suite, Instant started, Instant finished, List<CheckResult> results) {
        Status worst = Status.OK;
        for (CheckResult r : results) {
            worst = worst.worse(r.status());
        }
        int score = HealthScore.of(results);
        return new RunResult(system, suite, 0, started, finished, worst, score, score, results);
    }

    public RunResult stored(long id, int systemScore) {
        return new RunResult(system, suite, id, startedAt, finishedAt, status, healthScore, systemScore, results, ignored);
    }

    /** Scrubs every text of a run of the config's secrets before it is stored or shown. */
    public RunResult redacted(Secrets secrets) {
        List<CheckResult> clean = results.stream().map(r -> new CheckResult(r.name(), r.type(), r.status(), r.durationMs(),
                secrets.redact(r.error()), r.measurements(), r.findings().stream().map(f -> redact(f, secrets)).toList(), r.unjudged())).toList();
        List<Ignored> cleanIgnored = ignored.stream().map(x -> new Ignored(x.check(), redact(x.finding(), secrets), secrets.redact(x.reason()),
                x.until(), x.source())).toList();
        return new RunResult(system, suite, runId, startedAt, finishedAt, status, healthScore, systemHealth, clean, cleanIgnored);
    }

    private static Finding redact(Finding f, Secrets secrets) {
        return new Finding(f.code(), f.severity(), secrets.redact(f.subject()), secrets.redact(f.message()), redactValues(f.evidence(), secrets));
    }

    private static Map<String, Object> redactValues(Map<String, Object> evidence, Secrets secrets) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        evidence.forEach((k, v) -> out.put(k, v instanceof String s ? secrets.redact(s)
                : v instanceof List<?> l ? l.stream().map(x -> x instanceof String s ? secrets.redact(s) : x).toList() : v));
        return out;
    }
}
