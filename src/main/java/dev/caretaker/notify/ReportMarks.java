package dev.caretaker.notify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What each {@code report_to} channel was last sent of a suite's runs: the status of the last report (a report goes when
 * something changed since), and when the last digest went ({@code report_every}). Read and written in the caller's transaction.
 */
public final class ReportMarks {
    private final String system;

    public ReportMarks(String system) {
        this.system = system;
    }

    /** The status of the last report sent to a channel, when it went, and when its last digest went (each null when none). */
    public record Mark(String status, Instant reportedAt, Instant digestAt) {
        public static final Mark NONE = new Mark(null, null, null);
    }

    /** The channel's mark for {@code suite}, locked until the caller's transaction ends (so two nodes decide one after the other). */
    public Mark get(Handle h, String channel, String suite) {
        h.createUpdate("INSERT INTO report_mark (system, channel, suite) VALUES (:s, :c, :suite) ON CONFLICT DO NOTHING")
                .bind("s", system).bind("c", channel).bind("suite", suite).execute();
        return h.createQuery("SELECT status, reported_at, digest_at FROM report_mark WHERE system = :s AND channel = :c AND suite = :suite FOR UPDATE")
                .bind("s", system).bind("c", channel).bind("suite", suite)
                .map((rs, ctx) -> new Mark(rs.getString(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)))).findOne().orElse(Mark.NONE);
    }

    /** Records a report of a run of {@code status} sent at {@code at}; with {@code digest}, as the channel's latest digest too. */
    public void sent(Handle h, String channel, String suite, String status, Instant at, boolean digest) {
        h.createUpdate("UPDATE report_mark SET status = :status, reported_at = :at" + (digest ? ", digest_at = :at" : "")
                        + " WHERE system = :s AND channel = :c AND suite = :suite")
                .bind("status", status).bind("at", Timestamp.from(at)).bind("s", system).bind("c", channel).bind("suite", suite).execute();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** A Mark's digest time, or {@code fallback} when none went yet. */
    public static Instant since(Mark m, Instant fallback) {
        return Optional.ofNullable(m.digestAt()).orElse(fallback);
    }
}
