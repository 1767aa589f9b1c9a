package dev.caretaker.engine;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.history.RunHistory;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.notify.Messages;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.Outbox;
import dev.caretaker.notify.ReportMarks;
import dev.caretaker.notify.Texts;
import dev.caretaker.report.RunOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Which {@code report_to} channels get a run's report, and which get the digest instead ({@code notify.report_on},
 * {@code notify.report_every}), decided per channel and suite against what that channel was last sent: by default only when the
 * run's status differs from the last report's or the run opened, re-opened, worsened or resolved incidents. A digest is due once
 * {@code report_every} has passed since the channel's last digest (the first run sends the first one); it covers the runs and
 * incidents since, and stands in for the run's report when both are due.
 */
final class RunReportGate {
    /** The incident changes that make a run's report worth sending. */
    static final Set<IncidentChange.Kind> CHANGES = EnumSet.of(IncidentChange.Kind.OPENED, IncidentChange.Kind.REOPENED, IncidentChange.Kind.UPDATED,
            IncidentChange.Kind.RESOLVED, IncidentChange.Kind.FLAPPING, IncidentChange.Kind.ESCALATED, IncidentChange.Kind.UNMUTED);

    private RunReportGate() {
    }

    /** Writes the run's reports and digests for the channels due one, in the caller's transaction; returns the messages written. */
    static List<Outbox.Queued> enqueue(Handle h, CaretakerConfig config, Messages messages, RunOutcome outcome, Instant now) {
        NotifyConfig.Reporting reporting = config.notifications().reporting();
        var run = outcome.run();
        String status = run.status().label();
        boolean changed = outcome.incidents().stream().anyMatch(c -> CHANGES.contains(c.kind()));
        ReportMarks marks = new ReportMarks(config.system());
        Notice.ReportNotice report = null;
        Map<Instant, Notice.ReportNotice> digests = new LinkedHashMap<>();
        List<Outbox.Queued> added = new ArrayList<>();
        for (String channel : config.notifications().reportTo()) {
            ReportMarks.Mark mark = marks.get(h, channel, run.suite());
            boolean digest = reporting.every().isPresent() && (mark.digestAt() == null || !now.isBefore(mark.digestAt().plus(reporting.every().get())));
            boolean sendRun = switch (reporting.on()) {
                case EVERY_RUN -> true;
                case CHANGE -> changed || mark.status() == null || !mark.status().equals(status);
                case DIGEST -> false;
            };
            Notice.ReportNotice notice;
            if (digest) {
                Instant since = ReportMarks.since(mark, run.startedAt());
                notice = digests.computeIfAbsent(since, s -> digest(h, config, outcome, s));
            } else if (sendRun) {
                notice = report != null ? report : (report = RunReports.notice(config, outcome));
            } else {
                continue;
            }
            added.addAll(messages.enqueueReport(h, notice, List.of(channel), now));
            marks.sent(h, channel, run.suite(), status, now, digest);
        }
        return added;
    }

    /** The run's report as a digest of the suite's runs and the system's incidents since {@code since}. */
    static Notice.ReportNotice digest(Handle h, CaretakerConfig config, RunOutcome outcome, Instant since) {
        var run = outcome.run();
        Notice.ReportNotice r = RunReports.notice(config, outcome);
        Map<String, Integer> runs = RunHistory.statusCounts(h, config.system(), run.suite(), since, run.finishedAt());
        int total = runs.values().stream().mapToInt(Integer::intValue).sum();
        long[] incidents = IncidentRepository.openedAndResolved(h, config.system(), since, run.finishedAt());
        String line = "Digest of " + run.suite() + " since " + Texts.time(since, config.timezone()) + ": " + total + " run(s) ("
                + runs.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + "), "
                + incidents[0] + " incident(s) opened, " + incidents[1] + " resolved, " + outcome.open().size() + " open now.";
        String subject = "[" + run.status().name() + "] " + run.system() + " — " + run.suite() + " digest: " + total + " run(s), "
                + outcome.open().size() + " open incident(s) (health " + run.healthScore() + "/100)";
        Map<String, Object> json = new LinkedHashMap<>(r.json());
        json.put("digest", Map.of("since", since.toString(), "runs", runs, "incidents_opened", incidents[0], "incidents_resolved", incidents[1]));
        String html = r.html().matches("(?s).*<body[^>]*>.*") ? r.html().replaceFirst("(<body[^>]*>)", "$1" + java.util.regex.Matcher.quoteReplacement("<p>" + escape(line) + "</p>"))
                : "<p>" + escape(line) + "</p>" + r.html();
        return new Notice.ReportNotice(r.system(), r.configFile(), r.zone(), r.runId(), "digest-" + run.suite() + "-" + run.runId(), subject,
                line + "\n\n" + r.text(), html, "*" + subject + "*\n" + line + r.summary().substring(r.summary().indexOf('*', 1) + 1), json, r.audit());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
