package dev.caretaker.config;

import java.time.Duration;
import java.util.Optional;

/**
 * One entry of {@code baselines:}: a measurement (of one check, or of every check that records it) judged against its
 * own past, by hour of the week over {@code window}. Beyond {@code sensitivity} robust spreads for {@code for} it is an
 * {@code anomaly.high} or {@code anomaly.low} finding, once the series has {@code min_history}.
 */
public record BaselineConfig(String metric, Optional<String> check, Duration window, double sensitivity, Duration forDuration,
                             Duration minHistory, Direction direction) {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(28);
    public static final double DEFAULT_SENSITIVITY = 5;
    public static final Duration DEFAULT_FOR = Duration.ofMinutes(15);
    public static final Duration DEFAULT_MIN_HISTORY = Duration.ofDays(7);

    /** Which side of the band is an anomaly. */
    public enum Direction {
        BOTH, HIGH, LOW;

        public boolean judges(boolean high) {
            return this == BOTH || (high ? this == HIGH : this == LOW);
        }
    }

    /** Whether this entry judges {@code metric} as measured by {@code checkName}. */
    public boolean covers(String checkName, String measured) {
        return metric.equals(measured) && check.map(checkName::equals).orElse(true);
    }
}
