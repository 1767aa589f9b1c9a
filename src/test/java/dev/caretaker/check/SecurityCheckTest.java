package dev.caretaker.check;

import dev.caretaker.TestDatabases;
import dev.caretaker.config.Severity;
import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.class)
class SecurityCheckTest {
    static final String TABLE = """
            CREATE TABLE auth_events (id bigserial PRIMARY KEY, user_email text, ip inet NOT NULL, success boolean NOT NULL,
                                      created_at timestamptz NOT NULL DEFAULT now())""";

    static String config(String extra) {
        return TestDatabase.oneCheck("security", "security", extra);
    }

    static final String LOGINS = "table: auth_events\nuser_column: user_email";

    @Test
    void a_burst_of_failures_from_one_address_names_it_and_counts_users(TestDatabase db) {
        db.exec(TABLE, "INSERT INTO auth_events (user_email, ip, success, created_at) SELECT 'u' || (g % 7) || '@x.example', "
                + "'203.0.113.9', false, now() - make_interval(secs => g) FROM generate_series(1, 25) g",
                "INSERT INTO auth_events (user_email, ip, success) SELECT 'u' || g || '@x.example', ('10.0.0.' || g)::inet, g % 3 <> 0 "
                        + "FROM generate_series(1, 200) g");
        Finding f = one(db.run(db.config(config(LOGINS)), "security"), "security.login_burst");
        assertThat(f.subject()).isEqualTo("203.0.113.9");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence()).containsEntry("failures", 25L).containsEntry("distinct_users", 7L)
                .containsEntry("success_after_burst", false);
    }

    @Test
    void a_success_after_the_burst_is_critical(TestDatabase db) {
        db.exec(TABLE, "INSERT INTO auth_events (user_email, ip, success, created_at) SELECT 'admin@x.example', '198.51.100.7', "
                + "false, now() - make_interval(secs => 60 + g) FROM generate_series(1, 21) g",
                "INSERT INTO auth_events (user_email, ip, success) VALUES ('admin@x.example', '198.51.100.7', true)");
        Finding f = one(db.run(db.config(config(LOGINS)), "security"), "security.login_burst");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).contains("successful login");
    }

    @Test
    void ordinary_failures_and_old_bursts_raise_nothing(TestDatabase db) {
        db.exec(TABLE, "INSERT INTO auth_events (ip, success) SELECT ('10.0.0.' || (g % 50))::inet, g % 4 <> 0 FROM generate_series(1, 400) g",
                "INSERT INTO auth_events (ip, success, created_at) SELECT '203.0.113.9', false, now() - interval '2 hours' "
                        + "FROM generate_series(1, 100) g");
        assertThat(of(db.run(db.config(config(LOGINS)), "security"), "security.login_burst")).isEmpty();
    }

    @Test
    void tables_without_row_level_security_and_extra_superusers(TestDatabase db) {
        String role = "admin_" + db.name();
        db.exec("CREATE TABLE public.open_notes (id int)", "CREATE TABLE public.closed_notes (id int)",
                "ALTER TABLE public.closed_notes ENABLE ROW LEVEL SECURITY",
                "CREATE ROLE " + role + " LOGIN SUPERUSER");
        try {
            CheckResult r = db.run(db.config(config("rls_schemas: [public]")), "security");
            assertThat(of(r, "security.rls_disabled")).extracting(Finding::subject).containsExactly("public.open_notes");
            assertThat(of(r, "security.superuser_roles")).extracting(Finding::subject).contains(role);
        } finally {
            db.exec("DROP ROLE " + role);
        }
        CheckResult clean = db.run(db.config(config("rls_schemas: [public]")), "security");
        db.exec("ALTER TABLE public.open_notes ENABLE ROW LEVEL SECURITY");
        assertThat(of(db.run(db.config(config("rls_schemas: [public]")), "security"), "security.rls_disabled")).isEmpty();
        assertThat(of(clean, "security.superuser_roles")).extracting(Finding::subject).doesNotContain(role);
    }
}
