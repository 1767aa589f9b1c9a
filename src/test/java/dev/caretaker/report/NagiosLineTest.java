package dev.caretaker.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The first line of {@code caretaker check} read as the Monitoring Plugins development guidelines define it:
 * {@code SERVICE STATUS - text | 'label'=value[UOM];[warn];[crit];[min];[max] …}, one line, the status word the exit code's.
 */
class NagiosLineTest {
    private static final String NUM = "-?[0-9]+(?:\\.[0-9]+)?";
    private static final String RANGE = "@?(?:~|" + NUM + ")?(?::(?:" + NUM + ")?)?";
    /** One item of performance data: a label (quoted when it has spaces; never '=' or a quote inside), a value, a unit of the guidelines. */
    private static final String ITEM = "(?:'[^'=]+'|[^'=\\s|]+)=" + NUM + "(?:s|ms|us|%|B|KB|MB|TB|c)?(?:;" + RANGE + "){0,2}(?:;(?:" + NUM + ")?){0,2}";
    private static final Pattern LINE = Pattern.compile("CARETAKER (OK|WARNING|CRITICAL|UNKNOWN) - ([^|\\n\\r]+?)(?: \\| (" + ITEM + "(?: " + ITEM + ")*))?");
    private static final Pattern ONE_ITEM = Pattern.compile("('[^'=]+'|[^'=\\s|]+)=(" + NUM + ")([a-zA-Z%]*);([^;\\s]*);([^;\\s]*)");
    private static final String SECRET = "hunter2-secret";

    private static CaretakerConfig config() {
        return Engine.configLoader(Map.of("DB_PW", SECRET)).parse("caretaker.yml", Path.of("caretaker.yml"), """
                system: shop
                databases:
                  app: {url: "postgresql://127.0.0.1/app", user: watcher, password: "${DB_PW}"}
                checks:
                  db:
                    type: postgres
                    database: app
                    thresholds: {connection_usage: {warning: 70%, critical: 90%}}
                  crm: {type: http, url: "http://127.0.0.1:9/"}
                rules:
                  - {name: crm-slow, when: 'http.latency_ms{check="crm"} > 800', severity: warning}
                  - {name: crm-very-slow, when: 'http.latency_ms{check="crm"} > 2000', severity: critical}
                """);
    }

    private static RunOutcome run(List<CheckResult> results) {
        return RunOutcome.of(RunResult.of("shop", "all", Instant.EPOCH, Instant.EPOCH, results));
    }

    private static CheckResult db(Status status, Finding... findings) {
        return new CheckResult("db", "postgres", status, 5, null, List.of(
                Measurement.of("postgres.connection_usage_percent", 42.5, "database", "app"),
                Measurement.of("postgres.dead_tuple_percent", 31, "database", "app", "table", "public.\"Order's = items\""),
                Measurement.of("postgres.longest_transaction_seconds", 12, "database", "app"),
                Measurement.of("postgres.connections", 17, "database", "app")), List.of(findings));
    }

    private static Matcher parse(String line) {
        Matcher m = LINE.matcher(line);
        assertThat(m.matches()).as("'%s' follows the guidelines' grammar", line).isTrue();
        return m;
    }

    @Test
    void the_line_follows_the_plugin_grammar_with_thresholds_units_and_quoted_labels() {
        CaretakerConfig config = config();
        Finding leak = new Finding("postgres.long_transaction", Severity.CRITICAL, "pid 7",
                "transaction of pid 7 (password " + SECRET + ")\nhas been open | 40m", Map.of());
        Finding bloat = new Finding("postgres.table_bloat", Severity.WARNING, "public.items", "public.items is 31% dead rows", Map.of());
        CheckResult crm = new CheckResult("crm", "http", Status.WARNING, 900, null,
                List.of(Measurement.of("http.latency_ms", 912)), List.of(new Finding("http.slow", Severity.WARNING, "", "slow\r\nanswer", Map.of())));
        RunOutcome outcome = run(List.of(db(Status.CRITICAL, leak, bloat), crm));
        String line = NagiosLine.render(outcome, PerfLimits.of(config), config.secrets()::redact);

        Matcher m = parse(line);
        assertThat(m.group(1)).isEqualTo("CRITICAL");
        assertThat(Status.valueOf(m.group(1)).exitCode()).isEqualTo(outcome.run().status().exitCode()).isEqualTo(2);
        assertThat(m.group(2)).startsWith("1 critical, 2 warning: db: transaction of pid 7");
        assertThat(line).doesNotContain(SECRET).doesNotContain("\n").doesNotContain("\r");

        Map<String, String[]> items = new java.util.LinkedHashMap<>();
        Matcher item = ONE_ITEM.matcher(m.group(3));
        while (item.find()) {
            items.put(item.group(1), new String[] {item.group(2), item.group(3), item.group(4), item.group(5)});
        }
        assertThat(items).containsOnlyKeys("'db connection_usage_percent app'", "'db dead_tuple_percent app public.\"Order_s _ items\"'",
                "'db longest_transaction_seconds app'", "'crm latency_ms'");
        assertThat(items.get("'db connection_usage_percent app'")).containsExactly("42.5", "%", "70", "90");
        assertThat(items.get("'db dead_tuple_percent app public.\"Order_s _ items\"'")).containsExactly("31", "%", "20", "50");
        assertThat(items.get("'db longest_transaction_seconds app'")).containsExactly("12", "s", "300", "1800");
        assertThat(items.get("'crm latency_ms'")).containsExactly("912", "ms", "800", "2000");
    }

    @Test
    void each_status_word_is_the_exit_code_check_returns() {
        CaretakerConfig config = config();
        List<RunOutcome> runs = new ArrayList<>();
        runs.add(run(List.of(db(Status.OK))));
        runs.add(run(List.of(db(Status.WARNING, new Finding("postgres.table_bloat", Severity.WARNING, "t", "t is bloated", Map.of())))));
        runs.add(run(List.of(db(Status.CRITICAL, new Finding("postgres.xid_wraparound", Severity.CRITICAL, "app", "wraparound near", Map.of())))));
        runs.add(run(List.of(new CheckResult("crm", "http", Status.UNKNOWN, 1, "cannot read ca_file /x.pem", List.of(), List.of()))));
        List<String> words = List.of("OK", "WARNING", "CRITICAL", "UNKNOWN");
        for (int code = 0; code < runs.size(); code++) {
            String line = NagiosLine.render(runs.get(code), PerfLimits.of(config), config.secrets()::redact);
            Matcher m = parse(line);
            assertThat(m.group(1)).isEqualTo(words.get(code));
            assertThat(runs.get(code).run().status().exitCode()).as(line).isEqualTo(code);
        }
        assertThat(NagiosLine.render(runs.get(0), PerfLimits.of(config), config.secrets()::redact)).startsWith("CARETAKER OK - 1 check ok | ");
        assertThat(NagiosLine.render(runs.get(3), PerfLimits.NONE, s -> s)).isEqualTo("CARETAKER UNKNOWN - 1 unknown: crm: cannot read ca_file /x.pem");
    }
}
