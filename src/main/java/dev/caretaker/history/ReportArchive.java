package dev.caretaker.history;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The periodic reports made, kept as their JSON documents: one per report and period, listed newest first, kept as long as runs. */
public final class ReportArchive {
    private final Jdbi jdbi;

    public ReportArchive(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A report to keep: what it is, the period it covers, when it was made, its verdict and its JSON document. */
    public record Entry(String system, String name, String type, Instant from, Instant to, Instant madeAt, String verdict, String document) {
    }

    /** One line of the list of stored reports. */
    public record Listed(long id, String name, String type, Instant from, Instant to, Instant madeAt, String verdict) {
    }

    /** Keeps the report, replacing an earlier one of the same name and period; returns its id. */
    public long save(Entry e) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO report (system, name, type, period_from, period_to, made_at, verdict, document) "
                        + "VALUES (:system, :name, :type, :from, :to, :made, :verdict, CAST(:doc AS jsonb)) ON CONFLICT (system, name, period_from, period_to) "
                        + "DO UPDATE SET made_at = EXCLUDED.made_at, verdict = EXCLUDED.verdict, document = EXCLUDED.document, type = EXCLUDED.type RETURNING id")
                .bind("system", e.system()).bind("name", e.name()).bind("type", e.type()).bind("from", Timestamp.from(e.from()))
                .bind("to", Timestamp.from(e.to())).bind("made", Timestamp.from(e.madeAt())).bind("verdict", e.verdict())
                .bind("doc", e.document()).mapTo(Long.class).one());
    }

    /** The newest {@code limit} reports of {@code system}. */
    public List<Listed> list(String system, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, type, period_from, period_to, made_at, verdict FROM report WHERE system = :system "
                        + "ORDER BY made_at DESC, id DESC LIMIT :limit")
                .bind("system", system).bind("limit", limit)
                .map((rs, ctx) -> new Listed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant(), rs.getString(7))).list());
    }

    /** The JSON document of report {@code id} of {@code system}. */
    public Optional<String> document(String system, long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT document::text FROM report WHERE system = :system AND id = :id")
                .bind("system", system).bind("id", id).mapTo(String.class).findOne());
    }

    /** Deletes {@code system}'s reports made before {@code before}: reports are kept as long as runs. */
    public int prune(String system, Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM report WHERE system = :system AND made_at < :before")
                .bind("system", system).bind("before", Timestamp.from(before)).execute());
    }
}
