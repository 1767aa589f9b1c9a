package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Single sign-on at the HTTP level against a real provider ({@link OidcTestProvider}): a user made at first sign-in and found
 * by issuer and subject after, their role following the provider's groups; a local user's name never taken over; and each
 * thing a callback must pass refused on its own: a forged signature, another audience, a missing or wrong state, a replay,
 * a nonce of another sign-in, the provider's own error; and {@code auth.local_login: false} refusing the password form.
 */
@ExtendWith(TestDatabases.class)
class OidcLoginTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    @FunctionalInterface
    interface Work {
        void run(String base, OidcTestProvider provider, Server server) throws Exception;
    }

    static void withServer(TestDatabase db, Store store, String extraAuth, Work work) throws Exception {
        try (OidcTestProvider provider = new OidcTestProvider()) {
            int port = OidcTestProvider.freePort();
            String base = "http://127.0.0.1:" + port;
            CaretakerConfig config = db.config("system: sso-" + db.name() + "\n" + provider.authYaml(base, null)
                    + (extraAuth == null ? "" : extraAuth.indent(2)) + """
                    checks:
                      api: {type: http, url: "http://127.0.0.1:1/"}
                    """);
            SettableClock clock = new SettableClock(Instant.now());
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("sso"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                web.start("127.0.0.1", port);
                work.run(base, provider, server);
            } finally {
                server.close();
            }
        }
    }

    /** Starts a sign-in in {@code jar}'s browser, signs in at the provider's page; the provider's redirect back (not yet followed). */
    static String throughProvider(CookieJar jar, String name, String claims, UnaryOperator<String> alterAuthorize) throws Exception {
        HttpResponse<String> start = jar.get("/login/oidc?next=%2Fincidents");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        String authorize = alterAuthorize.apply(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize).contains("code_challenge_method=S256").contains("nonce=").contains("state=");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).as("the provider's login page").contains("name=\"username\"");
        String form = "username=" + enc(name) + "&claims=" + enc(claims);
        HttpResponse<String> back = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        return back.headers().firstValue("Location").orElseThrow();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> callback(CookieJar jar, String base, String location) throws Exception {
        assertThat(location).startsWith(base + "/login/oidc/callback?");
        return jar.get(location.substring(base.length()));
    }

    private static boolean signedIn(CookieJar jar) {
        return jar.cookies.containsKey(Dashboard.SESSION_COOKIE);
    }

    @Test
    void a_first_sign_in_makes_the_user_a_later_one_finds_them_by_subject_and_the_role_follows_the_groups(TestDatabase db, Store store)
            throws Exception {
        withServer(db, store, null, (base, provider, server) -> {
            String name = "ines-" + db.name();
            CookieJar jar = new CookieJar(base);
            HttpResponse<String> done = callback(jar, base, throughProvider(jar, name, OidcTestProvider.claims(name, "everyone"), a -> a));
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(done.body()).contains("Signed in as " + name).contains("url=/incidents");
            assertThat(signedIn(jar)).isTrue();
            assertThat(jar.get("/").body()).contains(name + " (viewer)");
            assertThat(db.number("SELECT count(*) FROM caretaker.app_user WHERE name = '" + name + "' AND password_hash IS NULL "
                    + "AND oidc_issuer = '" + provider.issuer() + "' AND oidc_subject = '" + name + "'")).isEqualTo(1);
            assertThat(db.number("SELECT count(*) FROM caretaker.web_session WHERE user_name = '" + name + "' AND via = 'oidc'")).isEqualTo(1);
            dev.caretaker.access.Users.User made = WebServer.users(server, java.time.Clock.systemUTC()).get(name).orElseThrow();
            assertThat(made.signIn()).as("users list says how they sign in").isEqualTo("single sign-on");
            assertThat(made.oidcIssuer()).isEqualTo(provider.issuer());

            // the provider now puts them in the approvers' group: the same user, now an approver, and the change audited
            CookieJar again = new CookieJar(base);
            callback(again, base, throughProvider(again, name, OidcTestProvider.claims(name, "everyone", "caretaker-approvers"), a -> a));
            assertThat(again.get("/").body()).contains(name + " (approver)");
            assertThat(db.number("SELECT count(*) FROM caretaker.app_user WHERE name LIKE 'ines-%'")).isEqualTo(1);
            assertThat(db.number("SELECT count(*) FROM caretaker.audit WHERE event = 'role_changed' AND subject = '" + name
                    + "' AND detail LIKE 'role approver (was viewer)%'")).isEqualTo(1);
            assertThat(db.number("SELECT count(*) FROM caretaker.audit WHERE event = 'user_added' AND subject = '" + name
                    + "' AND detail LIKE '%through OIDC%'")).isEqualTo(1);

            // a user in no mapped group is refused with what to do, and not made
            CookieJar stranger = new CookieJar(base);
            HttpResponse<String> none = callback(stranger, base, throughProvider(stranger, "otto-" + db.name(),
                    OidcTestProvider.claims("otto-" + db.name(), "sales"), a -> a));
            assertThat(none.statusCode()).isEqualTo(403);
            assertThat(none.body()).contains("no Caretaker role is given to you").contains("auth.oidc.default_role");
            assertThat(signedIn(stranger)).isFalse();
            assertThat(db.number("SELECT count(*) FROM caretaker.app_user WHERE name = 'otto-" + db.name() + "'")).isZero();
        });
    }

    @Test
    void a_provider_user_named_like_a_local_user_is_refused_and_never_signed_in_as_them(TestDatabase db, Store store) throws Exception {
        withServer(db, store, null, (base, provider, server) -> {
            String name = "rita-" + db.name();
            WebServer.users(server, new SettableClock(Instant.now())).add(name, Role.ADMIN, "rita-passw0rd".toCharArray(), "test");
            CookieJar jar = new CookieJar(base);
            HttpResponse<String> r = callback(jar, base, throughProvider(jar, name, OidcTestProvider.claims(name, "caretaker-approvers"), a -> a));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("There is already a Caretaker user named '" + name + "'").contains("caretaker users remove");
            assertThat(signedIn(jar)).isFalse();
            assertThat(db.number("SELECT count(*) FROM caretaker.app_user WHERE name = '" + name + "' AND oidc_subject IS NULL "
                    + "AND role = 'admin' AND password_hash IS NOT NULL")).isEqualTo(1);
            assertThat(db.number("SELECT count(*) FROM caretaker.web_session WHERE user_name = '" + name + "'")).isZero();
        });
    }

    @Test
    void an_id_token_signed_by_another_key_is_refused(TestDatabase db, Store store) throws Exception {
        withServer(db, store, null, (base, provider, server) -> {
            CookieJar clean = new CookieJar(base);
            callback(clean, base, throughProvider(clean, "first-" + db.name(), OidcTestProvider.claims("first-" + db.name(), "everyone"), a -> a));
            assertThat(signedIn(clean)).as("the same flow with the provider's own signature signs in").isTrue();

            provider.forge = true;
            String name = "mallory-" + db.name();
            CookieJar jar = new CookieJar(base);
            HttpResponse<String> r = callback(jar, base, throughProvider(jar, name, OidcTestProvider.claims(name, "caretaker-approvers"), a -> a));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("ID token was refused").doesNotContain(OidcTestProvider.CLIENT_SECRET);
            assertThat(signedIn(jar)).isFalse();
            assertThat(db.number("SELECT count(*) FROM caretaker.app_user WHERE name = '" + name + "'")).isZero();
            assertThat(db.number("SELECT count(*) FROM caretaker.audit WHERE event = 'login_refused' AND detail LIKE '%ID token was refused%'"))
                    .isEqualTo(1);
        });
    }

    @Test
    void an_id_token_for_another_client_is_refused(TestDatabase db, Store store) throws Exception {
        withServer(db, store, null, (base, provider, server) -> {
            String name = "eve-" + db.name();
            // the provider's login page takes claims that go into the tokens as typed: an audience of another client's
            String claims = "{\"preferred_username\": \"" + name + "\", \"groups\": [\"caretaker-approvers\"], \"aud\": [\"another-app\"]}";
            CookieJar jar = new CookieJar(base);
            HttpResponse<String> r = callback(jar, base, throughProvider(jar, name, claims, a -> a));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("ID token was refused").containsIgnoringCase("audience");
            assertThat(signedIn(jar)).isFalse();
            assertThat(db.number("SELECT count(*) FROM caretaker.app_user WHERE name = '" + name + "'")).isZero();
        });
    }

    @Test
    void a_callback_without_its_state_with_another_state_or_replayed_is_refused(TestDatabase db, Store store) throws Exception {
        withServer(db, store, null, (base, provider, server) -> {
            String name = "sam-" + db.name();
            String claims = OidcTestProvider.claims(name, "everyone");

            CookieJar missing = new CookieJar(base);
            String back = throughProvider(missing, name, claims, a -> a);
            HttpResponse<String> noState = callback(missing, base, back.replaceAll("[&?]state=[^&]*", ""));
            assertThat(noState.statusCode()).isEqualTo(400);
            assertThat(noState.body()).contains("its state does not match");
            assertThat(signedIn(missing)).isFalse();

            CookieJar other = new CookieJar(base);
            back = throughProvider(other, name, claims, a -> a);
            HttpResponse<String> wrong = callback(other, base, back.replaceAll("state=[^&]*", "state=someone-elses-state"));
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(wrong.body()).contains("its state does not match");
            assertThat(signedIn(other)).isFalse();

            // the callback of another browser's sign-in: no flow cookie here
            CookieJar victim = new CookieJar(base);
            back = throughProvider(victim, name, claims, a -> a);
            HttpResponse<String> elsewhere = callback(new CookieJar(base), base, back);
            assertThat(elsewhere.statusCode()).isEqualTo(400);
            assertThat(elsewhere.body()).contains("not started in this browser");

            // a good callback works once; the same answer with the same cookie again is refused
            CookieJar jar = new CookieJar(base);
            back = throughProvider(jar, name, claims, a -> a);
            Map<String, String> before = new LinkedHashMap<>(jar.cookies);
            assertThat(callback(jar, base, back).statusCode()).isEqualTo(200);
            assertThat(signedIn(jar)).isTrue();
            CookieJar replay = new CookieJar(base);
            replay.cookies.putAll(before);
            HttpResponse<String> again = callback(replay, base, back);
            assertThat(again.statusCode()).isEqualTo(400);
            assertThat(again.body()).contains("already used");
            assertThat(signedIn(replay)).isFalse();
        });
    }

    @Test
    void an_id_token_with_the_nonce_of_another_sign_in_is_refused(TestDatabase db, Store store) throws Exception {
        withServer(db, store, null, (base, provider, server) -> {
            String name = "nora-" + db.name();
            CookieJar jar = new CookieJar(base);
            // the provider is asked with a nonce other than the one this browser's sign-in holds
            String back = throughProvider(jar, name, OidcTestProvider.claims(name, "everyone"), a -> a.replaceAll("nonce=[^&]*", "nonce=replayed-nonce"));
            HttpResponse<String> r = callback(jar, base, back);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("ID token was refused").containsIgnoringCase("nonce");
            assertThat(signedIn(jar)).isFalse();
        });
    }

    @Test
    void a_provider_that_cannot_be_reached_is_said_so_and_asked_again_at_the_next_sign_in(TestDatabase db, Store store) throws Exception {
        withServer(db, store, null, (base, provider, server) -> {
            provider.down = true;
            CookieJar jar = new CookieJar(base);
            HttpResponse<String> r = jar.get("/login/oidc");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("could not read the sign-in provider's discovery document at " + provider.issuer())
                    .doesNotContain("Exception", OidcTestProvider.CLIENT_SECRET);
            provider.down = false;
            String name = "back-" + db.name();
            assertThat(callback(jar, base, throughProvider(jar, name, OidcTestProvider.claims(name, "everyone"), a -> a)).statusCode()).isEqualTo(200);
            assertThat(signedIn(jar)).isTrue();
        });
    }

    @Test
    void the_providers_error_is_shown_plainly(TestDatabase db, Store store) throws Exception {
        withServer(db, store, null, (base, provider, server) -> {
            CookieJar jar = new CookieJar(base);
            String authorize = jar.get("/login/oidc").headers().firstValue("Location").orElseThrow();
            String state = authorize.replaceAll(".*[?&]state=([^&]*).*", "$1");
            HttpResponse<String> r = jar.get("/login/oidc/callback?error=access_denied&error_description=" + enc("The user <b>cancelled</b>")
                    + "&state=" + state);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("The sign-in provider did not sign you in: access_denied (The user &lt;b&gt;cancelled&lt;/b&gt;)")
                    .doesNotContain("Exception", "<b>");
            assertThat(signedIn(jar)).isFalse();
        });
    }

    @Test
    void local_login_off_refuses_the_password_form_and_offers_single_sign_on(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "local_login: false", (base, provider, server) -> {
            String name = "lea-" + db.name();
            WebServer.users(server, new SettableClock(Instant.now())).add(name, Role.ADMIN, "lea-passw0rd!".toCharArray(), "test");
            CookieJar jar = new CookieJar(base);
            HttpResponse<String> page = jar.get("/login?next=%2Fruns");
            assertThat(page.body()).contains("Sign in with Acme SSO").contains("href=\"/login/oidc?next=%2Fruns\"").doesNotContain("name=\"password\"");
            HttpResponse<String> r = jar.post("/login", Map.of("csrf", "whatever-the-form-had", "user", name, "password", "lea-passw0rd!",
                    "next", "/"));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("Logging in with a password is turned off here (auth.local_login: false)");
            assertThat(signedIn(jar)).isFalse();
        });
    }

    @Test
    void local_login_on_keeps_the_password_form_beside_the_button(TestDatabase db, Store store) throws Exception {
        withServer(db, store, null, (base, provider, server) -> {
            String name = "lea-" + db.name();
            WebServer.users(server, new SettableClock(Instant.now())).add(name, Role.ADMIN, "lea-passw0rd!".toCharArray(), "test");
            CookieJar jar = new CookieJar(base);
            assertThat(jar.get("/login").body()).contains("Sign in with Acme SSO").contains("name=\"password\"");
            assertThat(jar.login(name, "lea-passw0rd!", "/").statusCode()).isEqualTo(302);
            assertThat(signedIn(jar)).isTrue();
        });
    }
}
