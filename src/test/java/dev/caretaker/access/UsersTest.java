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

/** Users, passwords, tokens and lockout against a real store, with time set by the test. */
@ExtendWith(TestDatabases.class)
class UsersTest {
    @Test
    void argon2id_hashes_verify_only_their_password_and_are_salted() {
        String a = Passwords.hash("correct horse".toCharArray());
        String b = Passwords.hash("correct horse".toCharArray());
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b);
        assertThat(Passwords.verify("correct horse".toCharArray(), a)).isTrue();
        assertThat(Passwords.verify("correct hors".toCharArray(), a)).isFalse();
        assertThat(Passwords.verify("correct horse".toCharArray(), "plain text")).isFalse();
        assertThat(Passwords.verify("x".toCharArray(), null)).isFalse();
        assertThat(new String(Passwords.generate())).hasSize(20).matches("[a-zA-Z2-9]+");
        assertThatThrownBy(() -> Passwords.checkStrength("short".toCharArray())).hasMessageContaining("at least 8 characters");
    }

    @Test
    void logins_lock_a_user_and_address_after_five_failures_and_logins_are_audited(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T02:00:00Z"));
        List<String> audit = new ArrayList<>();
        Users users = new Users(store.jdbi(), clock, (actor, event, subject, detail) -> audit.add(actor + " " + event.label() + " " + subject));
        users.add("mira.k", Role.OPERATOR, "first-passw0rd".toCharArray(), "local:ops");
        assertThatThrownBy(() -> users.add("mira.k", Role.VIEWER, null, "x")).hasMessageContaining("already a user 'mira.k'");
        assertThatThrownBy(() -> users.add("bad name", Role.VIEWER, null, "x")).hasMessageContaining("not a user name");

        assertThat(users.login("mira.k", "first-passw0rd".toCharArray(), "10.0.0.7").identity()).get()
                .extracting(Users.Identity::role).isEqualTo(Role.OPERATOR);
        for (int i = 0; i < 4; i++) {
            assertThat(users.login("mira.k", "guess".toCharArray(), "10.0.0.7").locked()).isFalse();
        }
        Users.Login fifth = users.login("mira.k", "guess".toCharArray(), "10.0.0.7");
        assertThat(fifth.identity()).isEmpty();
        assertThat(fifth.locked()).isTrue();
        assertThat(users.login("mira.k", "first-passw0rd".toCharArray(), "10.0.0.7").identity())
                .as("locked even with the right password").isEmpty();
        assertThat(users.login("mira.k", "first-passw0rd".toCharArray(), "10.0.0.8").identity())
                .as("another address is not locked").isPresent();
        clock.advance(Users.LOCKOUT.plusSeconds(1));
        assertThat(users.login("mira.k", "first-passw0rd".toCharArray(), "10.0.0.7").identity()).as("the window passed").isPresent();
        assertThat(users.login("nobody", "whatever1".toCharArray(), "10.0.0.7").identity()).isEmpty();

        assertThat(audit).contains("local:ops user_added mira.k", "mira.k login mira.k");
        assertThat(audit).as("failed logins are counted per address by the caller, not written one by one")
                .noneMatch(line -> line.contains("login_failed") || line.contains("login_refused"));
    }

    @Test
    void a_burst_of_59_wrong_passwords_checks_at_most_five_and_then_refuses_the_right_one(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T02:00:00Z"));
        Users users = new Users(store.jdbi(), clock, (actor, event, subject, detail) -> { });
        users.add("vic", Role.VIEWER, "vic-passw0rd-1".toCharArray(), "local:ops");
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(59);
        List<java.util.concurrent.Future<Users.Login>> done = new ArrayList<>();
        for (int i = 0; i < 59; i++) {
            int n = i;
            done.add(threads.submit(() -> {
                go.await();
                return users.login("vic", ("guess-" + n).toCharArray(), "10.0.0.7");
            }));
        }
        go.countDown();
        for (var f : done) {
            assertThat(f.get().identity()).isEmpty();
        }
        threads.shutdown();
        assertThat(db.number("SELECT count(*) FROM caretaker.login_failure")).as("guesses checked").isLessThanOrEqualTo(Users.LOCKOUT_FAILURES);
        Users.Login right = users.login("vic", "vic-passw0rd-1".toCharArray(), "10.0.0.7");
        assertThat(right.identity()).as("the right password after the burst").isEmpty();
        assertThat(right.locked()).isTrue();
    }

    @Test
    void a_user_is_locked_from_every_address_after_twenty_failures_from_many(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T02:00:00Z"));
        Users users = new Users(store.jdbi(), clock, (actor, event, subject, detail) -> { });
        users.add("vic", Role.VIEWER, "vic-passw0rd-1".toCharArray(), "local:ops");
        for (int i = 0; i < 20; i++) {
            assertThat(users.login("vic", "guess".toCharArray(), "10.0.1." + i).identity()).isEmpty();
        }
        assertThat(users.login("vic", "vic-passw0rd-1".toCharArray(), "10.0.2.1").identity()).as("a fresh address, the right password").isEmpty();
        clock.advance(Duration.ofMinutes(16));
        assertThat(users.login("vic", "vic-passw0rd-1".toCharArray(), "10.0.2.1").identity()).as("the window passed").isPresent();
    }

    @Test
    void tokens_are_shown_once_kept_hashed_and_the_last_admin_stays(TestDatabase db, Store store) {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T02:00:00Z"));
        Users users = new Users(store.jdbi(), clock, (actor, event, subject, detail) -> { });
        users.add("root-ish", Role.ADMIN, null, "local:ops");
        Users.Created c = users.createToken("root-ish", "ci", Duration.ofDays(1), "local:ops");
        assertThat(c.secret()).startsWith(Users.TOKEN_PREFIX).hasSize(Users.TOKEN_PREFIX.length() + 43);
        assertThat(db.number("SELECT count(*) FROM caretaker.api_token WHERE hash = '" + c.secret() + "' OR prefix = '" + c.secret() + "'"))
                .as("the secret itself is not stored").isZero();
        assertThat(users.byToken(c.secret())).get().extracting(Users.Identity::user).isEqualTo("root-ish");
        clock.advance(Duration.ofDays(1));
        assertThat(users.byToken(c.secret())).as("expired").isEmpty();
        assertThat(users.tokens(null).get(0).state(clock.instant())).isEqualTo("expired");

        assertThatThrownBy(() -> users.role("root-ish", Role.VIEWER, "x")).hasMessageContaining("last admin");
        assertThatThrownBy(() -> users.remove("root-ish", "x")).hasMessageContaining("last admin");
        users.add("second", Role.ADMIN, null, "local:ops");
        users.remove("root-ish", "second");
        assertThat(users.tokens(null)).as("tokens go with their user").isEmpty();
        assertThatThrownBy(() -> users.revoke(999, "x")).hasMessageContaining("no token #999");
    }
}
