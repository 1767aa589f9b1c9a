package dev.caretaker.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.access.Role;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request filed on the command line under a look-alike of a user's name (a Cyrillic а for a Latin a) is that user's for
 * "approver is not the requester" (Unicode TR39 skeletons), and the audit log says the typed name is no user.
 */
@ExtendWith(TestDatabases.class)
class ConfusableNamesTest {
    private static String config(String url) {
        return """
                databases:
                  app:
                    url: %s
                    allow_privileged: true
                actions:
                  rewrite:
                    type: sql
                    policy: approval
                    when: app.by_hand
                    database: app
                    sql: UPDATE notes SET body = 'after' WHERE id = :id
                """.formatted(url);
    }

    @Test
    void names_that_look_alike_are_one_person_and_others_are_not() {
        assertThat(Identity.same("\u0430ppr1", "appr1")).as("Cyrillic a").isTrue();
        assertThat(Identity.same("APPR1", "\u0430ppr1")).isTrue();
        assertThat(Identity.same("appr1", "apprl")).as("1 and l").isTrue();
        assertThat(Identity.same("p\u0430ypal", "paypal")).isTrue();
        assertThat(Identity.same("appr1", "appr2")).isFalse();
        assertThat(Identity.same("alice", "bob")).isFalse();
        assertThatThrownBy(() -> Identity.normalise("a".repeat(101))).hasMessageContaining("longer than 100 characters");
        assertThat(Identity.normalise("a".repeat(100))).hasSize(100);
    }

    @Test
    void a_request_filed_by_a_look_alike_of_appr1_is_not_approved_by_appr1_and_the_typed_name_is_marked(TestDatabase db, Store store) {
        db.exec("CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'before')");
        CaretakerConfig config = db.config(config(db.url()));
        String user = "appr1_" + db.name();
        String lookAlike = "\u0430" + user.substring(1); // Cyrillic а
        String other = "bob_" + db.name();
        Engine server = Pipeline.engine(store, config, Clock.systemUTC()).build();
        var users = server.users(Clock.systemUTC(), (actor, event, subject, detail) -> { });
        users.add(user, Role.APPROVER, null, "test");
        users.add(other, Role.APPROVER, null, "test");
        Engine cli = Pipeline.engine(store, config, Clock.systemUTC()).typedNames(true).build();

        ActionOutcome asked = cli.actions().runByHand("rewrite", "notes", Map.of("id", "1"), lookAlike, false);
        assertThat(asked.result()).isEqualTo(ActionOutcome.Result.PENDING_APPROVAL);
        assertThatThrownBy(() -> server.actions().approve(asked.approval(), user)).isInstanceOf(Remediation.SelfApproval.class)
                .hasMessageContaining("someone else must approve it");
        assertThat(db.number("SELECT count(*) FROM notes WHERE body = 'after'")).as("nothing ran").isZero();

        List<AuditLog.Entry> rows = server.actions().audit(50);
        assertThat(rows).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo("requested");
            assertThat(e.actor()).isEqualTo(lookAlike);
            assertThat(e.detail()).startsWith("unauthenticated: '" + lookAlike + "' (from --by or the login name) is no user of this store, though it "
                    + "looks like user " + user + "; OS user " + System.getProperty("user.name"));
        });

        // the clean twin: another user approves it from the command line; a typed name of a user is not marked
        ActionOutcome ran = cli.actions().approve(asked.approval(), other);
        assertThat(ran.result()).isEqualTo(ActionOutcome.Result.SUCCEEDED);
        assertThat(db.number("SELECT count(*) FROM notes WHERE body = 'after'")).isEqualTo(1);
        assertThat(server.actions().audit(50)).filteredOn(e -> e.actor().equals(other)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.detail()).doesNotContain("unauthenticated"));
    }
}
