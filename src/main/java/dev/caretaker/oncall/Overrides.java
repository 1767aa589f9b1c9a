package dev.caretaker.oncall;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The on-call overrides people set at run time (table {@code oncall_override}); the rotations are the config's. */
public final class Overrides {
    private final Jdbi jdbi;

    public Overrides(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records that {@code who} takes {@code schedule} from {@code from} until {@code until}, as set by {@code by}. */
    public OncallOverride add(String system, String schedule, String who, Instant from, Instant until, String by, Instant now) {
        Instant a = from.truncatedTo(ChronoUnit.MICROS);
        Instant b = until.truncatedTo(ChronoUnit.MICROS);
        if (!b.isAfter(a)) {
            throw new IllegalArgumentException("an override must end after it starts (" + a + " → " + b + ")");
        }
        if (!b.isAfter(now)) {
            throw new IllegalArgumentException("an override that ended before now (" + b + ") would change nothing");
        }
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO oncall_override (system, schedule, who, starts_at, ends_at, created_by, "
                        + "created_at) VALUES (:s, :schedule, :who, :from, :until, :by, :now)")
                .bind("s", system).bind("schedule", schedule).bind("who", who).bind("from", Timestamp.from(a))
                .bind("until", Timestamp.from(b)).bind("by", by).bind("now", Timestamp.from(now.truncatedTo(ChronoUnit.MICROS)))
                .executeAndReturnGeneratedKeys("id", "schedule", "who", "starts_at", "ends_at", "created_by", "created_at")
                .map(Overrides::row).one());
    }

    /** The overrides of {@code system} that overlap {@code [from, until)}, every schedule's. */
    public List<OncallOverride> overlapping(String system, Instant from, Instant until) {
        return jdbi.withHandle(h -> overlapping(h, system, from, until));
    }

    /** As {@link #overlapping(String, Instant, Instant)}, inside the caller's transaction. */
    public static List<OncallOverride> overlapping(Handle h, String system, Instant from, Instant until) {
        return h.createQuery("SELECT id, schedule, who, starts_at, ends_at, created_by, created_at FROM oncall_override "
                        + "WHERE system = :s AND ends_at > :from AND starts_at < :until ORDER BY id")
                .bind("s", system).bind("from", Timestamp.from(from)).bind("until", Timestamp.from(until))
                .map(Overrides::row).list();
    }

    /**
     * The overrides of {@code system} not ended at {@code now} — the current ones and those to come — of {@code schedule}
     * (null: every schedule's), soonest first.
     */
    public List<OncallOverride> notEnded(String system, String schedule, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, schedule, who, starts_at, ends_at, created_by, created_at FROM oncall_override "
                        + "WHERE system = :s AND (CAST(:schedule AS text) IS NULL OR schedule = :schedule) AND ends_at > :now "
                        + "ORDER BY starts_at, id")
                .bind("s", system).bind("schedule", schedule).bind("now", Timestamp.from(now)).map(Overrides::row).list());
    }

    /** Override {@code id} of {@code system}, if there is one. */
    public java.util.Optional<OncallOverride> get(String system, long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, schedule, who, starts_at, ends_at, created_by, created_at FROM oncall_override "
                        + "WHERE system = :s AND id = :id").bind("s", system).bind("id", id).map(Overrides::row).findOne());
    }

    /** Deletes override {@code id} of {@code system}; false when another removal took it first. */
    public boolean remove(String system, long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM oncall_override WHERE system = :s AND id = :id")
                .bind("s", system).bind("id", id).execute() == 1);
    }

    private static OncallOverride row(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new OncallOverride(rs.getLong("id"), rs.getString("schedule"), rs.getString("who"), rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    }
}
