package dev.caretaker.action;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Every attempt of an action claims its row before it runs: (action, subject, occasion, attempt) is unique, so a crash or
 * a second node never runs the same remediation twice. The claim is taken together with the count of attempts in the last
 * hour ({@code max_runs_per_hour}), under a lock per action, so racing nodes cannot both squeeze in. While an attempt runs,
 * its process holds a session advisory lock on the claim: when the process dies, PostgreSQL releases the lock, and the
 * next sweep marks the claim {@code interrupted} — reported and escalated, never retried blindly.
 */
public final class Ledger {
    /** Advisory-lock keys of running attempts: this base plus the claim's id. */
    static final long LOCK_BASE = 0x6361_7265_0000_0000L; // "care"

    /** Where an attempt stands, stored in {@code action_run.state} by its label (the SQL below names some of them as written). */
    public enum State {
        RUNNING, SUCCEEDED, VERIFIED, UNVERIFIED, FAILED, REFUSED,
        /** Its process died while it ran: found and marked by {@link #sweep}, never by a claim. */
        INTERRUPTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final String system;

    public Ledger(Jdbi jdbi, DataSource dataSource, String system) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
        this.system = system;
    }

    /** What claiming an attempt gave: the claim, or why there is none. */
    public sealed interface Outcome permits Claim, Taken, RateLimited {
    }

    /** This or another node has claimed the attempt already. */
    public record Taken() implements Outcome {
    }

    /** {@code recent} attempts of the action started within the last hour: the most {@code max_runs_per_hour} allows. */
    public record RateLimited(int recent) implements Outcome {
    }

    /** A running attempt; {@link #finish} records how it ended and lets go of it. Closing it unfinished leaves it to the sweep. */
    public static final class Claim implements Outcome, AutoCloseable {
        private final long id;
        private final Connection connection;
        private boolean done;

        Claim(long id, Connection connection) {
            this.id = id;
            this.connection = connection;
        }

        public long id() {
            return id;
        }

        /** Records how the attempt ended ({@code state} is not {@link State#RUNNING}) and lets go of it. */
        public void finish(State state, long rows, String detail, Instant now) {
            if (state == State.RUNNING) {
                throw new IllegalArgumentException("attempt #" + id + " cannot finish as running");
            }
            try (PreparedStatement ps = connection.prepareStatement("UPDATE action_run SET state = ?, rows = ?, detail = ?, finished_at = ? "
                    + "WHERE id = ?")) {
                ps.setString(1, state.label());
                ps.setObject(2, rows < 0 ? null : rows);
                ps.setString(3, detail);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setLong(5, id);
                ps.executeUpdate();
                connection.commit();
                done = true;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot record how attempt #" + id + " ended: " + e.getMessage(), e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                if (!connection.isClosed()) {
                    if (done) {
                        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                            ps.setLong(1, LOCK_BASE + id);
                            ps.execute();
                        }
                        connection.commit();
                    }
                    connection.close(); // ending the session releases its lock in any case
                }
            } catch (SQLException ignored) {
                // the session is gone, and with it the lock
            }
        }
    }

    /**
     * Claims an attempt unless it is taken or the action has used its {@code maxPerHour} attempts; the claim holds its
     * lock until finished.
     */
    public Outcome claim(String action, String subject, String occasion, int attempt, Long incidentId, int maxPerHour, Instant now) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('caretaker-action'), hashtext(? || '/' || ?))")) {
                lock.setString(1, system);
                lock.setString(2, action);
                lock.execute();
            }
            int recent = runsInLastHour(c, action, now);
            if (recent >= maxPerHour) {
                c.rollback();
                c.close();
                return new RateLimited(recent);
            }
            Long id = null;
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO action_run (system, action, subject, occasion, attempt, incident_id, "
                    + "state, started_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?) ON CONFLICT DO NOTHING RETURNING id")) {
                ins.setString(1, system);
                ins.setString(2, action);
                ins.setString(3, subject);
                ins.setString(4, occasion);
                ins.setInt(5, attempt);
                ins.setObject(6, incidentId);
                ins.setTimestamp(7, Timestamp.from(now));
                try (ResultSet rs = ins.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong(1);
                    }
                }
            }
            if (id == null) {
                c.rollback();
                c.close();
                return new Taken();
            }
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, LOCK_BASE + id); // taken before the claim is visible, so no sweep ever sees it unlocked
                lock.execute();
            }
            c.commit();
            return new Claim(id, c);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw new IllegalStateException("cannot claim " + action + " on " + subject + " in the store: " + e.getMessage(), e);
        }
    }

    /** Records an occasion that ran nothing (a refusal) once; false when it was recorded before. */
    public boolean record(String action, String subject, String occasion, Long incidentId, State state, String detail, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO action_run (system, action, subject, occasion, attempt, incident_id, state, "
                        + "detail, started_at, finished_at) VALUES (:system, :action, :subject, :occasion, 0, :incident, :state, :detail, :now, :now) "
                        + "ON CONFLICT DO NOTHING")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .bind("incident", incidentId).bind("state", state.label()).bind("detail", detail).bind("now", Timestamp.from(now)).execute()) == 1;
    }

    /** Whether anything was claimed for this occasion (any attempt). */
    public boolean handled(String action, String subject, String occasion) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM action_run WHERE system = :system AND action = :action "
                        + "AND subject = :subject AND occasion = :occasion")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .mapTo(Integer.class).one()) > 0;
    }

    private int runsInLastHour(Connection c, String action, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM action_run WHERE system = ? AND action = ? "
                + "AND state <> 'refused' AND attempt > 0 AND started_at > ?")) {
            ps.setString(1, system);
            ps.setString(2, action);
            ps.setTimestamp(3, Timestamp.from(now.minus(Duration.ofHours(1))));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** An attempt whose process died while it ran. */
    public record Interrupted(long id, String action, String subject, String occasion, int attempt, Long incidentId, Instant startedAt) {
    }

    /** Marks {@code interrupted} every running attempt of this system whose process is gone, and returns them. */
    public List<Interrupted> sweep(Instant now) {
        return jdbi.withHandle(h -> {
            List<Interrupted> out = new ArrayList<>();
            List<Interrupted> running = h.createQuery("SELECT id, action, subject, occasion, attempt, incident_id, started_at FROM action_run "
                            + "WHERE system = :system AND state = 'running' ORDER BY id")
                    .bind("system", system).map((rs, ctx) -> new Interrupted(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), (Long) rs.getObject(6), rs.getTimestamp(7).toInstant())).list();
            for (Interrupted i : running) {
                boolean ownerGone = h.createQuery("SELECT pg_try_advisory_lock(:key)").bind("key", LOCK_BASE + i.id()).mapTo(Boolean.class).one();
                if (!ownerGone) {
                    continue;
                }
                try {
                    int marked = h.createUpdate("UPDATE action_run SET state = 'interrupted', finished_at = :now, detail = :detail "
                                    + "WHERE id = :id AND state = 'running'")
                            .bind("now", Timestamp.from(now)).bind("id", i.id())
                            .bind("detail", "the process running it stopped before it finished; what it changed is not known").execute();
                    if (marked == 1) {
                        out.add(i);
                    }
                } finally {
                    h.createQuery("SELECT pg_advisory_unlock(:key)").bind("key", LOCK_BASE + i.id()).mapTo(Boolean.class).one();
                }
            }
            return out;
        });
    }

    /** How one action's runs went in a period. */
    public record Tally(String action, long runs, long ok, long failed, long refused) {
    }

    /** The runs of this system's actions that started in [{@code from}, {@code to}), by action. */
    public List<Tally> tallies(Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT action, count(*) AS runs, "
                        + "count(*) FILTER (WHERE state IN ('succeeded', 'verified')) AS ok, count(*) FILTER (WHERE state IN ('failed', 'interrupted', "
                        + "'unverified')) AS failed, count(*) FILTER (WHERE state = 'refused') AS refused FROM action_run WHERE system = :system "
                        + "AND started_at >= :from AND started_at < :to GROUP BY 1 ORDER BY 1")
                .bind("system", system).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> new Tally(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))).list());
    }
}
