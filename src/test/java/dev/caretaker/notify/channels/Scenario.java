package dev.caretaker.notify.channels;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** One system with one check whose incident opens, is acknowledged and resolves, told to the channels of a notify section. */
final class Scenario {
    /** A title with every character Telegram's MarkdownV2 reserves, and an em dash (not in the SMS alphabet). */
    static final String HOSTILE = "a_b*c[d](e)! ~`x` >#+-=|{}. back\\slash — 100%";
    static final String SUBJECT = "http://crm/health?full=1&x=a b";

    final TestDatabase db;
    final Store store;
    final Path home;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T02:00:00Z"));

    Scenario(TestDatabase db, Store store, Path home) {
        this.db = db;
        this.store = store;
        this.home = home;
    }

    CaretakerConfig config(String notify) {
        return db.config("""
                system: shop
                store:
                  home: %s
                checks:
                  crm:
                    type: http
                    url: http://127.0.0.1:1/
                rules:
                  - {name: health-score-low, enabled: false}
                """.formatted(home) + notify);
    }

    /** One run of check crm, down (with the hostile title) or up. */
    RunOutcome run(CaretakerConfig c, boolean down) {
        CheckResult r = new CheckResult("crm", "http", down ? Status.CRITICAL : Status.OK, 5, null, List.of(),
                down ? List.of(Finding.of("http.down", Severity.CRITICAL, SUBJECT, HOSTILE)) : List.of());
        return Pipeline.run(store, c, clock, "all", r);
    }

    /** One run in which check crm finds two problems at once: two incidents, told as one message where a channel groups. */
    RunOutcome runTwo(CaretakerConfig c) {
        CheckResult r = new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(),
                List.of(Finding.of("http.down", Severity.CRITICAL, SUBJECT, HOSTILE),
                        Finding.of("http.down", Severity.CRITICAL, "http://crm/b", "second *one* [x](y)")));
        return Pipeline.run(store, c, clock, "all", r);
    }

    Incident open() {
        return new IncidentRepository(store.jdbi()).list("shop", true, 1).get(0);
    }

    void acknowledge(CaretakerConfig c, String by) {
        Pipeline.engine(store, c, clock).build().incidents().acknowledge(open().id(), by);
    }

    /** The outbox as {@code caretaker notify status} shows it, newest first. */
    List<OutboxMessage> status(CaretakerConfig c) {
        return Pipeline.engine(store, c, clock).build().deliveries().status(null, 20).messages();
    }

    /** The last error of the newest message that has one, as {@code notify status} shows it. */
    String lastError(CaretakerConfig c) {
        return status(c).stream().map(OutboxMessage::lastError).filter(e -> e != null).findFirst().orElse(null);
    }
}
