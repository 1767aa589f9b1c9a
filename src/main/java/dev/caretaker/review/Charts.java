package dev.caretaker.review;

import dev.caretaker.report.Chart;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * A report's charts as PNG images (most mail clients show no SVG), drawn from the {@link Chart} model the dashboard's SVG
 * draws from too: with Java2D, headless, no fonts fetched. A machine without any font still gets its charts, without their labels.
 */
public final class Charts {
    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 28;
    private static final Color[] COLOURS = {new Color(0x1f6feb), new Color(0xd1242f), new Color(0x1a7f37), new Color(0x8250df), new Color(0xbf8700)};
    private static volatile boolean labels = true;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /** At most one point per ~1.5 pixels: what a chart can show. */
    static <T> List<T> thin(List<T> points) {
        return dev.caretaker.history.Trends.thin(points, 400);
    }

    /** The chart as a PNG image. */
    public static byte[] png(Chart chart, ZoneId zone) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g, chart, zone);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Where a chart's parts fall on the image, in pixels: its scale, one path per line, the band's outline (null: none) and
     * the trend's segment with the height of its limit (null: none).
     */
    record Plot(Scale scale, List<Path2D> lines, Path2D band, Line2D trend, Integer limitY) {
    }

    /** The plot of {@code c}, or empty when it has nothing to draw. */
    static Optional<Plot> plot(Chart c) {
        List<Chart.Point> all = c.extent();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        long t0 = all.stream().mapToLong(p -> p.at().getEpochSecond()).min().orElse(0);
        long t1 = Math.max(t0 + 1, all.stream().mapToLong(p -> p.at().getEpochSecond()).max().orElse(1));
        double lo = all.stream().mapToDouble(Chart.Point::value).min().orElse(0);
        double hi = all.stream().mapToDouble(Chart.Point::value).max().orElse(1);
        if (c.trend() != null) {
            hi = Math.max(hi, c.trend().limit());
        }
        if (lo > 0 && lo < hi * 0.5) {
            lo = 0; // a series far from zero keeps its detail; one near it starts at zero
        }
        if (hi - lo < 1e-9) {
            hi = lo + Math.max(1, Math.abs(lo) * 0.1);
        }
        double pad = (hi - lo) * 0.08;
        double top = hi + pad;
        double bottom = lo - (lo == 0 ? 0 : pad);
        if ("%".equals(c.unit()) || "0–100".equals(c.unit())) {
            // a percentage's axis goes no further than 0 and 100 where the values stay within them
            double highest = c.lines().stream().flatMap(l -> l.points().stream()).mapToDouble(Chart.Point::value).max().orElse(hi);
            double lowest = c.lines().stream().flatMap(l -> l.points().stream()).mapToDouble(Chart.Point::value).min().orElse(lo);
            top = Math.min(top, Math.max(100, highest));
            bottom = Math.max(bottom, Math.min(0, lowest));
            if (top <= bottom) {
                bottom = top - 1;
            }
        }
        Scale s = new Scale(t0, t1, bottom, top);
        List<Path2D> lines = c.lines().stream().map(l -> s.path(l.points())).toList();
        Path2D band = null;
        if (c.band() != null && !c.band().low().isEmpty()) {
            band = s.path(c.band().high());
            List<Chart.Point> low = c.band().low();
            for (int i = low.size() - 1; i >= 0; i--) {
                band.lineTo(s.x(low.get(i).at()), s.y(low.get(i).value()));
            }
            band.closePath();
        }
        Chart.Trend f = c.trend();
        return Optional.of(new Plot(s, lines, band, f == null ? null : new Line2D.Double(s.x(f.from().at()), s.y(f.from().value()),
                s.x(f.to().at()), s.y(f.to().value())), f == null ? null : s.y(f.limit())));
    }

    private static void draw(Graphics2D g, Chart c, ZoneId zone) {
        text(g, c.title() + (c.unit().isEmpty() ? "" : " (" + c.unit() + ")"), 8, 16, Color.BLACK, 12);
        Optional<Plot> plotted = plot(c);
        if (plotted.isEmpty()) {
            text(g, "no data in this period", LEFT, HEIGHT / 2, Color.GRAY, 11);
            return;
        }
        Plot plot = plotted.get();
        Scale s = plot.scale();
        // grid and axis labels
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i <= 4; i++) {
            double v = s.lo + (s.hi - s.lo) * i / 4;
            int y = s.y(v);
            g.setColor(new Color(0xeaeef2));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            text(g, c.unit().equals("bytes") ? dev.caretaker.config.Units.formatBytes(v) : Renderer.number(v), 4, y + 4, Color.DARK_GRAY, 10);
        }
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern(s.t1 - s.t0 > 3 * 86_400 ? "MMM d" : "HH:mm", Locale.ROOT).withZone(zone);
        for (int i = 0; i <= 4; i++) {
            long t = s.t0 + (s.t1 - s.t0) * i / 4;
            text(g, fmt.format(Instant.ofEpochSecond(t)), s.x(t) - 16, HEIGHT - 8, Color.DARK_GRAY, 10);
        }
        // the normal band
        if (plot.band() != null) {
            g.setColor(new Color(0x1a, 0x7f, 0x37, 40));
            g.fill(plot.band());
        }
        int n = 0;
        for (int i = 0; i < c.lines().size(); i++) {
            Chart.Line line = c.lines().get(i);
            Color colour = line.shifted() ? new Color(0x8c959f) : COLOURS[n++ % COLOURS.length];
            g.setColor(colour);
            g.setStroke(line.shifted() ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f)
                    : new BasicStroke(1.6f));
            g.draw(plot.lines().get(i));
        }
        if (plot.trend() != null) {
            g.setColor(COLOURS[1]);
            g.setStroke(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
            Line2D t = plot.trend();
            g.drawLine((int) t.getX1(), (int) t.getY1(), (int) t.getX2(), (int) t.getY2());
            g.setStroke(new BasicStroke(1f));
            int y = plot.limitY();
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            text(g, "limit " + Renderer.number(c.trend().limit()), WIDTH - RIGHT - 110, y - 4, COLOURS[1], 10);
        }
        // legend
        String title = c.title() + (c.unit().isEmpty() ? "" : " (" + c.unit() + ")");
        int x = Math.min(WIDTH - 200, Math.max(LEFT + 200, LEFT + 24 + 7 * title.length()));
        n = 0;
        for (Chart.Line line : c.lines()) {
            Color colour = line.shifted() ? new Color(0x8c959f) : COLOURS[n++ % COLOURS.length];
            g.setColor(colour);
            g.fillRect(x, 8, 10, 3);
            text(g, line.name(), x + 14, 14, Color.DARK_GRAY, 10);
            x += 16 + 7 * Math.min(24, line.name().length());
            if (x > WIDTH - 60) {
                break;
            }
        }
    }

    private static void text(Graphics2D g, String s, int x, int y, Color colour, int size) {
        if (!labels) {
            return;
        }
        try {
            g.setColor(colour);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            g.drawString(s, x, y);
        } catch (Throwable noFonts) { // a server without fontconfig or fonts: the lines still tell the story
            labels = false;
        }
    }

    /** From time (epoch seconds) and value to pixels. */
    record Scale(long t0, long t1, double lo, double hi) {
        int x(Instant t) {
            return x(t.getEpochSecond());
        }

        int x(long t) {
            return LEFT + (int) Math.round((WIDTH - LEFT - RIGHT) * (t - t0) / (double) (t1 - t0));
        }

        int y(double v) {
            return TOP + (int) Math.round((HEIGHT - TOP - BOTTOM) * (1 - (v - lo) / (hi - lo)));
        }

        /** The points joined in order (an empty path for none). */
        Path2D path(List<Chart.Point> points) {
            Path2D path = new Path2D.Double();
            for (Chart.Point p : points) {
                if (path.getCurrentPoint() == null) {
                    path.moveTo(x(p.at()), y(p.value()));
                } else {
                    path.lineTo(x(p.at()), y(p.value()));
                }
            }
            return path;
        }
    }
}
