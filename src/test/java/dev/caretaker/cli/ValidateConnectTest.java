package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestPostgres;
import dev.caretaker.store.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate --connect: what the checks need, verified against the real database, without running a check. */
class ValidateConnectTest {
    @TempDir
    Path dir;

    @Test
    void names_every_missing_table_column_privilege_and_folder_and_exits_2() throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        String role = "monitor_" + ProcessHandle.current().pid();
        try (TestDatabase db = new TestDatabase()) {
            db.exec("DROP ROLE IF EXISTS " + role, "CREATE ROLE " + role + " LOGIN PASSWORD 'mon-pw-7'",
                    "CREATE TABLE invoices (id int PRIMARY KEY, client_id int, amount numeric)",
                    "CREATE TABLE job_runs (id int, name text, status text, started_at timestamptz)",
                    "GRANT SELECT ON invoices TO " + role);
            Path f = dir.resolve("caretaker.yml");
            Files.writeString(f, """
                    system: preflight
                    store: {home: %s}
                    databases:
                      app: {url: "%s", user: %s, password: mon-pw-7}
                    checks:
                      db: {type: postgres, database: app}
                      integrity:
                        type: integrity
                        database: app
                        orphans: [invoices.client_id -> clients.id]
                        not_null: {invoices: [amout]}
                      syncs:
                        type: jobs
                        database: app
                        table: job_runs
                        jobs: {crm: {every: 1h}}
                      crm: {type: http, url: "https://crm.caretaker-test.invalid/health"}
                      dumps: {type: backup, path: no-backups-here}
                    """.formatted(TestPostgres.HOME, pg.jdbcUrl(db.name()), role));
            CliTest.Outcome o = caretaker(Map.of(), "validate", "--connect", "-c", f.toString());
            assertThat(o.code()).as(o.out() + o.err()).isEqualTo(2);
            assertThat(o.out()).contains("connected to " + db.name() + " as " + role)
                    .contains("without pg_monitor").contains("GRANT pg_monitor TO")
                    .contains("table clients does not exist")
                    .contains("column invoices.amout does not exist (did you mean 'amount'?)")
                    .contains("the user may not read job_runs: GRANT SELECT ON \"public\".\"job_runs\" TO")
                    .contains("the host name crm.caretaker-test.invalid does not resolve")
                    .contains("no-backups-here does not exist")
                    .containsPattern("the \\d+ Supabase-only advisor lints are off \\(no auth schema in this database\\); the others run")
                    .contains("ok       database app (checks)    role " + role + " can do nothing beyond what it needs")
                    .doesNotContain("mon-pw-7");
            assertThat(caretaker(Map.of(), "validate", "-c", f.toString()).code()).as("without --connect it only reads the file").isZero();

            // the same database as the superuser: reported, with what to run
            Files.writeString(f, Files.readString(f).replace("user: " + role + ", password: mon-pw-7", "user: caretaker, password: \"" + pg.password() + "\""));
            CliTest.Outcome superuser = caretaker(Map.of(), "validate", "--connect", "-c", f.toString());
            assertThat(superuser.out()).contains("warning  database app (checks)    caretaker.privileged_role: role caretaker is a superuser")
                    .contains("custom SQL checks will be refused").contains("caretaker roles sql -c").doesNotContain(pg.password());
        } finally {
            try (var c = pg.connect("postgres", "test"); var st = c.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    @Test
    void an_integrity_check_lists_each_table_and_each_relation_once() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.exec("CREATE TABLE clients (id bigint PRIMARY KEY)", "CREATE TABLE invoices (id bigint PRIMARY KEY, client_id bigint, amount numeric)",
                    "CREATE TABLE payments (id bigint PRIMARY KEY, invoice_id bigint, client_id bigint)");
            Path f = dir.resolve("caretaker.yml");
            Files.writeString(f, """
                    system: once
                    store: {home: %s}
                    databases:
                      app: {url: "%s", user: caretaker, password: "%s", allow_privileged: true}
                    checks:
                      integrity:
                        type: integrity
                        database: app
                        orphans: [invoices.client_id -> clients.id, payments.client_id -> clients.id]
                        not_null: {invoices: [amount]}
                        discover: true
                    """.formatted(TestPostgres.HOME, TestPostgres.server().jdbcUrl(db.name()), TestPostgres.server().password()));
            CliTest.Outcome o = caretaker(Map.of(), "validate", "--connect", "-c", f.toString());
            java.util.List<String> lines = o.out().lines().filter(l -> l.contains(" integrity ")).toList();
            assertThat(lines).as(o.out()).doesNotHaveDuplicates()
                    .filteredOn(l -> l.contains("clients and its columns are there and readable")).hasSize(1);
            assertThat(lines).filteredOn(l -> l.contains("invoices.client_id -> clients.id")).singleElement().asString()
                    .contains("from the config, and discovered: ");
            assertThat(lines).filteredOn(l -> l.contains("payments.invoice_id -> invoices.id")).singleElement().asString()
                    .contains("discovered: ");
        }
    }

    @Test
    void a_supabase_database_is_told_its_supabase_only_lints_run_and_which_one_waits_for_a_grant() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.exec("CREATE SCHEMA auth", "CREATE TABLE auth.users (id uuid PRIMARY KEY)");
            Path f = dir.resolve("caretaker.yml");
            Files.writeString(f, """
                    system: lints
                    store: {home: %s}
                    databases:
                      app: {url: "%s", user: caretaker, password: "%s", allow_privileged: true}
                    checks:
                      db: {type: postgres, database: app}
                    """.formatted(TestPostgres.HOME, TestPostgres.server().jdbcUrl(db.name()), TestPostgres.server().password()));
            CliTest.Outcome o = caretaker(Map.of(), "validate", "--connect", "-c", f.toString());
            assertThat(o.out()).as(o.err()).contains("the Supabase-only advisor lints run (auth schema found) but "
                    + "public_bucket_allows_listing: storage.buckets is missing or the checks' role may not read it");

            db.exec("CREATE SCHEMA storage", "CREATE TABLE storage.buckets (id text PRIMARY KEY, public boolean)");
            assertThat(caretaker(Map.of(), "validate", "--connect", "-c", f.toString()).out())
                    .contains("every advisor lint runs (Supabase's auth schema and storage.buckets are here)");
        }
    }
}
