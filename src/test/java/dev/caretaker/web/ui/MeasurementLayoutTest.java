package dev.caretaker.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.config.Metrics;
import dev.caretaker.engine.Engine;
import dev.caretaker.history.CheckSeries;
import dev.caretaker.history.Rollups;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a check's page draws and how it titles it, without a browser: every measurement of every kind has a title in words;
 * a series' labels are words after its title; a series that kept one value is a line of words, not a chart; the kind's own
 * measurements come first, at most three of a metric; the rest go behind "all measurements"; values read short.
 */
class MeasurementLayoutTest {
    private static final Instant T = Instant.parse("2026-12-07T08:00:00Z");
    private static final List<Metrics.Metric> POSTGRES = Metrics.byType(Engine.KINDS).get("postgres");

    private static CheckSeries.Charted series(String metric, Map<String, String> labels, double... values) {
        List<Rollups.Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            buckets.add(new Rollups.Bucket(T.plusSeconds(300L * i), labels, values[i], values[i], values[i], 1));
        }
        return new CheckSeries.Charted(new CheckSeries.Key(metric, labels), buckets, Optional.empty());
    }

    @Test
    void every_measurement_of_every_kind_has_a_title_in_words() {
        Metrics.byType(Engine.KINDS).forEach((type, metrics) -> metrics.forEach(m -> {
            assertThat(Metrics.titled(m.name())).as(m.name() + " has a title in the catalog").isTrue();
            assertThat(m.title()).as(m.name()).doesNotContain("_", "{", ".").isNotBlank();
            assertThat(Character.isUpperCase(m.title().charAt(0))).as(m.title()).isTrue();
        }));
        assertThat(Metrics.title("sql.storage_usage")).isEqualTo("Storage usage");
        assertThat(Metrics.title("sql.storage_usage_rows")).isEqualTo("Storage usage: rows");
        assertThat(Metrics.title("plugin.queue_depth_seconds")).isEqualTo("Queue depth");
    }

    @Test
    void the_featured_measurements_of_each_kind_are_its_own_and_the_network_kinds_have_theirs() {
        Map<String, List<Metrics.Metric>> byType = Metrics.byType(Engine.KINDS);
        MeasurementLayout.FEATURED.forEach((type, featured) -> assertThat(byType.get(type)).as(type).extracting(Metrics.Metric::name)
                .containsAll(featured));
        assertThat(MeasurementLayout.FEATURED).containsKeys("tcp", "smtp", "dns", "ping", "domain");
        assertThat(MeasurementLayout.FEATURED.get("tcp")).first().isEqualTo("tcp.connect_ms");
    }

    @Test
    void a_series_title_is_its_metrics_title_and_its_labels_in_words() {
        Metrics.Metric usage = POSTGRES.stream().filter(m -> m.name().equals("postgres.connection_usage_percent")).findFirst().orElseThrow();
        assertThat(MeasurementLayout.title(new CheckSeries.Key(usage.name(), Map.of("check", "db", "database", "app")), usage))
                .isEqualTo("Connections in use — app");
        Metrics.Metric tables = POSTGRES.stream().filter(m -> m.name().equals("postgres.table_bytes")).findFirst().orElseThrow();
        assertThat(MeasurementLayout.title(new CheckSeries.Key(tables.name(), Map.of("kind", "index", "table", "public.orders", "database", "app",
                "check", "db")), tables)).isEqualTo("Table size — app, public.orders, index");
        assertThat(MeasurementLayout.title(new CheckSeries.Key("postgres.statement_total_ms", Map.of("database", "app", "queryid", "42")), null))
                .isEqualTo("Time in statement — app, query 42");
    }

    @Test
    void flat_series_fold_into_words_the_kinds_own_come_first_and_the_rest_go_behind_all_measurements() {
        List<CheckSeries.Charted> all = new ArrayList<>();
        Map<String, String> app = Map.of("check", "db", "database", "app");
        all.add(series("postgres.database_bytes", app, 1e9, 1.1e9, 1.2e9));
        all.add(series("postgres.lock_waits", app, 0, 0, 0));
        all.add(series("postgres.connection_usage_percent", app, 10, 12, 11));
        all.add(series("postgres.xid_age_percent", app, 3, 3, 3));
        for (int t = 1; t <= 5; t++) {
            all.add(series("postgres.dead_tuple_percent", Map.of("check", "db", "database", "app", "table", "t" + t), 1, t * 2.0, t));
            all.add(series("postgres.table_bytes", Map.of("check", "db", "database", "app", "table", "t" + t, "kind", "table"), t, t * 2.0, t));
        }
        MeasurementLayout.Layout layout = MeasurementLayout.of("postgres", "db", all, POSTGRES, Set.of());

        List<String> charts = layout.charts().stream().map(MeasurementLayout.Drawn::title).toList();
        assertThat(charts).as("the kind's order: connections, then dead rows (the three highest), then size")
                .containsExactly("Connections in use — app", "Dead rows — app, t5", "Dead rows — app, t4", "Dead rows — app, t3", "Database size — app");
        assertThat(layout.flat()).extracting(MeasurementLayout.Flat::text).containsExactly("Locks waiting — app: 0 throughout");
        assertThat(layout.moreFlat()).extracting(MeasurementLayout.Flat::text).containsExactly("Transaction ID age — app: 3 % throughout");
        assertThat(layout.moreCharts()).extracting(MeasurementLayout.Drawn::title).contains("Dead rows — app, t2", "Dead rows — app, t1",
                "Table size — app, t5, table").hasSize(7);
        assertThat(layout.total()).isEqualTo(all.size());
        assertThat(layout.charts()).allSatisfy(d -> assertThat(MeasurementLayout.flat(d.series())).isFalse());
        for (MeasurementLayout.Drawn d : layout.charts()) {
            assertThat(d.title()).doesNotContain("{", "postgres.", "_percent", "_bytes");
        }
    }

    @Test
    void a_series_with_too_few_points_for_a_chart_is_a_line_of_numbers() {
        Map<String, String> app = Map.of("check", "db", "database", "app");
        CheckSeries.Charted one = series("postgres.cache_hit_percent", app, 99.6);
        CheckSeries.Charted two = series("postgres.connection_usage_percent", app, 10, 12.5);
        List<Rollups.Bucket> rolled = List.of(new Rollups.Bucket(T, app, 3, 9, 30, 5), new Rollups.Bucket(T.plusSeconds(900), app, 4, 4, 4, 1));
        CheckSeries.Charted six = new CheckSeries.Charted(new CheckSeries.Key("postgres.lock_waits", app), rolled, Optional.empty());
        CheckSeries.Charted enough = series("postgres.database_bytes", app, 1e9, 1.1e9, 1.2e9);
        MeasurementLayout.Layout layout = MeasurementLayout.of("postgres", "db", List.of(one, two, six, enough), POSTGRES, Set.of());
        assertThat(layout.charts()).extracting(MeasurementLayout.Drawn::title).containsExactly("Database size — app");
        assertThat(layout.flat()).extracting(MeasurementLayout.Flat::text).containsExactly(
                "Connections in use — app: 2 readings so far: 10 %, 12.5 %",
                "Cache hit ratio — app: 1 reading so far: 99.6 %",
                "Locks waiting — app: 6 readings so far, 3 to 9");
        assertThat(layout.total()).isEqualTo(4);
    }

    @Test
    void a_percent_axis_stays_within_0_and_100() {
        for (List<Double> values : List.of(List.of(100.0, 100.0, 100.0), List.of(99.6, 99.6, 99.6), List.of(99.2, 99.9, 99.6))) {
            String svg = Charts.line(List.of(0L, 300L, 600L), values, 0, 600, "from", "to", "Cache hit ratio", null, null, "percent");
            assertThat(axis(svg)).as(svg).isNotEmpty().allSatisfy(v -> assertThat(v).isBetween(0.0, 100.0));
        }
        Charts.Band band = new Charts.Band(List.of(0L, 600L), List.of(-4.0, -4.0), List.of(104.0, 104.0));
        String banded = Charts.line(List.of(0L, 300L, 600L), List.of(40.0, 60.0, 50.0), 0, 600, "from", "to", "Connections in use", band, null,
                "percent");
        assertThat(axis(banded)).containsExactlyInAnyOrder(0.0, 100.0);
        String bytes = Charts.line(List.of(0L, 300L, 600L), List.of(5.0, 5.0, 5.0), 0, 600, "from", "to", "Size", null, null, "bytes");
        assertThat(bytes).as("another unit is not held to 0..100").contains(">6 B<");
    }

    private static List<Double> axis(String svg) {
        List<Double> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(">(-?[0-9.]+) %<").matcher(svg);
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    @Test
    void a_series_with_a_forecast_is_drawn_first_even_when_its_kind_would_not() {
        CheckSeries.Charted growing = series("postgres.table_bytes", Map.of("database", "app", "table", "orders", "kind", "table"), 1, 2, 3);
        MeasurementLayout.Layout layout = MeasurementLayout.of("postgres", "db", List.of(growing), POSTGRES, Set.of(growing.key()));
        assertThat(layout.charts()).hasSize(1);
    }

    @Test
    void values_read_short_in_their_unit() {
        assertThat(Amounts.of(1234, "connections")).isEqualTo("1.2k");
        assertThat(Amounts.of(3_400_000, "rows")).isEqualTo("3.4M");
        assertThat(Amounts.of(0.045, "seconds")).isEqualTo("45 ms");
        assertThat(Amounts.of(45, "milliseconds")).isEqualTo("45 ms");
        assertThat(Amounts.of(270, "seconds")).isEqualTo("4.5 min");
        assertThat(Amounts.of(3.4 * 1024 * 1024 * 1024, "bytes")).isEqualTo("3.4 GB");
        assertThat(Amounts.of(16384, "bytes")).isEqualTo("16 kB");
        assertThat(Amounts.of(99.24, "percent")).isEqualTo("99.2 %");
        assertThat(Amounts.of(1, "boolean")).isEqualTo("yes");
        assertThat(Amounts.of(0, "sessions")).isEqualTo("0");
        String svg = Charts.line(List.of(0L, 300L), List.of(1.2e9, 3.4e9), 0, 300, "from", "to", "Database size", null, null, "bytes");
        assertThat(svg).contains(">3.2 GB<", ">1.1 GB<").doesNotContain("e+09");
    }
}
