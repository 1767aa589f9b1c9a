package dev.caretaker.check.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.demo.api.SupabaseStandIn;
import dev.caretaker.engine.Engine;
import dev.caretaker.report.JsonReport;
import dev.caretaker.report.ReportFormat;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The Supabase access token reaches the Management API's {@code Authorization} header and nothing else: not a finding, an
 * error, the stored result, a report in any format, or a log line (at debug level, every request logged).
 */
@ExtendWith(TestDatabases.class)
class SupabaseSecretTest {
    static final String TOKEN = "sbp_f00dfaceNeverToBeShown0123456789ab";
    static final String REF = "qrstuvwxyzabcdefghij";

    @Test
    void the_token_is_in_no_output_of_a_run_that_finds_problems_and_one_that_is_refused(TestDatabase db, Store store) throws Exception {
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(logs);
        seen.start();
        ch.qos.logback.classic.Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger caretaker = logs.getLogger("dev.caretaker");
        Level level = caretaker.getLevel();
        root.addAppender(seen);
        caretaker.setLevel(Level.DEBUG);
        try (SupabaseStandIn supabase = new SupabaseStandIn(TOKEN, REF); SupabaseStandIn refusing = new SupabaseStandIn("sbp_other", REF)) {
            supabase.service("realtime", "UNHEALTHY", "replication slot lagging");
            supabase.function("monitor-keywords");
            supabase.invocations("monitor-keywords", 20, 500, Duration.ofMillis(300), Instant.now(), Duration.ofMinutes(30));
            supabase.lint("security", "auth_allow_anonymous_sign_ins", "Allow Anonymous Sign-Ins", "WARN", "SECURITY",
                    "Anonymous sign-ins are enabled", Map.of("type", "auth"));
            CaretakerConfig config = new ConfigLoader(Map.of("SUPABASE_ACCESS_TOKEN", TOKEN), Engine.KINDS).parse("test.yml",
                    Path.of("test.yml"), """
                    system: sb-%s
                    checks:
                      platform:
                        type: supabase
                        project_ref: %s
                        base_url: %s
                        token: ${SUPABASE_ACCESS_TOKEN}
                      platform-refused:
                        type: supabase
                        project_ref: %s
                        base_url: %s
                        token: ${SUPABASE_ACCESS_TOKEN}
                    """.formatted(db.name(), REF, supabase.url(), REF, refusing.url()));

            Engine engine = Pipeline.engine(store, config, Clock.systemUTC()).build();
            RunOutcome outcome = engine.run(new Engine.RunRequest(null, true, null));

            assertThat(supabase.seen()).isNotEmpty().allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + TOKEN));
            CheckResult platform = result(outcome, "platform");
            CheckResult refused = result(outcome, "platform-refused");
            assertThat(platform.status()).isEqualTo(Status.CRITICAL);
            assertThat(refused.status()).isEqualTo(Status.UNKNOWN);
            assertThat(refused.error()).contains("Unauthorized");
            List<String> outputs = new ArrayList<>();
            outputs.add(JsonReport.render(outcome));
            for (ReportFormat f : ReportFormat.values()) {
                outputs.add(f.render(outcome, false));
            }
            outputs.add(String.valueOf(engine.checks().latest("platform").orElseThrow()));
            outputs.add(String.valueOf(engine.checks().latest("platform-refused").orElseThrow()));
            outputs.add(String.valueOf(config.checks()));
            for (ILoggingEvent e : List.copyOf(seen.list)) {
                outputs.add(e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
            }
            assertThat(outputs).as("the run found the problems and said so").anySatisfy(o -> assertThat(o)
                    .contains("replication slot lagging", "monitor-keywords", "auth_allow_anonymous_sign_ins"));
            assertThat(seen.list).as("requests are logged at debug level").anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("Supabase GET /v1/projects/" + REF + "/health"));
            assertThat(outputs).allSatisfy(o -> assertThat(o).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(4)));
        } finally {
            caretaker.setLevel(level);
            root.detachAppender(seen);
        }
    }

    private static CheckResult result(RunOutcome outcome, String name) {
        return outcome.run().results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
