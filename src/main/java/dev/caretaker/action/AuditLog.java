package dev.caretaker.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.config.Secrets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The append-only record of every request, approval, rejection, run, dry run, refusal and result. Each row carries
 * the SHA-256 of its content and of the row before it, so an edited or deleted row breaks the chain; a trigger refuses
 * UPDATE, DELETE and TRUNCATE besides. Rows of all systems of a store form one chain.
 */
public final class AuditLog {
    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Serialises appends across processes, so the chain never forks. */
    private static final long LOCK = 0x6361726574616b65L; // "caretake"

    /** One row of the log. */
    public record Entry(long id, String system, Instant at, String actor, String event, String action, String subject, String detail,
                        String prevHash, String hash) {
        public String line() {
            return String.format("#%-5d %s  %-10s %-16s %-24s %s%s", id, at, actor, event, action, subject.isEmpty() ? "" : subject + ": ", detail);
        }
    }

    /** What {@code audit verify} found: the rows checked, the first broken one (0 when none) and why, and the head hash. */
    public record Verification(int rows, long brokenAt, String problem, String head) {
        public boolean intact() {
            return brokenAt == 0;
        }
    }

    private final Jdbi jdbi;
    private final String system;
    private final Secrets secrets;

    public AuditLog(Jdbi jdbi, String system, Secrets secrets) {
        this.jdbi = jdbi;
        this.system = system;
        this.secrets = secrets;
    }

    public Entry append(Instant now, String actor, String event, String action, String subject, String detail) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS); // what timestamptz keeps, so the hash can be recomputed
        String clean = secrets.redact(detail == null ? "" : detail);
        return jdbi.inTransaction(h -> {
            h.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            String prev = h.createQuery("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").mapTo(String.class).findOne().orElse(GENESIS);
            long id = h.createQuery("SELECT nextval('audit_id_seq')").mapTo(Long.class).one();
            String s = subject == null ? "" : subject;
            String hash = hash(id, system, at, actor, event, action, s, clean, prev);
            h.createUpdate("INSERT INTO audit (id, system, at, actor, event, action, subject, detail, prev_hash, hash) "
                            + "VALUES (:id, :system, :at, :actor, :event, :action, :subject, :detail, :prev, :hash)")
                    .bind("id", id).bind("system", system).bind("at", Timestamp.from(at)).bind("actor", actor).bind("event", event)
                    .bind("action", action).bind("subject", s).bind("detail", clean).bind("prev", prev).bind("hash", hash).execute();
            return new Entry(id, system, at, actor, event, action, s, clean, prev, hash);
        });
    }

    /** This system's entries, oldest first; {@code limit} newest ones. */
    public List<Entry> list(int limit) {
        List<Entry> newest = jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit WHERE system = :system ORDER BY id DESC LIMIT :limit")
                .bind("system", system).bind("limit", limit).map((rs, ctx) -> entry(rs)).list());
        List<Entry> out = new ArrayList<>(newest);
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Recomputes the whole chain. With {@code head} (a hash recorded earlier, e.g. printed by a past verify) it also
     * checks that row is still there, which catches rows cut off the end.
     */
    public Verification verify(String head) {
        return jdbi.withHandle(h -> {
            String prev = GENESIS;
            int rows = 0;
            boolean headSeen = head == null;
            String last = GENESIS;
            try (var it = h.createQuery("SELECT * FROM audit ORDER BY id").map((rs, ctx) -> entry(rs)).iterator()) {
                while (it.hasNext()) {
                    Entry e = it.next();
                    rows++;
                    if (!e.prevHash().equals(prev)) {
                        return new Verification(rows, e.id(), "row #" + e.id() + " does not follow the row before it: a row before it was "
                                + "deleted or changed", last);
                    }
                    String expected = hash(e.id(), e.system(), e.at(), e.actor(), e.event(), e.action(), e.subject(), e.detail(), e.prevHash());
                    if (!expected.equals(e.hash())) {
                        return new Verification(rows, e.id(), "row #" + e.id() + " was changed after it was written", last);
                    }
                    headSeen |= e.hash().equals(head);
                    prev = e.hash();
                    last = e.hash();
                }
            }
            if (!headSeen) {
                return new Verification(rows, -1, "the recorded head " + head + " is no longer in the log: rows were cut off its end", last);
            }
            return new Verification(rows, 0, "", last);
        });
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getLong("id"), rs.getString("system"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                rs.getString("event"), rs.getString("action"), rs.getString("subject"), rs.getString("detail"), rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    static String hash(long id, String system, Instant at, String actor, String event, String action, String subject, String detail,
                       String prev) {
        try {
            return ActionPlan.sha256(JSON.writeValueAsString(List.of(id, system, at.toString(), actor, event, action, subject, detail, prev)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
