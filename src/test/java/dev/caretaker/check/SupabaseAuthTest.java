package dev.caretaker.check;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code source: supabase-auth}: Supabase Auth's own audit log, in a real database with its table as Supabase creates it. */
@ExtendWith(TestDatabases.class)
class SupabaseAuthTest {
    static final String SCHEMA = "CREATE SCHEMA auth; CREATE TABLE auth.audit_log_entries (instance_id uuid, id uuid NOT NULL PRIMARY KEY, "
            + "payload json, created_at timestamptz, ip_address varchar(64) NOT NULL DEFAULT '')";

    private static String event(String action, String actor, String ip, String ago) {
        return "INSERT INTO auth.audit_log_entries (id, payload, created_at, ip_address) VALUES (gen_random_uuid(), json_build_object('action', '"
                + action + "', 'actor_id', '" + actor + "', 'actor_username', '" + actor + "@shop.example', 'log_type', 'account'), now() - interval '"
                + ago + "', '" + ip + "')";
    }

    static final String CONFIG = "source: supabase-auth\nwindow: 30m\n";

    @Test
    void one_address_signing_into_many_accounts_or_asking_for_many_recoveries_is_found_and_a_normal_day_is_not(TestDatabase db) {
        db.exec(SCHEMA);
        for (int i = 0; i < 12; i++) {
            db.exec(event("login", "victim" + i, "198.51.100.7", (i + 1) + " minutes"));
        }
        for (int i = 0; i < 25; i++) {
            db.exec(event("user_recovery_requested", "someone" + (i % 3), "203.0.113.9", (i + 1) + " minutes"));
        }
        db.exec(event("login", "old", "192.0.2.1", "2 hours"), event("login", "old2", "192.0.2.1", "2 hours"));
        CheckResult r = db.run(db.config(TestDatabase.oneCheck("auth", "security", CONFIG)), "auth");
        assertThat(r.error()).isNull();
        Finding spread = one(r, "security.account_spread");
        assertThat(spread.subject()).isEqualTo("198.51.100.7");
        assertThat(spread.severity()).as("12 accounts: over 5, under 25").isEqualTo(Severity.WARNING);
        assertThat(spread.message()).startsWith("12 different accounts signed in from 198.51.100.7 in the last 30m");
        Finding recovery = one(r, "security.recovery_burst");
        assertThat(recovery.subject()).isEqualTo("203.0.113.9");
        assertThat(recovery.message()).startsWith("25 password recoveries requested from 203.0.113.9");
    }

    @Test
    void a_normal_day_of_sign_ins_is_quiet_and_a_table_with_the_source_is_refused(TestDatabase db) {
        db.exec(SCHEMA);
        for (int i = 0; i < 40; i++) {
            db.exec(event("login", "user" + i, "10.0.0." + i, (i + 1) + " minutes"), event("token_refreshed", "user" + i, "10.0.0." + i, i + " minutes"));
        }
        db.exec(event("login", "user1", "10.0.0.1", "3 minutes"), event("user_recovery_requested", "user2", "10.0.0.2", "4 minutes"));
        CheckResult r = db.run(db.config(TestDatabase.oneCheck("auth", "security", CONFIG)), "auth");
        assertThat(r.error()).isNull();
        assertThat(of(r, "security.account_spread")).isEmpty();
        assertThat(of(r, "security.recovery_burst")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.config(TestDatabase.oneCheck("auth", "security", CONFIG + "table: logins\n")))
                .hasMessageContaining("drop 'table', or drop 'source' to read your own table");
    }
}
