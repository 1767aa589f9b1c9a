package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code forecasts:} how far ahead growth series are projected ({@code horizon}; a warning, critical within
 * {@code urgent}), over how much history ({@code window}, at least {@code min_history}), and the series with a limit
 * Caretaker does not know by itself ({@code series}).
 */
public record ForecastsConfig(Duration horizon, Duration urgent, Duration window, Duration minHistory, List<Series> series) {
    public static final Duration DEFAULT_HORIZON = Duration.ofDays(30);
    public static final Duration DEFAULT_URGENT = Duration.ofDays(7);
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    public static final Duration DEFAULT_MIN_HISTORY = Duration.ofDays(3);
    public static final ForecastsConfig DEFAULT = new ForecastsConfig(DEFAULT_HORIZON, DEFAULT_URGENT, DEFAULT_WINDOW, DEFAULT_MIN_HISTORY, List.of());

    /** A configured growth series: a measurement (of one check or of any) and the value it must not reach. */
    public record Series(String metric, Optional<String> check, double limit) {
        public boolean covers(String checkName, String measured) {
            return metric.equals(measured) && check.map(checkName::equals).orElse(true);
        }
    }

    /** The configured limit of {@code metric} as measured by {@code check}, if one is set. */
    public Optional<Double> limit(String check, String metric) {
        return series.stream().filter(s -> s.covers(check, metric)).map(Series::limit).findFirst();
    }
}
