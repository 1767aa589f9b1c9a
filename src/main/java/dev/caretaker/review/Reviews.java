package dev.caretaker.review;

import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ReportConfig;
import dev.caretaker.config.ReportPeriod;
import dev.caretaker.action.Ledger;
import dev.caretaker.checklist.ChecklistBook;
import dev.caretaker.history.CheckSeries;
import dev.caretaker.history.LongView;
import dev.caretaker.history.PeriodStats;
import dev.caretaker.history.ReportArchive;
import dev.caretaker.incident.IncidentRepository;
import java.time.Instant;

/** Makes periodic reports of each type, and keeps them in the store: one per report and period, listed newest first. */
public final class Reviews {
    private Reviews() {
    }

    /** A stored report: its id and document. */
    public record Stored(long id, Review review) {
    }

    /** What the report is made from besides the config: the history, incidents, actions and checklists of the store. */
    public record Sources(PeriodStats stats, IncidentRepository incidents, Ledger actions, ChecklistBook checklists, LongView longView,
                          CheckSeries series) {
    }

    /** Makes report {@code report} over {@code range} as of {@code now}. */
    public static Review make(CaretakerConfig config, ReportConfig report, ReportPeriod.Range range, Instant now, Sources sources, MonitoredDatabases dbs) {
        Context c = new Context(config, report, range, now, sources, dbs);
        return switch (report.type()) {
            case TRENDS -> TrendsReview.make(c);
            case SECURITY_AUDIT -> SecurityAudit.make(c);
            case SUMMARY -> SummaryReview.make(c);
            case CAPACITY -> CapacityReview.make(c);
        };
    }

    /** The report as the archive keeps it. */
    public static ReportArchive.Entry entry(Review r) {
        Object verdict = r.figures().get("verdict");
        return new ReportArchive.Entry(r.system(), r.name(), r.type().label, r.from(), r.to(), r.madeAt(), verdict == null ? "" : verdict.toString(),
                Renderer.json(r));
    }

    /** A report read back from its document. */
    public static Stored stored(long id, String document) {
        return new Stored(id, Renderer.parse(document));
    }
}
