package dev.caretaker.check.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.SecretRun;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.demo.api.SentryStandIn;
import dev.caretaker.engine.Engine;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sentry source through the engine and Caretaker's store: a new issue is told of once, and not again on the next run
 * (what was told is kept in the store); the Sentry token reaches Sentry's {@code Authorization} header and nothing else.
 */
@ExtendWith(TestDatabases.class)
class SentryStoreTest {
    static final String TOKEN = "sntrys_eyJpYXQiOjE3MDAwMDAwMDB9_NeverShown";

    static CaretakerConfig config(TestDatabase db, String url, String refusedUrl) {
        return new ConfigLoader(Map.of("SENTRY_TOKEN", TOKEN), Engine.KINDS).parse("test.yml", Path.of("test.yml"), """
                system: sentry-%s
                checks:
                  sentry:
                    type: errors
                    source: sentry
                    organization: acme
                    projects: [backend]
                    base_url: %s
                    token: ${SENTRY_TOKEN}
                  sentry-refused:
                    type: errors
                    source: sentry
                    organization: acme
                    projects: backend
                    base_url: %s
                    token: ${SENTRY_TOKEN}
                """.formatted(db.name(), url, refusedUrl));
    }

    @Test
    void a_new_issue_is_found_once_and_not_again_on_the_next_run_and_a_newer_one_is(TestDatabase db, Store store) throws Exception {
        Instant now = Instant.now();
        try (SentryStandIn sentry = new SentryStandIn(TOKEN, "acme"); SentryStandIn refusing = new SentryStandIn("sntrys_other", "acme")) {
            sentry.project("4501", "backend");
            sentry.hourly("4501", "error", 2, 24 * 7 + 2, now);
            sentry.issue("7001", "backend", "TypeError: order.items is undefined", "app/api/orders/route.ts in GET", "error",
                    now.minus(20, ChronoUnit.MINUTES), 14, "production");
            Engine engine = Pipeline.engine(store, config(db, sentry.url(), refusing.url()), Clock.systemUTC()).build();

            CheckResult first = result(engine.run(new Engine.RunRequest(null, true, null)), "sentry");
            CheckResult second = result(engine.run(new Engine.RunRequest(null, true, null)), "sentry");
            sentry.issue("7002", "backend", "RangeError: Invalid time value", "lib/dates.ts in format", "error",
                    Instant.now().minusSeconds(30), 2, "production");
            CheckResult third = result(engine.run(new Engine.RunRequest(null, true, null)), "sentry");

            assertThat(first.findings()).filteredOn(f -> f.code().equals("errors.new_issue")).extracting(Finding::subject).containsExactly("7001");
            assertThat(second.error()).isNull();
            assertThat(second.findings()).as("told once: not new on the next run").noneMatch(f -> f.code().equals("errors.new_issue"));
            assertThat(third.findings()).filteredOn(f -> f.code().equals("errors.new_issue")).extracting(Finding::subject).containsExactly("7002");
            assertThat(sentry.requestsTo("/issues/")).hasSize(3).allSatisfy(s -> assertThat(s.query().get("query"))
                    .startsWith("is:unresolved firstSeen:>"));
            // told once, and its incident stays open until a person closes it: the next run's silence is not "resolved"
            assertThat(engine.incidents().list(true, 50)).filteredOn(i -> i.source().equals("errors.new_issue"))
                    .extracting(dev.caretaker.incident.Incident::subject).containsExactlyInAnyOrder("7001", "7002");
        }
    }

    @Test
    void the_token_is_in_no_output_of_a_run_that_finds_a_spike_and_a_new_issue_and_one_that_is_refused(TestDatabase db, Store store)
            throws Exception {
        Instant now = Instant.now();
        try (SentryStandIn sentry = new SentryStandIn(TOKEN, "acme"); SentryStandIn refusing = new SentryStandIn("sntrys_other", "acme")) {
            sentry.project("4501", "backend");
            sentry.rolling("4501", "error", 1, 24 * 7 + 2, 80, 5);
            sentry.issue("7001", "backend", "Error: connect ECONNREFUSED 10.0.0.5:5432", "lib/db.ts in connect", "fatal",
                    now.minus(5, ChronoUnit.MINUTES), 80, "production");
            refusing.project("4501", "backend");

            SecretRun run = SecretRun.of(store, config(db, sentry.url(), refusing.url()));

            assertThat(sentry.seen()).isNotEmpty().allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + TOKEN));
            CheckResult ok = run.result("sentry");
            CheckResult refused = run.result("sentry-refused");
            assertThat(ok.status()).isEqualTo(Status.CRITICAL);
            assertThat(ok.findings()).extracting(Finding::code).contains("errors.spike", "errors.new_issue");
            assertThat(refused.status()).isEqualTo(Status.UNKNOWN);
            assertThat(refused.error()).contains("Invalid token");
            List<String> outputs = new ArrayList<>(run.outputs());
            ok.findings().forEach(f -> outputs.add(f.message() + " " + f.evidence()));
            assertThat(outputs).as("the run said what it found").anySatisfy(o -> assertThat(o).contains("ECONNREFUSED"));
            assertThat(run.logLines()).as("requests are logged at debug level").anySatisfy(l -> assertThat(l)
                    .contains("Sentry GET /api/0/organizations/acme/stats_v2/"));
            assertThat(outputs).allSatisfy(o -> assertThat(o).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(7)));
        }
    }

    private static CheckResult result(RunOutcome outcome, String name) {
        return outcome.run().results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
