package dev.caretaker.action;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Every attempt of an action claims its row before it runs: (action, subject, occasion, attempt) is unique, so a crash
 * or a second node never runs the same remediation twice. A claim left {@code running} by a crash stays so, and is
 * never retried by itself: a person looks at it.
 */
public final class Ledger {
    private final Jdbi jdbi;
    private final String system;

    public Ledger(Jdbi jdbi, String system) {
        this.jdbi = jdbi;
        this.system = system;
    }

    /** Claims an attempt; false when this or another node has claimed it already. */
    public boolean claim(String action, String subject, String occasion, int attempt, Long incidentId, String state, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO action_run (system, action, subject, occasion, attempt, incident_id, state, "
                        + "started_at) VALUES (:system, :action, :subject, :occasion, :attempt, :incident, :state, :now) ON CONFLICT DO NOTHING")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .bind("attempt", attempt).bind("incident", incidentId).bind("state", state).bind("now", Timestamp.from(now))
                .execute()) == 1;
    }

    public void finish(String action, String subject, String occasion, int attempt, String state, long rows, String detail, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE action_run SET state = :state, rows = :rows, detail = :detail, finished_at = :now "
                        + "WHERE system = :system AND action = :action AND subject = :subject AND occasion = :occasion AND attempt = :attempt")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .bind("attempt", attempt).bind("state", state).bind("rows", rows < 0 ? null : rows).bind("detail", detail)
                .bind("now", Timestamp.from(now)).execute());
    }

    /** Whether anything was claimed for this occasion (any attempt). */
    public boolean handled(String action, String subject, String occasion) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM action_run WHERE system = :system AND action = :action "
                        + "AND subject = :subject AND occasion = :occasion")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .mapTo(Integer.class).one()) > 0;
    }

    /** Attempts of {@code action} (any subject) started within the hour before {@code now}: for max_runs_per_hour. */
    public int runsInLastHour(String action, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM action_run WHERE system = :system AND action = :action "
                        + "AND state <> 'refused' AND started_at > :since")
                .bind("system", system).bind("action", action).bind("since", Timestamp.from(now.minus(Duration.ofHours(1))))
                .mapTo(Integer.class).one());
    }
}
