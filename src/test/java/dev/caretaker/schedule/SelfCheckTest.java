package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.demo.api.HealthchecksStandIn;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** {@code self_check:}: Caretaker pings an outside heartbeat service that speaks Healthchecks' ping API. */
@ExtendWith(TestDatabases.class)
class SelfCheckTest {
    static final String CONFIG = """
            system: watched-%s
            checks:
              api: {type: http, url: "%s"}
            suites:
              often:
                every: 2s
                checks: [api]
            rules:
              - {name: health-score-low, enabled: false}
            self_check:
              url: "%s"
              every: %s
              timeout: 900ms
            """;

    private static Server node(Store store, CaretakerConfig config) {
        return new Server(store, config, c -> Pipeline.engine(store, c, Clock.systemUTC()).node("solo").build(),
                Server.Options.defaults("solo").withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC());
    }

    private static HealthchecksStandIn service(Clock clock) throws Exception {
        return new HealthchecksStandIn(UUID.randomUUID().toString(), clock, Duration.ofSeconds(1), Duration.ofSeconds(2), 0);
    }

    @Test
    void a_good_run_pings_start_then_success_with_its_run_id(TestDatabase db, Store store) throws Exception {
        try (Receiver api = new Receiver(200); HealthchecksStandIn hc = service(Clock.systemUTC())) {
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), hc.clientUrl(), "1h"));
            try (Server s = node(store, config).start("test")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> hc.of("success").stream().anyMatch(p -> p.rid() != null));
            }
            HealthchecksStandIn.Ping success = hc.of("success").stream().filter(p -> p.rid() != null).findFirst().orElseThrow();
            int start = hc.pings().indexOf(hc.of("start").stream().filter(p -> success.rid().equals(p.rid())).findFirst().orElseThrow());
            assertThat(start).as("/start came first").isLessThan(hc.pings().indexOf(success));
            assertThat(success.method()).isEqualTo("POST");
            assertThat(hc.of("fail")).isEmpty();
            assertThat(hc.status()).isEqualTo("up");
        }
    }

    @Test
    void a_critical_run_pings_fail_with_its_summary(TestDatabase db, Store store) throws Exception {
        try (Receiver api = new Receiver(500); HealthchecksStandIn hc = service(Clock.systemUTC())) {
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), hc.clientUrl(), "1h"));
            try (Server s = node(store, config).start("test")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !hc.of("fail").isEmpty());
            }
            HealthchecksStandIn.Ping fail = hc.of("fail").get(0);
            assertThat(fail.rid()).as("paired with its /start").isIn(hc.of("start").stream().map(HealthchecksStandIn.Ping::rid).toList());
            assertThat(fail.body()).contains("suite often run #").contains(": critical").contains("1 check(s): 0 ok, 0 warning, 1 critical, 0 unknown")
                    .contains("critical: api").doesNotContain(hc.clientUrl()).doesNotContain(api.url("/health"));
            assertThat(hc.of("success").stream().filter(p -> p.rid() != null)).isEmpty();
            assertThat(hc.status()).isEqualTo("down");
        }
    }

    @Test
    void the_beat_keeps_the_check_up_and_a_stopped_server_is_reported_late_within_its_grace(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (Receiver api = new Receiver(200); HealthchecksStandIn hc = service(clock)) {
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), hc.clientUrl(), "1s")
                    .replace("every: 2s", "schedule: \"0 3 1 1 *\""));
            Server s = node(store, config).start("test");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> hc.of("success").size() >= 2);
                assertThat(hc.of("start")).as("no run, only the beat").isEmpty();
                int before = hc.of("success").size();
                clock.advance(Duration.ofSeconds(10)); // past period and grace: only a beat after this keeps the check up
                await().atMost(Duration.ofSeconds(30)).until(() -> hc.of("success").size() > before && hc.status().equals("up"));
            } finally {
                s.close();
            }
            int seen = hc.pings().size();
            assertThat(hc.status()).isEqualTo("up");
            clock.advance(Duration.ofSeconds(4));
            assertThat(hc.status()).as("late within its grace after Caretaker stopped").isEqualTo("down");
            Thread.sleep(3000); // three beats' time: none come from a stopped server
            assertThat(hc.pings()).hasSize(seen);
            assertThat(hc.status()).isEqualTo("down");
        }
    }

    @Test
    void neither_the_beat_nor_another_suite_clears_a_failure_until_the_failing_suite_runs_ok(TestDatabase db, Store store) throws Exception {
        try (Receiver api = new Receiver(500); Receiver other = new Receiver(200); HealthchecksStandIn hc = service(Clock.systemUTC())) {
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), hc.clientUrl(), "1s")
                    .replace("suites:\n", "suites:\n  fine:\n    every: 1s\n    checks: [web]\n")
                    .replace("checks:\n  api:", "checks:\n  web: {type: http, url: \"" + other.url("/") + "\"}\n  api:"));
            try (Server s = node(store, config).start("test")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !hc.of("fail").isEmpty());
                int at = hc.pings().indexOf(hc.of("fail").get(0));
                // beats (every 1 s) and the good suite (every 1 s) keep reporting while 'often' stays critical
                await().atMost(Duration.ofSeconds(30)).until(() -> hc.pings().size() > at + 6);
                assertThat(after(hc, at)).as("nothing says up while a suite fails")
                        .noneMatch(p -> p.kind().equals("success"));
                assertThat(hc.status()).isEqualTo("down");
                assertThat(after(hc, at).stream().filter(p -> p.kind().equals("fail") && p.rid() == null))
                        .as("the beat's /fail names what still fails").isNotEmpty()
                        .allMatch(p -> p.body().contains("still failing: suite often run #") && p.body().contains(": critical"));
                api.status = 200;
                await().atMost(Duration.ofSeconds(30)).until(() -> hc.status().equals("up"));
                int up = hc.pings().size();
                await().atMost(Duration.ofSeconds(30)).until(() -> hc.pings().size() > up + 4);
                assertThat(after(hc, up)).noneMatch(p -> p.kind().equals("fail"));
            }
        }
    }

    @Test
    void a_slug_url_with_a_query_keeps_the_suffix_in_the_path() {
        java.net.URI slug = java.net.URI.create("https://hc-ping.com/Ping-Key_1/db-backups?create=1");
        assertThat(SelfCheck.pingUri(slug, "/fail", "r-1").toString()).isEqualTo("https://hc-ping.com/Ping-Key_1/db-backups/fail?create=1&rid=r-1");
        assertThat(SelfCheck.pingUri(slug, "", null).toString()).isEqualTo("https://hc-ping.com/Ping-Key_1/db-backups?create=1");
        java.net.URI plain = java.net.URI.create("http://127.0.0.1:8000/ping/0b6a8b3e-5f1c/");
        assertThat(SelfCheck.pingUri(plain, "/start", "r-2").toString()).isEqualTo("http://127.0.0.1:8000/ping/0b6a8b3e-5f1c/start?rid=r-2");
        assertThat(SelfCheck.pingUri(plain, "", null).toString()).isEqualTo("http://127.0.0.1:8000/ping/0b6a8b3e-5f1c");
    }

    private static List<HealthchecksStandIn.Ping> after(HealthchecksStandIn hc, int from) {
        List<HealthchecksStandIn.Ping> all = hc.pings();
        return all.subList(from, all.size());
    }

    private static double failedBeats(String scrape) {
        var m = java.util.regex.Pattern.compile("caretaker_self_check_pings_total\\{kind=\"beat\",result=\"failed\"} (\\S+)").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void the_url_never_shows_and_a_failing_service_is_logged_once_and_counted(TestDatabase db, Store store) throws Exception {
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(logs);
        seen.start();
        ch.qos.logback.classic.Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(seen);
        ch.qos.logback.classic.Logger own = logs.getLogger(SelfCheck.class);
        own.setLevel(ch.qos.logback.classic.Level.INFO);
        String secretUuid = UUID.randomUUID().toString();
        try (Receiver api = new Receiver(200); HealthchecksStandIn hc = service(Clock.systemUTC())) {
            String wrong = hc.clientUrl().replaceAll("[^/]+$", secretUuid); // a check the service does not know: 404 "not found"
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), wrong, "1s"));
            String scrape;
            try (Server s = node(store, config).start("test")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> failedBeats(s.metrics().scrape()) >= 3);
                scrape = s.metrics().scrape();
                assertThat(s.readiness().parts().toString()).doesNotContain(secretUuid);
                assertThat(s.config().secrets().redact("ping " + wrong + "/fail")).doesNotContain(secretUuid);
            } finally {
                root.detachAppender(seen);
                own.setLevel(null);
            }
            List<String> lines = seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).noneMatch(l -> l.contains(secretUuid));
            assertThat(lines.stream().filter(l -> l.contains("self-check") && l.contains("ping failed")))
                    .as("logged once per change, not per ping").hasSize(1)
                    .allMatch(l -> l.contains("does not know this check") && l.contains("self_check.url"));
            assertThat(scrape).doesNotContain(secretUuid).contains("caretaker_self_check_pings_total");
            assertThat(hc.pings()).isEmpty();
        }
    }
}
