package dev.caretaker.engine;

import dev.caretaker.action.Ledger;
import dev.caretaker.history.CheckSeries;
import dev.caretaker.history.LongView;
import dev.caretaker.history.PeriodStats;
import dev.caretaker.history.ReportArchive;
import dev.caretaker.history.Rollups;
import dev.caretaker.history.RunHistory;
import dev.caretaker.incident.IncidentRepository;
import org.jdbi.v3.core.Jdbi;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.ReportConfig;
import dev.caretaker.config.ReportPeriod;
import dev.caretaker.config.Suggestions;
import dev.caretaker.notify.Delivery;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.Outbox;
import dev.caretaker.report.Chart;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.review.Charts;
import dev.caretaker.review.Renderer;
import dev.caretaker.review.Review;
import dev.caretaker.review.Reviews;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Periodic reports ({@code reports:}): made, stored, sent to their channels, listed and shown. */
public final class ReportDesk {
    private final Engine engine;

    ReportDesk(Engine engine) {
        this.engine = engine;
    }

    /** A report made and stored, and what happened to its messages (none when it was not sent). */
    public record Made(long id, Review review, List<RunOutcome.Notification> messages) {
    }

    /** The report's config, or a clear refusal naming the reports there are. */
    public ReportConfig named(String name) {
        ReportConfig r = engine.config().reports().get(name);
        if (r == null) {
            var names = engine.config().reports().keySet();
            throw new IllegalArgumentException("no report '" + name + "' in " + engine.config().file() + Suggestions.didYouMean(name, names)
                    + (names.isEmpty() ? "; the file defines no reports (see 'reports:' in the README)" : "; reports: " + String.join(", ", names)));
        }
        return r;
    }

    /**
     * Makes report {@code name} over {@code period} (its own when empty) as of {@code now}, stores it and, with {@code send},
     * queues it for its channels and delivers what it can within {@code notify.wait}. A tick's report is keyed by its period,
     * so a re-run of the same tick replaces the stored report and sends nothing twice.
     */
    public Made make(String name, Optional<ReportPeriod> period, Instant now, boolean send) {
        ReportConfig report = named(name);
        ReportPeriod.Range range = period.orElse(report.period()).resolve(now, engine.config().timezone());
        Review review;
        try (MonitoredDatabases dbs = engine.databases()) {
            review = Reviews.make(engine.config(), report, range, now, sources(), dbs);
        }
        ReportArchive archive = new ReportArchive(engine.store().jdbi());
        long id = archive.save(Reviews.entry(review));
        archive.prune(engine.config().system(), now.minus(engine.config().store().retention()));
        List<RunOutcome.Notification> messages = new ArrayList<>();
        if (send && !report.channels().isEmpty()) {
            Notice.ReportNotice notice = notice(review, id);
            List<Outbox.Queued> queued = new ArrayList<>();
            engine.store().jdbi().useTransaction(h -> queued.addAll(engine.messages().enqueueReport(h, notice, report.channels(), now)));
            Delivery.Result r = engine.delivery().deliver(engine.config().notifications().deliveryWait(), false);
            engine.outbox().withKeys(queued).forEach(m -> messages.add(new RunOutcome.Notification(m.channel(), m.kind(), m.dedupKey(), m.state().label(),
                    m.attempts(), m.lastError())));
        }
        return new Made(id, review, messages);
    }

    /** Report {@code report} over {@code range} as of {@code now}, made and neither stored nor sent. */
    public Review preview(ReportConfig report, ReportPeriod.Range range, Instant now) {
        try (MonitoredDatabases dbs = engine.databases()) {
            return Reviews.make(engine.config(), report, range, now, sources(), dbs);
        }
    }

    public List<ReportArchive.Listed> list(int limit) {
        return new ReportArchive(engine.store().jdbi()).list(engine.config().system(), limit);
    }

    public Optional<Reviews.Stored> load(long id) {
        return new ReportArchive(engine.store().jdbi()).document(engine.config().system(), id).map(doc -> Reviews.stored(id, doc));
    }

    /** What a report reads of the store, each from the package that writes it. */
    private Reviews.Sources sources() {
        Jdbi jdbi = engine.store().jdbi();
        String system = engine.config().system();
        return new Reviews.Sources(new PeriodStats(jdbi, system), new IncidentRepository(jdbi), new Ledger(jdbi, engine.store().dataSource(), system),
                engine.checklists().book(), new LongView(new Rollups(jdbi), new RunHistory(jdbi)), new CheckSeries(jdbi));
    }

    /** The report as a message: HTML with its charts as PNG parts ({@code cid:chart-N}), text, a chat summary, the JSON. */
    static Notice.ReportNotice notice(Review review, long id) {
        List<Chart> charts = review.charts();
        java.time.ZoneId zone = java.time.ZoneId.of(review.zone());
        Map<String, String> images = new LinkedHashMap<>();
        for (int i = 0; i < charts.size(); i++) {
            images.put("chart-" + i, Base64.getEncoder().encodeToString(Charts.png(charts.get(i), zone)));
        }
        String subject = Renderer.subject(review);
        String summary = "*" + subject + "*";
        Map<String, Object> json = Renderer.JSON.convertValue(review, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        return new Notice.ReportNotice(review.system(), null, zone, id, "report-" + review.name() + "-" + review.from().getEpochSecond() + "-"
                + review.to().getEpochSecond(), subject, Renderer.text(review), Renderer.html(review, i -> "cid:chart-" + i), summary, json, null, images);
    }
}
