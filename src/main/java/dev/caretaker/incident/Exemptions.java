package dev.caretaker.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Exemptions set at run time (CLI, API, dashboard): the findings of one check, code and subject are ignored, with a reason,
 * until {@code until} (null: until removed). Removing one keeps it, with who removed it and when.
 */
public final class Exemptions {
    /** One exemption; {@code incidentId} is the incident it was set from (null when set by hand). */
    public record Exemption(long id, String system, String check, String code, String subject, String reason, Instant until,
                            Long incidentId, String createdBy, Instant createdAt, String removedBy, Instant removedAt) {
        /** Whether it ignores findings at {@code now}: not removed, not run out. */
        public boolean current(Instant now) {
            return removedAt == null && (until == null || until.isAfter(now));
        }

        public boolean covers(String checkName, String findingCode, String findingSubject) {
            return check.equals(checkName) && code.equals(findingCode) && subject.equals(findingSubject == null ? "" : findingSubject);
        }
    }

    private final Jdbi jdbi;

    public Exemptions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Adds an exemption in {@code h}'s transaction. */
    public Exemption create(Handle h, String system, String check, String code, String subject, String reason, Instant until, Long incident,
                            String by, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an exemption needs a reason: say why this finding may be ignored");
        }
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        if (until != null && !until.isAfter(at)) {
            throw new IllegalArgumentException("an exemption that ended before now (" + until + ") would ignore nothing; give a later --until");
        }
        long id = h.createUpdate("INSERT INTO exemption (system, check_name, code, subject, reason, until, incident_id, created_by, created_at) "
                        + "VALUES (:s, :check, :code, :subject, :reason, :until, :incident, :by, :now)")
                .bind("s", system).bind("check", check).bind("code", code).bind("subject", subject == null ? "" : subject)
                .bind("reason", reason.strip()).bind("until", until == null ? null : Timestamp.from(until.truncatedTo(ChronoUnit.MICROS)))
                .bind("incident", incident).bind("by", by).bind("now", Timestamp.from(at))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return get(h, system, id).orElseThrow();
    }

    /** Removes exemption {@code id} now; false when it had already been removed. */
    public boolean remove(String system, long id, String by, Instant now) {
        return jdbi.withHandle(h -> {
            Exemption e = get(h, system, id).orElseThrow(() -> new java.util.NoSuchElementException("there is no exemption #" + id + " of "
                    + system + "; see caretaker incidents ignored"));
            if (e.removedAt() != null) {
                return false;
            }
            h.createUpdate("UPDATE exemption SET removed_by = :by, removed_at = :now WHERE id = :id")
                    .bind("by", by).bind("now", Timestamp.from(now.truncatedTo(ChronoUnit.MICROS))).bind("id", id).execute();
            return true;
        });
    }

    /** The exemptions of {@code system} that ignore findings at {@code now}. */
    public List<Exemption> current(String system, Instant now) {
        return jdbi.withHandle(h -> current(h, system, now));
    }

    public static List<Exemption> current(Handle h, String system, Instant now) {
        return h.createQuery("SELECT * FROM exemption WHERE system = :s AND removed_at IS NULL AND (until IS NULL OR until > :now) ORDER BY id")
                .bind("s", system).bind("now", Timestamp.from(now)).map((rs, ctx) -> map(rs)).list();
    }

    /** Every exemption of {@code system}, newest first: removed and run-out ones too when {@code all}. */
    public List<Exemption> list(String system, boolean all, Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM exemption WHERE system = :s AND (:all OR (removed_at IS NULL "
                        + "AND (until IS NULL OR until > :now))) ORDER BY id DESC LIMIT :limit")
                .bind("s", system).bind("all", all).bind("now", Timestamp.from(now)).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    public Optional<Exemption> get(String system, long id) {
        return jdbi.withHandle(h -> get(h, system, id));
    }

    private static Optional<Exemption> get(Handle h, String system, long id) {
        return h.createQuery("SELECT * FROM exemption WHERE system = :s AND id = :id").bind("s", system).bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    private static Exemption map(ResultSet rs) throws SQLException {
        Timestamp until = rs.getTimestamp("until");
        Timestamp removed = rs.getTimestamp("removed_at");
        long incident = rs.getLong("incident_id");
        Long incidentId = rs.wasNull() ? null : incident;
        return new Exemption(rs.getLong("id"), rs.getString("system"), rs.getString("check_name"), rs.getString("code"), rs.getString("subject"),
                rs.getString("reason"), until == null ? null : until.toInstant(), incidentId, rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("removed_by"), removed == null ? null : removed.toInstant());
    }
}
