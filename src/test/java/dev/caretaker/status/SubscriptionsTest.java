package dev.caretaker.status;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import dev.caretaker.web.WebServer;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Status-page subscriptions end to end, on a real store, a real HTTP server on 127.0.0.1 and a GreenMail SMTP server: sign-up,
 * the confirmation mail and its signed link, refused forged links, one-click unsubscribe, the sign-up limit, each post update
 * told once per subscriber whoever announces it, maintenance starts and ends told once (to subscribers, webhooks and the
 * team's channels), and no address or webhook URL where it does not belong.
 */
@ExtendWith(TestDatabases.class)
class SubscriptionsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONFIRM = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/status/confirm\\?s=(\\d+)&e=(\\d+)&t=([0-9a-f]{64})");
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static CaretakerConfig config(TestDatabase db, int smtp, int web, String extra) {
        return db.config("""
                system: shop
                checks:
                  checkout-http: {type: http, url: "http://127.0.0.1:1/"}
                  batch-http: {type: http, url: "http://127.0.0.1:1/"}
                rules:
                  - {name: health-score-low, enabled: false}
                notify:
                  email: {url: "smtp://127.0.0.1:%d", from: status@shop.example, starttls: false}
                  channels:
                    ops-mail: {type: email, to: [ops@shop.example]}
                  maintenance_to: [ops-mail]
                status_page:
                  title: Shop status
                  groups:
                    - name: Services
                      components:
                        - {name: Checkout, checks: [checkout-http]}
                  subscriptions:
                    email_channel: ops-mail
                    public_url: "http://127.0.0.1:%d/"
                    signup_limit: 3
                """.formatted(smtp, web) + extra);
    }

    /** A server and its web server on {@code port}, with a settable clock. */
    private record Site(Server server, WebServer web, String base, SettableClock clock) implements AutoCloseable {
        Engine engine() {
            return server.engine();
        }

        @Override
        public void close() {
            web.close();
            server.close();
        }
    }

    private static Site site(Store store, CaretakerConfig config, int port, SettableClock clock) {
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("subs-a"), clock);
        WebServer web = new WebServer(server, clock);
        return new Site(server, web, "http://127.0.0.1:" + web.start("127.0.0.1", port), clock);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<MimeMessage> to(GreenMail smtp, String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address))) {
                out.add(m);
            }
        }
        return out;
    }

    private static String text(MimeMessage m) throws Exception {
        Multipart alternatives = (Multipart) m.getContent();
        return (String) alternatives.getBodyPart(0).getContent();
    }

    private static long post(Store store, String kind, String title, Instant at) {
        return store.jdbi().withHandle(h -> h.createQuery("INSERT INTO status_post (system, kind, title, components, status, starts_at, ends_at, "
                        + "created_at, created_by) VALUES ('shop', :kind, :title, '{Checkout}', 'investigating', NULL, NULL, :at, 'ops') RETURNING id")
                .bind("kind", kind).bind("title", title).bind("at", Timestamp.from(at)).mapTo(Long.class).one());
    }

    private static void update(Store store, long post, String status, String body, Instant at, boolean notify) {
        store.jdbi().useHandle(h -> h.createUpdate("INSERT INTO status_update (post_id, status, body, at, created_by, notify) "
                        + "VALUES (:p, :s, :b, :at, 'ops', :n)")
                .bind("p", post).bind("s", status).bind("b", body).bind("at", Timestamp.from(at)).bind("n", notify).execute());
    }

    private static String signUpAndConfirmLink(Site site, GreenMail smtp, String address) throws Exception {
        HttpResponse<String> answer = post(site.base() + "/status/subscribe", "email=" + address.replace("@", "%40"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("Check your inbox");
        site.engine().deliveries().flush();
        List<MimeMessage> mails = to(smtp, address);
        assertThat(mails).as("the confirmation mail").hasSize(1);
        Matcher link = CONFIRM.matcher(text(mails.get(0)));
        assertThat(link.find()).as(text(mails.get(0))).isTrue();
        return link.group();
    }

    @Test
    void a_sign_up_is_confirmed_by_its_link_and_each_update_reaches_a_subscriber_once_until_one_click_unsubscribes(TestDatabase db,
            Store store) throws Exception {
        int smtpPort = freePort();
        int webPort = freePort();
        CaretakerConfig config = config(db, smtpPort, webPort, "");
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        SettableClock clock = new SettableClock(T0);
        try (Site site = site(store, config, webPort, clock); Store other = db.store()) {
            assertThat(get(site.base() + "/status").body()).as("the page links to the sign-up").contains("href=\"/status/subscribe\"");
            assertThat(get(site.base() + "/status/subscribe").body()).contains("name=\"email\"");
            List<String> logs = new ArrayList<>();
            String[] link = new String[1];
            logged(logs, () -> link[0] = signUpAndConfirmLink(site, smtp, "ann@example.com"));
            Matcher m = CONFIRM.matcher(link[0]);
            assertThat(m.matches()).isTrue();

            // a post opened before the confirmation: the pending subscriber is told nothing
            long early = post(store, "incident", "Payments are failing", T0.plusSeconds(10));
            update(store, early, "investigating", "We are looking into failed payments.", T0.plusSeconds(10), true);
            clock.set(T0.plusSeconds(30));
            site.engine().subscriptions().announce();
            site.engine().deliveries().flush();
            assertThat(to(smtp, "ann@example.com")).as("only the confirmation: she has not confirmed").hasSize(1);

            // forged links: another id, a changed signature, a changed expiry, the unsubscribe purpose's signature
            String id = m.group(1);
            String expires = m.group(2);
            String mac = m.group(3);
            String flipped = (mac.charAt(0) == 'a' ? "b" : "a") + mac.substring(1);
            for (String forged : List.of(
                    "/status/confirm?s=" + (Long.parseLong(id) + 1) + "&e=" + expires + "&t=" + mac,
                    "/status/confirm?s=" + id + "&e=" + expires + "&t=" + flipped,
                    "/status/confirm?s=" + id + "&e=" + (Long.parseLong(expires) + 3600) + "&t=" + mac,
                    "/status/confirm?s=" + id + "&e=0&t=" + new SubscriberLinks(Pipeline.KEY, "shop").sign(SubscriberLinks.Purpose.UNSUBSCRIBE,
                            new Subscribers(store.jdbi(), "shop").get(Long.parseLong(id)).orElseThrow(), 0))) {
                HttpResponse<String> refused = get(site.base() + forged);
                assertThat(refused.statusCode()).as(forged).isEqualTo(403);
                assertThat(refused.body()).contains("not valid");
                HttpResponse<String> pressed = post(site.base() + "/status/confirm", forged.substring(forged.indexOf('?') + 1));
                assertThat(pressed.statusCode()).as("the button with a forged link: " + forged).isEqualTo(403);
            }
            assertThat(get(site.base() + "/status/confirm?s=" + id).statusCode()).as("a link cut short").isEqualTo(400);
            assertThat(site.engine().subscriptions().list().get(0).confirmed()).as("no forged link confirmed her").isFalse();

            clock.set(T0.plusSeconds(60));
            HttpResponse<String> opened = get(link[0]);
            assertThat(opened.statusCode()).isEqualTo(200);
            assertThat(opened.body()).as("opening the link only asks: a mail scanner confirms no one").contains("Confirm your subscription",
                    "<button type=\"submit\">Confirm</button>");
            assertThat(site.engine().subscriptions().list().get(0).confirmed()).isFalse();
            HttpResponse<String> confirmed = post(site.base() + "/status/confirm", "s=" + id + "&e=" + expires + "&t=" + mac);
            assertThat(confirmed.statusCode()).isEqualTo(200);
            assertThat(confirmed.body()).contains("You are subscribed");
            assertThat(site.engine().subscriptions().list().get(0).confirmed()).isTrue();

            // an incident post: opening, two updates, one update not to be told, the resolution
            long post = post(store, "incident", "Checkout is slow", T0.plusSeconds(120));
            update(store, post, "investigating", "Some orders take minutes to go through.", T0.plusSeconds(120), true);
            update(store, post, "identified", "A database index was missing; we are adding it.", T0.plusSeconds(180), true);
            update(store, post, "identified", "Typo fixed in the previous update.", T0.plusSeconds(200), false);
            update(store, post, "monitoring", "The index is in; orders are fast again.", T0.plusSeconds(240), true);
            update(store, post, "resolved", "All orders went through.", T0.plusSeconds(300), true);
            clock.set(T0.plusSeconds(400));
            Engine second = Pipeline.engine(other, config, clock).node("subs-b").build();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<Announcer.Told>> passes = List.of(() -> site.engine().subscriptions().announce(),
                        () -> second.subscriptions().announce(), () -> site.engine().subscriptions().announce(), () -> second.subscriptions().announce());
                int messages = 0;
                for (Future<Announcer.Told> f : pool.invokeAll(passes)) {
                    messages += f.get().messages();
                }
                assertThat(messages).as("four updates, each written once whichever node announced it").isEqualTo(4);
            } finally {
                pool.shutdownNow();
            }
            logged(logs, () -> {
                site.engine().deliveries().flush();
                second.deliveries().flush();
            });
            List<MimeMessage> mails = to(smtp, "ann@example.com");
            assertThat(mails).as("the confirmation and the four updates").hasSize(5);
            List<String> subjects = new ArrayList<>();
            for (MimeMessage mail : mails.subList(1, 5)) {
                subjects.add(mail.getSubject());
            }
            assertThat(subjects).containsExactly("[Shop status] New incident: Checkout is slow", "[Shop status] Update: Checkout is slow (identified)",
                    "[Shop status] Update: Checkout is slow (monitoring)", "[Shop status] Resolved: Checkout is slow");
            MimeMessage resolved = mails.get(4);
            String body = text(resolved);
            assertThat(body).contains("Shop status", "Checkout is slow", "Status:   Resolved", "Affects:  Checkout", "All orders went through.")
                    .doesNotContain("checkout-http", "Typo fixed");
            String unsubscribe = resolved.getHeader("List-Unsubscribe")[0];
            assertThat(resolved.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
            assertThat(unsubscribe).startsWith("<http://127.0.0.1:" + webPort + "/status/unsubscribe?s=" + id + "&t=").endsWith(">");
            String url = unsubscribe.substring(1, unsubscribe.length() - 1);
            assertThat(body).contains("Unsubscribe: " + url);

            // a link scanner opening the link unsubscribes no one; the one-click POST does
            HttpResponse<String> button = get(url);
            assertThat(button.statusCode()).isEqualTo(200);
            assertThat(button.body()).contains("<button type=\"submit\">Unsubscribe</button>");
            assertThat(site.engine().subscriptions().list()).hasSize(1);
            HttpResponse<String> oneClick = post(url, "List-Unsubscribe=One-Click");
            assertThat(oneClick.statusCode()).isEqualTo(200);
            assertThat(oneClick.body()).contains("You are unsubscribed");
            assertThat(site.engine().subscriptions().list()).isEmpty();
            assertThat(post(url, "List-Unsubscribe=One-Click").statusCode()).as("the link is spent").isEqualTo(403);

            assertThat(String.join("\n", logs)).as("the logs name subscribers by number").doesNotContain("ann@example.com").contains("subscriber #" + id);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void an_expired_confirmation_link_is_refused_and_a_flood_of_sign_ups_is_answered_429(TestDatabase db, Store store) throws Exception {
        int smtpPort = freePort();
        int webPort = freePort();
        CaretakerConfig config = config(db, smtpPort, webPort, "");
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        SettableClock clock = new SettableClock(T0);
        try (Site site = site(store, config, webPort, clock)) {
            String link = signUpAndConfirmLink(site, smtp, "cem@example.com");
            clock.set(T0.plus(Duration.ofHours(49)));
            HttpResponse<String> late = get(link);
            assertThat(late.statusCode()).isEqualTo(403);
            assertThat(late.body()).contains("expired");
            assertThat(site.engine().subscriptions().list().get(0).confirmed()).isFalse();

            // a new hour's bucket of 3: one refused address, two sign-ups, then the limit
            HttpResponse<String> bad = post(site.base() + "/status/subscribe", "email=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).as("what was typed is not shown back").doesNotContain("<script>alert(1)");
            assertThat(post(site.base() + "/status/subscribe", "email=dan%40example.com").statusCode()).isEqualTo(200);
            assertThat(post(site.base() + "/status/subscribe", "email=eve%40example.com").statusCode()).isEqualTo(200);
            HttpResponse<String> flood = post(site.base() + "/status/subscribe", "email=fay%40example.com");
            assertThat(flood.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(flood.headers().firstValue("Retry-After").orElseThrow())).isPositive();
            assertThat(site.engine().subscriptions().list()).extracting(Subscribers.Subscriber::address)
                    .containsExactly("cem@example.com", "dan@example.com", "eve@example.com");

            clock.advance(Duration.ofMinutes(30));
            HttpResponse<String> again = post(site.base() + "/status/subscribe", "email=cem%40example.com");
            assertThat(again.statusCode()).as("a token came back after a third of the hour").isEqualTo(200);
            site.engine().deliveries().flush();
            assertThat(to(smtp, "cem@example.com")).as("signing up again sends a fresh link").hasSize(2);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void a_maintenance_start_and_end_reach_subscribers_webhooks_and_the_team_once_each(TestDatabase db, Store store) throws Exception {
        int smtpPort = freePort();
        int webPort = freePort();
        CaretakerConfig config = config(db, smtpPort, webPort, """
                maintenance:
                  - {name: index-rebuild, from: "2026-12-07T10:05:00Z", to: "2026-12-07T10:35:00Z", checks: [checkout-http]}
                  - {name: batch-only, from: "2026-12-07T10:05:00Z", to: "2026-12-07T10:20:00Z", checks: [batch-http]}
                """);
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        SettableClock clock = new SettableClock(T0);
        try (Site site = site(store, config, webPort, clock); Receiver hook = new Receiver(200)) {
            Users users = WebServer.users(site.server(), clock);
            users.add("ada", Role.ADMIN, null, "test");
            String admin = users.createToken("ada", "", null, "test").secret();
            users.add("vic", Role.VIEWER, null, "test");
            String viewer = users.createToken("vic", "", null, "test").secret();
            String secretUrl = "http://127.0.0.1:" + hook.port() + "/hooks/s3cr3t-path";
            HttpResponse<String> added = HTTP.send(HttpRequest.newBuilder(URI.create(site.base() + "/api/v1/status-page/subscribers"))
                    .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.ofString("{\"webhook\":\"" + secretUrl + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            assertThat(added.body()).doesNotContain("s3cr3t").contains("127.0.0.1");
            HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(URI.create(site.base() + "/api/v1/status-page/subscribers"))
                    .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.ofString("{\"webhook\":\"http://hooks.example.com/x\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).as("plain http to another machine").isEqualTo(400);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(site.base() + "/api/v1/status-page/subscribers"))
                    .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("addresses are for admins").isEqualTo(403);
            site.engine().subscriptions().addEmail("bob@example.com", "ada");

            assertThat(site.engine().subscriptions().announce().messages()).as("nothing has started").isZero();
            hook.failNext(1);
            clock.set(T0.plus(Duration.ofMinutes(6)));
            assertThat(site.engine().subscriptions().announce().maintenance()).as("two windows started").isEqualTo(2);
            assertThat(site.engine().subscriptions().announce().messages()).as("told already").isZero();
            site.engine().deliveries().flush();
            StringBuilder status = new StringBuilder();
            for (var message : site.engine().outbox().list((dev.caretaker.notify.OutboxMessage.State) null, 100)) {
                status.append(JSON.writeValueAsString(dev.caretaker.web.Views.message(message)));
            }
            assertThat(status).as("notify status, with the webhook's failed attempt").contains("webhook subscriber #", "answered 503")
                    .doesNotContain("s3cr3t", "bob@example.com", " at 127.0.0.1");
            site.engine().deliveries().flush();
            clock.set(T0.plus(Duration.ofMinutes(21)));
            site.engine().subscriptions().announce();
            clock.set(T0.plus(Duration.ofMinutes(36)));
            site.engine().subscriptions().announce();
            site.engine().subscriptions().announce();
            site.engine().deliveries().flush();

            List<MimeMessage> bob = to(smtp, "bob@example.com");
            assertThat(bob).extracting(MimeMessage::getSubject).as("only the window on a component of the page")
                    .containsExactly("[Shop status] Maintenance started: Maintenance of Checkout", "[Shop status] Maintenance ended: Maintenance of Checkout");
            assertThat(text(bob.get(0))).doesNotContain("checkout-http", "index-rebuild");
            List<MimeMessage> team = to(smtp, "ops@shop.example");
            assertThat(team).extracting(MimeMessage::getSubject).as("the team hears of every window, in its own words").containsExactlyInAnyOrder(
                    "Maintenance started: maintenance window 'index-rebuild' of checks checkout-http — shop",
                    "Maintenance started: maintenance window 'batch-only' of checks batch-http — shop",
                    "Maintenance ended: maintenance window 'batch-only' of checks batch-http — shop",
                    "Maintenance ended: maintenance window 'index-rebuild' of checks checkout-http — shop");

            List<Receiver.Request> got = hook.accepted();
            assertThat(got).hasSize(2);
            JsonNode started = JSON.readTree(got.get(0).body());
            assertThat(started.get("event").asText()).isEqualTo("maintenance_started");
            assertThat(started.get("page").asText()).isEqualTo("Shop status");
            assertThat(started.get("maintenance").get("components").get(0).asText()).isEqualTo("Checkout");
            assertThat(started.get("maintenance").get("ends_at").asText()).isEqualTo("2026-12-07T10:35:00Z");
            assertThat(JSON.readTree(got.get(1).body()).get("event").asText()).isEqualTo("maintenance_ended");
            assertThat(got.get(0).header("Idempotency-Key")).isNotBlank();

        } finally {
            smtp.stop();
        }
    }

    @Test
    void a_subscriptions_key_that_does_not_exist_or_a_channel_that_is_not_email_is_refused(TestDatabase db) {
        var bad = org.junit.jupiter.api.Assertions.assertThrows(dev.caretaker.config.ConfigException.class, () -> db.config("""
                system: shop
                checks:
                  checkout-http: {type: http, url: "http://127.0.0.1:1/"}
                notify:
                  channels:
                    ops-hook: {type: webhook, url: "https://hooks.example.com/x"}
                status_page:
                  groups:
                    - {name: S, components: [{name: Checkout, checks: [checkout-http]}]}
                  subscriptions:
                    email_channel: ops-hook
                    public_url: "http://status.example.com"
                    signup_limt: 5
                """));
        assertThat(bad.getMessage()).contains("unknown key 'signup_limt'", "did you mean 'signup_limit'", "of type webhook",
                "plain http to status.example.com");
        var noUrl = org.junit.jupiter.api.Assertions.assertThrows(dev.caretaker.config.ConfigException.class, () -> db.config("""
                system: shop
                checks:
                  checkout-http: {type: http, url: "http://127.0.0.1:1/"}
                notify:
                  channels:
                    status-page: {type: email, to: [ops@shop.example]}
                    ops-mail: {type: email, to: [ops@shop.example]}
                  maintenance_to: [ops-mial]
                status_page:
                  groups:
                    - {name: S, components: [{name: Checkout, checks: [checkout-http]}]}
                  subscriptions: {email_channel: ops-mail}
                """));
        assertThat(noUrl.getMessage()).contains("needs 'public_url'", "'status-page' is the name status-page subscriber messages use",
                "ops-mial");
        CaretakerConfig fine = db.config("""
                system: shop
                checks:
                  checkout-http: {type: http, url: "http://127.0.0.1:1/"}
                status_page:
                  groups:
                    - {name: S, components: [{name: Checkout, checks: [checkout-http]}]}
                """);
        assertThat(fine.statusPage().subscriptions().signupLimit()).isEqualTo(5);
        assertThat(fine.statusPage().subscriptions().webhooks()).isTrue();
        assertThat(fine.statusPage().subscriptions().email()).isFalse();
        assertThat(fine.notifications().maintenanceTo()).isEmpty();
        var twice = org.junit.jupiter.api.Assertions.assertThrows(dev.caretaker.config.ConfigException.class, () -> db.config("""
                system: shop
                checks:
                  checkout-http: {type: http, url: "http://127.0.0.1:1/"}
                status_page:
                  groups:
                    - {name: S, components: [{name: Website, checks: [checkout-http]}]}
                    - {name: T, components: [{name: Website, checks: [checkout-http]}]}
                """));
        assertThat(twice.getMessage()).contains("status page component 'Website' is named twice");
        CaretakerConfig serverUrl = db.config("""
                system: shop
                auth: {public_url: "https://ops.shop.example/"}
                checks:
                  checkout-http: {type: http, url: "http://127.0.0.1:1/"}
                notify:
                  channels:
                    ops-mail: {type: email, to: [ops@shop.example]}
                status_page:
                  groups:
                    - {name: S, components: [{name: Checkout, checks: [checkout-http]}]}
                  subscriptions: {email_channel: ops-mail}
                """);
        assertThat(serverUrl.statusPage().subscriptions().publicUrl()).as("auth.public_url when the page has none of its own")
                .contains(java.net.URI.create("https://ops.shop.example"));
    }

    private static void logged(List<String> lines, ThrowingRunnable r) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        ch.qos.logback.classic.Logger caretaker = context.getLogger("dev.caretaker");
        Level level = caretaker.getLevel();
        caretaker.addAppender(seen);
        caretaker.setLevel(Level.DEBUG);
        try {
            r.run();
        } finally {
            caretaker.detachAppender(seen);
            caretaker.setLevel(level);
            seen.list.forEach(e -> lines.add(e.getFormattedMessage()));
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
