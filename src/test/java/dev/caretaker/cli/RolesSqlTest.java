package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.store.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caretaker roles sql} the first time, as a stranger meets it: the app's tables belong to the app's owner, the config
 * already names a checks role that does not exist yet, and the only role that may create roles has CREATEROLE and nothing
 * else. Part 1 applied by that role, part 2 by the owner: the checks then run as the new role, which can do nothing beyond
 * what it needs — while the owner, were the config to use it, is reported as privileged.
 */
@ExtendWith(TestDatabases.class)
class RolesSqlTest {
    @TempDir
    Path dir;

    private static List<String> apply(EmbeddedPostgres pg, TestDatabase db, String role, String password, String sql) throws Exception {
        List<String> warnings = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db.name()), role, password); Statement st = c.createStatement()) {
            st.execute(sql);
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                warnings.add(w.getMessage());
            }
        }
        return warnings;
    }

    @Test
    void a_createrole_role_and_the_owner_apply_it_on_a_fresh_database_and_the_checks_run_with_least_privilege(TestDatabase db) throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        String owner = db.name() + "_owner";
        String admin = db.name() + "_admin";
        String watch = db.name() + "_watch";
        try {
            db.exec("CREATE ROLE " + owner + " LOGIN PASSWORD 'own3r-pw'", "ALTER DATABASE " + db.name() + " OWNER TO " + owner,
                    "GRANT CREATE ON SCHEMA public TO " + owner, "CREATE ROLE " + admin + " LOGIN CREATEROLE PASSWORD 'adm1n-pw'");
            // the app's tables, made by its owner the way Django and Prisma name them
            apply(pg, db, owner, "own3r-pw", "CREATE TABLE auth_user (id serial PRIMARY KEY, username text NOT NULL); "
                    + "CREATE TABLE django_session (session_key varchar(40) PRIMARY KEY, expire_date timestamptz NOT NULL); "
                    + "CREATE TABLE \"User\" (id serial PRIMARY KEY, \"createdAt\" timestamptz NOT NULL DEFAULT now()); "
                    + "INSERT INTO auth_user (username) VALUES ('ann'), ('bob'); INSERT INTO \"User\" DEFAULT VALUES");
            Path f = dir.resolve("caretaker.yml");
            String url = pg.jdbcUrl(db.name()).replace("jdbc:postgresql://", "postgresql://" + owner + "@");
            Files.writeString(f, """
                    system: roles-first-time
                    store: {home: %s}
                    databases:
                      app: {url: "%s", user: %s, password: "${WATCH_PW}"}
                    checks:
                      db: {type: postgres, database: app}
                      users: {type: sql, database: app, query: 'SELECT count(*) FROM auth_user', warning: '> 100'}
                      prisma-users: {type: sql, database: app, query: 'SELECT count(*) FROM "User"', warning: '> 100'}
                    """.formatted(TestPostgres.HOME, url, watch));
            Map<String, String> env = Map.of("WATCH_PW", "w4tch-pw", "PGPASSWORD", "own3r-pw");

            // the config names a role that does not exist yet: no --url needed, and no actions role without actions
            CliTest.Outcome whole = caretaker(env, "roles", "sql", "-c", f.toString());
            assertThat(whole.code()).as(whole.err()).isZero();
            assertThat(whole.err()).contains("role " + watch + " cannot log in yet");
            assertThat(whole.out()).contains("CREATE ROLE " + watch + " WITH LOGIN NOSUPERUSER", "PASSWORD 'SCRAM-SHA-256$4096:",
                            "no action uses this database, so no actions role", "a role with CREATEROLE",
                            "Part 2 of 2: the grants. Apply as role " + owner, "GRANT SELECT ON public.auth_user TO " + watch,
                            "GRANT SELECT ON public.\"User\" TO " + watch)
                    .doesNotContain("caretaker_actions", "w4tch-pw", "own3r-pw", "permission denied");

            // part 1 by the role that has CREATEROLE and nothing else; part 2 by the owner
            CliTest.Outcome roles = caretaker(env, "roles", "sql", "-c", f.toString(), "--part", "roles");
            assertThat(roles.out()).contains("CREATE ROLE").doesNotContain("GRANT SELECT");
            List<String> warnings = apply(pg, db, admin, "adm1n-pw", roles.out());
            CliTest.Outcome grants = caretaker(env, "roles", "sql", "-c", f.toString(), "--part", "grants");
            assertThat(grants.code()).as(grants.err()).isZero();
            assertThat(grants.out()).contains("GRANT SELECT ON public.auth_user TO " + watch).doesNotContain("CREATE ROLE");
            apply(pg, db, owner, "own3r-pw", grants.out());
            if (TestPostgres.major() >= 16) {
                // since PostgreSQL 16 only a superuser or a holder of pg_monitor WITH ADMIN OPTION may grant it: the script says so
                assertThat(warnings).singleElement().asString().contains("may not grant pg_monitor").contains("GRANT pg_monitor TO " + watch);
                db.exec("GRANT pg_monitor TO " + watch);
            }

            CliTest.Outcome validate = caretaker(env, "validate", "--connect", "-c", f.toString());
            assertThat(validate.out()).as(validate.out()).contains("connected to " + db.name() + " as " + watch)
                    .contains("role " + watch + " can do nothing beyond what it needs").doesNotContain("privileged_role");
            CliTest.Outcome check = caretaker(env, "check", "-q", "-c", f.toString(), "--format", "json");
            JsonNode run = new ObjectMapper().readTree(check.out());
            for (JsonNode c : run.get("checks")) {
                assertThat(c.get("error").isNull()).as(c.toString()).isTrue();
                if (c.get("name").asText().equals("(roles)")) {
                    assertThat(c.get("findings")).as("least privilege").isEmpty();
                }
            }
            assertThat(run.get("checks").findValuesAsText("name")).contains("users", "prisma-users", "db");

            // the owner is privileged: validate and the run say the same
            Files.writeString(f, Files.readString(f).replace("user: " + watch + ", password: \"${WATCH_PW}\"", "user: " + owner
                    + ", password: own3r-pw"));
            CliTest.Outcome asOwner = caretaker(env, "validate", "--connect", "-c", f.toString());
            assertThat(asOwner.out()).contains("caretaker.privileged_role: role " + owner + " owns database " + db.name())
                    .containsPattern("role " + owner + " owns database " + db.name() + "(, 1 schema)? and 5 tables, views or sequences")
                    .doesNotContain("can do nothing beyond");
            // the run's finding reads as a sentence: "... run as role X, which owns ..."
            JsonNode ownerRun = new ObjectMapper().readTree(caretaker(env, "check", "-q", "-c", f.toString(), "--format", "json").out());
            assertThat(ownerRun.get("checks").findValuesAsText("message")).anySatisfy(m -> assertThat(m)
                    .containsPattern("^checks on database 'app' run as role " + owner + ", which owns database " + db.name()
                            + "(, 1 schema)? and 5 tables, views or sequences \\(public\\.\\S+ among them\\): can drop"));
        } finally {
            db.exec("DO $$ DECLARE r text; BEGIN FOREACH r IN ARRAY ARRAY['" + owner + "', '" + admin + "', '" + watch + "'] LOOP "
                    + "IF EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN EXECUTE format('REASSIGN OWNED BY %I TO CURRENT_USER; "
                    + "DROP OWNED BY %I', r, r); END IF; END LOOP; END $$");
            try (Connection c = pg.connect("postgres", "test"); Statement st = c.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + watch + ", " + admin + ", " + owner);
            }
        }
    }

    @Test
    void a_new_role_without_a_password_gets_one_shown_once_and_only_on_stderr(TestDatabase db) throws Exception {
        db.exec("CREATE TABLE orders (id int PRIMARY KEY)");
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, """
                system: roles-password
                store: {home: %s}
                databases:
                  app: {url: "%s"}
                checks:
                  count: {type: sql, database: app, query: 'SELECT count(*) FROM orders', warning: '> 100'}
                """.formatted(TestPostgres.HOME, db.url()));
        String role = db.name() + "_new";
        CliTest.Outcome o = caretaker(Map.of(), "roles", "sql", "-c", f.toString(), "--checks-role", role);
        assertThat(o.code()).as(o.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("kept nowhere\\): ([A-Za-z0-9]{24})").matcher(o.err());
        assertThat(m.find()).as(o.err()).isTrue();
        assertThat(o.out()).doesNotContain(m.group(1)).contains("CREATE ROLE " + role, "PASSWORD 'SCRAM-SHA-256$4096:");
        // the clean twin: a role that exists keeps its password, and none is made
        db.exec("CREATE ROLE " + role + " LOGIN");
        try {
            CliTest.Outcome again = caretaker(Map.of(), "roles", "sql", "-c", f.toString(), "--checks-role", role);
            assertThat(again.err()).doesNotContain("kept nowhere");
            assertThat(again.out()).contains("set one with \\password " + role);
        } finally {
            db.exec("DROP OWNED BY " + role, "DROP ROLE " + role);
        }
    }

    /** A connection that fails reads as one sentence: the driver's words, then what to do, without doubled punctuation. */
    @Test
    void a_failed_connection_reads_as_one_sentence_with_the_way_out(TestDatabase db) throws Exception {
        String role = db.role("nopw", "n0pw-secret");
        String url = TestPostgres.server().jdbcUrl(db.name()).replace("jdbc:postgresql://", "postgresql://" + role + "@");
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, """
                system: roles-no-password
                store: {home: %s}
                databases:
                  app: {url: "%s"}
                checks:
                  db: {type: postgres, database: app}
                """.formatted(TestPostgres.HOME, url));
        CliTest.Outcome o = caretaker(Map.of(), "roles", "sql", "-c", f.toString());
        assertThat(o.code()).isEqualTo(3);
        assertThat(o.err()).contains("cannot read the database's schema: ").contains("no password was provided; connect as the database's owner")
                .doesNotContain(".;");
        // the clean twin: with the password, the script is printed
        CliTest.Outcome given = caretaker(Map.of("PGPASSWORD", "n0pw-secret"), "roles", "sql", "-c", f.toString(), "--url", url);
        assertThat(given.code()).as(given.err()).isZero();
        assertThat(given.out()).contains("CREATE ROLE caretaker_checks");
    }
}
