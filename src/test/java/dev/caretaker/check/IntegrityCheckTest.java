package dev.caretaker.check;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.class)
class IntegrityCheckTest {
    static final String SCHEMA = """
            CREATE TABLE clients (id bigserial PRIMARY KEY, name text NOT NULL);
            CREATE TABLE invoices (id serial PRIMARY KEY, client_id bigint, amount numeric, status text);
            CREATE TABLE payments (id bigserial PRIMARY KEY, invoice_id integer, amount numeric NOT NULL);
            INSERT INTO clients (name) SELECT 'c' || g FROM generate_series(1, 50) g;
            INSERT INTO invoices (client_id, amount, status) SELECT 1 + g % 50, 10 * g, 'paid' FROM generate_series(1, 500) g;
            INSERT INTO payments (invoice_id, amount) SELECT 1 + g % 500, 5 FROM generate_series(1, 300) g;
            """;

    static String config(String body) {
        return TestDatabase.oneCheck("integrity", "integrity", body);
    }

    @Test
    void orphan_rows_are_counted_with_sample_keys_and_null_keys_are_not_orphans(TestDatabase db) {
        db.exec(SCHEMA, "INSERT INTO invoices (client_id, amount) SELECT 9000 + g, 1 FROM generate_series(1, 12) g",
                "INSERT INTO invoices (client_id, amount) VALUES (NULL, 1), (NULL, 2)");
        CheckResult r = db.run(db.config(config("orphans: ['invoices.client_id -> clients.id']")), "integrity");
        Finding f = one(r, "postgres.orphan_rows");
        assertThat(f.subject()).isEqualTo("invoices.client_id");
        assertThat(f.evidence()).containsEntry("count", 12L);
        assertThat((List<?>) f.evidence().get("sample_keys")).hasSize(10);
        assertThat(f.evidence().get("missing_values").toString()).contains("9001");
        assertThat(r.status()).isEqualTo(Status.WARNING);
    }

    @Test
    void unexpected_nulls_in_one_scan_per_table_with_sample_keys(TestDatabase db) {
        db.exec(SCHEMA, "UPDATE invoices SET amount = NULL WHERE id IN (7, 8, 9)", "UPDATE invoices SET status = NULL WHERE id = 100");
        CheckResult r = db.run(db.config(config("not_null:\n  invoices: [amount, status, client_id]")), "integrity");
        List<Finding> found = of(r, "postgres.unexpected_nulls");
        assertThat(found).extracting(Finding::subject).containsExactlyInAnyOrder("invoices.amount", "invoices.status");
        Finding amount = found.stream().filter(f -> f.subject().equals("invoices.amount")).findFirst().orElseThrow();
        assertThat(amount.evidence()).containsEntry("count", 3L).containsEntry("table_rows", 500L);
        assertThat(new java.util.HashSet<Object>((List<?>) amount.evidence().get("sample_keys"))).isEqualTo(java.util.Set.of("7", "8", "9"));
    }

    @Test
    void a_clean_twin_raises_nothing(TestDatabase db) {
        db.exec(SCHEMA);
        CheckResult r = db.run(db.config(config("""
                orphans: ['invoices.client_id -> clients.id', 'payments.invoice_id -> invoices.id']
                not_null: {invoices: [amount, client_id]}
                discover: true""")), "integrity");
        assertThat(r.error()).isNull();
        assertThat(r.findings()).isEmpty();
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void discover_finds_unenforced_id_columns_and_not_valid_foreign_keys(TestDatabase db) {
        db.exec(SCHEMA, "INSERT INTO payments (invoice_id, amount) VALUES (77777, 1)",
                "CREATE TABLE notes (id serial PRIMARY KEY, client_id bigint)",
                "INSERT INTO notes (client_id) VALUES (1), (4242)",
                "ALTER TABLE notes ADD CONSTRAINT notes_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) NOT VALID");
        CheckResult r = db.run(db.config(config("discover: true")), "integrity");
        List<Finding> found = of(r, "postgres.orphan_rows");
        assertThat(found).extracting(Finding::subject)
                .containsExactlyInAnyOrder("payments.invoice_id", "notes.client_id");
        Finding notValid = found.stream().filter(f -> f.subject().equals("notes.client_id")).findFirst().orElseThrow();
        assertThat(notValid.evidence().get("source").toString()).contains("NOT VALID");
    }

    @Test
    void a_misspelt_table_or_column_is_unknown_with_a_suggestion(TestDatabase db) {
        db.exec(SCHEMA);
        CheckResult r = db.run(db.config(config("""
                orphans: ['invoice.client_id -> clients.id', 'invoices.clientid -> clients.id']""")), "integrity");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("table invoice does not exist (did you mean 'invoices'?)")
                .contains("column invoices.clientid does not exist (did you mean 'client_id'?)");
    }

    @Test
    void a_query_that_exceeds_its_statement_timeout_is_unknown_not_a_hang(TestDatabase db) throws Exception {
        db.exec(SCHEMA);
        Connection locker = db.hold();
        locker.setAutoCommit(false);
        try (Statement st = locker.createStatement()) {
            st.execute("LOCK TABLE invoices IN ACCESS EXCLUSIVE MODE");
        }
        long start = System.nanoTime();
        CheckResult r = db.run(db.config("""
                databases:
                  app:
                    url: ${DB}
                    statement_timeout: 500ms
                    lock_timeout: 30s
                checks:
                  integrity:
                    type: integrity
                    database: app
                    orphans: ['invoices.client_id -> clients.id']
                    not_null: {clients: [name]}
                """), "integrity");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("exceeded statement_timeout (500ms)");
        assertThat(r.measurements()).extracting(Measurement::metric).contains("integrity.null_rows");
        assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(25.0);
        locker.rollback();
    }

    @Test
    void tables_without_a_primary_key_are_sampled_by_row_position(TestDatabase db) {
        db.exec("CREATE TABLE log (msg text)", "INSERT INTO log VALUES ('a'), (NULL)");
        Finding f = one(db.run(db.config(config("not_null: {log: [msg]}")), "integrity"), "postgres.unexpected_nulls");
        assertThat(f.evidence().get("sample_keys").toString()).contains("(0,2)");
    }
}
