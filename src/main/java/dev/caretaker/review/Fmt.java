package dev.caretaker.review;

import dev.caretaker.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How reports write times, changes and series names. */
final class Fmt {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    private Fmt() {
    }

    static String when(Instant t, ZoneId zone) {
        return Units.formatMinute(t, zone);
    }

    static String day(Instant t, ZoneId zone) {
        return DAY.format(t.atZone(zone));
    }

    static String duration(Duration d) {
        return Units.humanDuration(d);
    }

    /** {@code +62 %}, {@code −8 %}, or {@code –} without a base. */
    static String change(double before, double now) {
        if (Double.isNaN(before) || Double.isNaN(now) || before == 0) {
            return "–";
        }
        double pct = (now - before) / Math.abs(before) * 100;
        if (Math.abs(pct) < 0.5) {
            return "0 %";
        }
        return String.format(Locale.ROOT, "%+.0f %%", pct);
    }

    /** A value in the series' unit: bytes as sizes, percentages with a sign. */
    static String value(String metric, double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (metric.endsWith("_bytes")) {
            return Units.formatBytes(v);
        }
        if (metric.endsWith("_percent")) {
            return String.format(Locale.ROOT, "%.1f %%", v);
        }
        return Renderer.number(v);
    }

    /** {@code metric{label="value"}} without the {@code check} label, which the report shows apart. */
    static String series(String metric, Map<String, String> labels) {
        Map<String, String> rest = new TreeMap<>(labels);
        rest.remove("check");
        return rest.isEmpty() ? metric : metric + rest.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
