package dev.caretaker.check.activity;

import static dev.caretaker.Findings.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.config.Severity;
import dev.caretaker.demo.api.ApiStandIn;
import dev.caretaker.demo.api.SentryStandIn;
import dev.caretaker.engine.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code type: errors, source: sentry} against a stand-in of Sentry's web API on 127.0.0.1 ({@link SentryStandIn} names
 * the documents and sections each answer follows). Sentry documents no ETags for its web API, so there is no 304 case.
 */
class SentrySourceTest {
    static final String TOKEN = "sntrys_T0kenThatMustNeverBeShown42";

    SentryStandIn sentry;
    final Instant now = Instant.now();

    @BeforeEach
    void start() throws Exception {
        sentry = new SentryStandIn(TOKEN, "acme");
        sentry.project("4501", "backend");
        sentry.project("4502", "frontend");
    }

    @AfterEach
    void stop() {
        sentry.close();
    }

    static CaretakerConfig load(String yaml) {
        return new ConfigLoader(Map.of("SENTRY_TOKEN", TOKEN), Engine.KINDS).parse("test.yml", Path.of("test.yml"), yaml);
    }

    String config(String extra) {
        return """
                checks:
                  sentry:
                    type: errors
                    source: sentry
                    organization: acme
                    base_url: %s
                    token: ${SENTRY_TOKEN}
                """.formatted(sentry.url()) + extra.indent(4);
    }

    static CheckResult run(CaretakerConfig config) {
        return Checks.create(config.checks().get("sentry")).run(new CheckContext(Clock.systemUTC(), null, config.secrets()));
    }

    /** A quiet week of 2 errors an hour and 1,000 transactions an hour in both projects, counted back from each request. */
    void quietWeek() {
        for (String p : new String[] {"4501", "4502"}) {
            sentry.rolling(p, "error", 2, 24 * 7 + 2, 0, 0);
            sentry.rolling(p, "transaction", 1000, 24 * 7 + 2, 0, 0);
        }
    }

    @Test
    void a_spike_in_the_last_hour_over_a_quiet_baseline_is_critical_and_the_quiet_project_raises_nothing() {
        quietWeek();
        sentry.events("4501", "error", "accepted", now.minusSeconds(120), 50);
        sentry.events("4501", "error", "rate_limited", now.minusSeconds(60), 10);
        sentry.events("4501", "error", "filtered", now.minusSeconds(60), 500); // dropped by the project's inbound filters

        CheckResult r = run(load(config("projects: [backend, frontend]")));

        assertThat(r.error()).isNull();
        Finding spike = of(r, "errors.spike").stream().filter(f -> f.subject().equals("acme/backend")).findFirst().orElseThrow();
        assertThat(spike.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(spike.evidence()).containsEntry("source", "sentry").containsEntry("project", "backend").containsEntry("events", 62L)
                .containsEntry("baseline_median", 2.0).containsEntry("baseline_windows", 168).containsEntry("window", "1h");
        assertThat(spike.message()).contains("62 errors in Sentry project backend since ", "over as long (a median 2 per hour over the last 168 "
                + "windows, scaled to the hour in progress)");
        java.util.regex.Matcher said = java.util.regex.Pattern.compile("([0-9.]+)× the usual ([0-9.]+) over as long").matcher(spike.message());
        assertThat(said.find()).as(spike.message()).isTrue();
        assertThat(62 / Double.parseDouble(said.group(2))).as("the ratio reads from the numbers it names: " + spike.message())
                .isCloseTo(Double.parseDouble(said.group(1)), org.assertj.core.api.Assertions.withinPercentage(5)); // both are rounded
        assertThat(of(r, "errors.spike")).extracting(Finding::subject).as("frontend had its usual two errors an hour")
                .doesNotContain("acme/frontend");
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("errors.window_count") && "frontend".equals(m.labels().get("group")))
                .singleElement().extracting(Measurement::value).isEqualTo(2.0);
        assertThat(sentry.requestsTo("/stats_v2/")).allSatisfy(s -> assertThat(s.query()).containsEntry("field", "sum(quantity)")
                .containsEntry("groupBy", "outcome").containsEntry("interval", "1h"));
        assertThat(sentry.requestsTo("/stats_v2/")).filteredOn(s -> "error".equals(s.query().get("category")))
                .as("a week of hours, the window's and the hour in progress").hasSize(2)
                .allSatisfy(s -> assertThat(s.query()).containsEntry("statsPeriod", "170h"));
        assertThat(sentry.seen()).allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(sentry.seen()).as("Sentry documents no ETags: no conditional request")
                .allSatisfy(s -> assertThat(s.header("if-none-match")).isNull());
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("api.rate_limit_remaining")).singleElement()
                .satisfies(m -> assertThat(m.labels()).containsEntry("source", "sentry"));
    }

    @Test
    void the_error_rate_against_the_projects_transactions_is_judged_and_without_transactions_it_is_not() {
        quietWeek();
        sentry.events("4501", "error", "accepted", now.minusSeconds(120), 120);
        CheckResult r = run(load(config("projects: backend")));

        Finding rate = of(r, "errors.rate").stream().findFirst().orElseThrow();
        assertThat(rate.severity()).as("122 errors over 1,000 transactions: above 001's 5 %").isEqualTo(Severity.CRITICAL);
        assertThat(rate.subject()).isEqualTo("acme/backend");
        assertThat(rate.evidence()).containsEntry("source", "sentry").containsEntry("transactions", 1000L).containsEntry("errors", 122L);

        sentry.project("4503", "worker"); // no performance monitoring: errors only
        sentry.rolling("4503", "error", 2, 24 * 7 + 2, 0, 0);
        sentry.events("4503", "error", "accepted", now.minusSeconds(120), 120);
        CheckResult noTotal = run(load(config("projects: worker")));
        assertThat(of(noTotal, "errors.spike")).isNotEmpty();
        assertThat(of(noTotal, "errors.rate")).as("no transactions: no total to judge a rate by").isEmpty();
        assertThat(noTotal.measurements()).filteredOn(m -> m.metric().equals("errors.requests")).singleElement()
                .extracting(Measurement::value).isEqualTo(0.0);
        assertThat(noTotal.measured("errors.rate_percent")).isFalse();
    }

    @Test
    void every_page_of_projects_is_followed_across_three_pages_and_a_next_link_without_results_ends_it() {
        for (int i = 0; i < 250; i++) {
            sentry.project(String.valueOf(5000 + i), "service-" + i);
        }
        CheckResult r = run(load(config("projects: service-249")));

        assertThat(r.error()).isNull();
        assertThat(sentry.requestsTo("/projects/")).extracting(s -> s.query().getOrDefault("cursor", "first"))
                .as("three pages; the third's next link says results=\"false\"").containsExactly("first", "0:100:0", "0:200:0");
        assertThat(sentry.requestsTo("/stats_v2/")).allSatisfy(s -> assertThat(s.query()).containsEntry("project", "5249"));
    }

    @Test
    void a_429_with_retry_after_is_waited_out_within_the_timeout_and_the_check_goes_on() {
        quietWeek();
        sentry.rateLimitNext(1, "1");
        CheckResult r = run(load(config("projects: backend\ntimeout: 20s")));

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(sentry.seen()).extracting(ApiStandIn.Seen::status).startsWith(429, 200);
    }

    @Test
    void a_rate_limit_longer_than_the_timeout_is_unknown_with_sentrys_words() {
        sentry.rateLimitNext(5, "120");
        CheckResult r = run(load(config("projects: backend\ntimeout: 5s")));

        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("429", "You are attempting to use this endpoint too frequently", "next run tries again");
        assertThat(sentry.seen()).hasSize(1);
    }

    @Test
    void a_401_is_unknown_with_sentrys_own_message() throws Exception {
        try (SentryStandIn other = new SentryStandIn("sntrys_someoneElsesToken", "acme")) {
            CheckResult r = run(load(config("projects: backend").replace(sentry.url(), other.url())));

            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.findings()).isEmpty();
            assertThat(r.error()).contains("Sentry answered 401", "Invalid token", "token").doesNotContain(TOKEN);
        }
    }

    @Test
    void a_slow_api_is_cut_at_the_checks_timeout() {
        sentry.delay(Duration.ofSeconds(5));
        long started = System.nanoTime();
        CheckResult r = run(load(config("projects: backend\ntimeout: 1s")));

        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("Sentry did not answer within the check's timeout of 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void a_project_the_organization_does_not_have_is_unknown_naming_those_it_has() {
        CheckResult r = run(load(config("projects: [backend, backnd]")));

        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("Sentry organization acme has no project 'backnd'", "its projects: backend, frontend");
    }

    @Test
    void new_issues_without_the_store_are_those_first_seen_within_the_window_of_the_environment() {
        quietWeek();
        sentry.issue("7001", "backend", "TypeError: Cannot read properties of undefined (reading 'id')", "app/api/orders/route.ts in GET",
                "error", now.minus(20, ChronoUnit.MINUTES), 14, "production");
        sentry.issue("7002", "backend", "Old: ECONNRESET", "lib/db.ts", "error", now.minus(3, ChronoUnit.DAYS), 900, "production");
        sentry.issue("7003", "backend", "Staging only", "lib/x.ts", "error", now.minus(10, ChronoUnit.MINUTES), 3, "staging");

        CheckResult r = run(load(config("projects: backend\nenvironment: production")));

        assertThat(of(r, "errors.new_issue")).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("7001");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence()).containsEntry("source", "sentry").containsEntry("title", "TypeError: Cannot read properties of undefined (reading 'id')")
                    .containsEntry("culprit", "app/api/orders/route.ts in GET").containsEntry("count", 14L).containsEntry("level", "error")
                    .containsEntry("project", "backend").containsEntry("permalink", "https://acme.sentry.io/issues/7001/")
                    .containsKey("first_seen");
            assertThat(f.message()).contains("new Sentry issue in backend: TypeError", "https://acme.sentry.io/issues/7001/");
        });
        assertThat(sentry.requestsTo("/issues/")).singleElement().satisfies(s -> assertThat(s.query())
                .containsEntry("environment", "production").containsEntry("sort", "new").containsEntry("project", "4501"));
    }

    @Test
    void bad_keys_are_named_with_what_to_write() {
        assertThatThrownBy(() -> load("""
                checks:
                  a: {type: errors, source: sentri, organization: acme, projects: backend}
                  b: {type: errors, source: sentry, organization: acme}
                  c: {type: errors, source: sentry, organization: acme, projects: backend, window: 90m}
                  d: {type: errors, source: sentry, organization: acme, projects: backend, table: error_logs}
                  e: {type: errors, source: sentry, organization: "Acme Inc", projects: "Back End"}
                  f: {type: errors, source: sentry, organization: acme, projects: backend, window: 6h, baseline: 12h}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("'checks.f' needs 'token'", "read-only scopes org:read and event:read")
                .hasMessageContaining("'baseline' must cover at least 3 windows")
                .hasMessageContaining("unknown source 'sentri' for type errors (did you mean 'sentry'?)")
                .hasMessageContaining("'checks.b' needs 'projects'")
                .hasMessageContaining("'window' must be whole hours")
                .hasMessageContaining("unknown key 'table' in 'checks.d'")
                .hasMessageContaining("'Acme Inc' is not an organization slug")
                .hasMessageContaining("'Back End' is not a project slug");
    }
}
