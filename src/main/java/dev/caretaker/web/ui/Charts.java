package dev.caretaker.web.ui;

import java.util.List;
import java.util.Locale;

/** Charts drawn on the server as SVG: no script, nothing fetched, readable by a screen reader through its title. */
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

    /** As {@link #line(List, List, long, long, String, String, String)}, with a normal band behind it and a trend after it. */
    public static String line(List<Long> times, List<Double> values, long from, long to, String fromLabel, String toLabel, String title,
                              Band band, Trend trend) {
        int w = 480;
        int h = 160;
        int left = 56;
        int bottom = 20;
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (band != null) {
            min = Math.min(min, band.low().stream().mapToDouble(Double::doubleValue).min().orElse(min));
            max = Math.max(max, band.high().stream().mapToDouble(Double::doubleValue).max().orElse(max));
        }
        long end = to;
        if (trend != null) {
            end = Math.max(to, trend.t1());
            min = Math.min(min, Math.min(trend.v0(), trend.v1()));
            max = Math.max(max, Math.max(trend.v0(), trend.v1()));
            if (trend.reachesLimit()) {
                max = Math.max(max, trend.limit());
            }
        }
        if (max == min) {
            max = min + 1;
        }
        StringBuilder svg = new StringBuilder("<svg viewBox=\"0 0 " + w + " " + h + "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>"
                + escape(title) + "</title>");
        svg.append("<g font-size=\"11\" fill=\"#57606a\">");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"12\" text-anchor=\"end\">%s</text>", left - 4, number(max)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 4, h - bottom, number(min)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", left, h - 4, escape(fromLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", w - 2, h - 4, escape(toLabel)));
        svg.append("</g>");
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"4\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#d0d7de\"/>", left, w - left - 2,
                h - bottom - 4));
        double span = Math.max(1, end - from);
        final double lo = min;
        final double hi = max;
        java.util.function.LongToDoubleFunction px = t -> left + (t - from) / span * (w - left - 2);
        java.util.function.DoubleUnaryOperator py = v -> (h - bottom) - (v - lo) / (hi - lo) * (h - bottom - 8);
        if (band != null && !band.times().isEmpty()) {
            StringBuilder area = new StringBuilder();
            for (int i = 0; i < band.times().size(); i++) {
                area.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(band.times().get(i)), py.applyAsDouble(band.high().get(i))));
            }
            for (int i = band.times().size() - 1; i >= 0; i--) {
                area.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(band.times().get(i)), py.applyAsDouble(band.low().get(i))));
            }
            svg.append("<polygon class=\"band\" fill=\"#1a7f37\" fill-opacity=\"0.15\" stroke=\"none\" points=\"").append(area.toString().trim()).append("\"/>");
        }
        if (trend != null) {
            svg.append(String.format(Locale.ROOT, "<line class=\"trend\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#cf222e\" "
                    + "stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>", px.applyAsDouble(trend.t0()), py.applyAsDouble(trend.v0()),
                    px.applyAsDouble(trend.t1()), py.applyAsDouble(trend.v1())));
            if (trend.reachesLimit()) {
                double y = py.applyAsDouble(trend.limit());
                svg.append(String.format(Locale.ROOT, "<line class=\"limit\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#cf222e\" "
                        + "stroke-width=\"1\"/>", left, y, w - 2, y));
            }
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double x = left + (times.get(i) - from) / span * (w - left - 2);
            double y = (h - bottom) - (values.get(i) - min) / (max - min) * (h - bottom - 8);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        if (values.size() == 1) {
            String[] xy = points.toString().trim().split(",");
            svg.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"2\" fill=\"#0969da\"/>");
        } else if (!values.isEmpty()) {
            svg.append("<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\" points=\"").append(points.toString().trim()).append("\"/>");
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
