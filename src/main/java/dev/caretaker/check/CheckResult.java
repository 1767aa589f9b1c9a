package dev.caretaker.check;

import java.util.List;

/** What one check returned: status, timing, the error when it could not judge, measurements and findings. */
public record CheckResult(String name, String type, Status status, long durationMs, String error,
                          List<Measurement> measurements, List<Finding> findings) {
    public CheckResult {
        measurements = List.copyOf(measurements);
        findings = List.copyOf(findings);
    }
}
