package dev.caretaker.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caretaker.config.ReportType;
import dev.caretaker.report.Chart;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** One chart model, two renderers: the dashboard's SVG and the report email's PNG draw the same points, band and trend. */
class ChartsTest {
    static final Instant T = Instant.parse("2026-11-20T00:00:00Z");

    /** 30 hourly points of a series climbing toward 80, its band around it, and its trend reaching 80 at the chart's end. */
    static Chart climbing() {
        List<Chart.Point> points = new ArrayList<>();
        List<Chart.Point> low = new ArrayList<>();
        List<Chart.Point> high = new ArrayList<>();
        for (int h = 0; h < 30; h++) {
            double v = 40 + h + (h % 3) * 0.5;
            points.add(new Chart.Point(T.plus(Duration.ofHours(h)), v));
            low.add(new Chart.Point(T.plus(Duration.ofHours(h)), v - 4));
            high.add(new Chart.Point(T.plus(Duration.ofHours(h)), v + 4));
        }
        Instant reaches = T.plus(Duration.ofHours(40));
        Chart.Trend trend = new Chart.Trend(points.get(29), new Chart.Point(reaches, 80), 80, reaches);
        return new Chart("disk", "%", List.of(new Chart.Line("hourly mean", points, false)), Chart.Band.of(low, high), trend);
    }

    @Test
    void the_svg_and_the_png_draw_the_models_points_band_and_trend() throws Exception {
        Chart chart = climbing();
        String svg = svg(chart);
        Charts.Plot png = Charts.plot(chart).orElseThrow();

        List<double[]> svgLine = points(attribute(svg, "polyline", "points"));
        List<double[]> pngLine = vertices(png.lines().get(0));
        assertThat(svgLine).as("the SVG's line has the model's points").hasSize(30);
        assertThat(pngLine).as("the PNG's line has the model's points").hasSize(30);

        assertThat(points(attribute(svg, "polygon class=\"band\"", "points"))).as("high, then low back").hasSize(60);
        assertThat(vertices(png.band())).hasSize(60);

        // the trend starts at the series' last point and runs on to the right edge, where it meets the limit
        Matcher trend = Pattern.compile("<line class=\"trend\" x1=\"([\\d.]+)\" y1=\"([\\d.]+)\" x2=\"([\\d.]+)\" y2=\"([\\d.]+)\"").matcher(svg);
        assertThat(trend.find()).isTrue();
        assertThat(Double.parseDouble(trend.group(1))).isEqualTo(svgLine.get(29)[0]);
        assertThat(Double.parseDouble(trend.group(2))).isEqualTo(svgLine.get(29)[1]);
        assertThat(Double.parseDouble(trend.group(3))).isGreaterThan(svgLine.get(29)[0]);
        assertThat(png.trend().getX1()).isEqualTo(pngLine.get(29)[0]);
        assertThat(png.trend().getY1()).isEqualTo(pngLine.get(29)[1]);
        assertThat(png.trend().getX2()).isGreaterThan(pngLine.get(29)[0]);
        assertThat(svg).as("the limit, reached on the chart").contains("<line class=\"limit\"");
        assertThat((double) png.limitY()).isEqualTo(png.trend().getY2());

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Charts.png(chart, ZoneId.of("Europe/Berlin"))));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(240);
    }

    @Test
    void a_percent_axis_stays_within_0_and_100() {
        List<Chart.Point> full = List.of(new Chart.Point(T, 100), new Chart.Point(T.plusSeconds(3600), 100));
        Charts.Plot flat = Charts.plot(Chart.of("Cache hit ratio", "%", "app", full)).orElseThrow();
        assertThat(flat.scale().hi()).isEqualTo(100);
        assertThat(flat.scale().lo()).isBetween(0.0, 100.0);
        List<Chart.Point> high = List.of(new Chart.Point(T, 96), new Chart.Point(T.plusSeconds(3600), 99.9));
        Charts.Plot near = Charts.plot(Chart.of("Health score", "0–100", "health", high)).orElseThrow();
        assertThat(near.scale().hi()).isEqualTo(100);
        assertThat(Charts.plot(Chart.of("Size", "bytes", "app", high)).orElseThrow().scale().hi()).as("other units keep their room")
                .isGreaterThan(99.9);
    }

    @Test
    void a_chart_without_band_or_trend_draws_neither_in_either_renderer() {
        Chart bare = new Chart("disk", "%", climbing().lines(), null, null);
        String svg = svg(bare);
        Charts.Plot png = Charts.plot(bare).orElseThrow();
        assertThat(svg).doesNotContain("class=\"band\"", "class=\"trend\"", "class=\"limit\"");
        assertThat(png.band()).isNull();
        assertThat(png.trend()).isNull();
        assertThat(points(attribute(svg, "polyline", "points"))).hasSize(vertices(png.lines().get(0)).size());
    }

    @Test
    void a_report_stored_before_the_one_chart_model_reads_back_with_its_band_and_forecast() throws Exception {
        Chart chart = climbing();
        Chart stored = new Chart(chart.title(), chart.unit(), chart.lines(), chart.band(),
                new Chart.Trend(chart.trend().from(), chart.trend().to(), chart.trend().limit(), null));
        Review review = new Review("capacity", ReportType.CAPACITY, "shop", "Capacity of shop", T, T.plus(Duration.ofDays(7)), T, "UTC",
                Map.of(), List.of(new Review.Section("Growth", "", List.of("series"), List.of(Review.Row.of("disk")), List.of(stored), List.of())));
        // the document as it was written before: bandLow and bandHigh side by side, the trend as "forecast"
        ObjectNode doc = (ObjectNode) Renderer.JSON.readTree(Renderer.json(review));
        ObjectNode old = (ObjectNode) doc.path("sections").get(0).path("charts").get(0);
        ObjectNode band = (ObjectNode) old.remove("band");
        old.set("bandLow", band.get("low"));
        old.set("bandHigh", band.get("high"));
        ObjectNode trend = (ObjectNode) old.remove("trend");
        trend.remove("reaches");
        old.set("forecast", trend);

        Review back = Renderer.parse(Renderer.JSON.writeValueAsString(doc));
        assertThat(back.charts()).containsExactly(stored);
        assertThat(Renderer.parse(Renderer.json(review))).isEqualTo(review);
    }

    /** The dashboard's drawing over the series' 30 hours (named in full: this package has a Charts of its own). */
    private static String svg(Chart chart) {
        return dev.caretaker.web.ui.Charts.svg(chart, T, T.plus(Duration.ofHours(29)), "from", "to", chart.title() + " over 30 hours");
    }

    private static String attribute(String svg, String element, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(element) + "[^>]*? " + name + "=\"([^\"]*)\"").matcher(svg);
        assertThat(m.find()).as("<%s> in %s", element, svg).isTrue();
        return m.group(1);
    }

    private static List<double[]> points(String attribute) {
        List<double[]> out = new ArrayList<>();
        for (String xy : attribute.trim().split(" ")) {
            String[] p = xy.split(",");
            out.add(new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])});
        }
        return out;
    }

    /** The points a path goes through, its closing not counted. */
    private static List<double[]> vertices(Path2D path) {
        List<double[]> out = new ArrayList<>();
        double[] c = new double[6];
        for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
            if (it.currentSegment(c) != PathIterator.SEG_CLOSE) {
                out.add(new double[] {c[0], c[1]});
            }
        }
        return out;
    }
}
