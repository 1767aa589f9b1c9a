package dev.caretaker.check;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operator's own query: judged as a number or as rows, refused unless it is one read-only query, run read-only under a reader. */
@ExtendWith(TestDatabases.class)
class SqlCheckTest {
    static String config(String extra) {
        return TestDatabase.oneCheck("stuck_orders", "sql", extra);
    }

    /** Gives the database orders, and its checks a role that may only read them. */
    private static void orders(TestDatabase db, String... rows) {
        db.exec("CREATE TABLE orders (id int, state text)");
        if (rows.length > 0) {
            db.exec(rows);
        }
        db.as(db.role("reader", "n0-writes", "SELECT ON orders"), "n0-writes");
    }

    @Test
    void one_number_is_a_measurement_judged_by_its_conditions(TestDatabase db) {
        orders(db, "INSERT INTO orders SELECT g, 'stuck' FROM generate_series(1, 150) g");
        String q = "query: \"SELECT count(*) FROM orders WHERE state = 'stuck'\"\n";
        CheckResult warn = db.run(db.config(config(q + "warning: '> 100'\ncritical: '> 500'")), "stuck_orders");
        assertThat(one(warn, "sql.value").severity()).isEqualTo(Severity.WARNING);
        assertThat(warn.measurements()).anySatisfy(m -> assertThat(m.metric()).isEqualTo("sql.stuck_orders"));
        assertThat(db.run(db.config(config(q + "warning: '> 200'")), "stuck_orders").findings()).isEmpty();
    }

    @Test
    void a_query_holding_the_only_session_learns_its_roles_rights_through_it_instead_of_waiting_for_another(TestDatabase db) {
        orders(db, "INSERT INTO orders VALUES (1, 'stuck')");
        // one session allowed: the rights audit used to ask for a second one and wait out connect + statement timeout
        String yaml = config("query: \"SELECT count(*) FROM orders\"\nwarning: '> 0'\n")
                .replace("    password: ${DB_PASSWORD:-}\n", "    password: ${DB_PASSWORD:-}\n    max_connections: 1\n    connect_timeout: 1s\n"
                        + "    statement_timeout: 2s\n");
        CheckResult r = db.run(db.config(yaml), "stuck_orders");
        assertThat(r.error()).isNull();
        assertThat(one(r, "sql.value").severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void rows_become_findings_with_a_code_and_subject(TestDatabase db) {
        orders(db, "INSERT INTO orders VALUES (1, 'stuck'), (2, 'ok'), (3, 'stuck')");
        CheckResult r = db.run(db.config(config("""
                query: "SELECT id AS order_id, state FROM orders WHERE state = 'stuck' ORDER BY id"
                code: shop.stuck_order
                severity: critical
                subject_column: order_id""")), "stuck_orders");
        assertThat(of(r, "shop.stuck_order")).extracting(Finding::subject).containsExactly("1", "3");
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void anything_but_one_read_only_query_is_refused_when_the_config_is_read(@TempDir Path dir, TestDatabase db) {
        Path touched = dir.resolve("ran");
        orders(db, "INSERT INTO orders VALUES (1, 'ok')");
        for (String[] bad : new String[][] {
                {"'SET transaction_read_only = off; DELETE FROM orders; SELECT 1'", "holds 3 statements"},
                {"\"COPY (SELECT 1) TO PROGRAM 'touch " + touched + "'\"", "is COPY …, not a query"},
                {"'DELETE FROM orders RETURNING id'", "is DELETE …, not a query"},
                {"'WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone'", "holds a data-modifying WITH (DELETE)"}}) {
            assertThatThrownBy(() -> db.config(config("query: " + bad[0]))).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("the query of check 'stuck_orders' is refused: it " + bad[1]);
        }
        assertThat(Files.exists(touched)).as("nothing ran").isFalse();
        assertThat(db.count("orders")).isEqualTo(1);
    }

    @Test
    void the_query_is_refused_when_it_calls_what_writes_and_runs_in_a_read_only_transaction_behind_that(TestDatabase db) {
        orders(db);
        db.exec("CREATE TABLE scratch (v int)",
                "CREATE FUNCTION bump() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO scratch VALUES (1); RETURN 1; END $$",
                "CREATE FUNCTION bump2(int, int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO scratch VALUES ($1); RETURN $2; END $$",
                "CREATE OPERATOR #=# (LEFTARG = int, RIGHTARG = int, FUNCTION = bump2)");
        String role = db.role("writer", "wr1te", "SELECT, INSERT ON scratch");
        db.as(role, "wr1te");
        CheckResult viaFunction = db.run(db.config(config("query: 'SELECT bump()'")), "stuck_orders");
        assertThat(viaFunction.status()).isEqualTo(Status.UNKNOWN);
        assertThat(viaFunction.error()).contains("refused to run the query: it calls volatile function bump(); bump() writes into scratch");
        CheckResult switchedOff = db.run(db.config(config("query: \"SELECT set_config('transaction_read_only', 'off', true)\"")),
                "stuck_orders");
        assertThat(switchedOff.error()).contains("it calls volatile function set_config()");
        // an operator hides its function from the analysis; the read-only transaction still holds
        CheckResult viaOperator = db.run(db.config(config("query: 'SELECT 1 #=# 2'")), "stuck_orders");
        assertThat(viaOperator.error()).contains("read-only transaction");
        assertThat(db.count("scratch")).as("the role could insert, the query could not").isZero();
    }

    @Test
    void a_role_that_can_do_more_than_read_runs_no_query_unless_the_database_allows_it(TestDatabase db) {
        db.exec("CREATE TABLE orders (id int)", "INSERT INTO orders VALUES (1)");
        CheckResult refused = db.run(db.config(config("query: 'SELECT count(*) FROM orders'")), "stuck_orders");
        assertThat(refused.status()).isEqualTo(Status.UNKNOWN);
        assertThat(refused.error()).contains("refused to run the query").contains("is a superuser")
                .contains("caretaker roles sql").contains("allow_privileged: true");
        String allowed = TestDatabase.oneCheck("stuck_orders", "sql", "query: 'SELECT count(*) FROM orders'\nwarning: '> 0'")
                .replace("    password: ${DB_PASSWORD:-}\n", "    password: ${DB_PASSWORD:-}\n    allow_privileged: true\n");
        assertThat(one(db.run(db.config(allowed), "stuck_orders"), "sql.value").message()).contains("stuck_orders is 1");
    }
}
