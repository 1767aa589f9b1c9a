package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.Severity;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing silent, nothing spammy: a route added later hears of the incidents already open once, in one message; run reports go
 * when something changed or on the digest's cadence, not after every run; a run counts the messages really sent; an incident's
 * title reads the latest finding.
 */
@ExtendWith(TestDatabases.class)
class NothingSilentTest {
    @TempDir
    Path home;

    TestDatabase storeDb;
    Store store;
    SettableClock clock = new SettableClock(Instant.parse("2026-12-07T02:00:00Z"));
    int smtpPort;
    GreenMail smtp;

    @BeforeEach
    void open(TestDatabase storeDb, Store store) throws Exception {
        this.storeDb = storeDb;
        this.store = store;
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void close() {
        smtp.stop();
    }

    private CaretakerConfig config(String notify) {
        return storeDb.config("""
                system: shop
                store:
                  home: %s
                checks:
                  crm: {type: http, url: "http://127.0.0.1:1/"}
                  billing: {type: http, url: "http://127.0.0.1:1/"}
                rules:
                  - {name: health-score-low, enabled: false}
                """.formatted(home) + notify);
    }

    private String email(String extra) {
        return """
                notify:
                  email: {url: "smtp://127.0.0.1:%d", from: caretaker@shop.example, starttls: false}
                  channels:
                    ops: {type: email, to: [ops@shop.example]}
                """.formatted(smtpPort) + extra;
    }

    private static CheckResult result(String check, boolean down, String message) {
        return new CheckResult(check, "http", down ? Status.CRITICAL : Status.OK, 5, null, List.of(),
                down ? List.of(Finding.of("http.down", Severity.CRITICAL, "http://" + check + "/", message)) : List.of());
    }

    /** One run of both checks, down or up, at the clock's time. */
    private RunOutcome run(CaretakerConfig c, boolean down) {
        return Pipeline.run(store, c, clock, "all", result("crm", down, "crm is down: connection refused"),
                result("billing", down, "billing is down: connection refused"));
    }

    private List<String> subjects() throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            out.add(m.getSubject());
        }
        return out;
    }

    @Test
    void a_route_added_later_hears_of_the_open_incidents_once_in_one_message() throws Exception {
        CaretakerConfig before = config("");
        run(before, true);
        clock.advance(Duration.ofMinutes(5));
        run(before, true);
        assertThat(smtp.getReceivedMessages()).isEmpty();

        CaretakerConfig withEmail = config(email(""));
        clock.advance(Duration.ofMinutes(5));
        run(withEmail, true);
        assertThat(subjects()).containsExactly("[P1] 2 incidents were already open when this route was added — shop");
        OutboxMessage catchUp = new Outbox(store.jdbi(), "shop").list(OutboxMessage.State.SENT, 10).get(0);
        assertThat(catchUp.kind()).isEqualTo("incident_catch_up");
        assertThat(catchUp.get("text")).contains("crm is down: connection refused", "billing is down: connection refused", "already open");

        for (String node : List.of("same", "another")) { // later runs, a restart, another node of the cluster: nothing more
            clock.advance(Duration.ofMinutes(5));
            var run = dev.caretaker.check.RunResult.of("shop", "all", clock.instant().minusSeconds(3), clock.instant(),
                    List.of(result("crm", true, "crm is down: connection refused"), result("billing", true, "billing is down: connection refused")));
            Pipeline.engine(store, withEmail, clock).node(node).sleeper(d -> { }).build().record(run, false);
        }
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        // a second route, to a new channel, for one check: it hears of that check's incident only; the first hears nothing again
        CaretakerConfig twoRoutes = config(email("""
                    dev: {type: email, to: [dev@shop.example]}
                  routes:
                    - {channels: [ops]}
                    - {checks: [billing], channels: [dev]}
                """));
        clock.advance(Duration.ofMinutes(5));
        run(twoRoutes, true);
        clock.advance(Duration.ofMinutes(5));
        run(twoRoutes, true);
        assertThat(subjects()).hasSize(2).last().isEqualTo("[P1] 1 incident was already open when this route was added — shop");
        assertThat(smtp.getReceivedMessages()[1].getAllRecipients()[0].toString()).isEqualTo("dev@shop.example");
    }

    @Test
    void the_servers_housekeeping_tells_a_route_added_by_a_reload_before_the_next_run() throws Exception {
        run(config(""), true);
        CaretakerConfig reloaded = config(email(""));
        var node = Pipeline.engine(store, reloaded, clock).node("a").build();
        assertThat(node.housekeep(false).caughtUp()).isEqualTo(1);
        node.deliveries().deliverDue();
        assertThat(Pipeline.engine(store, reloaded, clock).node("b").build().housekeep(false).caughtUp()).as("another node").isZero();
        clock.advance(Duration.ofMinutes(5));
        run(reloaded, true);
        assertThat(subjects()).containsExactly("[P1] 2 incidents were already open when this route was added — shop");
    }

    @Test
    void a_fresh_install_sends_no_catch_up_only_the_incidents_it_opens() throws Exception {
        CaretakerConfig c = config(email(""));
        RunOutcome first = run(c, false);
        assertThat(first.notifications().messages()).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        run(c, true);
        clock.advance(Duration.ofMinutes(5));
        run(c, true);
        assertThat(subjects()).containsExactly("[P1] 2 incidents: 2 opened — shop");
    }

    @Test
    void a_webhook_added_later_gets_each_open_incident_once_as_opened() throws Exception {
        run(config(""), true);
        try (Receiver hook = new Receiver(200)) {
            CaretakerConfig c = config("""
                    notify:
                      channels:
                        hook: {type: webhook, url: "%s"}
                    """.formatted(hook.url("/caretaker")));
            clock.advance(Duration.ofMinutes(5));
            run(c, true);
            clock.advance(Duration.ofMinutes(5));
            run(c, true);
            assertThat(hook.requests).hasSize(2).allSatisfy(r -> assertThat(r.body()).contains("incident_opened", "already open"));
        }
    }

    @Test
    void reports_go_when_something_changed_not_after_every_unchanged_run() throws Exception {
        CaretakerConfig c = config(email("  report_to: [ops]\n"));
        for (int i = 0; i < 3; i++) {
            run(c, true);
            clock.advance(Duration.ofMinutes(2));
        }
        assertThat(subjects()).filteredOn(s -> s.startsWith("[CRITICAL] shop")).hasSize(1);
        run(c, false);
        clock.advance(Duration.ofMinutes(2));
        run(c, false);
        clock.advance(Duration.ofMinutes(2));
        run(c, false);
        assertThat(subjects()).filteredOn(s -> s.startsWith("[OK] shop")).as("the run that resolved them, then nothing").hasSize(1);
        assertThat(subjects()).filteredOn(s -> s.startsWith("[")).hasSize(4); // 2 reports, the incidents opened, the incidents resolved
    }

    @Test
    void report_on_every_run_keeps_a_report_after_each_run() throws Exception {
        CaretakerConfig c = config(email("  report_to: [ops]\n  report_on: every-run\n"));
        for (int i = 0; i < 3; i++) {
            run(c, true);
            clock.advance(Duration.ofMinutes(2));
        }
        assertThat(subjects()).filteredOn(s -> s.startsWith("[CRITICAL] shop")).hasSize(3);
    }

    @Test
    void a_digest_goes_on_its_cadence_covering_the_runs_since_the_last_one() throws Exception {
        CaretakerConfig c = config(email("  report_to: [ops]\n  report_on: digest\n  report_every: 1d\n"));
        Instant t0 = clock.instant();
        run(c, true);
        assertThat(subjects()).filteredOn(s -> s.contains("digest")).singleElement().asString().startsWith("[CRITICAL] shop — all digest: 1 run(s)");
        clock.set(t0.plus(Duration.ofHours(1)));
        run(c, true);
        clock.set(t0.plus(Duration.ofHours(2)));
        run(c, false);
        clock.set(t0.plus(Duration.ofHours(23)));
        run(c, false);
        assertThat(subjects()).filteredOn(s -> s.contains("digest")).hasSize(1);
        clock.set(t0.plus(Duration.ofHours(25)));
        run(c, false);
        assertThat(subjects()).filteredOn(s -> s.contains("digest")).hasSize(2).last().asString()
                .isEqualTo("[OK] shop — all digest: 4 run(s), 0 open incident(s) (health 100/100)");
        OutboxMessage digest = new Outbox(store.jdbi(), "shop").list(OutboxMessage.State.SENT, 1).get(0);
        assertThat(digest.get("text")).contains("4 run(s) (1 critical, 3 ok), 0 incident(s) opened, 2 resolved, 0 open now.");
    }

    @Test
    void report_keys_are_checked_with_a_clear_error() {
        assertThatThrownBy(() -> config(email("  report_to: [ops]\n  report_on: weekly\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("report_on").hasMessageContaining("every-run");
        assertThatThrownBy(() -> config(email("  report_to: [ops]\n  report_on: digest\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs 'notify.report_every'");
        assertThatThrownBy(() -> config(email("  report_every: 1d\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("report_to");
    }

    @Test
    void a_run_counts_the_messages_really_sent_even_those_another_sender_took() throws Exception {
        CaretakerConfig c = config(email("  report_to: [ops]\n")); // each run opens an incident: each run's report goes
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> { // a server's delivery worker: sends what is committed, as soon as it is
            while (!stop.get()) {
                Pipeline.deliverDue(store, c, clock);
            }
        });
        worker.start();
        List<Integer> counted = new ArrayList<>();
        List<Integer> received = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                int before = smtp.getReceivedMessages().length;
                RunOutcome o = Pipeline.run(store, c, clock, "all", new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(),
                        List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/" + i, "crm is down at /" + i))));
                counted.add(o.notifications().delivered());
                received.add(smtp.getReceivedMessages().length - before);
                clock.advance(Duration.ofMinutes(2));
            }
        } finally {
            stop.set(true);
            worker.join();
        }
        assertThat(received).containsOnly(2); // each run: its incident and its report
        assertThat(counted).isEqualTo(received);
    }

    @Test
    void an_incident_title_reads_the_latest_finding_and_its_timeline_keeps_the_first() throws Exception {
        CaretakerConfig c = config(email(""));
        Pipeline.run(store, c, clock, "all", result("crm", true, "a session is idle in transaction for 1m 12s"));
        clock.advance(Duration.ofMinutes(9));
        Pipeline.run(store, c, clock, "all", result("crm", true, "a session is idle in transaction for 10m 12s"));
        IncidentRepository incidents = new IncidentRepository(store.jdbi());
        Incident open = incidents.list("shop", true, 1).get(0);
        assertThat(open.title()).isEqualTo("a session is idle in transaction for 10m 12s");
        assertThat(incidents.timeline(open.id()).get(0).detail()).isEqualTo("a session is idle in transaction for 1m 12s");
        assertThat(subjects()).as("a new title alone sends nothing").singleElement().asString().contains("1m 12s");
    }

    @Test
    void a_clean_twin_keeps_the_title_it_opened_with_while_the_finding_reads_the_same() {
        CaretakerConfig c = config("");
        Pipeline.run(store, c, clock, "all", result("crm", true, "crm is down: connection refused"));
        clock.advance(Duration.ofMinutes(2));
        Pipeline.run(store, c, clock, "all", result("crm", true, "crm is down: connection refused"));
        assertThat(new IncidentRepository(store.jdbi()).list("shop", true, 1).get(0).title()).isEqualTo("crm is down: connection refused");
    }
}
