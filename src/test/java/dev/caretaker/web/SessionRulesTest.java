package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's session rules over real HTTP: a changed password or role ends the user's sessions; cookies are
 * {@code Secure} and {@code __Host-} when people reach Caretaker over https (its public URL, or a trusted proxy saying so);
 * a login cookie tossed by another page cannot log a browser in; {@code next} stays on this server; no text from the query
 * string shows on a page; the Runs page opens a run under the session.
 */
@ExtendWith(TestDatabases.class)
class SessionRulesTest {
    private static final String PASSWORD = "s3cure-enough-pw";

    @TempDir
    Path dir;

    @FunctionalInterface
    interface Work {
        void run(String base, Server server, Users users) throws Exception;
    }

    private static void withServer(TestDatabase db, Store store, String auth, Work work) throws Exception {
        CaretakerConfig config = db.config("""
                system: sessions-%s
                %s
                checks:
                  api: {type: http, url: "http://127.0.0.1:1/"}
                """.formatted(db.name(), auth));
        SettableClock clock = new SettableClock(Instant.now());
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("sessions"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            Users users = WebServer.users(server, clock);
            for (String name : List.of("ana", "bo", "mallory")) {
                if (users.get(name).isEmpty()) {
                    users.add(name, Role.OPERATOR, PASSWORD.toCharArray(), "test");
                }
            }
            work.run(base, server, users);
        } finally {
            server.close();
        }
    }

    private static String cookie(HttpResponse<String> r, String prefix) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + prefix + " in " + r.headers().allValues("Set-Cookie")));
    }

    @Test
    void a_changed_password_or_role_ends_that_users_sessions_and_no_one_elses(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "", (base, server, users) -> {
            CookieJar ana = new CookieJar(base);
            CookieJar bo = new CookieJar(base);
            assertThat(ana.login("ana", PASSWORD, "/").statusCode()).isEqualTo(302);
            assertThat(bo.login("bo", PASSWORD, "/").statusCode()).isEqualTo(302);
            assertThat(ana.get("/").statusCode()).isEqualTo(200);

            users.passwd("ana", "an0ther-long-pw".toCharArray(), "admin");
            HttpResponse<String> after = ana.get("/");
            assertThat(after.statusCode()).as("the session opened with the old password is over").isEqualTo(302);
            assertThat(after.headers().firstValue("Location").orElse("")).startsWith("/login");
            assertThat(bo.get("/").statusCode()).as("another user's session goes on").isEqualTo(200);

            assertThat(ana.login("ana", "an0ther-long-pw", "/").statusCode()).isEqualTo(302);
            assertThat(ana.get("/").statusCode()).as("the new password logs in").isEqualTo(200);
            users.role("ana", Role.VIEWER, "admin");
            assertThat(ana.get("/").statusCode()).as("a changed role ends the session too").isEqualTo(302);
            users.role("bo", Role.OPERATOR, "admin");
            assertThat(bo.get("/").statusCode()).as("setting the role a user has changes nothing").isEqualTo(200);
            assertThat(db.number("SELECT count(*) FROM caretaker.audit WHERE event = 'password_changed' AND subject = 'ana' "
                    + "AND detail = '1 dashboard session ended'")).isEqualTo(1);
        });
    }

    @Test
    void users_passwd_and_users_role_on_the_command_line_end_the_sessions(TestDatabase db, Store store) throws Exception {
        Path file = dir.resolve("caretaker.yml");
        Files.writeString(file, """
                system: cli-sessions-%s
                store: {url: "${STORE_URL}", user: "${STORE_USER}", password: "${STORE_PASSWORD}", home: "${STORE_HOME}"}
                checks:
                  api: {type: http, url: "http://127.0.0.1:1/"}
                """.formatted(db.name()));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("STORE_URL", dev.caretaker.TestPostgres.server().jdbcUrl(db.name()));
        env.put("STORE_USER", dev.caretaker.store.EmbeddedPostgres.SUPERUSER);
        env.put("STORE_PASSWORD", dev.caretaker.TestPostgres.server().password());
        env.put("STORE_HOME", dev.caretaker.TestPostgres.HOME.toString());
        CaretakerConfig config = Engine.configLoader(env).read(file);
        SettableClock clock = new SettableClock(Instant.now());
        Server server = new Server(store, config, c -> Engine.builder(c, store).clock(clock).signingKey(Pipeline.KEY).build(),
                Server.Options.defaults("cli-sessions"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            WebServer.users(server, clock).add("cleo", Role.OPERATOR, PASSWORD.toCharArray(), "test");
            CookieJar cleo = new CookieJar(base);
            cleo.login("cleo", PASSWORD, "/");
            assertThat(cleo.get("/").statusCode()).isEqualTo(200);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(dev.caretaker.cli.Main.run(env, new PrintWriter(out), new PrintWriter(err), "users", "passwd", "-c",
                    file.toString(), "cleo", "--generate-password")).as(err.toString()).isZero();
            assertThat(cleo.get("/").statusCode()).as("caretaker users passwd ended the session").isEqualTo(302);
            cleo.login("cleo", PASSWORD, "/");
            assertThat(cleo.get("/").statusCode()).as("the old password no longer logs in").isEqualTo(302);
            java.util.regex.Matcher shown = java.util.regex.Pattern.compile("password \\(shown once\\): (\\S+)").matcher(out.toString());
            assertThat(shown.find()).as(out.toString()).isTrue();
            cleo.login("cleo", shown.group(1), "/");
            assertThat(cleo.get("/").statusCode()).as("the new one does").isEqualTo(200);
            assertThat(dev.caretaker.cli.Main.run(env, new PrintWriter(out), new PrintWriter(err), "users", "role", "-c",
                    file.toString(), "cleo", "viewer")).as(err.toString()).isZero();
            assertThat(cleo.get("/").statusCode()).as("caretaker users role ended the session").isEqualTo(302);
        } finally {
            server.close();
        }
    }

    @Test
    void cookies_are_secure_and_host_prefixed_behind_a_trusted_proxy_saying_https(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "auth: {trusted_proxies: [127.0.0.1/32]}", (base, server, users) -> {
            CookieJar plain = new CookieJar(base);
            String form = cookie(plain.get("/login"), "caretaker_login=");
            assertThat(form).as("plain http: a plain name, no Secure").doesNotContain("Secure").contains("HttpOnly").contains("SameSite=Strict");

            CookieJar proxied = new CookieJar(base);
            proxied.headers.put("X-Forwarded-Proto", "https");
            String login = cookie(proxied.get("/login"), "__Host-caretaker_login=");
            assertThat(login).contains("Secure").contains("Path=/").doesNotContainIgnoringCase("Domain=");
            HttpResponse<String> in = proxied.login("ana", PASSWORD, "/");
            assertThat(in.statusCode()).isEqualTo(302);
            assertThat(cookie(in, "__Host-caretaker_session=")).contains("Secure").contains("HttpOnly").contains("SameSite=Strict");
            assertThat(proxied.get("/").statusCode()).isEqualTo(200);
            String session = proxied.cookies.get("__Host-caretaker_session");
            CookieJar tossed = new CookieJar(base);
            tossed.headers.put("X-Forwarded-Proto", "https");
            tossed.cookies.put("caretaker_session", session);
            assertThat(tossed.get("/").statusCode()).as("over https only the __Host- name counts").isEqualTo(302);
        });
        withServer(db, store, "auth: {trusted_proxies: [10.0.0.0/8]}", (base, server, users) -> {
            CookieJar spoofed = new CookieJar(base);
            spoofed.headers.put("X-Forwarded-Proto", "https");
            assertThat(cookie(spoofed.get("/login"), "caretaker_login=")).as("the header from an address not trusted").doesNotContain("Secure");
        });
        withServer(db, store, "auth: {public_url: \"https://caretaker.example.com\"}", (base, server, users) -> {
            assertThat(cookie(new CookieJar(base).get("/login"), "__Host-caretaker_login=")).as("public_url is https").contains("Secure");
        });
    }

    @Test
    void a_login_cookie_tossed_by_another_page_does_not_log_the_browser_in(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "", (base, server, users) -> {
            String port = base.substring(base.lastIndexOf(':') + 1);
            String elsewhere = "http://127.0.0.1:" + (Integer.parseInt(port) == 65535 ? 1 : Integer.parseInt(port) + 1);
            // a value of the attacker's own choosing, set by a page on another port of the same host
            CookieJar victim = new CookieJar(base);
            victim.cookies.put("caretaker_login", "chosen-by-mallory");
            HttpResponse<String> tossed = victim.post("/login", Map.of("csrf", "chosen-by-mallory", "user", "mallory", "password", PASSWORD,
                    "next", "/"));
            assertThat(tossed.statusCode()).as(tossed.body()).isEqualTo(403);
            assertThat(victim.cookies).doesNotContainKey("caretaker_session");

            // a pair the attacker fetched for themselves, tossed whole and posted from the attacker's page
            CookieJar mallory = new CookieJar(base);
            String token = CookieJar.csrf(mallory.get("/login").body());
            CookieJar victim2 = new CookieJar(base);
            victim2.cookies.put("caretaker_login", mallory.cookies.get("caretaker_login"));
            victim2.headers.put("Origin", elsewhere);
            assertThat(victim2.post("/login", Map.of("csrf", token, "user", "mallory", "password", PASSWORD, "next", "/")).statusCode())
                    .as("Origin of another port").isEqualTo(403);
            victim2.headers.clear();
            victim2.headers.put("Sec-Fetch-Site", "same-site");
            assertThat(victim2.post("/login", Map.of("csrf", token, "user", "mallory", "password", PASSWORD, "next", "/")).statusCode())
                    .as("same-site is not same-origin").isEqualTo(403);
            assertThat(victim2.cookies).doesNotContainKey("caretaker_session");

            // one browser's cookie with another's token
            CookieJar other = new CookieJar(base);
            String otherToken = CookieJar.csrf(other.get("/login").body());
            CookieJar own = new CookieJar(base);
            own.get("/login");
            assertThat(own.post("/login", Map.of("csrf", otherToken, "user", "ana", "password", PASSWORD, "next", "/")).statusCode())
                    .isEqualTo(403);

            // the normal login, as a browser posts it
            CookieJar ana = new CookieJar(base);
            ana.headers.put("Origin", base);
            ana.headers.put("Sec-Fetch-Site", "same-origin");
            assertThat(ana.login("ana", PASSWORD, "/incidents").headers().firstValue("Location")).hasValue("/incidents");
            assertThat(ana.get("/").body()).contains("ana (operator)");
        });
    }

    @Test
    void next_after_login_is_a_path_on_this_server_or_the_overview(TestDatabase db, Store store) throws Exception {
        // a dozen logins from one address at once: more than the default burst of auth.login_rate
        withServer(db, store, "auth: {login_rate: 100/1m}", (base, server, users) -> {
            for (String next : List.of("/\t/host", "/%09/host", "//host", "/\\host", "https://x", "/%2F%2Fhost", "/%5Chost", "/%252F%252Fhost",
                    " //host", "/%0d%0a/host")) {
                CookieJar jar = new CookieJar(base);
                assertThat(jar.login("ana", PASSWORD, next).headers().firstValue("Location")).as(next).hasValue("/");
            }
            assertThat(new CookieJar(base).login("ana", PASSWORD, "/\r\nSet-Cookie:x=y").headers().firstValue("Location"))
                    .as("control characters are stripped: what is left is a path here").hasValue("/Set-Cookie:x=y");
            CookieJar jar = new CookieJar(base);
            assertThat(jar.get("/login?next=/%09/host").body()).contains("name=\"next\" value=\"/\"");
            assertThat(jar.login("ana", PASSWORD, "/incidents?state=open").headers().firstValue("Location")).hasValue("/incidents?state=open");
        });
    }

    @Test
    void a_page_shows_no_text_from_the_query_string_only_the_notices_it_gives(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "", (base, server, users) -> {
            CookieJar ana = new CookieJar(base);
            ana.login("ana", PASSWORD, "/");
            String page = ana.get("/?notice=Your+session+expired%2C+log+in+at+evil.example").body();
            assertThat(page).doesNotContain("evil.example").doesNotContain("class=\"notice\"");
            assertThat(ana.get("/incidents?notice=resolved").body()).contains("Resolved. It re-opens if the condition is still there");
            assertThat(ana.get("/approvals?notice=approved&id=12").body()).contains("Approved #12");
            assertThat(ana.get("/approvals?notice=approved&id=x%3Cb%3E").body()).doesNotContain("Approved #").doesNotContain("x<b>");
        });
    }

    @Test
    void the_runs_page_links_to_a_run_the_session_opens(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "", (base, server, users) -> {
            long id = server.engine().run(Engine.RunRequest.checks("by-hand", List.of("api"))).run().runId();
            CookieJar ana = new CookieJar(base);
            ana.login("ana", PASSWORD, "/");
            assertThat(ana.get("/runs").body()).contains("href=\"/runs/" + id + "\"").doesNotContain("/api/v1/runs/");
            HttpResponse<String> run = ana.get("/runs/" + id);
            assertThat(run.statusCode()).isEqualTo(200);
            assertThat(run.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(run.body()).contains("run #" + id).contains("api");
            assertThat(new CookieJar(base).get("/runs/" + id).statusCode()).as("no session: to the login").isEqualTo(302);
            assertThat(ana.get("/runs/999999999").statusCode()).isEqualTo(404);
        });
    }
}
