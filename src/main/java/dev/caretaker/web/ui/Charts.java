package dev.caretaker.web.ui;

import dev.caretaker.report.Chart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/** Charts drawn on the server as SVG from the {@link Chart} model: no script, nothing fetched, readable by a screen reader through its title. */
public final class Charts {
    private Charts() {
    }

    /** A sparkline of {@code values} (oldest first) between {@code min} and {@code max}, titled for screen readers. */
    public static String sparkline(List<Double> values, double min, double max, String title) {
        int w = 160;
        int h = 40;
        StringBuilder svg = new StringBuilder("<svg class=\"spark\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w + "\" height=\"" + h
                + "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>" + escape(title) + "</title>");
        if (values.size() >= 2 && max > min) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < values.size(); i++) {
                double x = i * (w - 2.0) / (values.size() - 1) + 1;
                double y = h - 1 - (Math.max(min, Math.min(max, values.get(i))) - min) * (h - 2.0) / (max - min);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"").append(points.toString().trim()).append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    /**
     * A line chart of {@code values} at {@code times} (epoch seconds, oldest first) over [{@code from}, {@code to}], with
     * its range of values and of time written on it and a title for screen readers.
     */
    public static String line(List<Long> times, List<Double> values, long from, long to, String fromLabel, String toLabel, String title) {
        return line(times, values, from, to, fromLabel, toLabel, title, null, null);
    }

    /** The normal band of a series with a baseline: low and high at the same times (epoch seconds), oldest first. */
    public record Band(List<Long> times, List<Double> low, List<Double> high) {
    }

    /**
     * A series' trend from ({@code t0}, {@code v0}) to ({@code t1}, {@code v1}), drawn dashed past the chart's end, and the
     * limit it reaches (drawn when the trend reaches it on the chart).
     */
    public record Trend(long t0, double v0, long t1, double v1, double limit, boolean reachesLimit) {
    }

    /**
     * As {@link #line(List, List, long, long, String, String, String)}, with a normal band behind it and a trend after it: the
     * dashboard's series in its own terms, drawn as the {@link Chart} they make.
     */
    public static String line(List<Long> times, List<Double> values, long from, long to, String fromLabel, String toLabel, String title,
                              Band band, Trend trend) {
        return line(times, values, from, to, fromLabel, toLabel, title, band, trend, "");
    }

    /** As the other, with the values' axis written in {@code unit} ({@link Amounts}): "45 ms", "3.4 GB", "1.2k". */
    public static String line(List<Long> times, List<Double> values, long from, long to, String fromLabel, String toLabel, String title,
                              Band band, Trend trend, String unit) {
        List<Chart.Point> points = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            points.add(new Chart.Point(Instant.ofEpochSecond(times.get(i)), values.get(i)));
        }
        Chart.Band b = band == null ? null : new Chart.Band(points(band.times(), band.low()), points(band.times(), band.high()));
        Chart.Trend t = trend == null ? null : new Chart.Trend(new Chart.Point(Instant.ofEpochSecond(trend.t0()), trend.v0()),
                new Chart.Point(Instant.ofEpochSecond(trend.t1()), trend.v1()), trend.limit(),
                trend.reachesLimit() ? Instant.ofEpochSecond(trend.t1()) : null);
        boolean percent = "percent".equals(unit);
        return svg(new Chart(title, "", List.of(new Chart.Line("", points, false)), b, t), Instant.ofEpochSecond(from), Instant.ofEpochSecond(to),
                fromLabel, toLabel, title, v -> Amounts.of(v, unit), percent ? 0 : Double.NEGATIVE_INFINITY,
                percent ? 100 : Double.POSITIVE_INFINITY);
    }

    /** The axis' ends: {@code min}..{@code max} kept within floor..ceiling where the points are, never empty. */
    static double[] range(List<Chart.Point> points, double min, double max, double floor, double ceiling) {
        double lowest = points.stream().mapToDouble(Chart.Point::value).min().orElse(min);
        double highest = points.stream().mapToDouble(Chart.Point::value).max().orElse(max);
        double hi = Math.min(max, Math.max(ceiling, highest));
        double lo = Math.max(min, Math.min(floor, lowest));
        if (hi == lo) {
            if (hi + 1 <= Math.max(ceiling, highest)) {
                hi = lo + 1;
            } else {
                lo = Math.max(Math.min(floor, lowest), hi - 1);
            }
            if (hi == lo) {
                hi = lo + 1;
            }
        }
        return new double[] {lo, hi};
    }

    private static List<Chart.Point> points(List<Long> times, List<Double> values) {
        List<Chart.Point> out = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            out.add(new Chart.Point(Instant.ofEpochSecond(times.get(i)), values.get(i)));
        }
        return out;
    }

    /**
     * {@code chart} as SVG over [{@code from}, {@code to}] (further when its trend goes further), the values' range and the
     * ends of time written on it, {@code description} as its title for screen readers. The band is drawn behind the lines,
     * the trend dashed after them, and its limit where the trend reaches it on the chart.
     */
    public static String svg(Chart chart, Instant from, Instant to, String fromLabel, String toLabel, String description) {
        return svg(chart, from, to, fromLabel, toLabel, description, Charts::number);
    }

    /** As the other, the values' axis written by {@code axis}. */
    public static String svg(Chart chart, Instant from, Instant to, String fromLabel, String toLabel, String description,
                             DoubleFunction<String> axis) {
        return svg(chart, from, to, fromLabel, toLabel, description, axis, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * As the other, the axis kept within [{@code floor}, {@code ceiling}] where the values are (0 to 100 for a percentage): the
     * room a flat series or a band or trend would add never takes it past them; values outside still show where they are.
     */
    static String svg(Chart chart, Instant from, Instant to, String fromLabel, String toLabel, String description, DoubleFunction<String> axis,
                      double floor, double ceiling) {
        int w = 480;
        int h = 160;
        int left = 60;
        int bottom = 20;
        List<Chart.Point> values = chart.lines().stream().flatMap(l -> l.points().stream()).toList();
        double min = values.stream().mapToDouble(Chart.Point::value).min().orElse(0);
        double max = values.stream().mapToDouble(Chart.Point::value).max().orElse(1);
        Chart.Band band = chart.band();
        if (band != null) {
            min = Math.min(min, band.low().stream().mapToDouble(Chart.Point::value).min().orElse(min));
            max = Math.max(max, band.high().stream().mapToDouble(Chart.Point::value).max().orElse(max));
        }
        Chart.Trend trend = chart.trend();
        long start = from.getEpochSecond();
        long end = to.getEpochSecond();
        if (trend != null) {
            end = Math.max(end, trend.to().at().getEpochSecond());
            min = Math.min(min, Math.min(trend.from().value(), trend.to().value()));
            max = Math.max(max, Math.max(trend.from().value(), trend.to().value()));
            if (trend.reachesOnChart()) {
                max = Math.max(max, trend.limit());
            }
        }
        double[] range = range(values, min, max, floor, ceiling);
        min = range[0];
        max = range[1];
        StringBuilder svg = new StringBuilder("<svg viewBox=\"0 0 " + w + " " + h + "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>"
                + escape(description) + "</title>");
        svg.append("<g font-size=\"11\" fill=\"#57606a\">");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"12\" text-anchor=\"end\">%s</text>", left - 4, escape(axis.apply(max))));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 4, h - bottom, escape(axis.apply(min))));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", left, h - 4, escape(fromLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", w - 2, h - 4, escape(toLabel)));
        svg.append("</g>");
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"4\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#d0d7de\"/>", left, w - left - 2,
                h - bottom - 4));
        double span = Math.max(1, end - start);
        final double lo = min;
        final double hi = max;
        ToDoubleFunction<Instant> px = t -> left + (t.getEpochSecond() - start) / span * (w - left - 2);
        DoubleUnaryOperator py = v -> (h - bottom) - (v - lo) / (hi - lo) * (h - bottom - 8);
        if (band != null && !band.low().isEmpty()) {
            StringBuilder area = new StringBuilder();
            for (Chart.Point p : band.high()) {
                area.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(p.at()), py.applyAsDouble(p.value())));
            }
            for (int i = band.low().size() - 1; i >= 0; i--) {
                Chart.Point p = band.low().get(i);
                area.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(p.at()), py.applyAsDouble(p.value())));
            }
            svg.append("<polygon class=\"band\" fill=\"#1a7f37\" fill-opacity=\"0.15\" stroke=\"none\" points=\"").append(area.toString().trim()).append("\"/>");
        }
        if (trend != null) {
            svg.append(String.format(Locale.ROOT, "<line class=\"trend\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#cf222e\" "
                    + "stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>", px.applyAsDouble(trend.from().at()), py.applyAsDouble(trend.from().value()),
                    px.applyAsDouble(trend.to().at()), py.applyAsDouble(trend.to().value())));
            if (trend.reachesOnChart()) {
                double y = py.applyAsDouble(trend.limit());
                svg.append(String.format(Locale.ROOT, "<line class=\"limit\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#cf222e\" "
                        + "stroke-width=\"1\"/>", left, y, w - 2, y));
            }
        }
        for (Chart.Line line : chart.lines()) {
            StringBuilder points = new StringBuilder();
            for (Chart.Point p : line.points()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(p.at()), py.applyAsDouble(p.value())));
            }
            String colour = line.shifted() ? "#8c959f" : "#0969da";
            if (line.points().size() == 1) {
                String[] xy = points.toString().trim().split(",");
                svg.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"2\" fill=\"").append(colour).append("\"/>");
            } else if (!line.points().isEmpty()) {
                svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"")
                        .append(line.shifted() ? " stroke-dasharray=\"4 3\"" : "").append(" points=\"").append(points.toString().trim()).append("\"/>");
            }
        }
        return svg.append("</svg>").toString();
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
