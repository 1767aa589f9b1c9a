package dev.caretaker.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.ErrorsCheckConfig;
import dev.caretaker.config.SqlCheckConfig;
import dev.caretaker.demo.DemoProfiles;
import dev.caretaker.demo.SeedDemo;
import dev.caretaker.engine.Engine;
import dev.caretaker.guard.QueryGuard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A check's query never writes, whatever {@code allow_privileged} says: the statement analysis an automatic action gets refuses
 * dblink (which writes through a session of its own, out of reach of the read-only transaction), written or hidden in a view or a
 * function; and the ordinary queries of the examples and of everyday monitoring still pass it.
 */
@ExtendWith(TestDatabases.class)
class CheckQuerySideDoorTest {
    /** A superuser's database that allows it, with dblink and a row to lose: only the analysis stands in the way. */
    private static String privileged(TestDatabase db, String query) {
        db.exec("CREATE EXTENSION IF NOT EXISTS dblink", "CREATE TABLE IF NOT EXISTS ledger (id int PRIMARY KEY)",
                "INSERT INTO ledger VALUES (1) ON CONFLICT DO NOTHING");
        return TestDatabase.oneCheck("sneaky", "sql", "query: \"" + query.replace("\"", "\\\"") + "\"")
                .replace("    password: ${DB_PASSWORD:-}\n", "    password: ${DB_PASSWORD:-}\n    allow_privileged: true\n");
    }

    /** dblink back into the same database as the superuser. */
    private static String remote(TestDatabase db) {
        return "'host=127.0.0.1 port=" + TestPostgres.server().port() + " dbname=" + db.name() + " user=caretaker password="
                + TestPostgres.server().password() + "'";
    }

    @Test
    void a_sql_check_calling_dblink_exec_is_refused_even_where_allow_privileged_is_true(TestDatabase db) {
        String delete = "SELECT dblink_exec(" + remote(db) + ", 'DELETE FROM ledger')";
        CheckResult r = db.run(db.config(privileged(db, delete)), "sneaky");
        assertThat(db.count("ledger")).as("the row is still there").isEqualTo(1);
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("refused to run the query").contains("it calls volatile function dblink_exec()");
    }

    @Test
    void dblink_hidden_in_a_view_or_a_function_is_refused_too(TestDatabase db) {
        String config = privileged(db, "SELECT 1");
        db.exec("CREATE VIEW tidy AS SELECT dblink_exec(" + remote(db) + ", 'DELETE FROM ledger') AS done",
                "CREATE FUNCTION tidy_up() RETURNS int LANGUAGE plpgsql STABLE AS $$ BEGIN PERFORM dblink_exec(" + remote(db)
                        + ", 'DELETE FROM ledger'); RETURN 1; END $$",
                "CREATE FUNCTION remember() RETURNS int LANGUAGE sql AS $$ INSERT INTO ledger VALUES (2) RETURNING id $$");
        Map<String, String> doors = new LinkedHashMap<>();
        doors.put("SELECT * FROM tidy", "dblink_exec()");
        doors.put("SELECT tidy_up()", "tidy_up() calls dblink_exec()");
        doors.put("SELECT remember()", "remember() writes into ledger");
        doors.put("SELECT set_config('transaction_read_only', 'off', true)", "it calls volatile function set_config()");
        doors.put("SELECT nextval('ledger_seq')", "it calls volatile function nextval()");
        for (Map.Entry<String, String> door : doors.entrySet()) {
            CheckResult r = db.run(db.config(config.replace("query: \"SELECT 1\"", "query: \"" + door.getKey().replace("\"", "\\\"") + "\"")),
                    "sneaky");
            assertThat(r.error()).as(door.getKey()).contains("refused to run the query").contains(door.getValue());
        }
        assertThat(db.count("ledger")).isEqualTo(1);
    }

    @Test
    void the_examples_queries_and_everyday_monitoring_queries_pass_the_analysis(TestDatabase db) throws Exception {
        List<String> queries = new ArrayList<>(List.of(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'",
                "SELECT count(*) FROM pg_locks WHERE NOT granted",
                "SELECT pg_database_size(current_database())",
                "SELECT relname, n_dead_tup FROM pg_stat_user_tables ORDER BY n_dead_tup DESC LIMIT 5",
                "SELECT max(last_value) FROM pg_sequences",
                "SELECT extract(epoch FROM now() - pg_postmaster_start_time())",
                "WITH t AS (SELECT 1 AS x) SELECT x FROM t",
                "VALUES (1)"));
        Map<String, String> env = new HashMap<>(System.getenv());
        Map<String, List<String>> bySchema = new LinkedHashMap<>();
        bySchema.put("public", queries);
        for (SeedDemo.Profile p : DemoProfiles.ALL) {
            String schema = "demo_" + p.name().replace('-', '_');
            String ddl = new String(CheckQuerySideDoorTest.class.getResourceAsStream("/demo/" + p.name() + "/1-schema.sql").readAllBytes(),
                    StandardCharsets.UTF_8);
            db.exec("CREATE SCHEMA " + schema + "; SET search_path TO " + schema + ", public;\n" + ddl);
            List<String> own = bySchema.computeIfAbsent(schema, k -> new ArrayList<>());
            CaretakerConfig config = Engine.configLoader(env).read(Path.of(p.example()));
            for (CheckConfig c : config.checks().values()) {
                if (c instanceof SqlCheckConfig sql) {
                    own.add(sql.query());
                } else if (c instanceof ErrorsCheckConfig errors && errors.total() != null && errors.total().query() != null) {
                    own.add(errors.total().query());
                }
            }
        }
        assertThat(bySchema.values().stream().mapToInt(List::size).sum()).as("queries judged").isGreaterThan(10);
        try (Connection c = db.connect()) {
            for (Map.Entry<String, List<String>> e : bySchema.entrySet()) {
                try (var st = c.createStatement()) {
                    st.execute("SET search_path TO " + e.getKey() + ", public");
                }
                for (String q : e.getValue()) {
                    assertThat(QueryGuard.refusals(c, q)).as(q).isEmpty();
                }
            }
        }
    }
}
