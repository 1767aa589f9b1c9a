package dev.caretaker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What validate must refuse or resolve before anything runs: paths, impossible rules, unreadable values, bounds. */
class ConfigGuardsTest {
    @TempDir
    Path dir;

    private CaretakerConfig load(Path file, Map<String, String> env) {
        return Engine.configLoader(env).read(file);
    }

    private List<String> problems(String yaml) throws Exception {
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, yaml);
        try {
            load(f, Map.of());
        } catch (ConfigException e) {
            return e.problems().stream().map(p -> p.toString().substring(f.toString().length() + 1)).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    @Test
    void relative_paths_are_relative_to_the_config_file_and_caretaker_home_is_always_defined() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("etc/caretaker"));
        Path file = conf.resolve("app.yml");
        Files.writeString(file, """
                store: {home: state}
                checks:
                  web: {type: http, url: "https://example.invalid/", ca_file: certs/ca.pem}
                  dumps: {type: backup, path: ../backups}
                  own: {type: http, url: "https://example.invalid/", ca_file: "${DEMO_CA_FILE:-${CARETAKER_HOME}/demo/ca.pem}"}
                suites:
                  nightly: {checks: [web], report: {out: reports}}
                """);
        Path home = dir.resolve("somewhere-else");
        CaretakerConfig c = load(file, Map.of("CARETAKER_HOME", home.toString()));
        assertThat(((HttpCheckConfig) c.checks().get("web")).caFile()).isEqualTo(conf.resolve("certs/ca.pem"));
        assertThat(((BackupCheckConfig.Folder) ((BackupCheckConfig) c.checks().get("dumps")).location()).path()).isEqualTo(dir.resolve("etc/backups"));
        assertThat(c.suites().get("nightly").reportOut()).contains(conf.resolve("reports"));
        assertThat(c.store().home()).as("store.home is relative to the file too").isEqualTo(conf.resolve("state"));
        assertThat(((HttpCheckConfig) c.checks().get("own")).caFile()).as("${CARETAKER_HOME} is the home, absolute")
                .isEqualTo(home.resolve("demo/ca.pem"));
        CaretakerConfig plain = load(file, Map.of());
        assertThat(((HttpCheckConfig) plain.checks().get("own")).caFile())
                .isEqualTo(Path.of(".caretaker").toAbsolutePath().resolve("demo/ca.pem"));
    }

    @Test
    void a_rule_that_can_never_fire_is_refused_with_a_did_you_mean() throws Exception {
        List<String> p = problems("""
                checks:
                  crm: {type: http, url: "https://crm.example/"}
                  db: {type: postgres, database: app}
                databases:
                  app: {url: "jdbc:postgresql://127.0.0.1/app"}
                rules:
                  - {name: a, when: "http.latency > 500"}
                  - {name: b, when: "http.latency_ms{check=\\"crn\\"} > 500"}
                  - {name: c, when: "postgres.connections{check=\\"crm\\"} > 50"}
                  - {name: d, when: "postgres.dead_tuple_percent{tabel=\\"x\\"} > 50"}
                  - {name: e, when: "http.latency_ms = 500"}
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).contains("no check records 'http.latency' (did you mean 'http.latency_ms'?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("names check 'crn', which 'checks' does not define (did you mean 'crm'?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("check 'crm' (type http) does not record postgres.connections"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("has no label 'tabel' (did you mean 'table'?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'=' is not an operator (did you mean '=='?)"));
    }

    @Test
    void baselines_forecasts_and_reports_that_could_never_work_are_refused_with_their_place() throws Exception {
        List<String> p = problems("""
                checks:
                  crm: {type: http, url: "https://crm.example/"}
                databases:
                  app: {url: "jdbc:postgresql://127.0.0.1/app"}
                  two: {url: "jdbc:postgresql://127.0.0.1/two"}
                notify:
                  channels:
                    ops: {type: email, to: [ops@shop.example]}
                baselines:
                  - {metric: http.latency, check: crm}
                  - {metric: http.latency_ms, check: crn, sensitivity: 0}
                  - {metric: http.latency_ms, window: 2d, min_history: 7d, direction: up}
                forecasts:
                  horizon: 7d
                  urgent: 14d
                  series:
                    - {metric: http.latency_ms}
                    - {metric: http.latency_ms, limit: lots}
                reports:
                  weekly: {type: trend, channels: [opps], period: LAST_WEEKS}
                  audit: {type: security-audit}
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).contains("check 'crm' (type http) does not record http.latency; it records http.up"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("names check 'crn', which 'checks' does not define (did you mean 'crm'?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'baselines[1].sensitivity': 0 is out of range"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("is longer than the window (2d), so the baseline could never judge"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'up' is not a direction; write both, high or low"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'forecasts.urgent' (14d) is beyond 'forecasts.horizon' (7d)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("needs 'limit', the value the series must not reach"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'lots' is not a limit: write a number (5000), a percentage (80%) or a size (100GB)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'trend' is not a report type (did you mean 'trends'?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("sends to channel 'opps', which 'notify.channels' does not define (did you mean 'ops'?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'LAST_WEEKS' is not a report period (did you mean 'LAST_WEEK'?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("report 'audit' is a security audit and this file has 2 databases; say which with 'database'"));
        assertThat(p).as("each with its line and column").allSatisfy(s -> assertThat(s).matches("(?s)\\d+:\\d+: .*"));
    }

    @Test
    void a_count_or_duration_level_with_critical_before_warning_is_refused() throws Exception {
        List<String> p = problems("""
                databases:
                  app: {url: "jdbc:postgresql://127.0.0.1/app"}
                checks:
                  db:
                    type: postgres
                    database: app
                    thresholds:
                      xmin_horizon: {warning: 1000, critical: 10}
                      replication_lag: {warning: 10m, critical: 1m}
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'thresholds.xmin_horizon': warning 1000 must be at or below critical 10"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'thresholds.replication_lag': warning 10m must be at or below critical 1m"));
    }

    @Test
    void values_are_refused_in_the_operators_words() throws Exception {
        List<String> p = problems("""
                checks:
                  a: {type: http, url: "127.0.0.1:8080/health", expect: ["status = 200"]}
                  b: {type: http, url: "ftp://files.example/", timeout: 0s}
                notify:
                  email: {url: "mail.example.com:587", from: a@example.com}
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'127.0.0.1:8080/health' has no scheme; write it as https://"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'=' is not an operator (did you mean '=='?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("is a ftp: URL; write http:// or https://"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'checks.b.timeout': 0s is out of range: write 100ms to 10m"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'mail.example.com:587' has no scheme; write it as smtp://"));
        assertThat(p).noneSatisfy(s -> assertThat(s).contains("Illegal character"));
    }

    @Test
    void yaml_mistakes_get_a_hint_in_the_operators_words() throws Exception {
        assertThat(problems("checks:\n  a:\n    type: http\n   url: http://x/\n")).singleElement().asString()
                .contains("YAML syntax").contains("indented");
        assertThat(problems("checks:\n\ta:\n    type: http\n")).singleElement().asString().contains("tabs");
    }

    @Test
    void every_duration_count_and_size_has_a_sane_range() throws Exception {
        List<String> p = problems("""
                store: {retention: 99999999999999w}
                databases:
                  app: {url: "jdbc:postgresql://127.0.0.1/app", statement_timeout: 0s, lock_timeout: 0ms, max_connections: 9}
                checks:
                  db: {type: postgres, database: app}
                suites:
                  fast: {every: 0s, checks: [db]}
                actions:
                  prune:
                    type: retention
                    policy: auto
                    every: 0s
                    database: app
                    table: t
                    time_column: at
                    older_than: 30d
                    max_runs_per_hour: 0
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'store.retention'").contains("longer than 100 years"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'databases.app.statement_timeout': 0s is out of range: write 100ms to 6h"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'databases.app.lock_timeout': 0s is out of range: write 10ms to 1h"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'databases.app.max_connections': 9 is out of range: write 1 to 2"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'suites.fast.every': 0s is out of range"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'actions.prune.every': 0s is out of range: an action runs every 1m to 366d"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'actions.prune.max_runs_per_hour': 0 is out of range: write 1 to 3600"));
    }

    @Test
    void a_huge_file_or_an_alias_bomb_is_refused_at_once() throws Exception {
        Path big = dir.resolve("big.yml");
        StringBuilder line = new StringBuilder("# ");
        line.append("x".repeat(1022)).append('\n');
        Files.writeString(big, line.toString().repeat(6 * 1024)); // 6 MB of comments
        assertThatThrownBy(() -> load(big, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("a config is at most 4 MB");

        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        Path aliases = dir.resolve("bomb.yml");
        Files.writeString(aliases, bomb.toString());
        assertThatThrownBy(() -> load(aliases, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("aliases");
    }
}
