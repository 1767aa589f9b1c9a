package dev.caretaker.review;

import dev.caretaker.config.ReportPeriod;
import dev.caretaker.config.ReportType;
import dev.caretaker.report.Chart;
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
}
