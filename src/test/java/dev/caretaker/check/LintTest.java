package dev.caretaker.check;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.config.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lints peers run (PgHero, Supabase's splinter), each planted in a real database, and a clean twin that raises none. */
@ExtendWith(TestDatabases.class)
class LintTest {
    static final List<String> CODES = List.of("postgres.no_primary_key", "postgres.not_valid_constraint", "postgres.rls_without_policy",
            "postgres.policy_without_rls", "postgres.extension_in_public", "postgres.function_search_path", "postgres.security_definer_view",
            "postgres.inactive_slot", "postgres.multixact_wraparound", "postgres.xmin_horizon");

    @Test
    void each_planted_lint_is_found_with_its_fix(TestDatabase db) {
        db.exec("CREATE TABLE log_lines (at timestamptz, line text)",
                "CREATE TABLE parents (id int PRIMARY KEY)", "CREATE TABLE children (id int PRIMARY KEY, parent int)",
                "INSERT INTO children VALUES (1, 42)",
                "ALTER TABLE children ADD CONSTRAINT children_parent_fkey FOREIGN KEY (parent) REFERENCES parents (id) NOT VALID",
                "CREATE TABLE sealed (id int PRIMARY KEY)", "ALTER TABLE sealed ENABLE ROW LEVEL SECURITY",
                "CREATE TABLE leaky (id int PRIMARY KEY)", "CREATE POLICY mine ON leaky USING (true)",
                "CREATE EXTENSION pg_stat_statements SCHEMA public",
                "CREATE FUNCTION public.grant_all() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'",
                "CREATE FUNCTION public.helper(x int) RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN x; END'",
                "CREATE TABLE secrets (id int PRIMARY KEY, owner text)", "ALTER TABLE secrets ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY own ON secrets USING (owner = current_user)", "CREATE VIEW all_secrets AS SELECT * FROM secrets");
        String slot = ("lint_slot_" + db.name()).toLowerCase();
        db.exec("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
        CheckResult r;
        CheckResult strict;
        try {
            r = db.postgres("");
            strict = db.postgres("inactive_slot: {min_retained: 0}\nmultixact_wraparound: {warning: '0%', critical: '100%'}");
        } finally {
            db.exec("SELECT pg_drop_replication_slot('" + slot + "')");
        }
        assertThat(r.error()).isNull();
        assertThat(one(r, "postgres.no_primary_key").subject()).isEqualTo("public.log_lines");
        Finding fk = one(r, "postgres.not_valid_constraint");
        assertThat(fk.severity()).isEqualTo(Severity.WARNING);
        assertThat(fk.subject()).isEqualTo("public.children children_parent_fkey");
        assertThat(fk.message()).contains("foreign key", "VALIDATE CONSTRAINT");
        assertThat(one(r, "postgres.rls_without_policy").subject()).isEqualTo("public.sealed");
        Finding leaky = one(r, "postgres.policy_without_rls");
        assertThat(leaky.subject()).isEqualTo("public.leaky");
        assertThat(leaky.message()).contains("(mine)", "ENABLE ROW LEVEL SECURITY");
        assertThat(one(r, "postgres.extension_in_public").subject()).isEqualTo("pg_stat_statements");
        assertThat(of(r, "postgres.function_search_path")).extracting(Finding::subject, Finding::severity).contains(
                org.assertj.core.groups.Tuple.tuple("public.grant_all()", Severity.WARNING),
                org.assertj.core.groups.Tuple.tuple("public.helper(x integer)", Severity.INFO));
        Finding view = one(r, "postgres.security_definer_view");
        assertThat(view.subject()).isEqualTo("public.all_secrets");
        assertThat(view.message()).contains("reads public.secrets", "security_invoker = true");
        Finding inactive = of(r, "postgres.inactive_slot").stream().filter(f -> f.subject().equals(slot)).findFirst().orElseThrow();
        assertThat(inactive.severity()).as("holding little WAL").isEqualTo(Severity.INFO);
        assertThat(inactive.message()).contains("pg_drop_replication_slot('" + slot + "')");
        assertThat(of(strict, "postgres.inactive_slot")).filteredOn(f -> f.subject().equals(slot)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(r.measurements()).anySatisfy(m -> assertThat(m.metric()).isEqualTo("postgres.multixact_age_percent"));
        assertThat(of(strict, "postgres.multixact_wraparound")).as("the real age, judged at a 0 % level").isNotEmpty();
        assertThat(of(r, "postgres.multixact_wraparound")).isEmpty();
    }

    @Test
    void a_session_holding_an_old_snapshot_is_named_as_what_holds_vacuum_back(TestDatabase db) throws Exception {
        try (java.sql.Connection held = db.connect()) {
            held.setAutoCommit(false);
            held.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
            try (var st = held.createStatement()) {
                st.execute("SET application_name = 'forgotten-report'");
                st.executeQuery("SELECT txid_current()").close(); // a snapshot and an ID, then idle in its transaction
            }
            for (int i = 0; i < 5; i++) {
                db.exec("SELECT txid_current()");
            }
            CheckResult r = db.postgres("xmin_horizon: {warning: 3, critical: 1000000}");
            Finding f = of(r, "postgres.xmin_horizon").stream().findFirst().orElseThrow(() -> new AssertionError(r.findings().toString()));
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).startsWith("session ");
            assertThat(f.message()).contains("forgotten-report", "pg_terminate_backend(");
            assertThat((long) f.evidence().get("xmin_age")).isGreaterThanOrEqualTo(5);
            assertThat(of(db.postgres(""), "postgres.xmin_horizon")).as("50 million by default").isEmpty();
            held.rollback();
        }
    }

    @Test
    void a_clean_twin_raises_none_of_them(TestDatabase db) {
        db.exec("CREATE TABLE log_lines (id bigserial PRIMARY KEY, line text)",
                "CREATE TABLE parents (id int PRIMARY KEY)", "CREATE TABLE children (id int PRIMARY KEY, parent int REFERENCES parents (id))",
                "CREATE TABLE secrets (id int PRIMARY KEY, owner text)", "ALTER TABLE secrets ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY own ON secrets USING (owner = current_user)",
                "CREATE VIEW my_secrets WITH (security_invoker = true) AS SELECT * FROM secrets",
                "CREATE SCHEMA extensions", "CREATE EXTENSION pg_stat_statements SCHEMA extensions",
                "CREATE FUNCTION public.grant_all() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS 'SELECT 1'");
        CheckResult r = db.postgres("");
        assertThat(r.error()).isNull();
        for (String code : CODES) {
            assertThat(of(r, code)).as(code).filteredOn(f -> !f.code().equals("postgres.inactive_slot") || f.subject().startsWith("lint_slot_"))
                    .isEmpty();
        }
        assertThat(TestPostgres.major()).isPositive();
    }
}
