package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One forecast: the date the dashboard's chart caption gives for a growing series, read hours after the run, is the date of
 * the {@code capacity.forecast} finding that run stored — they are computed by one method from the same points.
 */
@ExtendWith(TestDatabases.class)
class ForecastCaptionTest {
    private static final Instant RUN = Instant.parse("2026-11-24T12:17:00Z");

    @Test
    void the_check_page_caption_gives_the_date_of_the_finding(TestDatabase db, Store store) throws Exception {
        String system = "growing-" + db.name();
        CaretakerConfig config = db.config("system: " + system + "\nauth: {proxy_header: X-Remote-User, trusted_proxies: [127.0.0.1]}\n"
                + TestDatabase.oneCheck("db", "postgres", ""));
        // ten days of hourly rollups: 40 % of connections ten days ago, growing 4 points a day, with some noise; and earlier runs
        // of the hour the run falls in
        Random r = new Random(7);
        StringBuilder sql = new StringBuilder("INSERT INTO caretaker.measurement_rollup VALUES ");
        Instant hour = RUN.truncatedTo(ChronoUnit.HOURS);
        for (int h = 240; h >= 0; h--) {
            Instant bucket = hour.minus(Duration.ofHours(h));
            double v = 40 + 4 * (240 - h) / 24.0 + r.nextGaussian() * 0.3;
            sql.append(h == 240 ? "" : ", ").append(String.format(Locale.ROOT,
                    "('1h', '%s', 'db', 'postgres.connection_usage_percent', '{\"check\": \"db\", \"database\": \"app\"}', '%s', %f, %f, %f, 1)",
                    system, bucket, v, v, v));
        }
        db.exec(sql.toString());

        SettableClock clock = new SettableClock(RUN);
        RunResult run = RunResult.of(system, "daily", RUN.minusSeconds(2), RUN, List.of(new CheckResult("db", "postgres", Status.OK, 5, null,
                List.of(Measurement.of("postgres.connection_usage_percent", 80.4, "check", "db", "database", "app")), List.of())));
        RunOutcome outcome = Pipeline.engine(store, config, clock).build().record(run, false);
        Finding finding = outcome.run().results().get(0).findings().stream().filter(f -> f.code().equals("capacity.forecast")).findFirst()
                .orElseThrow();
        String date = Instant.parse((String) finding.evidence().get("reaches_at")).atZone(config.timezone()).toLocalDate().toString();
        assertThat(finding.message()).contains("around " + date);

        clock.set(RUN.plus(Duration.ofHours(5))); // looked at later the same day, when more of the hour has been rolled up
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("caption"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            WebServer.users(server, clock).add("vera", Role.VIEWER, null, "test");
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/checks/db?range=30d"))
                    .header("X-Remote-User", "vera").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).as("the caption of the connections chart").contains("reaches 100.0 % around " + date + " at this rate");
        } finally {
            server.close();
        }
    }
}
