package dev.caretaker.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import dev.caretaker.config.Units;
import dev.caretaker.report.Chart;
import dev.caretaker.report.PlainText;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/** A {@link Review} as text, Markdown, HTML (charts as PNG: inline {@code data:} images or {@code cid:} parts of an email) or JSON. */
public final class Renderer {
    public static final List<String> FORMATS = List.of("text", "markdown", "html", "json");
    /** Instants as ISO-8601 text, as the run report writes them. */
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Instant.class, ToStringSerializer.instance)
            .addDeserializer(Instant.class, new com.fasterxml.jackson.databind.deser.std.FromStringDeserializer<>(Instant.class) {
                @Override
                protected Instant _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext ctxt) {
                    return Instant.parse(value);
                }
            }));
    private static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1f2328;max-width:980px}"
            + "table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}"
            + "th{background:#f6f8fa}.pass{color:#1a7f37}.fail{color:#d1242f;font-weight:600}.warn{color:#9a6700}.manual{color:#8250df}"
            + "code{font-size:12px;color:#57606a}img{display:block;margin:.6em 0;max-width:100%}.note{margin:.3em 0}";

    private Renderer() {
    }

    public static String render(Review r, String format, IntFunction<String> imageSource) {
        return switch (format) {
            case "markdown" -> markdown(r);
            case "html" -> html(r, imageSource);
            case "json" -> json(r);
            default -> text(r);
        };
    }

    /** HTML whose charts are {@code data:} URIs: one self-contained file. */
    public static String html(Review r) {
        List<Chart> charts = r.charts();
        ZoneId zone = ZoneId.of(r.zone());
        return html(r, i -> "data:image/png;base64," + Base64.getEncoder().encodeToString(Charts.png(charts.get(i), zone)));
    }

    public static String period(Review r) {
        ZoneId zone = ZoneId.of(r.zone());
        return Units.formatMinute(r.from(), zone) + " – " + Units.formatMinute(r.to(), zone) + " (" + r.zone() + ")";
    }

    public static String subject(Review r) {
        Object verdict = r.figures().get("verdict");
        return "[" + r.system() + "] " + r.title() + " — " + period(r) + (verdict == null ? "" : " — " + verdict);
    }

    public static String text(Review r) {
        StringBuilder out = new StringBuilder();
        out.append(clean(r.title())).append('\n').append(period(r)).append("; made ").append(Units.formatMinute(r.madeAt(), ZoneId.of(r.zone())))
                .append('\n');
        for (Review.Section s : r.sections()) {
            out.append('\n').append(clean(s.title())).append('\n').append("-".repeat(Math.min(78, s.title().length()))).append('\n');
            if (!s.intro().isEmpty()) {
                out.append(clean(s.intro())).append('\n');
            }
            if (!s.rows().isEmpty()) {
                List<List<String>> table = new ArrayList<>();
                List<String> head = new ArrayList<>(s.columns());
                boolean states = s.rows().stream().anyMatch(x -> x.state() != null);
                if (states) {
                    head.add(0, "");
                }
                table.add(head);
                for (Review.Row row : s.rows()) {
                    List<String> cells = new ArrayList<>(row.cells().stream().map(PlainText::oneLine).toList());
                    if (states) {
                        cells.add(0, row.state() == null ? "" : row.state().toUpperCase(Locale.ROOT));
                    }
                    table.add(cells);
                }
                int[] width = new int[head.size()];
                for (List<String> row : table) {
                    for (int i = 0; i < row.size() && i < width.length; i++) {
                        width[i] = Math.max(width[i], Math.min(60, row.get(i).length()));
                    }
                }
                for (List<String> row : table) {
                    StringBuilder line = new StringBuilder("  ");
                    for (int i = 0; i < row.size() && i < width.length; i++) {
                        String cell = row.get(i);
                        line.append(cell.length() > 60 ? cell.substring(0, 59) + "…" : cell).append(" ".repeat(Math.max(0, width[i] - Math.min(60, cell.length())) + 2));
                    }
                    out.append(line.toString().stripTrailing()).append('\n');
                }
            } else if (s.intro().isEmpty() && s.notes().isEmpty()) {
                out.append("  (nothing)\n");
            }
            for (String note : s.notes()) {
                out.append("  • ").append(PlainText.indented(note, "    ")).append('\n');
            }
            if (!s.charts().isEmpty()) {
                out.append("  (").append(s.charts().size()).append(s.charts().size() == 1 ? " chart" : " charts").append(" in the HTML report)\n");
            }
        }
        return out.toString();
    }

    public static String markdown(Review r) {
        StringBuilder out = new StringBuilder("# ").append(cell(r.title())).append("\n\n_").append(period(r)).append("_\n");
        for (Review.Section s : r.sections()) {
            out.append("\n## ").append(cell(s.title())).append("\n\n");
            if (!s.intro().isEmpty()) {
                out.append(cell(s.intro())).append("\n\n");
            }
            if (!s.rows().isEmpty()) {
                boolean states = s.rows().stream().anyMatch(x -> x.state() != null);
                List<String> head = new ArrayList<>(s.columns());
                if (states) {
                    head.add(0, "");
                }
                out.append("| ").append(String.join(" | ", head.stream().map(Renderer::cell).toList())).append(" |\n|")
                        .append(" --- |".repeat(head.size())).append('\n');
                for (Review.Row row : s.rows()) {
                    List<String> cells = new ArrayList<>(row.cells().stream().map(Renderer::cell).toList());
                    if (states) {
                        cells.add(0, row.state() == null ? "" : "**" + row.state().toUpperCase(Locale.ROOT) + "**");
                    }
                    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
                }
                out.append('\n');
            }
            s.notes().forEach(n -> out.append("- ").append(cell(n)).append('\n'));
        }
        return out.toString();
    }

    /** HTML with each chart's image at {@code imageSource.apply(n)}, n counting every chart of the report from 0. */
    public static String html(Review r, IntFunction<String> imageSource) {
        StringBuilder out = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(r.title()))
                .append("</title><style>").append(STYLE).append("</style></head><body>\n<h1>").append(esc(r.title())).append("</h1>\n<p>")
                .append(esc(period(r))).append(" · system ").append(esc(r.system())).append("</p>\n");
        int chart = 0;
        for (Review.Section s : r.sections()) {
            out.append("<h2>").append(esc(s.title())).append("</h2>\n");
            if (!s.intro().isEmpty()) {
                out.append("<p>").append(esc(s.intro())).append("</p>\n");
            }
            if (!s.rows().isEmpty()) {
                boolean states = s.rows().stream().anyMatch(x -> x.state() != null);
                boolean details = s.rows().stream().anyMatch(x -> x.detail() != null);
                out.append("<table><tr>").append(states ? "<th></th>" : "");
                s.columns().forEach(c -> out.append("<th>").append(esc(c)).append("</th>"));
                out.append(details ? "<th>decided by</th>" : "").append("</tr>\n");
                for (Review.Row row : s.rows()) {
                    out.append("<tr>");
                    if (states) {
                        out.append("<td class=\"").append(row.state() == null ? "" : esc(row.state())).append("\">")
                                .append(row.state() == null ? "" : esc(row.state().toUpperCase(Locale.ROOT))).append("</td>");
                    }
                    row.cells().forEach(c -> out.append("<td>").append(esc(c)).append("</td>"));
                    if (details) {
                        out.append("<td><code>").append(esc(row.detail() == null ? "" : row.detail())).append("</code></td>");
                    }
                    out.append("</tr>\n");
                }
                out.append("</table>\n");
            }
            for (String n : s.notes()) {
                out.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
            }
            for (Chart c : s.charts()) {
                out.append("<img src=\"").append(esc(imageSource.apply(chart++))).append("\" width=\"").append(Charts.WIDTH).append("\" height=\"")
                        .append(Charts.HEIGHT).append("\" alt=\"").append(esc(c.title())).append("\">\n");
            }
        }
        return out.append("</body></html>\n").toString();
    }

    public static String json(Review r) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON: " + e.getMessage(), e);
        }
    }

    public static Review parse(String json) {
        try {
            JsonNode doc = JSON.readTree(json);
            upgradeCharts(doc);
            return JSON.treeToValue(doc, Review.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable report in the store: " + e.getMessage(), e);
        }
    }

    /** A report stored before charts had one model keeps its charts: {@code bandLow}/{@code bandHigh} become {@code band}, {@code forecast} {@code trend}. */
    static void upgradeCharts(JsonNode doc) {
        for (JsonNode section : doc.path("sections")) {
            for (JsonNode node : section.path("charts")) {
                if (!(node instanceof ObjectNode chart) || !chart.has("bandLow") && !chart.has("forecast")) {
                    continue;
                }
                JsonNode low = chart.remove("bandLow");
                JsonNode high = chart.remove("bandHigh");
                if (low != null && high != null && !low.isEmpty() && low.size() == high.size()) {
                    ObjectNode band = chart.putObject("band");
                    band.set("low", low);
                    band.set("high", high);
                }
                JsonNode forecast = chart.remove("forecast");
                if (forecast != null && !forecast.isNull()) {
                    chart.set("trend", forecast);
                }
            }
        }
    }

    /** A number as a report shows it: thousands grouped, at most two decimals. */
    public static String number(double v) {
        return dev.caretaker.config.Units.formatNumber(v);
    }

    static String clean(String s) {
        return PlainText.clean(s);
    }

    private static String cell(String s) {
        return PlainText.oneLine(s).replace("|", "\\|");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return PlainText.clean(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
