package dev.caretaker.review;

import dev.caretaker.config.ReportPeriod;
import dev.caretaker.config.ReportType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A periodic report as data: what it covers and its sections, each a table with charts and notes. The renderers
 * ({@link Renderer}) turn it into text, Markdown, HTML (charts as PNG) or JSON; the store keeps it as JSON.
 */
public record Review(String name, ReportType type, String system, String title, Instant from, Instant to, Instant madeAt, String zone,
                     Map<String, Object> figures, List<Section> sections) {

    public ReportPeriod.Range range() {
        return new ReportPeriod.Range(from, to);
    }

    /** The charts of every section, in order: the n-th is {@code chart-n} in an email. */
    public List<Chart> charts() {
        return sections.stream().flatMap(s -> s.charts().stream()).toList();
    }

    /** One part of a report: a table ({@code columns} and {@code rows}), charts below it and notes (advice, caveats). */
    public record Section(String title, String intro, List<String> columns, List<Row> rows, List<Chart> charts, List<String> notes) {
        public Section {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            charts = List.copyOf(charts);
            notes = List.copyOf(notes);
        }
    }

    /**
     * One row of a table; {@code state} marks a verdict ({@code pass}, {@code fail}, {@code warn}, {@code manual}; null for
     * none) and {@code detail} says what decided it (a security audit's query).
     */
    public record Row(List<String> cells, String state, String detail) {
        public Row {
            cells = List.copyOf(cells);
        }

        public static Row of(String... cells) {
            return new Row(List.of(cells), null, null);
        }
    }

    /** A time chart: lines over the period, an optional earlier period (dashed), a normal band and a forecast line. */
    public record Chart(String title, String unit, List<Line> lines, List<Point> bandLow, List<Point> bandHigh, Forecast forecast) {
        public Chart {
            lines = List.copyOf(lines);
            bandLow = List.copyOf(bandLow);
            bandHigh = List.copyOf(bandHigh);
        }
    }

    /** A named line; {@code shifted} is an earlier period drawn over this one. */
    public record Line(String name, List<Point> points, boolean shifted) {
        public Line {
            points = List.copyOf(points);
        }
    }

    public record Point(Instant at, double value) {
    }

    /** A trend line from {@code from} to {@code to} and the limit it reaches. */
    public record Forecast(Point from, Point to, double limit) {
    }
}
