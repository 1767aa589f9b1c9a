package dev.caretaker.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.config.Secrets;
import dev.caretaker.store.SigningKey;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The append-only record of every request, approval, rejection, run, dry run, refusal and result. Each row carries an HMAC
 * (under Caretaker's {@link SigningKey}, which the store does not hold) of its content, its place in the chain and the hash of
 * the row before it, so a row edited, deleted, inserted or appended without the key breaks the chain, even by someone who can
 * write the store and recompute plain hashes. A trigger refuses UPDATE, DELETE and TRUNCATE besides. Rows of all systems of a
 * store form one chain. Its head (row count and hash) goes out in every report and notification, so rows cut off the end show
 * against the messages people already keep. Rows written before the log was keyed keep their plain SHA-256 and may only come
 * first.
 */
public final class AuditLog {
    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Serialises appends across processes, so the chain never forks. */
    private static final long LOCK = 0x6361726574616b65L; // "caretake"

    /** One row of the log. */
    public record Entry(long id, long seq, String system, Instant at, String actor, String event, String action, String subject,
                        String detail, String prevHash, String hash, boolean keyed) {
        public String line() {
            return String.format("#%-5d %s  %-10s %-16s %-24s %s%s", id, at, actor, event, action, subject.isEmpty() ? "" : subject + ": ", detail);
        }
    }

    /** The end of the chain: how many rows it has and the hash of the last; {@code label} is how reports print it. */
    public record Head(long rows, String hash) {
        public static final Head EMPTY = new Head(0, GENESIS);
        static final int SHOWN = 16;

        /** {@code 57:9f86d081884c7d65}: enough to catch a cut-off end with {@code caretaker audit verify --head}. */
        public String label() {
            return rows + ":" + hash.substring(0, SHOWN);
        }
    }

    /** What {@code audit verify} found: the rows checked, the first broken one (0 when none) and why, and the head. */
    public record Verification(int rows, long brokenAt, String problem, Head head) {
        public boolean intact() {
            return brokenAt == 0;
        }
    }

    private final Jdbi jdbi;
    private final String system;
    private final Secrets secrets;
    private final SigningKey key;
    /** The store's user names when the names this log is given were typed ({@code --by}), not authenticated; else null. */
    private final Supplier<List<String>> users;

    public AuditLog(Jdbi jdbi, String system, Secrets secrets, SigningKey key) {
        this(jdbi, system, secrets, key, null);
    }

    private AuditLog(Jdbi jdbi, String system, Secrets secrets, SigningKey key, Supplier<List<String>> users) {
        this.jdbi = jdbi;
        this.system = system;
        this.secrets = secrets;
        this.key = key;
        this.users = users;
    }

    /**
     * This log, for names typed on the command line ({@code --by}): a row whose actor is no user of the store ({@code users}
     * gives their names) says so at the start of its detail, with the user it looks like, if any, and the OS user.
     */
    public AuditLog typedNames(Supplier<List<String>> storeUsers) {
        return new AuditLog(jdbi, system, secrets, key, storeUsers);
    }

    /** The detail of a row by {@code actor}, marked when the name was typed and names no user. */
    private String marked(String actor, String detail) {
        if (users == null || actor == null || actor.equals(Remediation.CARETAKER)) {
            return detail;
        }
        List<String> known = users.get();
        if (known.contains(actor)) {
            return detail;
        }
        String like = known.stream().filter(u -> Identity.same(u, actor)).findFirst().map(u -> ", though it looks like user " + u).orElse("");
        return "unauthenticated: '" + actor + "' (from --by or the login name) is no user of this store" + like + "; OS user " + Identity.osUser()
                + (detail.isEmpty() ? "" : ". " + detail);
    }

    /** Appends a row; {@code event} is stored by its label. */
    public Entry append(Instant now, String actor, AuditEvent event, String action, String subject, String detail) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS); // what timestamptz keeps, so the hash can be recomputed
        String clean = secrets.redact(marked(actor, detail == null ? "" : detail));
        return jdbi.inTransaction(h -> write(h, at, actor, event, action, subject, clean));
    }

    /**
     * Appends a row inside the caller's transaction (it stays in the log only if that commits): for what is recorded with the
     * change it audits, such as a page written with its messages.
     */
    public Entry append(Handle h, Instant now, String actor, AuditEvent event, String action, String subject, String detail) {
        return write(h, now.truncatedTo(ChronoUnit.MICROS), actor, event, action, subject, secrets.redact(marked(actor, detail == null ? "" : detail)));
    }

    private Entry write(Handle h, Instant at, String actor, AuditEvent event, String action, String subject, String clean) {
        {
            h.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            Head before = head(h);
            long id = h.createQuery("SELECT nextval('audit_id_seq')").mapTo(Long.class).one();
            long seq = before.rows() + 1;
            String s = subject == null ? "" : subject;
            String hash = key.mac(material(id, seq, system, at, actor, event.label(), action, s, clean, before.hash()));
            h.createUpdate("INSERT INTO audit (id, seq, system, at, actor, event, action, subject, detail, prev_hash, hash, keyed) "
                            + "VALUES (:id, :seq, :system, :at, :actor, :event, :action, :subject, :detail, :prev, :hash, true)")
                    .bind("id", id).bind("seq", seq).bind("system", system).bind("at", Timestamp.from(at)).bind("actor", actor).bind("event", event.label())
                    .bind("action", action).bind("subject", s).bind("detail", clean).bind("prev", before.hash()).bind("hash", hash).execute();
            return new Entry(id, seq, system, at, actor, event.label(), action, s, clean, before.hash(), hash, true);
        }
    }

    /** The head of the chain as {@code h} sees it (in its transaction). */
    public static Head head(Handle h) {
        return h.createQuery("SELECT seq, hash FROM audit ORDER BY id DESC LIMIT 1")
                .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2))).findOne().orElse(Head.EMPTY);
    }

    public Head head() {
        return jdbi.withHandle(AuditLog::head);
    }

    /** This system's entries, newest first, below id {@code before} (null: from the newest). */
    public List<Entry> page(Long before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit WHERE system = :system AND (CAST(:before AS bigint) IS NULL OR id < :before) "
                        + "ORDER BY id DESC LIMIT :limit").bind("system", system).bind("before", before).bind("limit", limit)
                .map((rs, ctx) -> entry(rs)).list());
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
     * Recomputes the whole chain. With {@code head} (as a report printed it, {@code 57:9f86d081884c7d65}, or a hash or its first
     * 16 characters) it also checks that that row is still there, which catches rows cut off the end.
     */
    public Verification verify(String head) {
        Head wanted = head == null ? null : parseHead(head);
        return jdbi.withHandle(h -> {
            String prev = GENESIS;
            int rows = 0;
            boolean headSeen = wanted == null;
            boolean keyedSeen = false;
            Head last = Head.EMPTY;
            try (var it = h.createQuery("SELECT * FROM audit ORDER BY id").map((rs, ctx) -> entry(rs)).iterator()) {
                while (it.hasNext()) {
                    Entry e = it.next();
                    rows++;
                    if (e.seq() != rows) {
                        return new Verification(rows, e.id(), "row #" + e.id() + " says it is number " + e.seq() + " of the chain, but it is number "
                                + rows + ": rows were deleted or inserted before it", last);
                    }
                    if (!e.prevHash().equals(prev)) {
                        return new Verification(rows, e.id(), "row #" + e.id() + " does not follow the row before it: a row before it was "
                                + "deleted or changed", last);
                    }
                    if (e.keyed()) {
                        keyedSeen = true;
                        if (!key.verify(material(e.id(), e.seq(), e.system(), e.at(), e.actor(), e.event(), e.action(), e.subject(), e.detail(),
                                e.prevHash()), e.hash())) {
                            return new Verification(rows, e.id(), "row #" + e.id() + " does not carry Caretaker's signature: it was changed after "
                                    + "it was written, or written without Caretaker's key (" + key.source() + ")", last);
                        }
                    } else if (keyedSeen) {
                        return new Verification(rows, e.id(), "row #" + e.id() + " is not signed, though rows before it are: it was added "
                                + "without Caretaker's key", last);
                    } else if (!unkeyedHash(e).equals(e.hash())) {
                        return new Verification(rows, e.id(), "row #" + e.id() + " was changed after it was written", last);
                    }
                    prev = e.hash();
                    last = new Head(e.seq(), e.hash());
                    headSeen |= matches(wanted, last);
                }
            }
            if (!headSeen) {
                return new Verification(rows, -1, "the recorded head " + head + " is no longer in the log" + (wanted.rows() > rows
                        ? " (it had " + wanted.rows() + " rows; now " + rows + ")" : "") + ": rows were cut off its end", last);
            }
            return new Verification(rows, 0, "", last);
        });
    }

    /** A head as people pass it back: {@code ROWS:HASH} or a hash (at least its first 16 characters). */
    static Head parseHead(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        int colon = t.indexOf(':');
        long rows = -1;
        if (colon > 0) {
            try {
                rows = Long.parseLong(t.substring(0, colon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a head: write ROWS:HASH as a report prints it, e.g. 57:9f86d081884c7d65");
            }
            t = t.substring(colon + 1);
        }
        if (!t.matches("[0-9a-f]{" + Head.SHOWN + ",64}")) {
            throw new IllegalArgumentException("'" + text + "' is not a head: write ROWS:HASH as a report prints it (e.g. 57:9f86d081884c7d65), "
                    + "or at least the first " + Head.SHOWN + " characters of a hash");
        }
        return new Head(rows, t);
    }

    private static boolean matches(Head wanted, Head row) {
        return wanted != null && (wanted.rows() < 0 || wanted.rows() == row.rows()) && row.hash().startsWith(wanted.hash());
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getLong("id"), rs.getLong("seq"), rs.getString("system"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                rs.getString("event"), rs.getString("action"), rs.getString("subject"), rs.getString("detail"), rs.getString("prev_hash"),
                rs.getString("hash"), rs.getBoolean("keyed"));
    }

    private static String material(long id, long seq, String system, Instant at, String actor, String event, String action, String subject,
                                   String detail, String prev) {
        try {
            return JSON.writeValueAsString(List.of(id, seq, system, at.toString(), actor, event, action, subject, detail, prev));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain SHA-256 rows written before the log was keyed carry. */
    private static String unkeyedHash(Entry e) {
        try {
            return ActionPlan.sha256(JSON.writeValueAsString(List.of(e.id(), e.system(), e.at().toString(), e.actor(), e.event(), e.action(),
                    e.subject(), e.detail(), e.prevHash())));
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }
}
