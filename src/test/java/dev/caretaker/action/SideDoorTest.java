package dev.caretaker.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The side doors an attacker with a config and a database of their own tried, with the database user a superuser and
 * {@code allow_privileged: true}, so that Caretaker's own analysis is all that stands between an automatic statement and the
 * protected tables; and the privilege gate that stands in front of it when the database does not allow that.
 */
@ExtendWith(TestDatabases.class)
class SideDoorTest {
    static final String DOORS = SideDoorTestData.SCHEMA;

    private static String config(String allow, String actions) {
        return """
                databases:
                  app:
                    url: ${DB}
                    protected_tables: [tax_rates, rates_part]
                %s
                actions:
                """.formatted(allow) + actions.indent(2);
    }

    private static String auto(String name, String sql) {
        return SideDoorTestData.auto(name, sql);
    }

    /** dblink's way back into the same database, as the superuser. */
    private static String connection(TestDatabase db) {
        return "'host=127.0.0.1 port=" + TestPostgres.server().port() + " dbname=" + db.name() + " user=caretaker password="
                + TestPostgres.server().password() + "'";
    }

    private static ActionOutcome run(Store store, CaretakerConfig config, String action, boolean dryRun, String pid) {
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
            return Pipeline.remediation(store, config, dbs, Clock.systemUTC(), dryRun, d -> { })
                    .runByHand(config.actions().get(action), "", pid == null ? Map.of() : Map.of("pid", pid), "alice");
        }
    }

    private static void intact(TestDatabase db) {
        SideDoorTestData.intact(db);
    }

    @Test
    void every_side_door_of_an_automatic_statement_is_refused_and_names_the_door(TestDatabase db, Store store) throws Exception {
        db.exec(DOORS);
        Connection victim = db.hold();
        long pid;
        try (Statement st = victim.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getLong(1);
        }
        StringBuilder actions = new StringBuilder();
        SideDoorTestData.statements(connection(db)).forEach((name, sql) -> actions.append(auto(name, sql)));
        CaretakerConfig config = db.config(config("    allow_privileged: true", actions
                + auto("clean", "UPDATE notes SET body = 'checked' WHERE id = 1")
                + auto("clean-trigger", "UPDATE stamped SET v = v + 1")));
        Map<String, String> doors = Map.of(
                "function", "it calls volatile function side_effect(); side_effect() updates tax_rates; tax_rates is protected",
                "remote", "it calls volatile function dblink_exec()",
                "trigger", "it writes harmless; trigger harmless_wipe on harmless runs wipe_rates(); wipe_rates() deletes from tax_rates; "
                        + "tax_rates is protected",
                "cascade", "it writes tax_categories; changing tax_categories cascades to tax_rates (foreign key tax_rates_category_id_fkey, "
                        + "ON DELETE CASCADE); tax_rates is protected",
                "partition", "it writes rates_part_de: rates_part_de is a partition of protected table rates_part",
                "rule", "it writes notes2; rule notes2_also on notes2 writes or reads tax_rates; tax_rates is protected",
                "signal-where", "it calls volatile function pg_terminate_backend()",
                "signal-returning", "it calls volatile function pg_terminate_backend()");
        for (var door : doors.entrySet()) {
            ActionOutcome o = run(store, config, door.getKey(), false, String.valueOf(pid));
            assertThat(o.result()).as(door.getKey() + ": " + o.detail()).isEqualTo(ActionOutcome.Result.REFUSED);
            assertThat(o.detail()).as(door.getKey()).startsWith("refused: ").contains(door.getValue());
            intact(db);
        }
        assertThat(victim.isValid(2)).as("no session was killed").isTrue();
        assertThat(db.number("SELECT count(*) FROM notes WHERE body = 'x'")).isZero();

        ActionOutcome clean = run(store, config, "clean", false, null);
        assertThat(clean.result()).as(clean.detail()).isEqualTo(ActionOutcome.Result.SUCCEEDED);
        assertThat(clean.rows()).isEqualTo(1);
        assertThat(db.number("SELECT count(*) FROM notes WHERE body = 'checked'")).isEqualTo(1);
        ActionOutcome stamped = run(store, config, "clean-trigger", false, null);
        assertThat(stamped.result()).as("a trigger that only stamps a time is read and let through: " + stamped.detail())
                .isEqualTo(ActionOutcome.Result.SUCCEEDED);
        assertThat(db.number("SELECT count(*) FROM stamped WHERE v = 1 AND changed_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void a_dry_run_never_executes_what_calls_a_volatile_function_or_sets_something_off(TestDatabase db, Store store) throws Exception {
        db.exec(DOORS);
        CaretakerConfig config = db.config(config("", """
                remote:
                  type: sql
                  policy: approval
                  when: app.by_hand
                  database: app
                  sql: "UPDATE notes SET body = %s WHERE id = 1"
                trigger:
                  type: sql
                  policy: approval
                  when: app.by_hand
                  database: app
                  sql: UPDATE harmless SET v = v + 1
                stamped:
                  type: sql
                  policy: approval
                  when: app.by_hand
                  database: app
                  sql: UPDATE stamped SET v = v + 1
                pure:
                  type: sql
                  policy: approval
                  when: app.by_hand
                  database: app
                  sql: UPDATE notes SET body = 'dry' WHERE id <= 2
                """.formatted(("dblink_exec(" + connection(db) + ", 'DELETE FROM tax_rates')").replace("\"", "\\\""))));
        ActionOutcome remote = run(store, config, "remote", true, null);
        assertThat(remote.result()).isEqualTo(ActionOutcome.Result.DRY_RUN);
        assertThat(remote.detail()).contains("not executed, because it calls volatile function dblink_exec()")
                .contains("PostgreSQL's plan (EXPLAIN, not run): Update on notes").contains("the planner estimates 1 row(s)");
        intact(db);
        ActionOutcome trigger = run(store, config, "trigger", true, null);
        assertThat(trigger.detail()).contains("not executed, because it writes harmless; trigger harmless_wipe on harmless runs "
                + "wipe_rates(); wipe_rates() deletes from tax_rates; tax_rates is protected").contains("Update on harmless");
        ActionOutcome stamped = run(store, config, "stamped", true, null);
        assertThat(stamped.detail()).as("even a harmless trigger is not set off by a dry run")
                .startsWith("not executed, because it would set off trigger stamped_touch on stamped");
        assertThat(db.number("SELECT v FROM stamped")).isZero();
        intact(db);
        assertThat(db.number("SELECT v FROM harmless")).isZero();

        ActionOutcome pure = run(store, config, "pure", true, null);
        assertThat(pure.result()).isEqualTo(ActionOutcome.Result.DRY_RUN);
        assertThat(pure.detail()).isEqualTo("would change 2 row(s); rolled back");
        assertThat(pure.rows()).isEqualTo(2);
        assertThat(db.number("SELECT count(*) FROM notes WHERE body = 'dry'")).as("rolled back").isZero();
    }

    @Test
    void under_a_role_that_can_do_more_no_automatic_action_runs_unless_the_database_allows_it(TestDatabase db, Store store) throws Exception {
        db.exec(DOORS);
        String clean = auto("clean", "UPDATE notes SET body = 'checked' WHERE id = 1");
        ActionOutcome refused = run(store, db.config(config("", clean)), "clean", false, null);
        assertThat(refused.result()).isEqualTo(ActionOutcome.Result.REFUSED);
        assertThat(refused.detail()).contains("actions on database 'app' run as role caretaker, which is a superuser")
                .contains("caretaker roles sql").contains("databases.app.allow_privileged: true");
        assertThat(db.number("SELECT count(*) FROM notes WHERE body = 'checked'")).isZero();

        // a role of its own that may update notes, but also delete tax categories, whose deletes cascade into tax_rates
        String role = db.role("actor", "act0r", "SELECT, UPDATE ON notes", "DELETE, SELECT ON tax_categories");
        CaretakerConfig config = db.config(config("    actions: {user: " + role + ", password: act0r}", clean));
        ActionOutcome stillRefused = run(store, config, "clean", false, null);
        assertThat(stillRefused.result()).isEqualTo(ActionOutcome.Result.REFUSED);
        assertThat(stillRefused.detail()).contains("run as role " + role + ", which can EXECUTE dblink's functions")
                .contains("can write tax_categories (DELETE): changing tax_categories cascades to tax_rates");
        db.exec("REVOKE DELETE ON tax_categories FROM " + role, "REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC");
        assertThat(run(store, db.config(config("    actions: {user: " + role + ", password: act0r}", clean)), "clean", false, null).result())
                .isEqualTo(ActionOutcome.Result.SUCCEEDED);
    }
}
