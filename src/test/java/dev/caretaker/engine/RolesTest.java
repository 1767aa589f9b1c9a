package dev.caretaker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.action.ActionOutcome;
import dev.caretaker.action.SideDoorTestData;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.RoleCheck;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code caretaker roles sql} applied to a fresh database with every side door in it: the checks and the automatic actions
 * run under the two roles, and none of the doors opens — through Caretaker, which refuses them, nor for anyone who runs the
 * same statements as the actions role by hand, whom PostgreSQL refuses.
 */
@ExtendWith(TestDatabases.class)
class RolesTest {
    private static final Map<String, String> DOORS = SideDoorTestData.STATEMENTS;

    private static String config() {
        StringBuilder actions = new StringBuilder();
        DOORS.forEach((name, sql) -> actions.append(SideDoorTestData.auto(name, sql)));
        actions.append(SideDoorTestData.auto("clean", "UPDATE notes SET body = 'checked' WHERE id = 1"));
        return """
                system: roles-test
                databases:
                  app:
                    url: ${DB}
                    user: ${CHECKS_ROLE}
                    password: ${CHECKS_PASSWORD}
                    actions: {user: "${ACTIONS_ROLE}", password: "${ACTIONS_PASSWORD}"}
                    protected_tables: [tax_rates, rates_part]
                checks:
                  db: {type: postgres, database: app}
                  notes-count: {type: sql, database: app, query: "SELECT count(*) FROM notes", warning: '> 100'}
                actions:
                """ + actions.toString().indent(2);
    }

    private static long pid(Connection c) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void the_printed_roles_run_the_checks_and_the_automatic_actions_and_open_no_side_door(TestDatabase db, Store store) throws Exception {
        db.exec(SideDoorTestData.SCHEMA);
        String checks = db.name() + "_mon";
        String actions = db.name() + "_act";
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DB", db.url());
        env.put("CHECKS_ROLE", checks);
        env.put("CHECKS_PASSWORD", "m0nitor-pw");
        env.put("ACTIONS_ROLE", actions);
        env.put("ACTIONS_PASSWORD", "act1ons-pw");
        env.put("PGPASSWORD", TestPostgres.server().password());
        CaretakerConfig config = Engine.configLoader(env).parse("caretaker.yml", java.nio.file.Path.of("caretaker.yml"), config());
        Engine engine = Pipeline.engine(store, config, Clock.systemUTC()).build();

        String sql = engine.rolesSql("app", new RolesRun.Options(null, null, null, null, null, RolesRun.Part.BOTH)).sql();
        assertThat(sql).contains("CREATE ROLE " + checks, "CREATE ROLE " + actions, "GRANT pg_monitor TO " + checks,
                        "GRANT SELECT ON public.notes TO " + checks, "GRANT SELECT, UPDATE ON public.notes TO " + actions,
                        "PASSWORD 'SCRAM-SHA-256$4096:")
                .doesNotContain("m0nitor-pw", "act1ons-pw")
                .contains("not granted: SELECT, DELETE ON public.tax_categories for action cascade")
                .contains("not granted: SELECT, DELETE ON public.rates_part_de for action partition")
                .contains("not granted: SELECT, INSERT ON public.notes2 for action rule")
                .contains("REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.tax_rates FROM " + checks + ", " + actions)
                .contains("dblink is installed and PUBLIC may execute its functions");
        db.exec(sql);
        // the operator follows the script's note about dblink
        db.exec("REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC", "GRANT EXECUTE ON FUNCTION touch(), wipe_rates() TO PUBLIC");

        RunOutcome run = engine.run(Engine.RunRequest.of(null));
        CheckResult roles = run.run().results().stream().filter(r -> r.name().equals(RoleCheck.NAME)).findFirst().orElseThrow();
        assertThat(roles.findings()).as("neither role can do more than it needs: " + roles.findings()).isEmpty();
        assertThat(run.run().results()).filteredOn(r -> !r.name().equals(RoleCheck.NAME))
                .allSatisfy(r -> assertThat(r.error()).as(r.name()).isNull());
        assertThat(run.run().results()).filteredOn(r -> r.name().equals("notes-count")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(Status.OK));

        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), TestPostgres.server(), config.secrets())) {
            var remediation = Pipeline.remediation(store, config, dbs, Clock.systemUTC(), false, d -> { });
            ActionOutcome clean = remediation.runByHand(config.actions().get("clean"), "", Map.of(), "ops");
            assertThat(clean.result()).as(clean.detail()).isEqualTo(ActionOutcome.Result.SUCCEEDED);
            for (String door : DOORS.keySet()) {
                ActionOutcome o = remediation.runByHand(config.actions().get(door), "", Map.of("pid", "1"), "ops");
                assertThat(o.result()).as(door + ": " + o.detail()).isEqualTo(ActionOutcome.Result.REFUSED);
            }
        }
        // whatever the SQL says, the actions role itself cannot open a door
        long victim = db.number("SELECT 0") + pid(db.hold());
        try (Connection c = DriverManager.getConnection(TestPostgres.server().jdbcUrl(db.name()), actions, "act1ons-pw");
             Statement st = c.createStatement()) {
            for (var door : DOORS.entrySet()) {
                String statement = door.getValue().replace(":pid", String.valueOf(victim));
                assertThatThrownBy(() -> st.execute(statement)).as(door.getKey())
                        .hasMessageMatching("(?s).*(permission denied|must be a superuser).*");
            }
        }
        SideDoorTestData.intact(db);
    }
}
