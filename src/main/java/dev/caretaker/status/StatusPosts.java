package dev.caretaker.status;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The status page's posts and their updates (tables {@code status_post}, {@code status_update}): a post is made with its
 * first update; each later update moves its status; resolved or completed closes it. A closed incident takes no update but
 * one back to investigating, which reopens it; a completed maintenance takes none.
 */
public final class StatusPosts {
    /** Longest title and update text taken. */
    public static final int TITLE_MAX = 200;
    public static final int BODY_MAX = 5000;

    /** What a new post says: its kind, title, components, first status and text, window (maintenance) and whether to notify. */
    public record Draft(String kind, String title, List<String> components, String status, String message, Instant startsAt, Instant endsAt,
                        boolean notifies) {
    }

    private final Jdbi jdbi;

    public StatusPosts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Checks a draft: its kind and status, a title and text, a window for a maintenance; throws in words otherwise. */
    public static void check(Draft d) {
        if (!StatusPost.INCIDENT.equals(d.kind()) && !StatusPost.MAINTENANCE.equals(d.kind())) {
            throw new IllegalArgumentException("a post's kind is 'incident' or 'maintenance', not '" + d.kind() + "'");
        }
        text("title", d.title(), TITLE_MAX);
        text("message", d.message(), BODY_MAX);
        status(d.kind(), d.status());
        if (d.kind().equals(StatusPost.MAINTENANCE)) {
            if (d.startsAt() == null || d.endsAt() == null) {
                throw new IllegalArgumentException("a maintenance needs its window: when it starts and when it ends");
            }
            if (!d.endsAt().isAfter(d.startsAt())) {
                throw new IllegalArgumentException("a maintenance must end after it starts (" + d.startsAt() + " → " + d.endsAt() + ")");
            }
        } else if (d.startsAt() != null || d.endsAt() != null) {
            throw new IllegalArgumentException("only a maintenance has a window; an incident is posted when it happens");
        }
    }

    private static void text(String what, String s, int max) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("a post needs a " + what);
        }
        int length = s.codePointCount(0, s.length()); // characters as people count them: an emoji is one
        if (length > max) {
            throw new IllegalArgumentException("the " + what + " is " + length + " characters; at most " + max + " are taken");
        }
    }

    private static void status(String kind, String status) {
        List<String> allowed = StatusPost.statuses(kind);
        if (status == null || !allowed.contains(status)) {
            throw new IllegalArgumentException("'" + status + "' is not a status of " + (kind.equals(StatusPost.MAINTENANCE) ? "a maintenance" : "an incident")
                    + "; use one of: " + String.join(", ", allowed));
        }
    }

    /** Posts {@code d} for {@code system} as {@code by} at {@code now}, with its first update; returns it as stored. */
    public StatusPost create(String system, Draft d, String by, Instant now) {
        check(d);
        Instant at = micros(now);
        return jdbi.inTransaction(h -> {
            long id = h.createUpdate("INSERT INTO status_post (system, kind, title, components, status, starts_at, ends_at, created_at, created_by, "
                            + "closed_at) VALUES (:s, :kind, :title, :components, :status, :starts, :ends, :at, :by, :closed)")
                    .bind("s", system).bind("kind", d.kind()).bind("title", d.title().strip())
                    .bindArray("components", String.class, d.components().toArray(new String[0])).bind("status", d.status())
                    .bind("starts", ts(d.startsAt())).bind("ends", ts(d.endsAt())).bind("at", ts(at)).bind("by", by)
                    .bind("closed", StatusPost.closing(d.status()) ? ts(at) : null)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            insertUpdate(h, id, d.status(), d.message().strip(), at, by, d.notifies());
            return load(h, system, List.of(id)).get(0);
        });
    }

    /**
     * Adds an update to post {@code id}: its status becomes {@code status}; resolved or completed closes it. Refused (in
     * words) for a post that is closed, but an incident's update back to investigating, which reopens it.
     */
    public StatusPost update(String system, long id, String status, String message, String by, boolean notify, Instant now) {
        text("message", message, BODY_MAX);
        Instant at = micros(now);
        return jdbi.inTransaction(h -> {
            Map<String, Object> row = h.createQuery("SELECT kind, closed_at FROM status_post WHERE system = :s AND id = :id FOR UPDATE")
                    .bind("s", system).bind("id", id).mapToMap().findOne()
                    .orElseThrow(() -> new NoSuchElementException("no status post #" + id + " of " + system));
            String kind = (String) row.get("kind");
            status(kind, status);
            Object closed = row.get("closed_at");
            boolean reopens = closed != null && status.equals("investigating");
            if (closed != null && !reopens) {
                throw new IllegalStateException(kind.equals(StatusPost.MAINTENANCE)
                        ? "maintenance #" + id + " is completed and takes no more updates; post a new maintenance"
                        : "incident #" + id + " is resolved and takes no more updates; to reopen it, post an update with status investigating");
            }
            h.createUpdate("UPDATE status_post SET status = :status, closed_at = :closed WHERE id = :id")
                    .bind("status", status).bind("closed", StatusPost.closing(status) ? ts(at) : null).bind("id", id).execute();
            insertUpdate(h, id, status, message.strip(), at, by, notify);
            return load(h, system, List.of(id)).get(0);
        });
    }

    private static void insertUpdate(Handle h, long post, String status, String body, Instant at, String by, boolean notify) {
        h.createUpdate("INSERT INTO status_update (post_id, status, body, at, created_by, notify) VALUES (:p, :status, :body, :at, :by, :notify)")
                .bind("p", post).bind("status", status).bind("body", body).bind("at", ts(at)).bind("by", by).bind("notify", notify).execute();
    }

    public Optional<StatusPost> get(String system, long id) {
        return jdbi.withHandle(h -> load(h, system, List.of(id))).stream().findFirst();
    }

    /** The posts not closed yet, newest first. */
    public List<StatusPost> open(String system) {
        return jdbi.withHandle(h -> load(h, system, h.createQuery("SELECT id FROM status_post WHERE system = :s AND closed_at IS NULL "
                + "ORDER BY created_at DESC, id DESC").bind("s", system).mapTo(Long.class).list()));
    }

    /** The posts made at or after {@code since}, newest first. */
    public List<StatusPost> since(String system, Instant since) {
        return jdbi.withHandle(h -> load(h, system, h.createQuery("SELECT id FROM status_post WHERE system = :s AND created_at >= :since "
                + "ORDER BY created_at DESC, id DESC").bind("s", system).bind("since", ts(since)).mapTo(Long.class).list()));
    }

    /** Posts {@code ids} of {@code system} with their updates (newest first), in the order of {@code ids}. */
    private static List<StatusPost> load(Handle h, String system, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Long[] array = ids.toArray(new Long[0]);
        Map<Long, List<StatusPost.Update>> updates = new LinkedHashMap<>();
        h.createQuery("SELECT id, post_id, status, body, at, created_by, notify FROM status_update WHERE post_id = ANY(:ids) ORDER BY at DESC, id DESC")
                .bindArray("ids", Long.class, (Object[]) array)
                .map((rs, ctx) -> Map.entry(rs.getLong("post_id"), new StatusPost.Update(rs.getLong("id"), rs.getString("status"), rs.getString("body"),
                        rs.getTimestamp("at").toInstant(), rs.getString("created_by"), rs.getBoolean("notify"))))
                .forEach(e -> updates.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, StatusPost> posts = new LinkedHashMap<>();
        h.createQuery("SELECT id, kind, title, components, status, starts_at, ends_at, created_at, created_by, closed_at FROM status_post "
                        + "WHERE system = :s AND id = ANY(:ids)")
                .bind("s", system).bindArray("ids", Long.class, (Object[]) array)
                .map((rs, ctx) -> row(rs, ctx, updates.getOrDefault(rs.getLong("id"), List.of())))
                .forEach(p -> posts.put(p.id(), p));
        return ids.stream().filter(posts::containsKey).map(posts::get).toList();
    }

    private static StatusPost row(ResultSet rs, StatementContext ctx, List<StatusPost.Update> updates) throws SQLException {
        Array components = rs.getArray("components");
        List<String> names = components == null ? List.of() : Arrays.asList((String[]) components.getArray());
        return new StatusPost(rs.getLong("id"), rs.getString("kind"), rs.getString("title"), List.copyOf(names), rs.getString("status"),
                instant(rs.getTimestamp("starts_at")), instant(rs.getTimestamp("ends_at")), rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"), instant(rs.getTimestamp("closed_at")), List.copyOf(updates));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(micros(t));
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
