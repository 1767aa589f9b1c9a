package dev.caretaker.status;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The status page's subscribers ({@code status_subscriber}): people who signed up by email (pending until they follow the
 * confirmation link) and addresses an admin added (email or webhook, confirmed at once). An address is personal data and a
 * webhook URL a secret: {@link Subscriber#shown} is what pages, the CLI and logs show of them.
 */
public final class Subscribers {
    /** A sign-up nobody confirmed within this long is deleted. */
    public static final java.time.Duration PENDING_KEPT = java.time.Duration.ofDays(7);

    /** One subscriber; {@code confirmedAt} null while the email sign-up waits for its link to be followed. */
    public record Subscriber(long id, String kind, String address, Instant createdAt, Instant confirmedAt, String createdBy) {
        public boolean confirmed() {
            return confirmedAt != null;
        }

        public boolean webhook() {
            return kind.equals("webhook");
        }

        /** The address as it may be shown: an email address whole (to admins), a webhook by its host only (the URL is a secret). */
        public String shown() {
            return webhook() ? host(address) : address;
        }

        /** A webhook URL by its scheme and host: {@code https://hooks.example.com/…}. */
        public static String host(String url) {
            try {
                URI u = URI.create(url);
                return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + "/…";
            } catch (IllegalArgumentException e) {
                return "(a webhook)";
            }
        }
    }

    private final Jdbi jdbi;
    private final String system;

    public Subscribers(Jdbi jdbi, String system) {
        this.jdbi = jdbi;
        this.system = system;
    }

    /** An email address as stored: trimmed, its domain in lower case (the local part is the mail server's business). */
    public static String normalEmail(String address) {
        String a = address.strip();
        int at = a.lastIndexOf('@');
        return at < 0 ? a : a.substring(0, at + 1) + a.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * A sign-up of {@code address} from the page: a new pending subscriber, or the one already there (pending or confirmed, as it
     * was). The caller tells the two apart only to decide whether a confirmation mail goes; the page answers the same.
     */
    public Subscriber signUp(Handle h, String address, Instant now) {
        // one subscriber per address whatever its case: Ann@Example.org and ann@example.org reach one inbox everywhere in practice
        h.createUpdate("INSERT INTO status_subscriber (system, kind, address, created_at, created_by) SELECT :s, 'email', :a, :now, 'sign-up' "
                        + "WHERE NOT EXISTS (SELECT 1 FROM status_subscriber WHERE system = :s AND kind = 'email' AND lower(address) = lower(:a)) "
                        + "ON CONFLICT (system, kind, address) DO NOTHING")
                .bind("s", system).bind("a", address).bind("now", Timestamp.from(now)).execute();
        return h.createQuery("SELECT * FROM status_subscriber WHERE system = :s AND kind = 'email' AND lower(address) = lower(:a) "
                        + "ORDER BY confirmed_at IS NULL, id LIMIT 1")
                .bind("s", system).bind("a", address).map((rs, ctx) -> map(rs)).one();
    }

    /** Adds a subscriber an admin vouches for, confirmed at once; refused when the address is there already. */
    public Subscriber add(String kind, String address, String by, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<Subscriber> there = h.createQuery("SELECT * FROM status_subscriber WHERE system = :s AND kind = :k "
                            + "AND (address = :a OR (kind = 'email' AND lower(address) = lower(:a))) ORDER BY confirmed_at IS NULL, id LIMIT 1")
                    .bind("s", system).bind("k", kind).bind("a", address).map((rs, ctx) -> map(rs)).findOne();
            if (there.isPresent() && there.get().confirmed()) {
                throw new IllegalStateException("that " + kind + " address is subscribed already, as #" + there.get().id());
            }
            if (there.isPresent()) {
                h.createUpdate("UPDATE status_subscriber SET confirmed_at = :now, created_by = :by WHERE id = :id")
                        .bind("now", Timestamp.from(now)).bind("by", by).bind("id", there.get().id()).execute();
                return get(h, there.get().id()).orElseThrow();
            }
            long id = h.createUpdate("INSERT INTO status_subscriber (system, kind, address, created_at, confirmed_at, created_by) "
                            + "VALUES (:s, :k, :a, :now, :now, :by)")
                    .bind("s", system).bind("k", kind).bind("a", address).bind("now", Timestamp.from(now)).bind("by", by)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return get(h, id).orElseThrow();
        });
    }

    /** Confirms a pending subscriber at {@code now}; false when it was confirmed already (its first confirmation stands). */
    public boolean confirm(long id, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE status_subscriber SET confirmed_at = :now WHERE system = :s AND id = :id "
                + "AND confirmed_at IS NULL").bind("now", Timestamp.from(now)).bind("s", system).bind("id", id).execute() == 1);
    }

    /** Removes subscriber {@code id}; false when there is none. Messages still waiting for it are dropped when their turn comes. */
    public boolean remove(long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM status_subscriber WHERE system = :s AND id = :id")
                .bind("s", system).bind("id", id).execute() == 1);
    }

    public Optional<Subscriber> get(long id) {
        return jdbi.withHandle(h -> get(h, id));
    }

    Optional<Subscriber> get(Handle h, long id) {
        return h.createQuery("SELECT * FROM status_subscriber WHERE system = :s AND id = :id").bind("s", system).bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    /** Every subscriber, oldest first. */
    public List<Subscriber> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM status_subscriber WHERE system = :s ORDER BY id").bind("s", system)
                .map((rs, ctx) -> map(rs)).list());
    }

    /** The confirmed subscribers, oldest first: whom the announcer tells. */
    List<Subscriber> confirmed(Handle h) {
        return h.createQuery("SELECT * FROM status_subscriber WHERE system = :s AND confirmed_at IS NOT NULL ORDER BY id").bind("s", system)
                .map((rs, ctx) -> map(rs)).list();
    }

    /** Deletes the sign-ups never confirmed since {@code before}; returns how many went. */
    int prunePending(Handle h, Instant before) {
        return h.createUpdate("DELETE FROM status_subscriber WHERE system = :s AND confirmed_at IS NULL AND created_at < :before")
                .bind("s", system).bind("before", Timestamp.from(before)).execute();
    }

    private static Subscriber map(ResultSet rs) throws SQLException {
        Timestamp confirmed = rs.getTimestamp("confirmed_at");
        return new Subscriber(rs.getLong("id"), rs.getString("kind"), rs.getString("address"), rs.getTimestamp("created_at").toInstant(),
                confirmed == null ? null : confirmed.toInstant(), rs.getString("created_by"));
    }
}
