package dev.caretaker.review;

import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ReportConfig;
import dev.caretaker.config.ReportPeriod;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Makes periodic reports of each type, and keeps them in the store: one per report and period, listed newest first. */
public final class Reviews {
    private final Jdbi jdbi;

    public Reviews(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A stored report: its id and document. */
    public record Stored(long id, Review review) {
    }

    /** One line of the list of stored reports. */
    public record Listed(long id, String name, String type, Instant from, Instant to, Instant madeAt, String verdict) {
    }

    /** Makes report {@code report} over {@code range} as of {@code now}. */
    public static Review make(CaretakerConfig config, ReportConfig report, ReportPeriod.Range range, Instant now, Jdbi store, MonitoredDatabases dbs) {
        Context c = new Context(config, report, range, now, store, dbs);
        return switch (report.type()) {
            case TRENDS -> TrendsReview.make(c);
            case SECURITY_AUDIT -> SecurityAudit.make(c);
            case SUMMARY -> SummaryReview.make(c);
            case CAPACITY -> CapacityReview.make(c);
        };
    }

    /** Stores the report, replacing an earlier one of the same name and period; returns its id. */
    public long save(Review r) {
        Object verdict = r.figures().get("verdict");
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO report (system, name, type, period_from, period_to, made_at, verdict, document) "
                        + "VALUES (:system, :name, :type, :from, :to, :made, :verdict, CAST(:doc AS jsonb)) ON CONFLICT (system, name, period_from, period_to) "
                        + "DO UPDATE SET made_at = EXCLUDED.made_at, verdict = EXCLUDED.verdict, document = EXCLUDED.document, type = EXCLUDED.type RETURNING id")
                .bind("system", r.system()).bind("name", r.name()).bind("type", r.type().label).bind("from", Timestamp.from(r.from()))
                .bind("to", Timestamp.from(r.to())).bind("made", Timestamp.from(r.madeAt())).bind("verdict", verdict == null ? "" : verdict.toString())
                .bind("doc", Renderer.json(r)).mapTo(Long.class).one());
    }

    public List<Listed> list(String system, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, type, period_from, period_to, made_at, verdict FROM report WHERE system = :system "
                        + "ORDER BY made_at DESC, id DESC LIMIT :limit")
                .bind("system", system).bind("limit", limit)
                .map((rs, ctx) -> new Listed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant(), rs.getString(7))).list());
    }

    public Optional<Stored> load(String system, long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, document::text FROM report WHERE system = :system AND id = :id")
                .bind("system", system).bind("id", id)
                .map((rs, ctx) -> new Stored(rs.getLong(1), Renderer.parse(rs.getString(2)))).findOne());
    }

    /** Deletes {@code system}'s reports made before {@code before}: reports are kept as long as runs. */
    public int prune(String system, Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM report WHERE system = :system AND made_at < :before")
                .bind("system", system).bind("before", Timestamp.from(before)).execute());
    }
}
