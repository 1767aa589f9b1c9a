package dev.caretaker.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two factors against a real store: enrolment, codes and recovery codes good once, the lockout, reset, and require_2fa. */
@ExtendWith(TestDatabases.class)
class TwoFactorTest {
    @Test
    void enrolment_needs_a_right_code_and_recovery_codes_are_kept_hashed_and_good_once(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T22:00:05Z"));
        List<String> audit = new ArrayList<>();
        Users users = new Users(store.jdbi(), clock, (a, e, s, d) -> audit.add(a + " " + e.label() + " " + s + " " + d));
        TwoFactor tf = new TwoFactor(store.jdbi(), clock, (a, e, s, d) -> audit.add(a + " " + e.label() + " " + s + " " + d));
        users.add("ines.ops", Role.APPROVER, "ines-passw0rd".toCharArray(), "test");
        assertThat(tf.state("ines.ops").enabled()).isFalse();

        String secret = tf.start("ines.ops");
        assertThat(tf.state("ines.ops").pendingSecret()).isEqualTo(secret);
        assertThat(tf.enabled("ines.ops")).as("not in force before a code").isFalse();
        assertThat(tf.confirm("ines.ops", "000000")).isEmpty();
        assertThat(tf.enabled("ines.ops")).isFalse();
        List<String> codes = tf.confirm("ines.ops", Totp.code(secret, clock.instant())).orElseThrow();
        assertThat(tf.enabled("ines.ops")).isTrue();
        assertThat(tf.enabledUsers()).containsExactly("ines.ops");
        assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
        String stored = store.jdbi().withHandle(h -> h.createQuery("SELECT string_agg(hash, ',') FROM recovery_code").mapTo(String.class).one());
        assertThat(stored).as("kept as SHA-256 only").doesNotContain(codes.get(0).replace("-", "")).contains(Users.sha256(codes.get(0).replace("-", "")));
        assertThatThrownBy(() -> tf.start("ines.ops")).hasMessageContaining("already on");

        // the code used to confirm is spent; the next step's code works once
        assertThat(tf.verify("ines.ops", Totp.code(secret, clock.instant()), "10.0.0.7").ok()).as("the confirming code again").isFalse();
        clock.advance(Duration.ofSeconds(30));
        String next = Totp.code(secret, clock.instant());
        assertThat(users.login("ines.ops", "ines-passw0rd".toCharArray(), "10.0.0.7").identity()).isPresent();
        assertThat(audit).as("the password alone is not yet a login").noneMatch(l -> l.contains(" login "));
        assertThat(tf.login("ines.ops", next, "10.0.0.7").ok()).isTrue();
        assertThat(audit).contains("ines.ops login ines.ops from 10.0.0.7 with password and a code from the app");
        assertThat(tf.verify("ines.ops", next, "10.0.0.7").ok()).as("a code accepted once is never accepted again").isFalse();

        TwoFactor.Check recovered = tf.verify("ines.ops", codes.get(3).toUpperCase().replace("-", " "), "10.0.0.7");
        assertThat(recovered.ok()).isTrue();
        assertThat(recovered.recovery()).isTrue();
        assertThat(recovered.recoveryLeft()).isEqualTo(9);
        assertThat(tf.verify("ines.ops", codes.get(3), "10.0.0.7").ok()).as("a recovery code works once").isFalse();
        assertThat(String.join("\n", audit)).contains("ines.ops totp_enabled ines.ops", "ines.ops recovery_code_used ines.ops from 10.0.0.7; 9 left")
                .doesNotContain(secret).doesNotContain(codes.get(3)).doesNotContain(next);
    }

    @Test
    void wrong_codes_lock_the_second_step_like_wrong_passwords_and_a_right_password_does_not_unlock_it(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T22:00:05Z"));
        Users users = new Users(store.jdbi(), clock, (a, e, s, d) -> { });
        TwoFactor tf = new TwoFactor(store.jdbi(), clock, (a, e, s, d) -> { });
        users.add("ines.ops", Role.APPROVER, "ines-passw0rd".toCharArray(), "test");
        String secret = tf.start("ines.ops");
        tf.confirm("ines.ops", Totp.code(secret, clock.instant())).orElseThrow();
        clock.advance(Duration.ofSeconds(60));

        for (int i = 0; i < Users.LOCKOUT_FAILURES - 1; i++) {
            assertThat(users.login("ines.ops", "ines-passw0rd".toCharArray(), "10.0.0.7").identity()).as("the password is right").isPresent();
            TwoFactor.Check wrong = tf.verify("ines.ops", String.format("%06d", i), "10.0.0.7");
            assertThat(wrong.ok()).isFalse();
            assertThat(wrong.locked()).isFalse();
        }
        assertThat(tf.verify("ines.ops", "999999", "10.0.0.7").locked()).as("the fifth wrong code locks").isTrue();
        assertThat(users.login("ines.ops", "ines-passw0rd".toCharArray(), "10.0.0.7").identity()).isPresent();
        TwoFactor.Check right = tf.verify("ines.ops", Totp.code(secret, clock.instant()), "10.0.0.7");
        assertThat(right.ok()).as("locked even for the right code, whatever the password did").isFalse();
        assertThat(right.locked()).isTrue();
        assertThat(tf.verify("ines.ops", Totp.code(secret, clock.instant()), "10.0.0.8").ok()).as("another address is not locked").isTrue();
        clock.advance(Users.LOCKOUT.plusSeconds(1));
        assertThat(tf.verify("ines.ops", Totp.code(secret, clock.instant()), "10.0.0.7").ok()).as("the window passed").isTrue();

        // an admin's reset also clears the wrong-code lock: after a new enrolment the right code works at once
        for (int i = 0; i < Users.LOCKOUT_FAILURES; i++) {
            tf.verify("ines.ops", String.format("%06d", i), "10.0.0.7");
        }
        assertThat(tf.verify("ines.ops", "999999", "10.0.0.7").locked()).isTrue();
        tf.reset("ines.ops", "local:root");
        String again = tf.start("ines.ops");
        tf.confirm("ines.ops", Totp.code(again, clock.instant())).orElseThrow();
        clock.advance(Duration.ofSeconds(30));
        assertThat(tf.verify("ines.ops", Totp.code(again, clock.instant()), "10.0.0.7").ok()).as("no old lock after reset").isTrue();
    }

    @Test
    void reset_clears_everything_and_require_2fa_holds_only_local_users_of_listed_roles_and_above(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T22:00:05Z"));
        List<String> audit = new ArrayList<>();
        Users users = new Users(store.jdbi(), clock, (a, e, s, d) -> { });
        TwoFactor tf = new TwoFactor(store.jdbi(), clock, (a, e, s, d) -> audit.add(a + " " + e.label() + " " + s + " " + d));
        users.add("ines.ops", Role.APPROVER, "ines-passw0rd".toCharArray(), "test");
        users.add("olu", Role.APPROVER, null, "test");
        users.add("ada", Role.ADMIN, "ada-passw0rd!".toCharArray(), "test");
        store.jdbi().useHandle(h -> h.execute("UPDATE app_user SET oidc_issuer = 'https://id.example.com', oidc_subject = 'u-17' WHERE name = 'olu'"));
        List<String> required = List.of("approver");

        assertThat(tf.approvalRefusal("ines.ops", Role.APPROVER, required)).get().asString()
                .contains("auth.require_2fa").contains("/account/2fa");
        assertThat(tf.approvalRefusal("ines.ops", Role.APPROVER, List.of())).as("the default: nobody held").isEmpty();
        assertThat(tf.approvalRefusal("ada", Role.ADMIN, required)).as("a listed role holds the roles above it").isPresent();
        assertThat(tf.approvalRefusal("ada", Role.ADMIN, List.of("admin"))).isPresent();
        assertThat(tf.approvalRefusal("ines.ops", Role.APPROVER, List.of("admin"))).as("below every listed role").isEmpty();
        assertThat(tf.approvalRefusal("olu", Role.APPROVER, required)).as("an OIDC user: the provider's policy").isEmpty();
        assertThatThrownBy(() -> tf.start("olu")).hasMessageContaining("identity provider");

        String secret = tf.start("ines.ops");
        tf.confirm("ines.ops", Totp.code(secret, clock.instant())).orElseThrow();
        assertThat(tf.approvalRefusal("ines.ops", Role.APPROVER, required)).isEmpty();
        new Sessions(store.jdbi(), clock).open("ines.ops", "10.0.0.7", "totp");

        tf.reset("ines.ops", "local:root");
        assertThat(tf.state("ines.ops")).isEqualTo(new TwoFactor.State(null, null, 0, false));
        assertThat(count(store, "recovery_code")).isZero();
        assertThat(count(store, "web_session")).isZero();
        assertThat(audit).contains("local:root totp_reset ines.ops key and 10 recovery codes removed, 1 dashboard session ended");
        int rows = audit.size();
        tf.reset("ines.ops", "local:root");
        assertThat(audit).as("a second reset changes nothing and is not audited").hasSize(rows);
        assertThatThrownBy(() -> tf.reset("nobody", "local:root")).hasMessageContaining("no user 'nobody'");
    }

    private static int count(Store store, String table) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Integer.class).one());
    }
}
