package dev.caretaker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    static final String BASE = """
            system: shop
            databases:
              app:
                url: jdbc:postgresql://127.0.0.1:5432/shop
            checks:
              db:
                type: postgres
                database: app
            """;

    private static CaretakerConfig parse(String yaml, Map<String, String> env) {
        return dev.caretaker.engine.Engine.configLoader(env).parse("caretaker.yml", Path.of("caretaker.yml"), yaml);
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml, Map.of());
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    @Test
    void defaults_fill_everything_optional() {
        CaretakerConfig c = parse(BASE, Map.of());
        assertThat(c.timezone().getId()).isEqualTo("UTC");
        assertThat(c.store().embedded()).isTrue();
        assertThat(c.store().home()).as("./.caretaker of the working directory, made absolute").isEqualTo(Path.of(".caretaker").toAbsolutePath());
        DatabaseConfig db = c.databases().get("app");
        assertThat(db.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(db.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(db.maxConnections()).isEqualTo(2);
        PostgresThresholds t = ((PostgresCheckConfig) c.checks().get("db")).thresholds();
        assertThat(t.percent("connection_usage.warning")).isEqualTo(80.0);
        assertThat(t.duration("blocked_queries.critical")).isEqualTo(Duration.ofMinutes(5));
        assertThat(t.optionalSize("database_size.max")).isEmpty();
    }

    @Test
    void the_home_comes_from_CARETAKER_HOME() {
        assertThat(parse(BASE, Map.of("CARETAKER_HOME", "/var/lib/caretaker")).store().home()).isEqualTo(Path.of("/var/lib/caretaker"));
    }

    @Test
    void a_misspelt_key_names_file_line_column_and_the_key_it_meant() {
        List<String> p = problems(BASE.replace("    database: app", "    databse: app"));
        assertThat(p).anyMatch(s -> s.startsWith("caretaker.yml:8:5: unknown key 'databse' in 'checks.db' (did you mean 'database'?)"));
        assertThat(problems("sytem: x\n")).singleElement().asString()
                .startsWith("caretaker.yml:1:1: unknown key 'sytem' at the top level (did you mean 'system'?)");
    }

    @Test
    void every_problem_is_reported_at_once() {
        List<String> p = problems("""
                databases:
                  app:
                    url: mysql://nope
                    statement_timeout: 30
                checks:
                  db:
                    type: postgress
                  ping:
                    type: http
                    url: https://example.com
                    expect: ['stauts == 200', 'latency < fast']
                  integrity:
                    type: integrity
                    database: ap
                    orphans: ['invoices.client_id']
                suites:
                  weekly:
                    schedule: "0 25 * * SUN"
                    checks: [db, pingg]
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("caretaker.yml:3:10:").contains("must be jdbc:postgresql://"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("caretaker.yml:4:24:").contains("durations need").isNotNull());
        assertThat(p).anySatisfy(s -> assertThat(s).contains("unknown check type 'postgress' (did you mean 'postgres'?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("cannot read condition 'stauts == 200'").contains("did you mean 'status'"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'fast' is not a duration"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("names database 'ap', which 'databases' does not define (did you mean 'app'?)"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("must read child_table.column -> parent_table.column"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("hour 25 is out of range 0-23"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("caretaker.yml:19:18:").contains("names check 'pingg'").contains("did you mean 'ping'"));
    }

    @Test
    void a_missing_environment_variable_is_named_and_defaults_and_escapes_work() {
        assertThat(problems(BASE.replace("jdbc:postgresql://127.0.0.1:5432/shop", "${SHOP_DB_URL}")))
                .singleElement().asString().contains("environment variable SHOP_DB_URL is not set");
        CaretakerConfig c = parse(BASE.replace("jdbc:postgresql://127.0.0.1:5432/shop", "${SHOP_DB_URL:-jdbc:postgresql://db/x}")
                .replace("system: shop", "system: shop$$1"), Map.of());
        assertThat(c.databases().get("app").url()).isEqualTo("jdbc:postgresql://db/x");
        assertThat(c.system()).isEqualTo("shop$1");
    }

    @Test
    void secrets_from_passwords_headers_and_secret_variables_are_redacted() {
        CaretakerConfig c = parse(BASE.replace("    url: jdbc:postgresql://127.0.0.1:5432/shop",
                "    url: jdbc:postgresql://127.0.0.1:5432/shop\n    password: ${DB_PASSWORD}") + """
                  crm:
                    type: http
                    url: https://crm.example/api?key=${CRM_API_KEY}
                    headers: {Authorization: 'Bearer abc.def.ghi'}
                """, Map.of("DB_PASSWORD", "hunter22", "CRM_API_KEY", "k-777-xyz"));
        String leaked = "pw hunter22 key k-777-xyz auth Bearer abc.def.ghi url postgresql://u:topsecret@h/db?password=p4ss";
        assertThat(c.secrets().redact(leaked)).doesNotContain("hunter22", "k-777-xyz", "abc.def.ghi", "topsecret", "p4ss");
    }

    @Test
    void rules_extend_and_switch_off_the_default_pack_and_alerting_sections_are_validated() {
        CaretakerConfig c = parse(BASE + """
                  crm:
                    type: http
                    url: https://crm.example/health
                rules:
                  - name: crm-slow
                    when: http.latency_ms{check="crm"} > 2000
                    for: 10m
                    priority: P0
                  - name: health-score-low
                    enabled: false
                incidents:
                  priorities: {warning: P3}
                  sla: {P1: 30m}
                maintenance:
                  - {schedule: "0 2 * * SUN", duration: 2h, checks: [db]}
                """, Map.of());
        assertThat(c.rules()).extracting(RuleConfig::name).contains("crm-slow", "response-time").doesNotContain("health-score-low");
        RuleConfig crm = c.rules().stream().filter(r -> r.name().equals("crm-slow")).findFirst().orElseThrow();
        assertThat(crm.when().labels()).containsEntry("check", "crm");
        assertThat(crm.forDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.incidents().priorityOf(Severity.WARNING)).contains(Priority.P3);
        assertThat(c.incidents().priorityOf(Severity.INFO)).isEmpty();
        assertThat(c.incidents().sla().get(Priority.P1)).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.maintenance()).singleElement().satisfies(w -> assertThat(w.checks()).containsExactly("db"));

        List<String> p = problems(BASE.replace("    database: app", "    database: app\n    depends_on: [dbb]") + """
                rules:
                  - name: bad
                    when: latency > fast
                  - name: p9
                    when: http.status != 200
                    priority: P9
                  - name: mystery
                    enabled: false
                maintenance:
                  - {schedule: "0 2 * * SUN"}
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).contains("cannot read 'latency > fast'"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'P9'").contains("allowed: "));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("only rules of the default pack can be switched off"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("needs 'duration'"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("depends on 'dbb'").contains("did you mean 'db'"));
    }

    @Test
    void tickets_name_what_their_provider_needs() {
        assertThat(problems(BASE + "tickets:\n  provider: github\n")).containsExactly(
                "caretaker.yml:10:3: tickets with provider github need 'repo'", "caretaker.yml:10:3: tickets with provider github need 'token'");
    }

    @Test
    void yaml_syntax_errors_and_duplicate_keys_have_a_place() {
        assertThat(problems("system: [unclosed\n")).singleElement().asString().startsWith("caretaker.yml:2:");
        assertThat(problems(BASE + "  db:\n    type: http\n    url: http://x\n")).anySatisfy(s -> assertThat(s)
                .startsWith("caretaker.yml:9:3:").contains("'checks.db' is written twice"));
    }

    @Test
    void a_variable_in_a_flow_mapping_is_a_yaml_error_with_a_hint_to_quote_it() {
        String flow = "system: x\ndatabases:\n  app:\n    url: postgresql://db/app\n    actions: {user: ops, password: ${OPS_PW}}\n";
        assertThat(problems(flow)).singleElement().asString().startsWith("caretaker.yml:5:")
                .contains("quote it: \"${OPS_PW}\"");
        // the clean twin: quoted, it reads
        CaretakerConfig quoted = parse(flow.replace("${OPS_PW}", "\"${OPS_PW}\""), Map.of("OPS_PW", "s3cret"));
        assertThat(quoted.databases().get("app").actions().orElseThrow().password()).isEqualTo("s3cret");
    }

    @Test
    void thresholds_are_validated_by_group_and_key() {
        List<String> p = problems(BASE + """
                    thresholds:
                      table_bloat: {warning: 60%, critical: 50%}
                      slow_query: {mean: quick}
                      unused_indx: {min_size: 1MB}
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).contains("warning 60.0% must be at or below critical 50.0%"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'quick' is not a duration"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("unknown key 'unused_indx'").contains("did you mean 'unused_index'"));
    }

    @Test
    void the_invoicing_example_is_valid() {
        CaretakerConfig c = dev.caretaker.engine.Engine.configLoader(Map.of()).read(Path.of("examples/invoicing/caretaker.yml"));
        assertThat(c.suites().get("weekly-self-check").checks()).hasSize(13);
        assertThat(c.suites().get("weekly-self-check").cron()).contains("0 2 * * SUN");
        HttpCheckConfig authnet = (HttpCheckConfig) c.checks().get("authorize-net");
        assertThat(c.secrets().redact(authnet.body())).doesNotContain("demo-key");
    }

    @Test
    void units_parse_durations_sizes_and_percentages() {
        assertThat(Units.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Units.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Units.parseSize("1MB")).isEqualTo(1L << 20);
        assertThat(Units.parsePercent("80%")).isEqualTo(80.0);
        assertThatThrownBy(() -> Units.parseDuration("30")).hasMessageContaining("durations need");
    }
}
