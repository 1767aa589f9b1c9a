package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Anonymous load on the login form against a real server: a flood from many clients is refused with 429s before any password
 * is hashed while the server keeps serving its users; a burst against one user gets at most five guesses; behind a trusted
 * proxy each client has its own lock; a user is locked across addresses too; long made-up names are cut and failed logins
 * audited once per address and window.
 */
@ExtendWith(TestDatabases.class)
class LoginFloodTest {
    private static final String PASSWORD = "mira-passw0rd-1";

    record Running(String base, Server server, WebServer web, String apiToken, String pingToken) {
    }

    @FunctionalInterface
    interface Work {
        void run(Running r) throws Exception;
    }

    private static void withServer(TestDatabase db, Store store, String auth, boolean ticks, Work work) throws Exception {
        try (Receiver up = new Receiver(200)) {
            CaretakerConfig config = db.config("""
                    system: flood-%s
                    %s
                    checks:
                      up: {type: http, url: "http://127.0.0.1:%d/"}
                      backup-job: {type: heartbeat, every: 1h, grace: 5m, pings_per_minute: 6000}
                    suites:
                      often: {every: 5s, checks: [up]}
                    """.formatted(db.name(), auth, up.port()));
            Clock clock = Clock.systemUTC();
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).node("flood").build(),
                    Server.Options.defaults("flood").withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1)).withShutdownWait(Duration.ofSeconds(5)),
                    clock);
            try (WebServer web = new WebServer(server, clock)) {
                int port = web.start("127.0.0.1", 0);
                if (ticks) {
                    server.start("127.0.0.1:" + port);
                }
                Users users = WebServer.users(server, clock);
                users.add("mira", Role.VIEWER, PASSWORD.toCharArray(), "test");
                String token = users.createToken("mira", "flood", null, "test").secret();
                String ping = server.pings().issue(config.system(), "backup-job", clock.instant());
                work.run(new Running("http://127.0.0.1:" + port, server, web, token, ping));
            } finally {
                server.close();
            }
        }
    }

    private static HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return LoginForms.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(Server server, String name) {
        double sum = 0;
        for (String line : server.metrics().scrape().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void a_flood_of_anonymous_logins_gets_429s_while_readyz_pings_and_the_api_still_answer_and_no_tick_is_skipped(TestDatabase db, Store store)
            throws Exception {
        withServer(db, store, "", true, r -> {
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (metric(r.server(), "caretaker_run_duration_seconds_count") < 1 && System.nanoTime() < warm) {
                Thread.sleep(100); // the first run loads what a run needs; the flood comes after
            }
            double runsBefore = metric(r.server(), "caretaker_run_duration_seconds_count");
            double skippedBefore = metric(r.server(), "caretaker_ticks_skipped_total");
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            ExecutorService clients = Executors.newFixedThreadPool(100);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < until) {
                        int status;
                        try {
                            status = LoginForms.login(r.base(), "nobody-" + UUID.randomUUID(), "wrong-" + UUID.randomUUID(), null).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            List<String> failures = new ArrayList<>();
            int rounds = 0;
            while (System.nanoTime() < until) {
                for (String[] probe : new String[][] {{"/readyz", null}, {"/ping/" + r.pingToken(), null}, {"/api/v1/status", r.apiToken()}}) {
                    HttpResponse<String> answer = get(r.base() + probe[0], probe[1]);
                    if (answer.statusCode() != 200) {
                        failures.add(probe[0].replace(r.pingToken(), "TOKEN") + " answered " + answer.statusCode() + ": " + answer.body());
                    }
                }
                rounds++;
            }
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
            clients.shutdown();
            System.out.printf("flood: %s; %d rounds of probes; runs %.0f → %.0f; skipped ticks %.0f → %.0f%n", statuses, rounds, runsBefore,
                    metric(r.server(), "caretaker_run_duration_seconds_count"), skippedBefore, metric(r.server(), "caretaker_ticks_skipped_total"));
            assertThat(rounds).isPositive();
            assertThat(failures).as("the server's users are served during the flood").isEmpty();
            assertThat(statuses).as("the flood is refused with 429").containsKey(429);
            assertThat(statuses).as("no login answers 500 or fails").doesNotContainKeys(500, 503, -1);
            assertThat(metric(r.server(), "caretaker_ticks_skipped_total")).as("no tick skipped").isEqualTo(skippedBefore);
            assertThat(metric(r.server(), "caretaker_loop_failures_total")).as("no background loop failed").isZero();
            assertThat(metric(r.server(), "caretaker_run_duration_seconds_count")).as("the suite ran during the flood").isGreaterThan(runsBefore);
        });
    }

    @Test
    void fifty_nine_wrong_passwords_at_once_check_at_most_five_and_the_right_one_after_them_is_refused(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "", false, r -> {
            List<LoginForms.Form> forms = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                forms.add(LoginForms.open(r.base(), null));
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService clients = Executors.newFixedThreadPool(59);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 59; i++) {
                LoginForms.Form form = forms.get(i);
                int n = i;
                answers.add(clients.submit(() -> {
                    go.await();
                    return LoginForms.post(r.base(), form, "mira", "guess-" + n, null);
                }));
            }
            go.countDown();
            Thread.sleep(50);
            HttpResponse<String> right = LoginForms.post(r.base(), forms.get(59), "mira", PASSWORD, null);
            for (Future<HttpResponse<String>> a : answers) {
                assertThat(a.get(2, TimeUnit.MINUTES).statusCode()).isIn(401, 429);
            }
            clients.shutdown();
            assertThat(db.number("SELECT count(*) FROM caretaker.login_failure")).as("guesses checked").isLessThanOrEqualTo(Users.LOCKOUT_FAILURES);
            assertThat(LoginForms.loggedIn(right)).as("the right password after the lock").isFalse();
            assertThat(right.statusCode()).isEqualTo(429);
            assertThat(right.headers().firstValue("Retry-After")).isPresent();
        });
    }

    @Test
    void the_right_password_logs_in(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "", false, r -> {
            assertThat(LoginForms.loggedIn(LoginForms.login(r.base(), "mira", "wrong-one", null))).isFalse();
            assertThat(LoginForms.loggedIn(LoginForms.login(r.base(), "mira", PASSWORD, null))).isTrue();
        });
    }

    @Test
    void behind_a_trusted_proxy_each_client_has_its_own_lock(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "auth: {trusted_proxies: [127.0.0.1/32]}", false, r -> {
            for (int i = 0; i < Users.LOCKOUT_FAILURES; i++) {
                assertThat(LoginForms.login(r.base(), "mira", "guess-" + i, "203.0.113.5").statusCode()).isIn(401, 429);
            }
            assertThat(LoginForms.loggedIn(LoginForms.login(r.base(), "mira", PASSWORD, "203.0.113.5"))).as("the guessing client is locked").isFalse();
            assertThat(LoginForms.loggedIn(LoginForms.login(r.base(), "mira", PASSWORD, "198.51.100.7, 203.0.113.9")))
                    .as("another client behind the same proxy is not").isTrue();
        });
    }

    @Test
    void a_forwarded_address_from_a_client_that_is_no_trusted_proxy_is_ignored(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "", false, r -> {
            for (int i = 0; i < Users.LOCKOUT_FAILURES; i++) {
                LoginForms.login(r.base(), "mira", "guess-" + i, "203.0.113." + (10 + i));
            }
            assertThat(LoginForms.loggedIn(LoginForms.login(r.base(), "mira", PASSWORD, "203.0.113.99")))
                    .as("a made-up X-Forwarded-For does not escape the lock").isFalse();
        });
    }

    @Test
    void a_user_is_locked_across_addresses_after_the_per_user_limit(TestDatabase db, Store store) throws Exception {
        withServer(db, store, "auth: {trusted_proxies: [127.0.0.1/32]}", false, r -> {
            for (int i = 0; i < Users.LOCKOUT_USER_FAILURES; i++) {
                assertThat(LoginForms.login(r.base(), "mira", "guess-" + i, "203.0.113." + (10 + i)).statusCode()).isIn(401, 429);
            }
            HttpResponse<String> right = LoginForms.login(r.base(), "mira", PASSWORD, "198.51.100.200");
            assertThat(LoginForms.loggedIn(right)).as("a fresh address with the right password, after guesses from many").isFalse();
            assertThat(right.statusCode()).isEqualTo(429);
        });
    }

    @Test
    void long_made_up_names_are_cut_and_failed_logins_are_audited_once_per_address_without_unknown_names(TestDatabase db, Store store)
            throws Exception {
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        withServer(db, store, "", false, r -> {
            statuses.add(LoginForms.login(r.base(), "mira", "wrong-one", null).statusCode());
            java.util.Random random = new java.util.Random(19);
            for (int i = 0; i < 40; i++) {
                // random letters, which the store cannot compress below its index's limit of about 2.7 kB
                StringBuilder name = new StringBuilder(i % 2 == 0 ? "xxxxxxxxxx" : "yyyyyyyyyy");
                while (name.length() < (i < 20 ? 2000 : 3000)) {
                    name.append((char) ('a' + random.nextInt(26)));
                }
                statuses.add(LoginForms.login(r.base(), name.toString(), "pw-" + i, null).statusCode());
            }
        });
        assertThat(statuses).as("no 500 for a long name").doesNotContain(500).contains(401);
        assertThat(db.number("SELECT count(*) FROM caretaker.audit WHERE event IN ('login_failed', 'login_refused')"))
                .as("one row for the address and window").isEqualTo(1);
        assertThat(db.number("SELECT count(*) FROM caretaker.audit WHERE detail LIKE '%xxxxxxxxxx%' OR subject LIKE '%xxxxxxxxxx%' "
                + "OR actor LIKE '%xxxxxxxxxx%' OR detail LIKE '%yyyyyyyyyy%'")).as("no made-up name kept").isZero();
        assertThat(db.number("SELECT count(*) FROM caretaker.audit WHERE event = 'login_failed' AND detail LIKE '%mira%'"))
                .as("a user's failed login is named").isEqualTo(1);
        assertThat(db.number("SELECT count(*) FROM caretaker.login_failure WHERE length(user_name) > 64")).isZero();
    }
}
