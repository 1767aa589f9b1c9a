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

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
