package dev.caretaker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code actions:} accepts, and the auto actions it refuses before anything runs. */
class ActionConfigTest {
    static final String BASE = """
            databases:
              app:
                url: jdbc:postgresql://127.0.0.1:5432/shop
                protected_tables: [tax_rates, billing.price_rules]
            checks:
              db:
                type: postgres
                database: app
            actions:
            """;

    private static CaretakerConfig parse(String actions) {
        return dev.caretaker.engine.Engine.configLoader(Map.of()).parse("caretaker.yml", Path.of("caretaker.yml"), BASE + actions.indent(2));
    }

    private static List<String> problems(String actions) {
        try {
            parse(actions);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    private static String sqlAction(String policy, String sql) {
        return """
                fix:
                  type: sql
                  policy: %s
                  when: jobs.failure_rate
                  database: app
                  sql: "%s"
                """.formatted(policy, sql);
    }

    @Test
    void an_auto_single_dml_statement_is_accepted_with_its_defaults() {
        ActionConfig a = parse(sqlAction("auto", "UPDATE sync_runs SET status = 'queued' WHERE job = :subject; -- retry")).actions().get("fix");
        assertThat(a.policy()).isEqualTo(Policy.AUTO);
        assertThat(a.guardrails().maxRows()).isEqualTo(1000);
        assertThat(a.guardrails().maxRunsPerHour()).isEqualTo(4);
        assertThat(a.guardrails().maxAttempts()).isEqualTo(3);
        assertThat(a.guardrails().verify()).isTrue();
        assertThat(a.guardrails().expires()).hasHours(24);
        assertThat(parse("x:\n  type: reindex\n  when: postgres.invalid_index\n  database: app\n").actions().get("x").policy())
                .isEqualTo(Policy.APPROVAL);
    }

    @Test
    void a_multi_statement_auto_action_is_refused_at_load_however_it_hides() {
        assertThat(problems(sqlAction("auto", "UPDATE t SET a = 1; DROP TABLE t"))).singleElement().asString()
                .contains("caretaker.yml:15:10:").contains("holds 2 statements; an action runs exactly one");
        assertThat(problems(sqlAction("auto", "DELETE FROM t WHERE a = 1 /* ; */; GRANT ALL ON t TO public"))).singleElement().asString()
                .contains("holds 2 statements");
        // semicolons in strings, comments and dollar quotes are not statement ends
        assertThat(parse(sqlAction("auto", "UPDATE t SET note = 'a;b', x = $q$;$q$ WHERE id = 1 -- ; DROP TABLE t")).actions()).hasSize(1);
        assertThat(problems(sqlAction("approval", "UPDATE t SET a = 1; UPDATE t SET b = 2"))).singleElement().asString()
                .contains("holds 2 statements");
    }

    @Test
    void ddl_grants_and_roles_can_never_be_auto_but_may_wait_for_approval() {
        for (String sql : List.of("ALTER TABLE invoices ADD CONSTRAINT fk FOREIGN KEY (client_id) REFERENCES clients (id)",
                "GRANT SELECT ON invoices TO reporting", "REVOKE ALL ON invoices FROM app", "ALTER ROLE app SUPERUSER",
                "CREATE POLICY p ON invoices USING (true)", "/* UPDATE */ DROP TABLE invoices", "WITH x AS (DELETE FROM t RETURNING *) SELECT 1")) {
            assertThat(problems(sqlAction("auto", sql))).as(sql).singleElement().asString()
                    .contains("cannot be auto").contains("write policy: approval");
            assertThat(parse(sqlAction("approval", sql)).actions()).as(sql).hasSize(1);
        }
    }

    @Test
    void an_auto_action_touching_a_protected_table_is_refused() {
        assertThat(problems(sqlAction("auto", "UPDATE invoices i SET amount = amount * (1 + t.rate) FROM tax_rates t WHERE t.country = 'DE'")))
                .singleElement().asString().contains("touches protected table tax_rates");
        // matched without regard to case, even quoted: refusing one table too many is the safe side
        assertThat(problems(sqlAction("auto", "DELETE FROM \\\"TAX_RATES\\\" WHERE 1 = 1"))).singleElement().asString()
                .contains("touches protected table tax_rates");
        assertThat(problems(sqlAction("auto", "DELETE FROM billing.\\\"price_rules\\\""))).singleElement().asString()
                .contains("protected table billing.price_rules");
        assertThat(problems("purge:\n  type: retention\n  policy: auto\n  every: 1d\n  database: app\n  table: tax_rates\n"
                + "  time_column: at\n  older_than: 30d\n")).singleElement().asString().contains("touches protected table tax_rates");
        assertThat(parse(sqlAction("auto", "UPDATE invoices SET tax_rate_note = 'x' WHERE id = 1")).actions()).hasSize(1);
    }

    @Test
    void types_that_cannot_be_auto_and_misfits_are_named() {
        assertThat(problems("x:\n  type: reindex\n  policy: auto\n  when: postgres.invalid_index\n  database: app\n")).singleElement()
                .asString().contains("of type reindex cannot be auto");
        assertThat(problems("x:\n  type: terminate\n  policy: auto\n  when: postgres.idle_in_transaction\n  database: app\n"))
                .singleElement().asString().contains("cannot be auto");
        List<String> p = problems("""
                a:
                  type: vacum
                  when: x.y
                b:
                  type: vacuum
                  when: postgres.orphan_rows
                  database: ap
                c:
                  type: sql
                  database: app
                  sql: DELETE FROM t
                d:
                  type: http
                  when: jobs.stale
                  url: ftp://x
                  sql: DELETE FROM t
                e:
                  type: retention
                  schedule: "0 3 * * SUN"
                  database: app
                  table: "t; DROP TABLE x"
                  time_column: at
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).contains("type 'vacum'").contains("did you mean 'vacuum'"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("acts on the subject of postgres.table_bloat or postgres.vacuum_overdue"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("database 'ap'"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("action 'c' needs 'when'"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("must start with http://"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("'sql' does not apply to an action of type http"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("is not a table or column name"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains("needs 'older_than'"));
    }

    @Test
    void the_lexer_sees_through_comments_strings_and_quoted_names() {
        SqlText t = SqlText.parse("/* a /* nested */ comment ; */ UPDATE \"Odd;Name\" SET v = E'it\\'s;' || $tag$ ; $tag$ "
                + "WHERE id = :id AND x::text = :subject; ");
        assertThat(t.statementCount()).isEqualTo(1);
        assertThat(t.firstKeyword()).isEqualTo("UPDATE");
        assertThat(t.parameters()).containsExactly("id", "subject");
        assertThat(t.jdbc()).endsWith("WHERE id = ? AND x::text = ?");
        assertThat(t.mentions("Odd;Name")).isTrue();
        assertThatThrownBy(() -> SqlText.parse("UPDATE t SET a = 'unterminated")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> SqlText.parse("UPDATE t SET a = 1 /* open")).hasMessageContaining("never closed");
    }
}
