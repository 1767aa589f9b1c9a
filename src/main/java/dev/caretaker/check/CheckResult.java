package dev.caretaker.check;

import java.util.List;
import java.util.Set;

/**
 * What one check returned: status, timing, the error when it could not judge, measurements and findings, and what it
 * could not judge this time ({@code unjudged}): the incidents those cover are left as they are.
 */
public record CheckResult(String name, String type, Status status, long durationMs, String error,
                          List<Measurement> measurements, List<Finding> findings, Set<Unjudged> unjudged) {
    public CheckResult {
        measurements = List.copyOf(measurements);
        findings = List.copyOf(findings);
        unjudged = Set.copyOf(unjudged);
    }

    /** A result whose error (if any) means nothing at all could be judged. */
    public CheckResult(String name, String type, Status status, long durationMs, String error, List<Measurement> measurements,
                       List<Finding> findings) {
        this(name, type, status, durationMs, error, measurements, findings, error == null ? Set.of() : Set.of(Unjudged.ALL));
    }

    /** A result that judged nothing: a bug in the check, a deadline, an interruption. */
    public static CheckResult unknown(String name, String type, long durationMs, String error) {
        return new CheckResult(name, type, Status.UNKNOWN, durationMs, error, List.of(), List.of(), Set.of(Unjudged.ALL));
    }

    /** True when the check's target (its database, its service) could not be reached at all. */
    public boolean targetDown() {
        return findings.stream().anyMatch(f -> Finding.UNAVAILABLE.contains(f.code()));
    }

    /** True when the check reads a provider's status page and the provider reports an outage ({@code upstream.outage}). */
    public boolean providerDown() {
        return findings.stream().anyMatch(f -> f.code().equals(Finding.PROVIDER_OUTAGE));
    }

    /**
     * Whether this result judged findings of {@code code} on {@code subject}: the target was reached (or the code is the
     * outage itself) and nothing failed that covers it.
     */
    public boolean judged(String code, String subject) {
        if (targetDown() && !Finding.UNAVAILABLE.contains(code)) {
            return false;
        }
        return unjudged.stream().noneMatch(u -> u.covers(code, subject));
    }

    /** Whether this result measured {@code metric} at all. */
    public boolean measured(String metric) {
        return measurements.stream().anyMatch(m -> m.metric().equals(metric));
    }
}
