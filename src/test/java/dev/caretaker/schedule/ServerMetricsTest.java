package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gauges follow each run: a value replaced, a series a check no longer measures gone, a removed check's series gone. */
class ServerMetricsTest {
    private final ServerMetrics metrics = new ServerMetrics(() -> {
        throw new IllegalStateException("no store in this test");
    });

    @Test
    void a_series_takes_the_latest_value_and_leaves_when_its_check_stops_measuring_it_or_leaves_the_config() {
        metrics.run(run(new CheckResult("crm", "http", Status.OK, 5, null, List.of(new Measurement("http.latency_ms", Map.of(), 120)), List.of(),
                Set.of()), new CheckResult("db", "postgres", Status.WARNING, 5, null, List.of(new Measurement("postgres.table_bloat_percent",
                Map.of("table", "orders"), 40), new Measurement("postgres.table_bloat_percent", Map.of("table", "invoices"), 10)), List.of(), Set.of())), Ticks.Tick.Kind.EVERY, null);
        String first = metrics.scrape();
        assertThat(first).contains("caretaker_http_latency_seconds{check=\"crm\"} 0.12")
                .contains("caretaker_check_status{check=\"db\",type=\"postgres\"} 1.0")
                .contains("table=\"invoices\"");
        metrics.run(run(new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(new Measurement("http.latency_ms", Map.of(), 2500)), List.of(),
                Set.of()), new CheckResult("db", "postgres", Status.OK, 5, null, List.of(new Measurement("postgres.table_bloat_percent",
                Map.of("table", "orders"), 5)), List.of(), Set.of())), Ticks.Tick.Kind.EVERY, null);
        String second = metrics.scrape();
        assertThat(second).contains("caretaker_http_latency_seconds{check=\"crm\"} 2.5")
                .contains("caretaker_check_status{check=\"crm\",type=\"http\"} 2.0")
                .contains("caretaker_check_status{check=\"db\",type=\"postgres\"} 0.0")
                .doesNotContain("table=\"invoices\"");
        metrics.retain(Set.of("db"));
        assertThat(metrics.scrape()).doesNotContain("check=\"crm\"").contains("check=\"db\"");
    }

    private static RunResult run(CheckResult... results) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return RunResult.of("metrics-test", "every 1m@0s", now, now.plusSeconds(1), List.of(results));
    }
}
