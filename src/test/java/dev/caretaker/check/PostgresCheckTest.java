package dev.caretaker.check;

import dev.caretaker.TestDatabases;
import dev.caretaker.config.Severity;
import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.class)
class PostgresCheckTest {

    @Test
    void a_clean_database_raises_nothing_above_info(TestDatabase db) {
        db.execAndFlushStats("CREATE TABLE clients (id bigserial PRIMARY KEY, name text)",
                "CREATE TABLE invoices (id bigserial PRIMARY KEY, client_id bigint REFERENCES clients (id))",
                "CREATE INDEX ON invoices (client_id)",
                "INSERT INTO clients (name) SELECT 'c' || g FROM generate_series(1, 100) g",
                "INSERT INTO invoices (client_id) SELECT 1 + g % 100 FROM generate_series(1, 1000) g");
        CheckResult r = db.postgres("");
        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.findings()).allMatch(f -> f.severity() == Severity.INFO);
        assertThat(r.measurements()).extracting(Measurement::metric)
                .contains("postgres.connections", "postgres.database_bytes", "postgres.table_bytes", "postgres.xid_age_percent");
    }

    @Test
    void connection_usage_counts_real_sessions_against_max_connections(TestDatabase db) throws Exception {
        for (int i = 0; i < 12; i++) {
            db.hold();
        }
        Finding f = one(db.postgres("connection_usage: {warning: 10%, critical: 95%}"), "postgres.connection_usage");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat((Long) f.evidence().get("backends")).isGreaterThanOrEqualTo(12L);
        assertThat(of(db.postgres(""), "postgres.connection_usage")).isEmpty();
    }

    @Test
    void cache_hit_ratio_drops_when_a_table_larger_than_the_buffer_ring_is_scanned(TestDatabase db) {
        // tables over a quarter of shared_buffers are scanned through a small ring, so their blocks are read, not hit
        db.exec("CREATE TABLE big AS SELECT g AS id, repeat('x', 200) AS filler FROM generate_series(1, 180000) g",
                "SELECT count(*) FROM big", "SELECT count(*) FROM big", "SELECT count(*) FROM big");
        db.execAndFlushStats();
        Finding f = one(db.postgres(""), "postgres.cache_hit_ratio");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat((Double) f.evidence().get("hit_percent")).isLessThan(90.0);
    }

    @Test
    void cache_hit_ratio_is_not_judged_before_enough_reads_and_is_fine_when_cached(TestDatabase db) {
        db.execAndFlushStats("CREATE TABLE small AS SELECT g FROM generate_series(1, 1000) g", "SELECT count(*) FROM small");
        assertThat(of(db.postgres(""), "postgres.cache_hit_ratio")).isEmpty();
    }

    @Test
    void database_and_table_size_are_findings_only_above_a_configured_limit(TestDatabase db) {
        db.exec("CREATE TABLE blob AS SELECT g, repeat('y', 500) AS filler FROM generate_series(1, 5000) g");
        assertThat(of(db.postgres(""), "postgres.database_size")).isEmpty();
        assertThat(of(db.postgres(""), "postgres.table_size")).isEmpty();
        CheckResult limited = db.postgres("database_size: {max: 1MB}\ntable_size: {max: 1MB}");
        assertThat(one(limited, "postgres.database_size").severity()).isEqualTo(Severity.WARNING);
        assertThat(one(limited, "postgres.table_size").subject()).isEqualTo("blob");
    }

    @Test
    void table_bloat_and_vacuum_overdue_for_a_table_with_dead_tuples_and_autovacuum_off(TestDatabase db) {
        db.execAndFlushStats("CREATE TABLE sync_runs (id bigserial PRIMARY KEY, payload text) WITH (autovacuum_enabled = false)",
                "INSERT INTO sync_runs (payload) SELECT md5(g::text) FROM generate_series(1, 20000) g");
        db.execAndFlushStats("DELETE FROM sync_runs WHERE id <= 15000");
        CheckResult r = db.postgres("");
        Finding bloat = one(r, "postgres.table_bloat");
        assertThat(bloat.subject()).isEqualTo("sync_runs");
        assertThat(bloat.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(bloat.evidence()).containsEntry("dead_tuples", 15000L);
        assertThat((Long) bloat.evidence().get("estimated_wasted_bytes")).isPositive();
        Finding overdue = one(r, "postgres.vacuum_overdue");
        assertThat(overdue.message()).contains("autovacuum is off");
    }

    @Test
    void vacuum_overdue_when_autovacuum_is_on_but_has_not_run_for_the_configured_time(TestDatabase db) {
        for (int attempt = 1; ; attempt++) {
            db.exec("DROP TABLE IF EXISTS t");
            db.execAndFlushStats("CREATE TABLE t (id bigserial PRIMARY KEY, payload text)",
                    "INSERT INTO t (payload) SELECT md5(g::text) FROM generate_series(1, 5000) g");
            db.execAndFlushStats("ANALYZE t", "DELETE FROM t WHERE id <= 3000");
            assertThat(of(db.postgres(""), "postgres.vacuum_overdue")).as("statistics are younger than a day").isEmpty();
            List<Finding> overdue = of(db.postgres("vacuum_overdue: {after: 0s}"), "postgres.vacuum_overdue");
            if (overdue.isEmpty() && attempt < 3
                    && db.number("SELECT count(*) FROM pg_stat_user_tables WHERE relname = 't' AND last_autovacuum IS NOT NULL") == 1) {
                continue; // the server's own autovacuum worker woke between the DELETE and the check: the condition is gone
            }
            assertThat(overdue).hasSize(1);
            assertThat(overdue.get(0).message()).contains("has not been vacuumed");
            assertThat(overdue.get(0).evidence()).containsEntry("autovacuum_enabled", true);
            return;
        }
    }

    @Test
    void a_table_below_the_bloat_limits_and_vacuumed_raises_nothing(TestDatabase db) {
        db.execAndFlushStats("CREATE TABLE t (id bigserial PRIMARY KEY, payload text)",
                "INSERT INTO t (payload) SELECT md5(g::text) FROM generate_series(1, 20000) g",
                "DELETE FROM t WHERE id <= 15000");
        db.execAndFlushStats("VACUUM t");
        CheckResult r = db.postgres("");
        assertThat(of(r, "postgres.table_bloat")).isEmpty();
        assertThat(of(r, "postgres.vacuum_overdue")).isEmpty();
    }

    @Test
    void unused_index_is_info_on_a_short_window_and_warning_once_statistics_are_old_enough(TestDatabase db) {
        db.execAndFlushStats("CREATE TABLE events (id bigserial PRIMARY KEY, agent text)",
                "INSERT INTO events (agent) SELECT md5(g::text) FROM generate_series(1, 40000) g",
                "CREATE INDEX events_agent_idx ON events (agent)");
        Finding young = one(db.postgres(""), "postgres.unused_index");
        assertThat(young.subject()).isEqualTo("events_agent_idx");
        assertThat(young.severity()).isEqualTo(Severity.INFO);
        assertThat(young.evidence()).containsKeys("observation_window", "observed_since");
        Finding old = one(db.postgres("unused_index: {min_stats_age: 0s, warning: 1MB}"), "postgres.unused_index");
        assertThat(old.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void an_unused_index_below_the_warning_size_is_info_however_old_the_statistics(TestDatabase db) {
        db.execAndFlushStats("CREATE TABLE events (id bigserial PRIMARY KEY, agent text)",
                "INSERT INTO events (agent) SELECT md5(g::text) FROM generate_series(1, 40000) g",
                "CREATE INDEX events_agent_idx ON events (agent)");
        Finding small = one(db.postgres("unused_index: {min_stats_age: 0s}"), "postgres.unused_index");
        assertThat(small.severity()).as("a couple of MB, under the default 10MB").isEqualTo(Severity.INFO);
        assertThat(small.evidence()).containsEntry("warning_from", "10.0 MB").containsKey("index_size");
        assertThat(small.message()).contains("thresholds.unused_index.warning");
    }

    @Test
    void a_small_duplicate_index_is_info_and_one_from_the_warning_size_warns(TestDatabase db) {
        db.exec("CREATE TABLE auth_user_groups (id bigserial PRIMARY KEY, user_id bigint NOT NULL, group_id bigint NOT NULL)",
                "CREATE INDEX auth_user_groups_user_id_6a12ed8b ON auth_user_groups (user_id)",
                "CREATE INDEX auth_user_groups_user_id_group_id_idx ON auth_user_groups (user_id, group_id)",
                "CREATE TABLE audit_events (id bigserial PRIMARY KEY, actor_id bigint, at timestamptz)",
                "INSERT INTO audit_events (actor_id, at) SELECT g, now() FROM generate_series(1, 20000) g",
                "CREATE INDEX audit_events_actor_idx ON audit_events (actor_id)",
                "CREATE INDEX audit_events_actor_at_idx ON audit_events (actor_id, at)");
        List<Finding> found = of(db.postgres("duplicate_index: {warning: 64kB}"), "postgres.duplicate_index");
        Finding small = found.stream().filter(f -> f.subject().equals("auth_user_groups_user_id_6a12ed8b")).findFirst().orElseThrow();
        Finding large = found.stream().filter(f -> f.subject().equals("audit_events_actor_idx")).findFirst().orElseThrow();
        assertThat(small.severity()).as("an empty framework index of 8 kB").isEqualTo(Severity.INFO);
        assertThat(large.severity()).as("hundreds of kB, over the 64kB asked for").isEqualTo(Severity.WARNING);
        assertThat(small.evidence()).containsEntry("warning_from", "64.0 kB").containsEntry("index_size", "8.0 kB");
        assertThat(of(db.postgres(""), "postgres.duplicate_index")).as("both under the default 10MB")
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }

    @Test
    void a_scanned_index_is_not_unused(TestDatabase db) {
        db.execAndFlushStats("CREATE TABLE events (id bigserial PRIMARY KEY, agent text)",
                "INSERT INTO events (agent) SELECT md5(g::text) FROM generate_series(1, 40000) g",
                "CREATE INDEX events_agent_idx ON events (agent)", "ANALYZE events",
                "SELECT id FROM events WHERE agent = md5('17')");
        assertThat(of(db.postgres("unused_index: {min_stats_age: 0s}"), "postgres.unused_index")).isEmpty();
    }

    @Test
    void duplicate_index_names_the_redundant_index_and_the_one_covering_it(TestDatabase db) {
        db.exec("CREATE TABLE invoices (id bigserial PRIMARY KEY, client_id bigint, status text)",
                "CREATE INDEX invoices_client_idx ON invoices (client_id)",
                "CREATE INDEX invoices_client_status_idx ON invoices (client_id, status)",
                "CREATE INDEX invoices_status_a ON invoices (status)",
                "CREATE INDEX invoices_status_b ON invoices (status)");
        List<Finding> found = of(db.postgres(""), "postgres.duplicate_index");
        assertThat(found).extracting(Finding::subject).containsExactlyInAnyOrder("invoices_client_idx", "invoices_status_b");
        Finding prefix = found.stream().filter(f -> f.subject().equals("invoices_client_idx")).findFirst().orElseThrow();
        assertThat(prefix.evidence()).containsEntry("covered_by", "invoices_client_status_idx");
    }

    @Test
    void different_columns_predicates_or_a_unique_prefix_are_not_duplicates(TestDatabase db) {
        db.exec("CREATE TABLE t (id bigserial PRIMARY KEY, a int, b int, c text)",
                "CREATE UNIQUE INDEX t_a_unique ON t (a)", "CREATE INDEX t_a_b ON t (a, b)",
                "CREATE INDEX t_b ON t (b)", "CREATE INDEX t_b_partial ON t (b) WHERE c IS NULL",
                "CREATE INDEX t_c_pattern ON t (c text_pattern_ops)", "CREATE INDEX t_c ON t (c)");
        assertThat(of(db.postgres(""), "postgres.duplicate_index")).isEmpty();
    }

    @Test
    void invalid_index_left_by_a_failed_concurrent_build(TestDatabase db) {
        db.exec("CREATE TABLE t (id int)", "INSERT INTO t VALUES (1), (1)");
        try {
            db.exec("CREATE UNIQUE INDEX CONCURRENTLY t_id_unique ON t (id)");
        } catch (IllegalStateException expected) {
            assertThat(expected.getMessage()).contains("could not create unique index");
        }
        Finding f = one(db.postgres(""), "postgres.invalid_index");
        assertThat(f.subject()).isEqualTo("t_id_unique");
        db.exec("DROP INDEX t_id_unique", "CREATE INDEX CONCURRENTLY t_id_idx ON t (id)");
        assertThat(of(db.postgres(""), "postgres.invalid_index")).isEmpty();
    }

    @Test
    void missing_fk_index_on_a_big_child_table_and_not_once_indexed(TestDatabase db) {
        db.execAndFlushStats("CREATE TABLE invoices (id int PRIMARY KEY)",
                "INSERT INTO invoices SELECT g FROM generate_series(1, 1000) g",
                "CREATE TABLE invoice_lines (id bigserial PRIMARY KEY, invoice_id int NOT NULL REFERENCES invoices (id))",
                "INSERT INTO invoice_lines (invoice_id) SELECT 1 + g % 1000 FROM generate_series(1, 12000) g",
                "ANALYZE invoice_lines");
        Finding f = one(db.postgres(""), "postgres.missing_fk_index");
        assertThat(f.subject()).isEqualTo("invoice_lines.invoice_id");
        assertThat(f.message()).contains("CREATE INDEX CONCURRENTLY ON invoice_lines (invoice_id)");
        db.exec("CREATE INDEX ON invoice_lines (invoice_id)");
        assertThat(of(db.postgres(""), "postgres.missing_fk_index")).isEmpty();
    }

    @Test
    void missing_fk_index_ignores_small_tables(TestDatabase db) {
        db.execAndFlushStats("CREATE TABLE p (id int PRIMARY KEY)", "INSERT INTO p VALUES (1)",
                "CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id))", "INSERT INTO c VALUES (1, 1)", "ANALYZE c");
        assertThat(of(db.postgres(""), "postgres.missing_fk_index")).isEmpty();
    }

    @Test
    void sequence_exhaustion_measures_against_the_column_type_when_it_is_smaller(TestDatabase db) {
        db.exec("CREATE TABLE invoices (id serial PRIMARY KEY)", "SELECT setval('invoices_id_seq', 2100000000)",
                "CREATE SEQUENCE big_seq AS bigint", "CREATE TABLE legacy (id integer DEFAULT nextval('big_seq'))",
                "ALTER SEQUENCE big_seq OWNED BY legacy.id", "SELECT setval('big_seq', 1900000000)",
                "CREATE TABLE fine (id bigserial PRIMARY KEY)", "SELECT setval('fine_id_seq', 1900000000)");
        CheckResult r = db.postgres("");
        List<Finding> found = of(r, "postgres.sequence_exhaustion");
        assertThat(found).extracting(Finding::subject).containsExactlyInAnyOrder("invoices_id_seq", "big_seq");
        Finding serial = found.stream().filter(f -> f.subject().equals("invoices_id_seq")).findFirst().orElseThrow();
        assertThat(serial.severity()).isEqualTo(Severity.CRITICAL);
        Finding big = found.stream().filter(f -> f.subject().equals("big_seq")).findFirst().orElseThrow();
        assertThat(big.severity()).isEqualTo(Severity.WARNING);
        assertThat(big.evidence().get("limited_by").toString()).contains("legacy.id");
    }

    @Test
    void xid_wraparound_follows_the_real_transaction_age(TestDatabase db) {
        String[] burn = new String[2500];
        java.util.Arrays.fill(burn, "SELECT txid_current()");
        db.exec(burn);
        Finding f = of(db.postgres("xid_wraparound: {warning: 0.0001%, critical: 75%}"), "postgres.xid_wraparound").stream()
                .filter(x -> x.subject().equals(db.name())).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat((Long) f.evidence().get("xid_age")).isGreaterThanOrEqualTo(2500L);
        assertThat(of(db.postgres(""), "postgres.xid_wraparound")).isEmpty();
    }

    @Test
    void long_and_idle_transactions_of_another_session(TestDatabase db) throws Exception {
        Connection c = db.hold();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT txid_current()");
        }
        assertThat(of(db.postgres(""), "postgres.long_transaction")).isEmpty();
        assertThat(of(db.postgres(""), "postgres.idle_in_transaction")).isEmpty();
        Thread.sleep(1300);
        CheckResult r = db.postgres("long_transaction: {warning: 1s}\nidle_in_transaction: {warning: 1s}");
        assertThat(one(r, "postgres.long_transaction").severity()).isEqualTo(Severity.WARNING);
        // a long transaction holds back vacuum in its own database and the shared catalogs, not in the other databases
        assertThat(one(r, "postgres.long_transaction").message()).contains("in this database and in the server's shared catalogs")
                .doesNotContain("whole cluster");
        Finding idle = one(r, "postgres.idle_in_transaction");
        assertThat(idle.evidence().get("query").toString()).contains("txid_current");
        c.rollback();
    }

    @Test
    void blocked_query_names_the_blocking_session_and_its_query(TestDatabase db) throws Exception {
        db.exec("CREATE TABLE accounts (id int PRIMARY KEY, balance int)", "INSERT INTO accounts VALUES (1, 100)");
        Connection blocker = db.hold();
        blocker.setAutoCommit(false);
        try (Statement st = blocker.createStatement()) {
            st.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
        }
        Connection waiter = db.hold();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try (Statement st = waiter.createStatement()) {
                st.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 1");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1300);
        Finding f = one(db.postgres("blocked_queries: {warning: 1s}"), "postgres.blocked_queries");
        assertThat(f.evidence().get("blocking_query").toString()).contains("balance - 10");
        assertThat(f.evidence()).containsKey("blocking_pid");
        blocker.commit();
        waiting.get(10, TimeUnit.SECONDS);
        assertThat(of(db.postgres("blocked_queries: {warning: 1s}"), "postgres.blocked_queries")).isEmpty();
    }

    @Test
    void slow_query_from_pg_stat_statements_and_info_when_the_extension_is_missing(TestDatabase db) {
        assertThat(one(db.postgres(""), "postgres.slow_query").severity()).isEqualTo(Severity.INFO);
        db.exec("CREATE EXTENSION pg_stat_statements", "SELECT pg_stat_statements_reset()");
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add("SELECT pg_sleep(0.06)");
        }
        db.exec(calls.toArray(String[]::new));
        Finding f = one(db.postgres("slow_query: {mean: 50ms, min_calls: 10}"), "postgres.slow_query");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.message()).contains("pg_sleep");
        CheckResult plain = db.postgres("");
        assertThat(of(plain, "postgres.slow_query")).isEmpty();
        // ten sleeps of 60 ms are most of this database's statement time: the hot spot, and the top statements measured
        Finding top = one(plain, "postgres.top_statement");
        assertThat(top.severity()).isEqualTo(Severity.INFO);
        assertThat(top.message()).contains("pg_sleep").contains("% of all statement time (10 calls");
        assertThat(plain.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("postgres.statement_total_ms");
            assertThat(m.value()).isGreaterThanOrEqualTo(600);
        });
    }

    @Test
    void an_unreachable_database_is_a_critical_finding_not_an_error(TestDatabase db) throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CheckResult r = db.run(db.config("""
                databases:
                  gone:
                    url: jdbc:postgresql://127.0.0.1:%d/app
                    user: app
                    password: s3cret-pw
                checks:
                  pg:
                    type: postgres
                    database: gone
                """.formatted(closed)), "pg");
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(one(r, "postgres.unreachable").message()).doesNotContain("s3cret-pw");
    }

    @Test
    void monitored_sessions_are_read_only_and_named_caretaker(TestDatabase db) throws Exception {
        db.exec("CREATE TABLE t (id int)");
        dev.caretaker.config.CaretakerConfig config = db.config("databases:\n  app:\n    url: ${DB}\n");
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), dev.caretaker.TestPostgres.server(), config.secrets());
             Connection c = dbs.connect("app"); Statement st = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute("INSERT INTO t VALUES (1)"))
                    .hasMessageContaining("read-only transaction");
            try (java.sql.ResultSet rs = st.executeQuery("SELECT current_setting('application_name'), current_setting('statement_timeout')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("caretaker");
                assertThat(rs.getString(2)).isEqualTo("30s");
            }
        }
    }
}
