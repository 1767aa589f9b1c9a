package dev.caretaker.check.supabase;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.Status;
import dev.caretaker.check.Unjudged;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.config.Severity;
import dev.caretaker.demo.api.SupabaseStandIn;
import dev.caretaker.engine.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code type: supabase} against a stand-in of Supabase's Management API on 127.0.0.1 ({@link SupabaseStandIn} names the
 * reference sections each answer follows). None of the endpoints the check reads is paginated or documents an ETag, so
 * there is no page-following or 304 to test here: each endpoint is asked once per run, which a test holds.
 */
class SupabaseCheckTest {
    static final String TOKEN = "sbp_0123456789abcdefT0kenNeverShown";
    static final String REF = "abcdefghijklmnopqrst";

    SupabaseStandIn supabase;
    final Instant now = Instant.now();

    @BeforeEach
    void start() throws Exception {
        supabase = new SupabaseStandIn(TOKEN, REF);
    }

    @AfterEach
    void stop() {
        supabase.close();
    }

    static CaretakerConfig load(String yaml) {
        return new ConfigLoader(Map.of("SUPABASE_ACCESS_TOKEN", TOKEN), Engine.KINDS).parse("test.yml", Path.of("test.yml"), yaml);
    }

    String config(String extra) {
        return """
                checks:
                  platform:
                    type: supabase
                    project_ref: %s
                    base_url: %s
                    token: ${SUPABASE_ACCESS_TOKEN}
                """.formatted(REF, supabase.url()) + extra.indent(4);
    }

    static CheckResult run(CaretakerConfig config) {
        return Checks.create(config.checks().get("platform")).run(new CheckContext(Clock.systemUTC(), null, config.secrets()));
    }

    private double measured(CheckResult r, String metric, String label, String value) {
        return r.measurements().stream().filter(m -> m.metric().equals(metric) && value.equals(m.labels().get(label))).findFirst()
                .map(Measurement::value)
                .orElseThrow(() -> new AssertionError("no " + metric + " for " + value + " in " + r.measurements()));
    }

    @Test
    void an_unhealthy_service_is_critical_one_coming_up_a_warning_and_the_healthy_ones_raise_nothing() {
        supabase.service("realtime", "UNHEALTHY", "connection to the database timed out");
        supabase.service("storage", "COMING_UP", null);

        CheckResult r = run(load(config("advisors: []")));

        assertThat(r.error()).isNull();
        Finding realtime = of(r, "supabase.service_unhealthy").stream().filter(f -> f.subject().equals("realtime")).findFirst()
                .orElseThrow();
        assertThat(realtime.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(realtime.message()).contains("realtime service of project " + REF + " unhealthy (UNHEALTHY)",
                "connection to the database timed out");
        assertThat(realtime.evidence()).containsEntry("status", "UNHEALTHY").containsEntry("project_ref", REF);
        Finding storage = of(r, "supabase.service_unhealthy").stream().filter(f -> f.subject().equals("storage")).findFirst().orElseThrow();
        assertThat(storage.severity()).isEqualTo(Severity.WARNING);
        assertThat(of(r, "supabase.service_unhealthy")).as("db, auth, rest and pooler are healthy").hasSize(2);
        assertThat(measured(r, "supabase.service_healthy", "service", "db")).isEqualTo(1.0);
        assertThat(measured(r, "supabase.service_healthy", "service", "realtime")).isEqualTo(0.0);
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(supabase.requestsTo("/health")).singleElement()
                .satisfies(s -> assertThat(s.query()).containsEntry("services", "auth,db,pooler,realtime,rest,storage"));
    }

    @Test
    void a_healthy_project_with_healthy_functions_and_no_lints_is_ok_and_each_endpoint_is_asked_once() {
        supabase.function("sentiment-analysis");
        supabase.invocations("sentiment-analysis", 40, 200, Duration.ofMillis(300), now, Duration.ofMinutes(50));

        CheckResult r = run(load(config("")));

        assertThat(r.error()).isNull();
        assertThat(r.findings()).isEmpty();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(measured(r, "supabase.function_requests", "function", "sentiment-analysis")).isEqualTo(40.0);
        assertThat(measured(r, "supabase.function_error_rate_percent", "function", "sentiment-analysis")).isEqualTo(0.0);
        assertThat(measured(r, "api.rate_limit_remaining", "source", "supabase")).isGreaterThan(0);
        assertThat(supabase.seen()).extracting(s -> s.path()).containsExactlyInAnyOrder("/v1/projects/" + REF + "/health",
                "/v1/projects/" + REF + "/functions", "/v1/projects/" + REF + "/analytics/endpoints/logs",
                "/v1/projects/" + REF + "/advisors/security", "/v1/projects/" + REF + "/advisors/performance");
        assertThat(supabase.seen()).allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + TOKEN));
        var logs = supabase.requestsTo("/analytics/endpoints/logs").get(0);
        assertThat(logs.query().get("sql")).contains("from logs where source = 'function_edge_logs'",
                "log_attributes['execution_time_ms']");
        assertThat(Duration.between(Instant.parse(logs.query().get("iso_timestamp_start")),
                Instant.parse(logs.query().get("iso_timestamp_end"))))
                .as("the default window").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void a_failing_function_is_found_by_its_error_rate_and_a_clean_twin_is_not() {
        supabase.function("monitor-keywords");
        supabase.function("sentiment-analysis");
        supabase.invocations("monitor-keywords", 45, 200, Duration.ofMillis(800), now, Duration.ofMinutes(50));
        supabase.invocations("monitor-keywords", 5, 500, Duration.ofMillis(900), now, Duration.ofMinutes(40));
        supabase.invocations("sentiment-analysis", 100, 200, Duration.ofMillis(400), now, Duration.ofMinutes(50));
        supabase.invocations("sentiment-analysis", 1, 401, Duration.ofMillis(20), now, Duration.ofMinutes(10));

        CheckResult r = run(load(config("advisors: []")));

        Finding f = one(r, "supabase.function_error_rate");
        assertThat(f.subject()).isEqualTo("monitor-keywords");
        assertThat(f.severity()).as("10 % is twice 5 times manual 004's 1 %").isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).contains("answered 5 of its 50 requests in the last 1h with a server error (10.0 %)", "at most 1.0 %");
        assertThat(f.evidence()).containsEntry("requests", 50L).containsEntry("errors", 5L).containsEntry("error_rate_percent", 10.0);
        assertThat(measured(r, "supabase.function_error_rate_percent", "function", "sentiment-analysis"))
                .as("a 401 is the caller's error, not the function's").isEqualTo(0.0);
        assertThat(of(r, "supabase.function_slow")).isEmpty();
    }

    @Test
    void a_rate_between_the_target_and_five_times_it_is_a_warning() {
        supabase.function("daily-digest");
        supabase.invocations("daily-digest", 97, 200, Duration.ofMillis(100), now, Duration.ofMinutes(50));
        supabase.invocations("daily-digest", 3, 503, Duration.ofMillis(100), now, Duration.ofMinutes(50));

        CheckResult r = run(load(config("advisors: []\nmax_error_rate: 1%")));

        assertThat(one(r, "supabase.function_error_rate").severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void a_slow_function_is_found_by_its_average_and_its_p95_and_a_fast_twin_is_not() {
        supabase.function("sentiment-analysis");
        supabase.function("daily-digest");
        supabase.invocations("sentiment-analysis", 30, 200, Duration.ofMillis(3200), now, Duration.ofMinutes(50));
        supabase.invocations("daily-digest", 17, 200, Duration.ofMillis(200), now, Duration.ofMinutes(50));
        supabase.invocations("daily-digest", 3, 200, Duration.ofMillis(9000), now, Duration.ofMinutes(50));

        CheckResult r = run(load(config("advisors: []")));

        Finding slow = one(r, "supabase.function_slow");
        assertThat(slow.subject()).isEqualTo("sentiment-analysis");
        assertThat(slow.message()).contains("took 3.2 s on average", "an average under 2s");
        assertThat(measured(r, "supabase.function_p95_ms", "function", "sentiment-analysis")).isEqualTo(3200.0);

        CheckResult strict = run(load(config("advisors: []\nmax_p95: 1s\nmax_average: 10s")));
        assertThat(of(strict, "supabase.function_slow")).as("its 95th percentile is 9 s, its average 1.5 s")
                .extracting(Finding::subject).containsExactlyInAnyOrder("sentiment-analysis", "daily-digest");
        assertThat(of(strict, "supabase.function_slow").stream().filter(f -> f.subject().equals("daily-digest")).findFirst().orElseThrow()
                .message()).contains("a 95th percentile under 1s").doesNotContain("an average under");
    }

    @Test
    void too_few_requests_are_measured_but_not_judged_and_a_listed_function_not_deployed_is_named() {
        supabase.function("monitor-keywords");
        supabase.invocations("monitor-keywords", 3, 500, Duration.ofMillis(100), now, Duration.ofMinutes(30));

        CheckResult r = run(load(config("advisors: []\nfunctions: [monitor-keywords, send-digest]")));

        assertThat(of(r, "supabase.function_error_rate")).as("3 requests are under min_requests (10)").isEmpty();
        assertThat(measured(r, "supabase.function_error_rate_percent", "function", "monitor-keywords")).isEqualTo(100.0);
        Finding missing = one(r, "supabase.function_missing");
        assertThat(missing.subject()).isEqualTo("send-digest");
        assertThat(missing.message()).contains("project " + REF + " has no function of that name");

        CheckResult judged = run(load(config("advisors: []\nmin_requests: 3\nfunctions: [monitor-keywords]")));
        assertThat(one(judged, "supabase.function_error_rate").severity()).isEqualTo(Severity.CRITICAL);
        CheckResult all = run(load(config("advisors: []\nmin_requests: 3\nfunctions: all")));
        assertThat(one(all, "supabase.function_error_rate").subject()).isEqualTo("monitor-keywords");
        assertThat(of(all, "supabase.function_missing")).isEmpty();
    }

    @Test
    void invocations_outside_the_window_are_not_counted() {
        supabase.function("monitor-keywords");
        supabase.invocations("monitor-keywords", 20, 500, Duration.ofMillis(100), now.minus(Duration.ofHours(3)), Duration.ofMinutes(30));
        supabase.invocations("monitor-keywords", 20, 200, Duration.ofMillis(100), now, Duration.ofMinutes(30));

        CheckResult r = run(load(config("advisors: []\nwindow: 1h")));

        assertThat(of(r, "supabase.function_error_rate")).isEmpty();
        assertThat(measured(r, "supabase.function_requests", "function", "monitor-keywords")).isEqualTo(20.0);
        CheckResult wide = run(load(config("advisors: []\nwindow: 6h")));
        assertThat(one(wide, "supabase.function_error_rate").evidence()).containsEntry("requests", 40L);
    }

    @Test
    void advisor_lints_are_findings_at_their_level_and_those_the_postgres_check_runs_are_info() {
        supabase.lint("security", "auth_allow_anonymous_sign_ins", "Allow Anonymous Sign-Ins", "WARN", "SECURITY",
                "Detects if anonymous sign-ins are enabled for the project.", Map.of("type", "auth"));
        supabase.lint("security", "rls_disabled_in_public", "RLS Disabled in Public", "ERROR", "SECURITY",
                "Table \\`public.keywords\\` is public, but RLS has not been enabled.", Map.of("schema", "public", "name", "keywords",
                        "type", "table"));
        supabase.lint("performance", "unindexed_foreign_keys", "Unindexed foreign keys", "INFO", "PERFORMANCE",
                "Table public.mentions has a foreign key without a covering index", Map.of("schema", "public", "name", "mentions",
                        "type", "table"));

        CheckResult r = run(load(besidePostgres("services: []")));

        Finding anonymous = of(r, "supabase.advisor").stream().filter(f -> f.subject().equals("auth_allow_anonymous_sign_ins"))
                .findFirst().orElseThrow();
        assertThat(anonymous.severity()).as("only the advisors see it: filed at its own level").isEqualTo(Severity.WARNING);
        assertThat(anonymous.message()).contains("Supabase's security advisor: Allow Anonymous Sign-Ins");
        assertThat(anonymous.evidence()).containsEntry("lint", "auth_allow_anonymous_sign_ins").containsEntry("level", "WARN")
                .doesNotContainKey("postgres_check");
        Finding rls = of(r, "supabase.advisor").stream().filter(f -> f.subject().equals("rls_disabled_in_public:public.keywords"))
                .findFirst().orElseThrow();
        assertThat(rls.severity()).as("the postgres check files it too; here it does not page twice").isEqualTo(Severity.INFO);
        assertThat(rls.evidence()).containsEntry("postgres_check", "postgres.rls_disabled_in_public").containsEntry("level", "ERROR");
        assertThat(rls.message()).contains("Table `public.keywords` is public",
                "a postgres check of this config runs the same lint (postgres.rls_disabled_in_public)");
        assertThat(of(r, "supabase.advisor")).extracting(Finding::subject).contains("unindexed_foreign_keys:public.mentions");
        assertThat(measured(r, "supabase.advisor_lints", "advisor", "security")).isEqualTo(2.0);
        assertThat(measured(r, "supabase.advisor_lints", "advisor", "performance")).isEqualTo(1.0);
        assertThat(supabase.requestsTo("/health")).as("services: [] asks no health").isEmpty();

        CheckResult securityOnly = run(load(config("services: []\nadvisors: [security]")));
        assertThat(of(securityOnly, "supabase.advisor")).hasSize(2);
        supabase.clear();
        assertThat(of(run(load(config("services: []"))), "supabase.advisor")).as("a clean project").isEmpty();
    }

    /** {@link #config} with a postgres check beside the supabase one: it runs some of the advisors' lints itself. */
    String besidePostgres(String extra) {
        return "databases:\n  app:\n    url: jdbc:postgresql://127.0.0.1:5432/app\n" + config(extra)
                + "  db:\n    type: postgres\n    database: app\n";
    }

    @Test
    void without_a_postgres_check_a_lint_it_would_run_keeps_its_level_and_says_nothing_of_it() {
        supabase.lint("security", "rls_disabled_in_public", "RLS Disabled in Public", "ERROR", "SECURITY",
                "Table \\`public.keywords\\` is public, but RLS has not been enabled.", Map.of("schema", "public", "name", "keywords",
                        "type", "table"));

        Finding rls = one(run(load(config("services: []"))), "supabase.advisor");

        assertThat(rls.severity()).as("nothing else files it: an ERROR is critical").isEqualTo(Severity.CRITICAL);
        assertThat(rls.evidence()).doesNotContainKey("postgres_check");
        assertThat(rls.message()).doesNotContain("postgres");
    }

    @Test
    void a_429_is_waited_out_by_its_reset_within_the_timeout_and_the_check_goes_on() {
        supabase.service("db", "UNHEALTHY", null);
        supabase.rateLimitNext(1, "1");

        CheckResult r = run(load(config("advisors: []\ntimeout: 20s")));

        assertThat(r.error()).isNull();
        assertThat(one(r, "supabase.service_unhealthy").subject()).isEqualTo("db");
        assertThat(supabase.seen()).extracting(s -> s.status()).startsWith(429, 200);
    }

    @Test
    void a_rate_limit_longer_than_the_timeout_is_unknown_with_supabases_words_at_once() {
        supabase.rateLimitNext(10, "45");
        long start = System.nanoTime();

        CheckResult r = run(load(config("advisors: []\ntimeout: 5s")));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not waited").isLessThan(Duration.ofSeconds(4));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("Supabase refused for its rate limit (429: Too many requests", "asks to wait 45s");
    }

    @Test
    void a_429_without_retry_after_waits_for_x_ratelimit_reset_in_seconds_as_supabase_documents_it() {
        supabase.service("pooler", "UNHEALTHY", null);
        supabase.budgetSpentNext(1, 1);

        CheckResult r = run(load(config("advisors: []\ntimeout: 20s")));

        assertThat(r.error()).isNull();
        assertThat(one(r, "supabase.service_unhealthy").subject()).isEqualTo("pooler");
        assertThat(supabase.seen()).extracting(s -> s.status()).startsWith(429, 200);

        supabase.budgetSpentNext(10, 45);
        CheckResult spent = run(load(config("advisors: []\ntimeout: 5s")));
        assertThat(spent.status()).isEqualTo(Status.UNKNOWN);
        assertThat(spent.error()).as("45 is seconds to wait, not an epoch second long past").contains("asks to wait 45s");
        assertThat(spent.error()).contains("the rest was not asked");
        assertThat(spent.unjudged()).contains(Unjudged.ALL);
    }

    @Test
    void a_401_is_unknown_with_supabases_own_message() throws Exception {
        try (SupabaseStandIn other = new SupabaseStandIn("sbp_notTheConfiguredOne", REF)) {
            CheckResult r = run(load("""
                    checks:
                      platform:
                        type: supabase
                        project_ref: %s
                        base_url: %s
                        token: ${SUPABASE_ACCESS_TOKEN}
                    """.formatted(REF, other.url())));
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.error()).contains("Supabase answered 401 to /v1/projects/" + REF + "/health: Unauthorized",
                    "the token is missing, wrong or expired").doesNotContain(TOKEN);
            assertThat(r.unjudged()).contains(Unjudged.code("supabase.service_unhealthy"), Unjudged.code("supabase.function_error_rate"),
                    Unjudged.code("supabase.advisor"));
        }
    }

    @Test
    void a_part_supabase_cannot_answer_leaves_only_its_findings_unjudged_and_an_unreachable_api_everything() {
        supabase.service("auth", "UNHEALTHY", null);
        supabase.function("monitor-keywords");
        supabase.failing("/analytics/", 400, "The timestamp range must be no more than 24 hours");

        CheckResult r = run(load(config("advisors: []")));

        assertThat(one(r, "supabase.service_unhealthy").subject()).as("the health part still judged").isEqualTo("auth");
        assertThat(r.error()).contains("Supabase answered 400 to /v1/projects/" + REF + "/analytics/endpoints/logs",
                "The timestamp range must be no more than 24 hours");
        assertThat(r.unjudged()).contains(Unjudged.code("supabase.function_error_rate"), Unjudged.code("supabase.function_slow"))
                .doesNotContain(Unjudged.ALL, Unjudged.code("supabase.service_unhealthy"));

        supabase.close();
        CheckResult down = run(load(config("")));
        assertThat(down.status()).isEqualTo(Status.UNKNOWN);
        assertThat(down.error()).contains("Supabase at 127.0.0.1 did not answer", "the rest was not asked");
        assertThat(down.unjudged()).contains(Unjudged.ALL);
    }

    @Test
    void a_logs_query_supabase_rejects_is_unknown_in_its_words_and_leaves_the_functions_unjudged() {
        supabase.function("monitor-keywords");
        supabase.logsError("Unrecognized name: log_attributes");

        CheckResult r = run(load(config("advisors: []")));

        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("Supabase could not query the edge functions' logs: Unrecognized name: log_attributes");
        assertThat(r.unjudged()).contains(Unjudged.code("supabase.function_error_rate")).doesNotContain(Unjudged.ALL);
    }

    @Test
    void a_403_names_the_read_permission_the_token_lacks_and_the_other_parts_still_run() {
        supabase.service("rest", "UNHEALTHY", null);
        supabase.failing("/advisors/", 403, "Your account does not have the necessary privileges to access this endpoint");

        CheckResult r = run(load(config("")));

        assertThat(one(r, "supabase.service_unhealthy").subject()).isEqualTo("rest");
        assertThat(r.error()).contains("Supabase answered 403 to /v1/projects/" + REF + "/advisors/security",
                "does not have the necessary privileges", "the token may lack read access (a personal access token for project " + REF);
        assertThat(r.unjudged()).containsExactly(Unjudged.code("supabase.advisor"));
    }

    @Test
    void a_slow_api_is_cut_at_the_checks_timeout() {
        supabase.delay(Duration.ofSeconds(5));
        long start = System.nanoTime();

        CheckResult r = run(load(config("timeout: 1s")));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("did not answer within the check's timeout of 1s");
    }

    @Test
    void bad_keys_are_named_with_what_to_write() {
        assertThatThrownBy(() -> load("""
                checks:
                  platform:
                    type: supabase
                    project_ref: my-project
                    services: [db, realtim]
                    advisors: [security, speed]
                    window: 2d
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'my-project' is not a Supabase project ref: it is the 20 lowercase letters")
                .hasMessageContaining("'realtim', which is not one of").hasMessageContaining("did you mean 'realtime'")
                .hasMessageContaining("'speed', which is not one of security, performance")
                .hasMessageContaining("needs 'token'")
                .hasMessageContaining("window");
        assertThatThrownBy(() -> load(config("table: edge_function_runs"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("table");
    }

    @Test
    void a_token_over_plain_http_to_another_host_is_refused_and_loopback_is_allowed() {
        assertThatThrownBy(() -> load(config("").replace(supabase.url(), "http://api.example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'checks.platform.base_url' is plain http to api.example.com: the token would cross the network "
                        + "in clear text; use https, or http only to 127.0.0.1/localhost");
        for (String base : new String[] {"https://api.example.com", "http://localhost:9", "http://127.0.0.1:9", "http://[::1]:9"}) {
            assertThat(load(config("").replace(supabase.url(), base)).checks()).as(base).containsKey("platform");
        }
    }
}
