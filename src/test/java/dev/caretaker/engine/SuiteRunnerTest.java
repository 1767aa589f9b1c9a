package dev.caretaker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.Check;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.class)
class SuiteRunnerTest {
    static final String CONFIG = """
            databases:
              app:
                url: ${DB}
                allow_privileged: true   # the test server's superuser; the run's (roles) result says so as information
            checks:
              broken:
                type: http
                url: http://127.0.0.1:1/
              stuck:
                type: http
                url: http://127.0.0.1:1/
              db:
                type: postgres
                database: app
            suites:
              nightly:
                checks: [db, broken, stuck]
            """;

    @Test
    void a_check_that_throws_or_hangs_is_unknown_and_the_run_goes_on_in_suite_order(TestDatabase db) {
        CaretakerConfig config = db.config(CONFIG);
        List<String> progress = new CopyOnWriteArrayList<>();
        SuiteRunner runner = new SuiteRunner(Clock.systemUTC(), 2, new SuiteRunner.Progress() {
            @Override
            public void finished(CheckResult result, int done, int total) {
                progress.add(result.name());
            }
        }, cc -> switch (cc.name()) {
            case "broken" -> failing(cc.name());
            case "stuck" -> hanging(cc.name());
            default -> Checks.create(cc);
        });
        RunResult run;
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
            run = runner.run(config, "nightly", dbs, Duration.ofMillis(800));
        }
        assertThat(run.results()).extracting(CheckResult::name).as("Caretaker's own check of its roles comes last")
                .containsExactly("db", "broken", "stuck", "(roles)");
        assertThat(run.results().get(3).findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("caretaker.privileged_role");
            assertThat(f.severity()).isEqualTo(dev.caretaker.config.Severity.INFO);
            assertThat(f.message()).startsWith("checks on database 'app' run as role caretaker, which is a superuser")
                    .contains("allowed by databases.app.allow_privileged");
        });
        assertThat(run.results().get(1).status()).isEqualTo(Status.UNKNOWN);
        assertThat(run.results().get(1).error()).contains("the check failed").contains("planted bug");
        assertThat(run.results().get(2).error()).contains("deadline of 800ms passed before this check finished");
        assertThat(run.status()).isEqualTo(Status.UNKNOWN);
        assertThat(run.healthScore()).isEqualTo(Math.round((100 + 50 + 50 + 100) / 4.0));
        assertThat(progress).contains("db", "broken");
    }

    private static Check failing(String name) {
        return planted(name, () -> {
            throw new IllegalStateException("planted bug");
        });
    }

    private static Check hanging(String name) {
        return planted(name, () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("woke up");
        });
    }

    /** A check whose run is {@code body}, which never returns normally. */
    private static Check planted(String name, Runnable body) {
        return new Check() {
            public String name() {
                return name;
            }

            public String type() {
                return "http";
            }

            public CheckResult run(CheckContext context) {
                body.run();
                throw new AssertionError("unreachable");
            }
        };
    }
}
