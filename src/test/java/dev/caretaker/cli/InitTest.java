package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.FrameworkSchemas;
import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * caretaker init as a stranger runs it: against a schema made by a framework, as a role that is not called caretaker and has
 * no grant on the tables, the config written into a folder of its own and then run from elsewhere through the command line.
 */
class InitTest {
    private static final String PASSWORD = "s3cret-Pw/with@signs";

    @TempDir
    Path dir;

    @BeforeAll
    static void server() {
        TestPostgres.server();
    }

    /** A login role of {@code db} with CONNECT only, and its URL with the password in it, as an app's DATABASE_URL would be. */
    private static String url(TestDatabase db) {
        String role = db.role("webapp", PASSWORD);
        URI jdbc = URI.create(TestPostgres.server().jdbcUrl(db.name()).substring("jdbc:".length()));
        return "postgresql://" + role + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "@" + jdbc.getHost() + ":" + jdbc.getPort()
                + "/" + db.name();
    }

    /** The grants the checks need, given after init (which needs none). */
    private static void grant(TestDatabase db) {
        String role = db.name() + "_webapp";
        db.exec("GRANT pg_monitor TO " + role, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role,
                "DO $$ BEGIN IF EXISTS (SELECT FROM pg_namespace WHERE nspname = 'auth') THEN "
                        + "GRANT USAGE ON SCHEMA auth TO " + role + "; GRANT SELECT ON ALL TABLES IN SCHEMA auth TO " + role + "; END IF; END $$");
    }

    private static Map<String, String> env() {
        return Map.of("APP_DB_PASSWORD", PASSWORD, "CARETAKER_HOME", TestPostgres.HOME.toString());
    }

    private Path init(TestDatabase db, String folder, String... more) {
        Path file = dir.resolve(folder).resolve("caretaker.yml");
        List<String> args = new java.util.ArrayList<>(List.of("init", "--database", url(db), "--out", file.toString()));
        args.addAll(List.of(more));
        CliTest.Outcome o = caretaker(Map.of(), args.toArray(String[]::new));
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("caretaker roles sql -c " + file).contains("APP_DB_PASSWORD").doesNotContain(PASSWORD);
        return file;
    }

    /**
     * Runs every check of the written file (from this working directory, not the file's), asserts that each could judge, and
     * returns the integrity check's result.
     */
    private static JsonNode integrity(Path file) throws Exception {
        CliTest.Outcome o = caretaker(env(), "check", "-q", "-c", file.toString(), "--format", "json");
        assertThat(o.err()).doesNotContain("config");
        JsonNode json = new ObjectMapper().readTree(o.out());
        for (JsonNode c : json.get("checks")) {
            assertThat(c.get("status").asText()).as(c.toString()).isNotEqualTo("unknown");
        }
        for (JsonNode c : json.get("checks")) {
            if (c.get("name").asText().equals("integrity")) {
                return c;
            }
        }
        throw new AssertionError("no integrity check in " + o.out());
    }

    private static Map<String, Long> orphans(JsonNode integrity) {
        Map<String, Long> found = new LinkedHashMap<>();
        for (JsonNode f : integrity.get("findings")) {
            if (f.get("code").asText().equals("postgres.orphan_rows")) {
                found.put(f.get("subject").asText(), f.get("evidence").get("count").asLong());
            }
        }
        return found;
    }

    private void roundTrip(FrameworkSchemas s) throws Exception {
        try (TestDatabase db = new TestDatabase(); TestDatabase twin = new TestDatabase()) {
            db.exec(s.withOrphans());
            Path file = init(db, s.name());
            String text = Files.readString(file);
            assertThat(text).contains("discover: true").doesNotContain(PASSWORD).doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))
                    .contains("password: ${APP_DB_PASSWORD}");
            s.expected().keySet().forEach(subject -> assertThat(text).as(s.name()).contains("- " + subject + " -> "));
            grant(db);
            JsonNode found = integrity(file);
            assertThat(found.get("error").isNull()).as(found.toString()).isTrue();
            assertThat(orphans(found)).as(s.name() + ": every orphan").isEqualTo(s.expected());

            twin.exec(s.clean());
            Path twinFile = init(twin, s.name() + "-twin");
            grant(twin);
            JsonNode clean = integrity(twinFile);
            assertThat(clean.get("findings")).as(s.name() + " twin: silent").isEmpty();
            assertThat(clean.get("status").asText()).isEqualTo("ok");
            assertThat(clean.get("measurements")).as("it checked something").isNotEmpty();
        }
    }

    @Test
    void django_init_then_check_finds_every_orphan_and_the_clean_twin_is_silent() throws Exception {
        roundTrip(FrameworkSchemas.DJANGO);
    }

    @Test
    void rails_init_then_check_finds_every_orphan_and_the_clean_twin_is_silent() throws Exception {
        roundTrip(FrameworkSchemas.RAILS);
    }

    @Test
    void prisma_init_then_check_finds_every_orphan_and_the_clean_twin_is_silent() throws Exception {
        roundTrip(FrameworkSchemas.PRISMA);
    }

    @Test
    void supabase_init_then_check_finds_every_orphan_and_the_clean_twin_is_silent() throws Exception {
        roundTrip(FrameworkSchemas.SUPABASE);
        try (TestDatabase db = new TestDatabase()) {
            db.exec(FrameworkSchemas.SUPABASE.clean());
            assertThat(Files.readString(init(db, "supabase-auth"))).contains("  logins:\n    type: security").contains("source: supabase-auth")
                    .contains("# picked because auth.audit_log_entries (Supabase Auth's log) is there");
        }
    }

    /**
     * A stock Django database keeps every reference as a foreign key: init writes no integrity check (it could only warn that
     * it checks nothing), says why in the file and on the terminal, and the written config checks clean apart from the owner
     * role's privileges, which roles sql settles.
     */
    @Test
    void a_stock_django_database_with_every_foreign_key_gets_no_integrity_check_and_checks_clean() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.exec(FrameworkSchemas.DJANGO.schema().get(0)); // as Django's migrations leave it: every foreign key declared
            Path file = dir.resolve("stock").resolve("caretaker.yml");
            CliTest.Outcome o = caretaker(Map.of(), "init", "--database", url(db), "--out", file.toString());
            assertThat(o.code()).as(o.out() + o.err()).isZero();
            assertThat(o.out()).contains("no integrity check: all 11 references are enforced by foreign keys: nothing for an integrity check to do");
            String text = Files.readString(file);
            assertThat(text).doesNotContain("\n  integrity:").doesNotContain("\n    discover: true").doesNotContain("[database, integrity")
                    .contains("  # No integrity check: all 11 references are enforced by foreign keys: nothing for an integrity check to do.\n"
                            + "  # Uncomment it and list orphans: if some rows refer to others without a foreign key.\n  # integrity:\n")
                    .contains("    description: \"Every day at 09:00 UTC, the database\"\n    schedule: \"0 9 * * *\"\n    checks: [database]\n");
            grant(db);
            CliTest.Outcome run = caretaker(env(), "check", "-q", "-c", file.toString(), "--format", "json");
            JsonNode json = new ObjectMapper().readTree(run.out());
            List<String> problems = new java.util.ArrayList<>();
            for (JsonNode c : json.get("checks")) {
                assertThat(c.get("name").asText()).isNotEqualTo("integrity");
                assertThat(c.get("status").asText()).as(c.toString()).isNotEqualTo("unknown");
                for (JsonNode f : c.get("findings")) {
                    if (!f.get("severity").asText().equals("info")) {
                        problems.add(f.get("code").asText());
                    }
                }
            }
            assertThat(problems).as(run.out()).noneMatch(code -> code.startsWith("integrity.")).allMatch(code -> code.equals("caretaker.privileged_role"));
            assertThat(run.code()).as(run.out()).isEqualTo(problems.isEmpty() ? 0 : 1);
        }
    }

    /** With the block uncommented as written (discover only), the check says it checks nothing rather than OK. */
    @Test
    void a_schema_with_nothing_to_discover_gives_nothing_to_check_not_ok() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.exec(FrameworkSchemas.RAILS.schema().get(0)); // every foreign key declared
            Path file = init(db, "declared");
            String text = Files.readString(file);
            String block = text.lines().filter(l -> l.startsWith("  #   ") && !l.contains("child_table.column") && !l.contains("orphans:"))
                    .map(l -> "    " + l.substring("  #   ".length())).collect(java.util.stream.Collectors.joining("\n"));
            Files.writeString(file, text.replace("checks:\n", "checks:\n  integrity:\n" + block + "\n"));
            grant(db);
            JsonNode found = integrity(file);
            assertThat(found.get("status").asText()).isEqualTo("warning");
            assertThat(found.get("findings").get(0).get("code").asText()).isEqualTo("integrity.nothing_to_check");
        }
    }

    @Test
    void init_never_overwrites_without_force_and_writes_whole() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.exec(FrameworkSchemas.RAILS.clean());
            Path file = dir.resolve("mine").resolve("caretaker.yml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "system: hand-written\n");
            CliTest.Outcome refused = caretaker(Map.of(), "init", "--database", url(db), "--out", file.toString());
            assertThat(refused.code()).isEqualTo(3);
            assertThat(refused.err()).contains(file + " exists").contains("--force");
            assertThat(Files.readString(file)).isEqualTo("system: hand-written\n");

            CliTest.Outcome forced = caretaker(Map.of(), "init", "--database", url(db), "--out", file.toString(), "--force");
            assertThat(forced.code()).as(forced.err()).isZero();
            assertThat(Files.readString(file)).contains("type: integrity").contains("- posts.user_id -> users.id");
            try (Stream<Path> left = Files.list(file.getParent())) {
                assertThat(left).as("no temporary file left").containsExactly(file);
            }

            CliTest.Outcome wrong = caretaker(Map.of(), "init", "--database", url(db).replace(PASSWORD.substring(0, 5), "wrong"), "--out",
                    dir.resolve("never.yml").toString());
            assertThat(wrong.code()).isEqualTo(3);
            assertThat(wrong.err()).contains("cannot read database").contains("password authentication failed").doesNotContain("wrongt");
            assertThat(dir.resolve("never.yml")).doesNotExist();
        }
    }

    /** A folder given as --out is named a folder at once, --force or not; a host that does not resolve is named. */
    @Test
    void init_says_at_once_that_out_is_a_folder_and_names_a_host_that_does_not_resolve() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Path folder = Files.createDirectories(dir.resolve("a-folder"));
            for (boolean force : new boolean[] {false, true}) {
                List<String> args = new java.util.ArrayList<>(List.of("init", "--database", url(db), "--out", folder.toString()));
                if (force) {
                    args.add("--force");
                }
                CliTest.Outcome o = caretaker(Map.of(), args.toArray(String[]::new));
                assertThat(o.code()).isEqualTo(3);
                assertThat(o.err()).as("--force " + force).contains(folder + " is a folder; give --out a file name").doesNotContain("exists");
            }
            CliTest.Outcome nowhere = caretaker(Map.of(), "init", "--database", "postgresql://app:pw@no-such-host.invalid:5432/mysite", "--out",
                    dir.resolve("nowhere.yml").toString());
            assertThat(nowhere.code()).isEqualTo(3);
            assertThat(nowhere.err()).contains("cannot read database postgresql://app@no-such-host.invalid:5432/mysite: ")
                    .contains("host no-such-host.invalid does not resolve").doesNotContain(".:").doesNotContain("pw@");
            assertThat(dir.resolve("nowhere.yml")).doesNotExist();
        }
    }

    @Test
    void the_written_file_passes_validate_connect_which_lists_each_relation_once() throws Exception {
        try (TestDatabase db = new TestDatabase(); Receiver svc = new Receiver(200)) {
            db.exec(FrameworkSchemas.DJANGO.withOrphans());
            db.exec("CREATE TABLE job_runs (id bigserial PRIMARY KEY, name text NOT NULL, status text NOT NULL,"
                            + " started_at timestamptz NOT NULL, finished_at timestamptz, error text)",
                    "INSERT INTO job_runs (name, status, started_at, finished_at) VALUES ('nightly-export', 'success', now() - interval '1 hour', now())",
                    "CREATE TABLE app_errors (id bigserial PRIMARY KEY, level text, message text, created_at timestamptz NOT NULL DEFAULT now())",
                    "CREATE TABLE login_attempts (id bigserial PRIMARY KEY, email text, ip_address inet, success boolean,"
                            + " created_at timestamptz NOT NULL DEFAULT now())");
            Path file = init(db, "validated", "--http", svc.url("/health"));
            String text = Files.readString(file);
            assertThat(text).contains("type: jobs", "table: job_runs", "finished_column: finished_at", "error_column: error",
                    "# picked because job_runs has a job name (name), a status (status) and a start time (started_at)",
                    "type: errors", "table: app_errors", "group_by: level",
                    "type: security", "table: login_attempts", "ip_column: ip_address", "user_column: email",
                    "type: http", "url: " + svc.url("/health"),
                    "schedule: \"0 2 * * SUN\"", "schedule: \"0 9 * * *\"", "to: [ops@example.com]",
                    "description: \"Every day at 09:00 UTC, the database, its job runs, its error log and the service\"\n");
            grant(db);
            CliTest.Outcome v = caretaker(env(), "validate", "--connect", "-c", file.toString());
            assertThat(v.code()).as(v.out() + v.err()).isLessThan(2);
            assertThat(v.out()).doesNotContain("problem ");
            List<String> relations = v.out().lines().filter(l -> l.contains(" checks ")).toList();
            assertThat(relations).as(v.out()).filteredOn(l -> l.contains("auth_user_groups.user_id -> auth_user.id")).singleElement().asString()
                    .contains("from the config, and discovered: ").contains("Django naming");
            assertThat(relations).doesNotHaveDuplicates().hasSize(4);
            Map<String, Long> perTable = new HashMap<>();
            v.out().lines().filter(l -> l.contains(" and its columns are there and readable")).forEach(l -> perTable.merge(l, 1L, Long::sum));
            assertThat(perTable.values()).as("each table once").allMatch(n -> n == 1);

            CliTest.Outcome roles = caretaker(env(), "roles", "sql", "-c", file.toString());
            assertThat(roles.code()).as(roles.out() + roles.err()).isZero();
            assertThat(roles.out()).contains("GRANT SELECT ON").doesNotContain(PASSWORD);

            CliTest.Outcome run = caretaker(env(), "check", "-q", "-c", file.toString(), "--format", "json");
            JsonNode json = new ObjectMapper().readTree(run.out());
            for (JsonNode c : json.get("checks")) {
                assertThat(c.get("status").asText()).as(c.toString()).isNotEqualTo("unknown");
            }
            assertThat(svc.accepted()).isNotEmpty();
        }
    }
}
