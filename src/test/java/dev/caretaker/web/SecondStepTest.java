package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.access.Totp;
import dev.caretaker.access.TwoFactor;
import dev.caretaker.access.Users;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The login's second step over plain HTTP, as a script would try it: no session after the password alone, the code
 * opens one; a forged or edited pending cookie, one over 5 minutes old, and a code form without its token are refused.
 */
@ExtendWith(TestDatabases.class)
class SecondStepTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static String cookies(HttpResponse<String> r) {
        return LoginForms.cookies(r);
    }

    private static String csrf(HttpResponse<String> r) {
        Matcher m = CSRF.matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> postCode(String base, String cookies, String csrf, String code) throws Exception {
        String body = "csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&code=" + code + "&next=%2Fapprovals";
        return LoginForms.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login/code")).header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_code_opens_the_session_and_a_forged_or_stale_pending_cookie_does_not(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        CaretakerConfig config = db.config("system: steps-%s\nchecks:\n  api: {type: http, url: \"http://127.0.0.1:1/\"}\n".formatted(db.name()));
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("steps"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Users users = WebServer.users(server, clock);
            users.add("bo.ops", Role.APPROVER, "bo-passw0rd".toCharArray(), "test");
            TwoFactor tf = server.engine().twoFactor(clock, (a, e, s, d) -> { });
            String secret = tf.start("bo.ops");
            tf.confirm("bo.ops", Totp.code(secret, clock.instant())).orElseThrow();

            // the password alone: the code form, a pending cookie, no session
            HttpResponse<String> first = LoginForms.login(base, "bo.ops", "bo-passw0rd", null);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("action=\"/login/code\"");
            assertThat(first.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(SecondStep.COOKIE + "="))
                    .noneMatch(c -> c.startsWith(Dashboard.SESSION_COOKIE + "="));
            String pending = cookies(first);
            String value = pending.replaceAll(".*" + SecondStep.COOKIE + "=([^;]+).*", "$1");
            assertThat(value).startsWith("bo.ops.");

            // the same cookie edited to name another user: refused
            String forged = pending.replace(SecondStep.COOKIE + "=bo.ops.", SecondStep.COOKIE + "=ana.");
            clock.advance(Duration.ofSeconds(30));
            HttpResponse<String> edited = postCode(base, forged, csrf(first), Totp.code(secret, clock.instant()));
            assertThat(edited.statusCode()).isEqualTo(401);
            assertThat(edited.body()).contains("log in again");
            // a code form without its token: refused before the code is looked at
            assertThat(postCode(base, pending, "not-the-token", Totp.code(secret, clock.instant())).statusCode()).isEqualTo(403);

            // the right code within 5 minutes: a session, and on to where the login was going
            HttpResponse<String> ok = postCode(base, pending, csrf(first), Totp.code(secret, clock.instant()));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(302);
            assertThat(ok.headers().firstValue("Location")).hasValue("/approvals");
            assertThat(ok.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(Dashboard.SESSION_COOKIE + "=") && !c.startsWith(
                    Dashboard.SESSION_COOKIE + "=;"));

            // over 5 minutes after the password: refused, even with a right code
            HttpResponse<String> again = LoginForms.login(base, "bo.ops", "bo-passw0rd", null);
            clock.advance(SecondStep.VALID.plusSeconds(30));
            HttpResponse<String> stale = postCode(base, cookies(again), csrf(again), Totp.code(secret, clock.instant()));
            assertThat(stale.statusCode()).isEqualTo(401);
            assertThat(stale.body()).contains("more than 5 minutes");
        } finally {
            server.close();
        }
    }

    private static HttpResponse<String> get(String base, String path, String cookies) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (cookies != null) {
            b.header("Cookie", cookies);
        }
        return LoginForms.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wrong_codes_are_audited_as_wrong_codes_the_lock_names_its_zone_and_the_pages_read_plainly(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T22:58:31Z"));
        CaretakerConfig config = db.config(("system: codes-%s\ntimezone: Europe/Berlin\nauth:\n  require_2fa: [approver]\n"
                + "checks:\n  api: {type: http, url: \"http://127.0.0.1:1/\"}\n").formatted(db.name()));
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("codes"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Users users = WebServer.users(server, clock);
            users.add("bo.ops", Role.APPROVER, "bo-passw0rd".toCharArray(), "test");
            TwoFactor tf = server.engine().twoFactor(clock, (a, e, s, d) -> { });
            String secret = tf.start("bo.ops");
            tf.confirm("bo.ops", Totp.code(secret, clock.instant())).orElseThrow();
            clock.advance(Duration.ofSeconds(30));

            // a reload or Back on the code form: back to the login, keeping where it was going
            HttpResponse<String> reload = get(base, "/login/code?next=%2Fapprovals", null);
            assertThat(reload.statusCode()).as(reload.body()).isEqualTo(302);
            assertThat(reload.headers().firstValue("Location")).hasValue("/login?next=%2Fapprovals");
            assertThat(get(base, "/login/code?next=https%3A%2F%2Fevil.example", null).headers().firstValue("Location")).hasValue("/login");

            HttpResponse<String> first = LoginForms.login(base, "bo.ops", "bo-passw0rd", null);
            HttpResponse<String> ok = postCode(base, cookies(first), csrf(first), Totp.code(secret, clock.instant()));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(302);
            String session = cookies(ok);

            // the page says which roles are held, the roles above the listed one included
            HttpResponse<String> page = get(base, "/account/2fa", session);
            assertThat(page.body()).contains("approver and above (approver, admin)");
            // confirming again while two factors are on: a plain notice, no contradiction
            clock.advance(Duration.ofSeconds(30));
            String body = "csrf=" + URLEncoder.encode(csrf(page), StandardCharsets.UTF_8) + "&code=" + Totp.code(secret, clock.instant());
            HttpResponse<String> again = LoginForms.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/account/2fa/confirm"))
                    .header("Cookie", session).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).as(again.body()).isBetween(300, 399);
            HttpResponse<String> notice = get(base, again.headers().firstValue("Location").orElseThrow(), session);
            assertThat(notice.body()).contains("Two factors are already on.").doesNotContain("two factors are still off");

            // five wrong codes lock the code step; a sixth try is refused by the lock, with the time in the config's zone
            HttpResponse<String> second = LoginForms.login(base, "bo.ops", "bo-passw0rd", null);
            HttpResponse<String> last = null;
            for (int i = 0; i < Users.LOCKOUT_FAILURES + 1; i++) {
                last = postCode(base, cookies(second), csrf(second), String.format("%06d", i));
            }
            assertThat(last.statusCode()).isEqualTo(429);
            // locked until 22:59:31 UTC + 15 min = 00:14:31 in Berlin: not before 00:15
            assertThat(last.body()).contains("try again after 2026-12-08 00:15 CET");
        } finally {
            server.close();
        }
        String detail = store.jdbi().withHandle(h -> h.createQuery(
                "SELECT string_agg(detail, ' | ') FROM caretaker.audit WHERE event = 'login_failed'").mapTo(String.class).one());
        assertThat(detail).contains("5 with a wrong code after the right password (bo.ops ×5)").contains("1 refused while locked")
                .doesNotContain("wrong password");
    }
}
