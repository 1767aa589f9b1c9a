package dev.caretaker.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.Secrets;
import dev.caretaker.store.Store;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit log is append-only and hash-chained: an edited, deleted or cut-off row is found by verify. */
@ExtendWith(TestDatabases.class)
class AuditLogTest {
    private static AuditLog filled(Store store) {
        Secrets secrets = new Secrets();
        secrets.add("s3cret-token");
        AuditLog log = new AuditLog(store.jdbi(), "shop", secrets, dev.caretaker.Pipeline.KEY);
        Instant t = Instant.parse("2026-11-22T02:00:00.123456789Z");
        log.append(t, "caretaker", AuditEvent.REQUESTED, "rebuild-index", "payments_ref_key", "approval #1, header Bearer s3cret-token");
        log.append(t.plusSeconds(60), "alice", AuditEvent.APPROVED, "rebuild-index", "payments_ref_key", "approval #1");
        log.append(t.plusSeconds(61), "alice", AuditEvent.SUCCEEDED, "rebuild-index", "payments_ref_key", "REINDEX INDEX CONCURRENTLY");
        return log;
    }

    @Test
    void an_intact_log_verifies_and_keeps_no_secret(TestDatabase db, Store store) {
        AuditLog log = filled(store);
        AuditLog.Verification v = log.verify(null);
        assertThat(v.intact()).as(v.problem()).isTrue();
        assertThat(v.rows()).isEqualTo(3);
        assertThat(log.list(10)).extracting(AuditLog.Entry::event).containsExactly("requested", "approved", "succeeded");
        assertThat(log.list(10).get(0).detail()).doesNotContain("s3cret-token").contains(Secrets.MASK);
        assertThat(log.verify(v.head().label()).intact()).isTrue();
    }

    @Test
    void the_table_refuses_updates_and_deletes(TestDatabase db, Store store) {
        filled(store);
        assertThatThrownBy(() -> db.exec("UPDATE caretaker.audit SET detail = 'nothing happened' WHERE event = 'approved'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.exec("DELETE FROM caretaker.audit")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.exec("TRUNCATE caretaker.audit")).hasMessageContaining("append-only");
    }

    @Test
    void a_tampered_row_fails_verify(TestDatabase db, Store store) {
        AuditLog log = filled(store);
        long second = log.list(10).get(1).id();
        db.exec("ALTER TABLE caretaker.audit DISABLE TRIGGER audit_no_change",
                "UPDATE caretaker.audit SET actor = 'caretaker' WHERE id = " + second);
        AuditLog.Verification v = log.verify(null);
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(second);
        assertThat(v.problem()).contains("row #" + second + " does not carry Caretaker's signature");
    }

    @Test
    void a_deleted_row_or_a_cut_off_end_fails_verify(TestDatabase db, Store store) {
        AuditLog log = filled(store);
        var rows = log.list(10);
        String head = log.verify(null).head().label();
        db.exec("ALTER TABLE caretaker.audit DISABLE TRIGGER audit_no_change", "DELETE FROM caretaker.audit WHERE id = " + rows.get(2).id());
        assertThat(log.verify(null).intact()).as("cutting the end keeps the chain itself whole").isTrue();
        assertThat(log.verify(head).problem()).contains("the recorded head " + head + " is no longer in the log")
                .contains("rows were cut off its end");
        db.exec("DELETE FROM caretaker.audit WHERE id = " + rows.get(0).id());
        AuditLog.Verification v = log.verify(null);
        assertThat(v.brokenAt()).isEqualTo(rows.get(1).id());
        assertThat(v.problem()).contains("rows were deleted or inserted before it");
    }

    /** What someone with write access to the store, but not Caretaker's key, can do: all of it shows. */
    @Test
    void rows_edited_and_re_chained_or_appended_without_the_key_fail_verify() throws Exception {
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
            AuditLog log = filled(store);
            var rows = log.list(10);
            // edit the approval's actor, then recompute every hash from there on as the unkeyed chain did (plain SHA-256)
            db.exec("ALTER TABLE caretaker.audit DISABLE TRIGGER audit_no_change");
            String prev = rows.get(0).hash();
            for (int i = 1; i < rows.size(); i++) {
                AuditLog.Entry e = rows.get(i);
                String actor = i == 1 ? "mallory" : e.actor();
                String hash = ActionPlan.sha256(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.List.of(e.id(),
                        e.system(), e.at().toString(), actor, e.event(), e.action(), e.subject(), e.detail(), prev)));
                db.exec("UPDATE caretaker.audit SET actor = '" + actor + "', prev_hash = '" + prev + "', hash = '" + hash + "', keyed = false "
                        + "WHERE id = " + e.id());
                prev = hash;
            }
            AuditLog.Verification v = log.verify(null);
            assertThat(v.intact()).isFalse();
            assertThat(v.brokenAt()).isEqualTo(rows.get(1).id());
            assertThat(v.problem()).contains("is not signed, though rows before it are: it was added without Caretaker's key");
        }
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
            AuditLog log = filled(store);
            AuditLog.Entry last = log.list(10).get(2);
            db.exec("INSERT INTO caretaker.audit (id, seq, system, at, actor, event, action, subject, detail, prev_hash, hash, keyed) VALUES "
                    + "(nextval('caretaker.audit_id_seq'), 4, 'shop', now(), 'alice', 'approved', 'drop-tax', 'tax_rates', 'approval #9', '"
                    + last.hash() + "', '" + "ab".repeat(32) + "', true)");
            AuditLog.Verification v = log.verify(null);
            assertThat(v.intact()).isFalse();
            assertThat(v.rows()).isEqualTo(4);
            assertThat(v.problem()).contains("does not carry Caretaker's signature").contains("written without Caretaker's key");
            assertThat(v.head().rows()).as("the last good head").isEqualTo(3);
        }
    }

    @Test
    void another_key_cannot_verify_the_log_and_says_so(TestDatabase db, Store store) {
        filled(store);
        AuditLog other = new AuditLog(store.jdbi(), "shop", new Secrets(),
                dev.caretaker.store.SigningKey.of("another-node-with-another-key-0123456789", "CARETAKER_SECRET_KEY"));
        assertThat(other.verify(null).problem()).contains("written without Caretaker's key (CARETAKER_SECRET_KEY)");
    }
}
