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

    @Test
    void a_label_value_from_the_apps_data_is_cut_and_escaped_as_the_text_format_wants() throws Exception {
        String hostile = "a\\b\"c\nd" + "x".repeat(5000) + "\u0007";
        metrics.run(run(new CheckResult("jobs", "jobs", Status.OK, 5, null, List.of(new Measurement("jobs.success_rate_percent",
                Map.of("job", hostile), 99)), List.of(), Set.of())), Ticks.Tick.Kind.EVERY, null);
        String text = metrics.scrape();
        String line = text.lines().filter(l -> l.startsWith("caretaker_jobs_success_rate_ratio{")).findFirst().orElseThrow();
        assertThat(line).contains("job=\"a\\\\b\\\"c\\nd").doesNotContain("\u0007");
        String value = line.substring(line.indexOf("job=\"") + 5);
        assertThat(value.substring(0, value.indexOf("\"", 12)).length()).as("cut to at most %d characters (plus escapes)",
                120).isLessThanOrEqualTo(120 + 3);
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String verdict = new String(promtool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics: " + verdict).isZero();
    }

    private static RunResult run(CheckResult... results) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return RunResult.of("metrics-test", "every 1m@0s", now, now.plusSeconds(1), List.of(results));
    }
}
