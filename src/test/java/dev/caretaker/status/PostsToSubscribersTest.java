package dev.caretaker.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator writes reaches the subscribers through the posts desk itself, as the command line, the API and the
 * dashboard write it: the opening, each update and the resolution once each, at once (within {@code notify.wait}), and a
 * later housekeeping pass tells nothing twice.
 */
@ExtendWith(TestDatabases.class)
class PostsToSubscribersTest {
    @Test
    void a_posted_incident_reaches_a_confirmed_subscriber_once_per_update_as_it_is_written(TestDatabase db, Store store) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CaretakerConfig config = db.config("""
                system: bakery
                checks:
                  orders-http: {type: http, url: "http://127.0.0.1:1/"}
                notify:
                  email: {url: "smtp://127.0.0.1:%d", from: status@bakery.example, starttls: false}
                  channels:
                    team-mail: {type: email, to: [team@bakery.example]}
                status_page:
                  title: Bakery orders
                  groups:
                    - components:
                        - {name: Ordering, checks: [orders-http]}
                  subscriptions:
                    email_channel: team-mail
                    public_url: "https://status.bakery.example"
                """.formatted(port));
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            SettableClock clock = new SettableClock(Instant.parse("2026-12-07T09:00:00Z"));
            Engine engine = Pipeline.engine(store, config, clock).build();
            engine.subscriptions().addEmail("Kim.Baker@Example.org", "admin");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> engine.subscriptions().addEmail("kim.baker@example.org", "admin"), "the same inbox in other letters is one subscriber");
            StatusPost p = engine.statusPosts().post(new StatusPosts.Draft(StatusPost.INCIDENT, "Orders are not going through",
                    List.of("Ordering"), "investigating", "Some orders fail at payment.", null, null, true), "dana");
            assertThat(subjects(smtp)).as("told at once, not at the next housekeeping").containsExactly("[Bakery orders] New incident: Orders are not going through");
            clock.advance(java.time.Duration.ofMinutes(10));
            engine.statusPosts().update(p.id(), "identified", "The card processor's certificate expired.", true, "dana");
            engine.statusPosts().update(p.id(), "identified", "A typo fixed.", false, "dana");
            clock.advance(java.time.Duration.ofMinutes(20));
            engine.statusPosts().update(p.id(), "resolved", "Orders go through again.", true, "dana");
            assertThat(engine.subscriptions().announce().messages()).as("nothing left for housekeeping to tell").isZero();
            engine.deliveries().flush();
            assertThat(subjects(smtp)).containsExactly("[Bakery orders] New incident: Orders are not going through",
                    "[Bakery orders] Update: Orders are not going through (identified)", "[Bakery orders] Resolved: Orders are not going through");
            assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).as("the domain in lower case, the local part as written (RFC 5321)").isEqualTo("Kim.Baker@example.org");
        } finally {
            smtp.stop();
        }
    }

    private static List<String> subjects(GreenMail smtp) throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            out.add(m.getSubject());
        }
        return out;
    }
}
