package dev.caretaker.check.activity;

import static dev.caretaker.Findings.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.demo.api.ApiStandIn;
import dev.caretaker.demo.api.GithubStandIn;
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
import dev.caretaker.engine.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code type: jobs, source: github-actions} against a stand-in of GitHub's REST API on 127.0.0.1 ({@link GithubStandIn}
 * names the documents and sections each answer follows).
 */
class GithubActionsSourceTest {
    static final String TOKEN = "ghp_T0kenThatMustNeverBeShown42";
    static final String REPO = "acme/shop";

    GithubStandIn github;
    final Instant now = Instant.now();

    @BeforeEach
    void start() throws Exception {
        github = new GithubStandIn(TOKEN);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    static CaretakerConfig load(String yaml) {
        return new ConfigLoader(Map.of("GH_TOKEN", TOKEN), Engine.KINDS).parse("test.yml", Path.of("test.yml"), yaml);
    }

    /** A github-actions check {@code ci} on the stand-in, with {@code extra} keys (workflows …). */
    String config(String extra) {
        return """
                checks:
                  ci:
                    type: jobs
                    source: github-actions
                    base_url: %s
                    token: ${GH_TOKEN}
                """.formatted(github.url()) + extra.indent(4);
    }

    static CheckResult run(CaretakerConfig config) {
        return Checks.create(config.checks().get("ci")).run(new CheckContext(Clock.systemUTC(), null, config.secrets()));
    }

    /** {@code n} hourly runs of a workflow, the newest {@code minutesAgo} old; every run in {@code failing} failed. */
    void hourly(String repo, long firstId, String name, String file, int n, int minutesAgo, List<Integer> failing) {
        for (int i = 0; i < n; i++) {
            github.run(repo, firstId + i, name, file, failing.contains(i) ? "failure" : "success",
                    now.minus(minutesAgo + 60L * i, ChronoUnit.MINUTES), 3 + i % 4);
        }
    }

    @Test
    void a_workflow_under_90_percent_is_critical_with_its_failed_job_step_and_run_page_and_a_healthy_one_raises_nothing() {
        hourly(REPO, 100, "Order import", "order-import.yml", 20, 10, List.of());
        hourly(REPO, 200, "Fulfilment push", "fulfilment-push.yml", 10, 5, List.of(1, 4, 7));
        github.job(REPO, 201, "build", "success", Map.of("Set up job", "success"));
        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("Set up job", "success");
        steps.put("Push to Shopify", "failure");
        steps.put("Post run", "skipped");
        github.job(REPO, 201, "push-orders", "failure", steps);

        CheckResult r = run(load(config("""
                repository: acme/shop
                workflows:
                  order-import.yml: {every: 1h}
                  Fulfilment push: {}
                """)));

        assertThat(r.error()).isNull();
        Finding f = of(r, "jobs.failure_rate").stream().filter(x -> x.subject().equals("acme/shop/Fulfilment push")).findFirst().orElseThrow();
        assertThat(f.severity()).as("7 of 10 is under manual 002's 90 % alert line").isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence()).containsEntry("source", "github-actions").containsEntry("repository", REPO)
                .containsEntry("failed_job", "push-orders").containsEntry("failed_step", "Push to Shopify")
                .containsEntry("last_failure_url", "https://github.com/acme/shop/actions/runs/201")
                .containsEntry("runs", 10L).containsEntry("successes", 7L);
        assertThat(f.message()).contains("workflow Fulfilment push of acme/shop succeeded in 7 of 10 runs",
                "job push-orders, step Push to Shopify",
                "https://github.com/acme/shop/actions/runs/201");
        assertThat(r.findings()).as("the healthy workflow raises nothing").extracting(Finding::subject)
                .doesNotContain("acme/shop/order-import.yml");
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("jobs.success_rate_percent") && "acme/shop/order-import.yml"
                .equals(m.labels().get("job"))).singleElement().extracting(Measurement::value).isEqualTo(100.0);
        assertThat(r.measurements()).extracting(Measurement::metric).contains("jobs.duration_p95_seconds", "jobs.last_success_age_seconds",
                "api.rate_limit_remaining");
        assertThat(github.seen()).allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(github.requestsTo("/jobs")).as("only the failing workflow's last failed run is opened").hasSize(1);
    }

    @Test
    void every_page_is_followed_by_its_link_header_across_three_pages() {
        hourly(REPO, 1000, "CI", "ci.yml", 250, 1, List.of()); // 250 runs in the last 250 hours: window 11 days
        CheckResult r = run(load(config("repository: acme/shop\nwindow: 11d\nworkflows: [ci.yml]")));

        assertThat(r.error()).isNull();
        assertThat(github.requestsTo("/actions/runs")).extracting(s -> s.query().getOrDefault("page", "1")).containsExactly("1", "2", "3");
        assertThat(github.requestsTo("/actions/runs")).allSatisfy(s -> assertThat(s.query()).containsEntry("per_page", "100"));
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("jobs.runs")).singleElement().extracting(Measurement::value)
                .isEqualTo(250.0);
    }

    @Test
    void a_second_run_on_unchanged_runs_is_answered_304_throughout_and_judges_the_same() {
        hourly(REPO, 300, "Inventory sync", "inventory-sync.yml", 10, 5, List.of(0, 3));
        github.job(REPO, 300, "sync", "failure", Map.of("Pull stock", "failure"));
        CaretakerConfig config = load(config("repository: acme/shop\nworkflows:\n  inventory-sync.yml: {every: 1h}"));
        CheckResult first = run(config);
        int before = github.seen().size();

        CheckResult second = run(config);

        List<ApiStandIn.Seen> again = github.seen().subList(before, github.seen().size());
        assertThat(again).isNotEmpty().allSatisfy(s -> {
            assertThat(s.header("if-none-match")).as(s.path()).isNotBlank();
            assertThat(s.status()).as(s.path()).isEqualTo(304);
        });
        assertThat(second.findings()).isNotEmpty().isEqualTo(first.findings());
        assertThat(second.status()).isEqualTo(first.status()).isEqualTo(Status.CRITICAL);
        assertThat(second.measurements()).filteredOn(m -> m.metric().equals("api.rate_limit_remaining")).singleElement()
                .as("a 304 costs nothing: the budget is where the first run left it")
                .extracting(Measurement::value).isEqualTo(first.measurements().stream()
                        .filter(m -> m.metric().equals("api.rate_limit_remaining")).findFirst().orElseThrow().value());
    }

    @Test
    void a_429_with_retry_after_is_waited_out_within_the_timeout_and_the_check_goes_on() {
        hourly(REPO, 400, "CI", "ci.yml", 5, 5, List.of());
        github.rateLimitNext(1, "1");
        CheckResult r = run(load(config("repository: acme/shop\ntimeout: 20s\nworkflows: [ci.yml]")));

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(github.seen()).extracting(ApiStandIn.Seen::status).startsWith(429, 200);
    }

    @Test
    void a_retry_after_longer_than_the_timeout_is_unknown_with_githubs_words_at_once() {
        hourly(REPO, 450, "CI", "ci.yml", 5, 5, List.of());
        github.rateLimitNext(5, "120");
        long started = System.nanoTime();
        CheckResult r = run(load(config("repository: acme/shop\ntimeout: 10s\nworkflows: [ci.yml]")));

        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("429", "You have exceeded a secondary rate limit", "2m", "next run tries again");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no waiting for a wait that cannot fit").isLessThan(Duration.ofSeconds(5));
        assertThat(github.seen()).hasSize(1);
    }

    @Test
    void a_401_is_unknown_with_githubs_own_message() throws Exception {
        hourly(REPO, 500, "CI", "ci.yml", 5, 5, List.of());
        try (GithubStandIn other = new GithubStandIn("ghp_someoneElsesToken")) {
            CaretakerConfig config = load(config("repository: acme/shop\nworkflows: [ci.yml]").replace(github.url(), other.url()));
            CheckResult r = run(config);

            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.findings()).isEmpty();
            assertThat(r.error()).contains("GitHub answered 401", "Bad credentials", "https://docs.github.com/rest", "token")
                    .doesNotContain(TOKEN);
        }
    }

    @Test
    void a_slow_api_is_cut_at_the_checks_timeout() {
        hourly(REPO, 600, "CI", "ci.yml", 5, 5, List.of());
        github.delay(java.time.Duration.ofSeconds(5));
        long started = System.nanoTime();
        CheckResult r = run(load(config("repository: acme/shop\ntimeout: 1s\nworkflows: [ci.yml]")));

        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("did not answer within the check's timeout of 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void a_workflow_that_stopped_is_stale_by_its_cron_and_one_that_ran_is_not() {
        github.run(REPO, 700, "Nightly report", "nightly.yml", "success", now.minus(Duration.ofDays(4)), 2); // before the window
        github.run(REPO, 800, "Backup", "backup.yml", "success", now.minus(Duration.ofMinutes(30)), 2);
        github.workflow(REPO, "Nightly report", "nightly.yml");
        github.workflow(REPO, "Backup", "backup.yml");
        CheckResult r = run(load(config("""
                repository: acme/shop
                workflows:
                  Nightly report: {cron: "0 2 * * *"}
                  backup.yml: {cron: "0 * * * *"}
                """)));

        Finding stale = of(r, "jobs.stale").stream().filter(f -> f.subject().equals("acme/shop/Nightly report")).findFirst().orElseThrow();
        assertThat(stale.severity()).as("three nightly runs are missing").isEqualTo(Severity.CRITICAL);
        assertThat(stale.evidence()).containsEntry("schedule", "cron 0 2 * * *").containsEntry("source", "github-actions")
                .containsEntry("last_run", now.minus(Duration.ofDays(4)).toString())
                .containsEntry("last_run_url", "https://github.com/acme/shop/actions/runs/700");
        assertThat(stale.message()).contains("workflow Nightly report of acme/shop last ran 4d");
        assertThat(of(r, "jobs.stale")).extracting(Finding::subject).as("the hourly backup ran half an hour ago")
                .doesNotContain("acme/shop/backup.yml");
    }

    @Test
    void several_repositories_are_judged_in_one_check_each_workflow_on_its_own() {
        hourly("acme/shop-eu", 900, "Order import", "order-import.yml", 10, 5, List.of());
        hourly("acme/shop-us", 950, "Order import", "order-import.yml", 10, 5, List.of(0, 1, 2, 3));
        CheckResult r = run(load(config("repositories: [acme/shop-eu, acme/shop-us]\nworkflows: [order-import.yml]")));

        assertThat(of(r, "jobs.failure_rate")).extracting(Finding::subject).containsExactly("acme/shop-us/order-import.yml");
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("jobs.runs")).extracting(m -> m.labels().get("job"))
                .containsExactlyInAnyOrder("acme/shop-eu/order-import.yml", "acme/shop-us/order-import.yml");
    }

    @Test
    void an_unlisted_workflow_is_named_as_the_list_names_them_so_it_can_be_pasted_there() {
        hourly(REPO, 1100, "Order import", "order-import.yml", 5, 5, List.of());
        hourly(REPO, 1200, "Inventory sync (trial)", "inventory-sync.yml", 3, 10, List.of());

        CheckResult byFile = run(load(config("repository: acme/shop\nworkflows: [order-import.yml]")));
        Finding f = of(byFile, "jobs.unlisted").get(0);
        assertThat(f.subject()).isEqualTo("acme/shop/inventory-sync.yml");
        assertThat(f.message()).contains("workflow inventory-sync.yml (Inventory sync (trial)) of acme/shop ran 3 time(s)",
                "add inventory-sync.yml to watch it");

        CheckResult byName = run(load(config("repository: acme/shop\nworkflows: [Order import]")));
        assertThat(of(byName, "jobs.unlisted")).extracting(Finding::subject).containsExactly("acme/shop/Inventory sync (trial)");
    }

    @Test
    void a_listed_workflow_that_did_not_run_is_looked_up_so_a_misspelt_name_branch_or_file_is_said_not_taken_for_ok() {
        github.workflow(REPO, "Order import", "order-import.yml");
        github.workflow(REPO, "Weekly export", "export.yml");
        hourly(REPO, 1300, "Order import", "order-import.yml", 5, 5, List.of());
        github.run(REPO, 1400, "Weekly export", "export.yml", "success", now.minus(3, ChronoUnit.DAYS), 4);

        CheckResult quiet = run(load(config("repository: acme/shop\nworkflows:\n  order-import.yml: {}\n  export.yml: {}")));
        assertThat(quiet.error()).isNull();
        assertThat(of(quiet, "jobs.no_runs")).singleElement().satisfies(f -> {
            assertThat(f.severity()).as("it ran before the window: a quiet day, said").isEqualTo(Severity.INFO);
            assertThat(f.subject()).isEqualTo("acme/shop/export.yml");
            assertThat(f.message()).contains("did not run in the last 1d; it last ran 3d").contains("/actions/runs/1400");
        });

        CheckResult branch = run(load(config("repository: acme/shop\nbranch: mian\nworkflows:\n  order-import.yml: {}")));
        assertThat(of(branch, "jobs.no_runs")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).isEqualTo("workflow order-import.yml of acme/shop has never run on branch mian; check the workflow's "
                    + "name or file and the check's 'branch' and 'event'");
        });
        assertThat(branch.status()).isEqualTo(Status.WARNING);

        CheckResult typo = run(load(config("repository: acme/shop\nworkflows:\n  order-import.yml: {}\n  order-imprt.yml: {}")));
        assertThat(typo.status()).isEqualTo(Status.UNKNOWN);
        assertThat(typo.error()).contains("acme/shop has no workflow file order-imprt.yml");
        assertThat(typo.measurements()).as("the workflow that is there is still judged").anySatisfy(m ->
                assertThat(m.labels()).containsEntry("job", "acme/shop/order-import.yml"));
    }

    @Test
    void a_window_holding_more_runs_than_github_lists_for_one_query_is_said() {
        github.limitListing(1000); // "List workflow runs for a repository": up to 1,000 results with the created filter
        hourly(REPO, 5000, "CI", "ci.yml", 1005, 1, List.of());
        CheckResult r = run(load(config("repository: acme/shop\nwindow: 60d\nworkflows: [ci.yml]")));
        assertThat(of(r, "jobs.runs_capped")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("GitHub lists at most 1000 runs of acme/shop for one query", "shorten 'window'");
        });
        assertThat(run(load(config("repository: acme/shop\nwindow: 1d\nworkflows: [ci.yml]"))).findings())
                .extracting(Finding::code).doesNotContain("jobs.runs_capped");
    }

    @Test
    void a_bad_source_or_a_table_key_on_github_actions_is_named_with_what_to_write() {
        assertThatThrownBy(() -> load("""
                checks:
                  a: {type: jobs, source: github-action, repository: acme/shop}
                  b: {type: jobs, source: github-actions, repository: acme/shop, table: job_runs}
                  c: {type: jobs, source: github-actions, repository: shop}
                  d: {type: jobs, source: github-actions}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown source 'github-action' for type jobs (did you mean 'github-actions'?); "
                        + "sources: table, github-actions")
                .hasMessageContaining("unknown key 'table' in 'checks.b'")
                .hasMessageContaining("'shop' is not a repository; write OWNER/NAME, e.g. acme/shop")
                .hasMessageContaining("'checks.d' needs 'repository'");
    }

    @Test
    void a_repository_listed_twice_in_any_case_is_named_once_and_distinct_ones_are_fine() {
        assertThatThrownBy(() -> load("""
                checks:
                  ci: {type: jobs, source: github-actions, repositories: [acme/Shop, acme/billing, acme/shop]}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'checks.ci.repositories' lists one repository twice: 'acme/Shop' and 'acme/shop' (GitHub's "
                        + "names ignore case); keep one");
        assertThat(load("""
                checks:
                  ci: {type: jobs, source: github-actions, repositories: [acme/shop, acme/billing], token: x}
                """).checks()).containsKey("ci");
    }
}
