package dev.caretaker.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.TestDatabase;
import dev.caretaker.config.Secrets;
import dev.caretaker.store.Store;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The audit log is append-only and hash-chained: an edited, deleted or cut-off row is found by verify. */
class AuditLogTest {
    private static AuditLog filled(Store store) {
        Secrets secrets = new Secrets();
        secrets.add("s3cret-token");
        AuditLog log = new AuditLog(store.jdbi(), "shop", secrets);
        Instant t = Instant.parse("2026-11-22T02:00:00.123456789Z");
        log.append(t, "caretaker", "requested", "rebuild-index", "payments_ref_key", "approval #1, header Bearer s3cret-token");
        log.append(t.plusSeconds(60), "alice", "approved", "rebuild-index", "payments_ref_key", "approval #1");
        log.append(t.plusSeconds(61), "alice", "succeeded", "rebuild-index", "payments_ref_key", "REINDEX INDEX CONCURRENTLY");
        return log;
    }

    @Test
    void an_intact_log_verifies_and_keeps_no_secret() {
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
            AuditLog log = filled(store);
            AuditLog.Verification v = log.verify(null);
            assertThat(v.intact()).isTrue();
            assertThat(v.rows()).isEqualTo(3);
            assertThat(log.list(10)).extracting(AuditLog.Entry::event).containsExactly("requested", "approved", "succeeded");
            assertThat(log.list(10).get(0).detail()).doesNotContain("s3cret-token").contains(Secrets.MASK);
            assertThat(log.verify(v.head()).intact()).isTrue();
        }
    }

    @Test
    void the_table_refuses_updates_and_deletes() {
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
            filled(store);
            assertThatThrownBy(() -> db.exec("UPDATE caretaker.audit SET detail = 'nothing happened' WHERE event = 'approved'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.exec("DELETE FROM caretaker.audit")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.exec("TRUNCATE caretaker.audit")).hasMessageContaining("append-only");
        }
    }

    @Test
    void a_tampered_row_fails_verify() {
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
            AuditLog log = filled(store);
            long second = log.list(10).get(1).id();
            db.exec("ALTER TABLE caretaker.audit DISABLE TRIGGER audit_no_change",
                    "UPDATE caretaker.audit SET actor = 'caretaker' WHERE id = " + second);
            AuditLog.Verification v = log.verify(null);
            assertThat(v.intact()).isFalse();
            assertThat(v.brokenAt()).isEqualTo(second);
            assertThat(v.problem()).contains("row #" + second + " was changed after it was written");
        }
    }

    @Test
    void a_deleted_row_or_a_cut_off_end_fails_verify() {
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
            AuditLog log = filled(store);
            var rows = log.list(10);
            String head = log.verify(null).head();
            db.exec("ALTER TABLE caretaker.audit DISABLE TRIGGER audit_no_change", "DELETE FROM caretaker.audit WHERE id = " + rows.get(2).id());
            assertThat(log.verify(null).intact()).as("cutting the end keeps the chain itself whole").isTrue();
            assertThat(log.verify(head).problem()).contains("no longer in the log: rows were cut off its end");
            db.exec("DELETE FROM caretaker.audit WHERE id = " + rows.get(0).id());
            AuditLog.Verification v = log.verify(null);
            assertThat(v.brokenAt()).isEqualTo(rows.get(1).id());
            assertThat(v.problem()).contains("does not follow the row before it");
        }
    }
}
