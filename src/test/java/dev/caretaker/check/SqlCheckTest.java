package dev.caretaker.check;

import dev.caretaker.config.Severity;
import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import org.junit.jupiter.api.Test;

class SqlCheckTest {
    static String config(String extra) {
        return TestDatabase.oneCheck("stuck_orders", "sql", extra);
    }

    @Test
    void one_number_is_a_measurement_judged_by_its_conditions() {
        try (TestDatabase db = new TestDatabase()) {
            db.exec("CREATE TABLE orders (id int, state text)", "INSERT INTO orders SELECT g, 'stuck' FROM generate_series(1, 150) g");
            String q = "query: \"SELECT count(*) FROM orders WHERE state = 'stuck'\"\n";
            CheckResult warn = db.run(db.config(config(q + "warning: '> 100'\ncritical: '> 500'")), "stuck_orders");
            assertThat(one(warn, "sql.value").severity()).isEqualTo(Severity.WARNING);
            assertThat(warn.measurements()).anySatisfy(m -> assertThat(m.metric()).isEqualTo("sql.stuck_orders"));
            assertThat(db.run(db.config(config(q + "warning: '> 200'")), "stuck_orders").findings()).isEmpty();
        }
    }

    @Test
    void rows_become_findings_with_a_code_and_subject() {
        try (TestDatabase db = new TestDatabase()) {
            db.exec("CREATE TABLE orders (id int, state text)", "INSERT INTO orders VALUES (1, 'stuck'), (2, 'ok'), (3, 'stuck')");
            CheckResult r = db.run(db.config(config("""
                    query: "SELECT id AS order_id, state FROM orders WHERE state = 'stuck' ORDER BY id"
                    code: shop.stuck_order
                    severity: critical
                    subject_column: order_id""")), "stuck_orders");
            assertThat(of(r, "shop.stuck_order")).extracting(Finding::subject).containsExactly("1", "3");
            assertThat(r.status()).isEqualTo(Status.CRITICAL);
        }
    }

    @Test
    void the_query_runs_read_only() {
        try (TestDatabase db = new TestDatabase()) {
            db.exec("CREATE TABLE orders (id int)");
            CheckResult r = db.run(db.config(config("query: 'DELETE FROM orders RETURNING id'")), "stuck_orders");
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.error()).contains("read-only");
        }
    }
}
