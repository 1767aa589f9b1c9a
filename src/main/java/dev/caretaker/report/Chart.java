package dev.caretaker.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A time chart as data: its lines (a series, and perhaps an earlier period drawn over it), the normal band behind them and
 * the trend ahead of them toward a limit. The dashboard draws it as SVG and report emails as PNG, both from this record,
 * so a chart shows the same points, band and trend wherever it is seen. {@code band} and {@code trend} may be null.
 */
public record Chart(String title, String unit, List<Line> lines, Band band, Trend trend) {
    public Chart {
        lines = List.copyOf(lines);
    }

    /** A chart of one series with nothing behind or ahead of it. */
    public static Chart of(String title, String unit, String name, List<Point> points) {
        return new Chart(title, unit, List.of(new Line(name, points, false)), null, null);
    }

    public record Point(Instant at, double value) {
    }

    /** A named line, oldest point first; {@code shifted} is an earlier period moved onto this one (drawn dashed). */
    public record Line(String name, List<Point> points, boolean shifted) {
        public Line {
            points = List.copyOf(points);
        }
    }

    /** The normal band of a series: its low and high bounds at the same times, oldest first. */
    public record Band(List<Point> low, List<Point> high) {
        public Band {
            low = List.copyOf(low);
            high = List.copyOf(high);
            if (low.size() != high.size()) {
                throw new IllegalArgumentException("a band needs as many low as high points, not " + low.size() + " and " + high.size());
            }
        }

        /** The band of these bounds, or null when there is none to draw (one side missing, or the two do not pair up). */
        public static Band of(List<Point> low, List<Point> high) {
            return low == null || high == null || low.isEmpty() || low.size() != high.size() ? null : new Band(low, high);
        }
    }

    /**
     * A series' trend drawn from {@code from} to {@code to}, the {@code limit} it heads for, and when it reaches it at this
     * rate ({@code reaches}; null when not known or never).
     */
    public record Trend(Point from, Point to, double limit, Instant reaches) {
        /** Whether the trend gets to its limit within the part drawn. */
        public boolean reachesOnChart() {
            return reaches != null && !reaches.isAfter(to.at());
        }
    }

    /** Every point the chart draws — lines, band, trend — which its scales must hold. */
    public List<Point> extent() {
        List<Point> all = new ArrayList<>();
        lines.forEach(l -> all.addAll(l.points()));
        if (band != null) {
            all.addAll(band.low());
            all.addAll(band.high());
        }
        if (trend != null) {
            all.add(trend.from());
            all.add(trend.to());
        }
        return all;
    }
}
