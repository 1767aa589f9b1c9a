package dev.caretaker.incident;

import dev.caretaker.config.MaintenanceWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Maintenance windows set at run time (from the API), kept in the store beside the config's: while one is open, incidents
 * of its checks (all checks when it names none) are recorded but their notifications stay muted. Ending one early keeps it,
 * with who ended it and when.
 */
public final class Silences {
    public record Silence(long id, String system, List<String> checks, Instant startsAt, Instant endsAt, String reason, String createdBy,
                          Instant createdAt, String endedBy, Instant endedAt) {
        /** The window as the incident stage judges it: from its start to its end, or to when it was ended. */
        public MaintenanceWindow window() {
            return new MaintenanceWindow("silence #" + id, null, null, startsAt, endedAt != null && endedAt.isBefore(endsAt) ? endedAt : endsAt, checks);
        }

        public boolean current(Instant now) {
            return window().to().isAfter(now);
        }
    }

    private final Jdbi jdbi;

    public Silences(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Silence create(String system, List<String> checks, Instant start, Instant end, String reason, String by, Instant now) {
        // what timestamptz keeps: a window set "now" must cover now, not start a rounded microsecond later
        Instant startsAt = start.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant endsAt = end.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a maintenance window must end after it starts (" + startsAt + " → " + endsAt + ")");
        }
        if (!endsAt.isAfter(now)) {
            throw new IllegalArgumentException("a maintenance window that ended before now (" + endsAt + ") would silence nothing");
        }
        return jdbi.withHandle(h -> {
            long id = h.createUpdate("INSERT INTO maintenance_window (system, checks, starts_at, ends_at, reason, created_by, created_at) "
                            + "VALUES (:s, :checks, :from, :to, :reason, :by, :now)")
                    .bind("s", system).bind("checks", checks.toArray(String[]::new)).bind("from", Timestamp.from(startsAt))
                    .bind("to", Timestamp.from(endsAt)).bind("reason", reason == null ? "" : reason).bind("by", by).bind("now", Timestamp.from(now))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return get(h, system, id).orElseThrow();
        });
    }

    /** Ends a window now; false when it had already ended. */
    public boolean end(String system, long id, String by, Instant when) {
        Instant now = when.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return jdbi.withHandle(h -> {
            Silence s = get(h, system, id).orElseThrow(() -> new java.util.NoSuchElementException("no maintenance window #" + id + " of " + system));
            if (!s.current(now)) {
                return false;
            }
            h.createUpdate("UPDATE maintenance_window SET ended_by = :by, ended_at = :now WHERE id = :id")
                    .bind("by", by).bind("now", Timestamp.from(now)).bind("id", id).execute();
            return true;
        });
    }

    /** The windows of {@code system} not yet over at {@code now} (open or upcoming), soonest first. */
    public List<Silence> current(String system, Instant now) {
        return jdbi.withHandle(h -> current(h, system, now));
    }

    static List<Silence> current(Handle h, String system, Instant now) {
        return h.createQuery("SELECT * FROM maintenance_window WHERE system = :s AND ends_at > :now AND (ended_at IS NULL OR ended_at > :now) "
                        + "ORDER BY starts_at, id").bind("s", system).bind("now", Timestamp.from(now)).map((rs, ctx) -> map(rs)).list();
    }

    public Optional<Silence> get(String system, long id) {
        return jdbi.withHandle(h -> get(h, system, id));
    }

    private static Optional<Silence> get(Handle h, String system, long id) {
        return h.createQuery("SELECT * FROM maintenance_window WHERE system = :s AND id = :id").bind("s", system).bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    private static Silence map(ResultSet rs) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Silence(rs.getLong("id"), rs.getString("system"), Arrays.asList((String[]) rs.getArray("checks").getArray()),
                rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(), rs.getString("reason"), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("ended_by"), ended == null ? null : ended.toInstant());
    }
}
