package dev.caretaker.check.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.demo.api.GithubStandIn;
import dev.caretaker.SecretRun;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The GitHub token reaches GitHub's {@code Authorization} header and nothing else: not a finding, an error, the stored
 * result, a report in any format, or a log line (at debug level, every request logged).
 */
@ExtendWith(TestDatabases.class)
class GithubActionsSecretTest {
    static final String TOKEN = "ghp_An0therT0kenNeverToBeShown";

    @Test
    void the_token_is_in_no_output_of_a_run_that_finds_a_failure_and_one_that_is_refused(TestDatabase db, Store store) throws Exception {
        try (GithubStandIn github = new GithubStandIn(TOKEN); GithubStandIn refusing = new GithubStandIn("ghp_notTheOneConfigured")) {
            Instant now = Instant.now();
            for (int i = 0; i < 10; i++) {
                github.run("acme/shop", 10 + i, "Deploy", "deploy.yml", i % 2 == 0 ? "failure" : "success",
                        now.minus(10L * i + 1, ChronoUnit.MINUTES), 2);
            }
            github.job("acme/shop", 10, "deploy", "failure", Map.of("Run migrations", "failure"));
            CaretakerConfig config = new ConfigLoader(Map.of("GITHUB_TOKEN", TOKEN), Engine.KINDS).parse("test.yml", Path.of("test.yml"), """
                    system: gh-%s
                    checks:
                      ci:
                        type: jobs
                        source: github-actions
                        repository: acme/shop
                        base_url: %s
                        token: ${GITHUB_TOKEN}
                        workflows: [deploy.yml]
                      ci-refused:
                        type: jobs
                        source: github-actions
                        repository: acme/shop
                        base_url: %s
                        token: ${GITHUB_TOKEN}
                    """.formatted(db.name(), github.url(), refusing.url()));

            SecretRun run = SecretRun.of(store, config);

            assertThat(github.seen()).isNotEmpty().allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + TOKEN));
            CheckResult ci = run.result("ci");
            CheckResult refused = run.result("ci-refused");
            assertThat(ci.status()).isEqualTo(Status.CRITICAL);
            assertThat(refused.status()).isEqualTo(Status.UNKNOWN);
            assertThat(refused.error()).contains("Bad credentials");
            List<String> outputs = run.outputs();
            assertThat(outputs).as("the run found the failure and said so").anySatisfy(o -> assertThat(o).contains("Run migrations"));
            assertThat(run.logLines()).as("requests are logged at debug level").anySatisfy(l -> assertThat(l)
                    .contains("GitHub GET /repos/acme/shop/actions/runs"));
            assertThat(outputs).allSatisfy(o -> assertThat(o).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(4)));
        }
    }
}
