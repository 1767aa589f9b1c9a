package dev.caretaker.check;

import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Redirects are followed by hand: credentials stay with the origin they were configured for, and a bad redirect is never OK. */
@ExtendWith(TestDatabases.class)
class RedirectTest {
    private static final String TOKEN = "s3cret-api-token-42";

    /** The test's database, which {@link TestDatabase#run} runs the checks through; dropped after the test. */
    private TestDatabase db;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
    }

    private CheckResult check(String url, String extra) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("API_TOKEN", TOKEN);
        CaretakerConfig config = Engine.configLoader(env).parse("test.yml", Path.of("test.yml"), """
                checks:
                  svc:
                    type: http
                    url: %s
                    headers:
                      Authorization: Bearer ${API_TOKEN}
                      X-Api-Key: ${API_TOKEN}
                      Accept: application/json
                """.formatted(url) + extra.indent(4));
        return db.run(config, "svc");
    }

    @Test
    void secret_headers_are_not_sent_to_another_origin_and_are_kept_on_the_same_one() throws Exception {
        try (Receiver api = new Receiver(200); Receiver elsewhere = new Receiver(200)) {
            api.redirects.put("/health", elsewhere.url("/landing"));
            CheckResult r = check(api.url("/health"), "");
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(api.requests).singleElement().satisfies(q -> assertThat(q.header("Authorization")).isEqualTo("Bearer " + TOKEN));
            assertThat(elsewhere.requests).singleElement().satisfies(q -> {
                assertThat(q.header("Authorization")).as("credentials stay with their origin").isNull();
                assertThat(q.header("X-Api-Key")).as("a header holding a secret is one too").isNull();
                assertThat(q.header("Accept")).as("every header a config sets counts as secret").isNull();
                assertThat(q.header("User-Agent")).startsWith("caretaker/");
            });

            api.requests.clear();
            api.redirects.put("/moved", api.url("/health-v2"));
            assertThat(check(api.url("/moved"), "").status()).isEqualTo(Status.OK);
            assertThat(api.requests).extracting(q -> q.header("Authorization")).containsExactly("Bearer " + TOKEN, "Bearer " + TOKEN);
        }
    }

    @Test
    void a_loop_too_many_redirects_or_a_redirect_off_http_is_an_unexpected_response() throws Exception {
        try (Receiver api = new Receiver(200)) {
            api.redirects.put("/a", api.url("/b"));
            api.redirects.put("/b", api.url("/a"));
            Finding loop = one(check(api.url("/a"), ""), "http.unexpected_response");
            assertThat(loop.message()).contains("redirect loop").contains("/a → ").contains("/b → ").doesNotContain(TOKEN);

            api.redirects.put("/file", "file:///etc/passwd");
            assertThat(one(check(api.url("/file"), ""), "http.unexpected_response").message())
                    .contains("redirects to file:").contains("not to an http(s) address");

            for (int i = 0; i < 4; i++) {
                api.redirects.put("/hop" + i, api.url("/hop" + (i + 1)));
            }
            assertThat(one(check(api.url("/hop0"), "max_redirects: 2"), "http.unexpected_response").message())
                    .contains("more than 2 redirect(s) (max_redirects)");
            CheckResult notFollowed = check(api.url("/hop0"), "max_redirects: 0\nexpect: ['status == 302']");
            assertThat(notFollowed.status()).as("with max_redirects: 0 the redirect itself is judged").isEqualTo(Status.OK);
            assertThat(notFollowed.findings()).isEmpty();
        }
    }

    @Test
    void an_http_action_keeps_its_token_with_its_origin_too(Store store) throws Exception {
        try (Receiver worker = new Receiver(200); Receiver elsewhere = new Receiver(200)) {
            worker.redirects.put("/jobs/sync/restart", elsewhere.url("/login"));
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("API_TOKEN", TOKEN);
            CaretakerConfig config = Engine.configLoader(env).parse("test.yml", Path.of("test.yml"), """
                    actions:
                      restart:
                        type: http
                        policy: auto
                        every: 1h
                        url: "%s"
                        headers: {Authorization: "Bearer ${API_TOKEN}"}
                    """.formatted(worker.url("/jobs/{subject}/restart")));
            try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), dev.caretaker.TestPostgres.server(), config.secrets())) {
                var outcome = dev.caretaker.Pipeline.remediation(store, config, dbs, java.time.Clock.systemUTC(), false, d -> { })
                        .runByHand(config.actions().get("restart"), "sync", Map.of(), "ops");
                assertThat(outcome.result()).as(outcome.detail()).isEqualTo(dev.caretaker.action.ActionOutcome.Result.SUCCEEDED);
            }
            assertThat(worker.requests).singleElement().satisfies(q -> assertThat(q.header("Authorization")).isEqualTo("Bearer " + TOKEN));
            assertThat(elsewhere.requests).singleElement().satisfies(q -> {
                assertThat(q.method()).as("a 302 after a POST continues as GET").isEqualTo("GET");
                assertThat(q.header("Authorization")).isNull();
            });
        }
    }
}
