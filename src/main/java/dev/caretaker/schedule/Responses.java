package dev.caretaker.schedule;

import dev.caretaker.check.Finding;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.action.RunOutcome;
import dev.caretaker.notify.Delivery;
import dev.caretaker.notify.Messages;
import dev.caretaker.notify.Outbox;
import dev.caretaker.report.JsonReport;
import dev.caretaker.report.ReportFormat;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The responses to a run: its incident messages and its report go into the outbox, then as much as can be
 * delivered within {@code notify.wait} is; the rest waits for {@code caretaker notify flush} or the next run.
 */
public final class Responses {
    static final int SUMMARY_FINDINGS = 5;

    private final Clock clock;

    public Responses(Clock clock) {
        this.clock = clock;
    }

    /** The folder email goes to as .eml files when no SMTP server is configured. */
    public static Path emlFolder(CaretakerConfig config) {
        return config.store().home().resolve("outbox");
    }

    public RunOutcome respond(CaretakerConfig config, RunOutcome outcome, Store store) {
        if (!config.notifications().active()) {
            return outcome;
        }
        Outbox outbox = new Outbox(store.jdbi(), config.system());
        Messages messages = new Messages(config, outbox);
        int queued = messages.enqueueIncidents(outcome.incidents(), clock.instant()) + messages.enqueueActions(outcome.actions(), clock.instant());
        List<String> notified = new ArrayList<>();
        if (queued > 0) {
            notified.add(queued + " incident, ticket and action message(s) queued");
        }
        if (!config.notifications().reportTo().isEmpty()) {
            int reports = messages.enqueueReport(outcome.run(), content(outcome), clock.instant());
            notified.add("report queued for " + reports + " channel(s): " + String.join(", ", config.notifications().reportTo()));
        }
        Delivery.Result r = deliver(config, store);
        notified.add("delivered " + r.sent() + ", failed " + r.failed() + ", still pending " + r.pending()
                + (config.notifications().email().isEmpty() && hasEmail(config) ? " (no SMTP server: email written to "
                + emlFolder(config) + ")" : ""));
        return outcome.withNotified(notified);
    }

    /** Delivers what is due, within the configured wait. */
    public Delivery.Result deliver(CaretakerConfig config, Store store) {
        Outbox outbox = new Outbox(store.jdbi(), config.system());
        return new Delivery(outbox, Delivery.channels(config.notifications(), emlFolder(config),
                new dev.caretaker.incident.IncidentRepository(store.jdbi()), clock), config.secrets(), clock)
                .deliverDue(config.notifications().deliveryWait());
    }

    private static boolean hasEmail(CaretakerConfig config) {
        return config.notifications().channels().values().stream().anyMatch(c -> c.type().equals("email"));
    }

    static Messages.ReportContent content(RunOutcome outcome) {
        var run = outcome.run();
        String subject = "[" + run.status().name() + "] " + run.system() + " — " + run.suite() + " (health " + run.healthScore() + "/100)";
        List<String> worst = run.results().stream().flatMap(r -> r.findings().stream())
                .sorted(Comparator.comparingInt((Finding f) -> -f.severity().ordinal()))
                .limit(SUMMARY_FINDINGS).map(f -> "• " + f.severity().label() + " `" + f.code() + "` " + f.subject())
                .collect(Collectors.toList());
        String summary = "*" + subject + "*" + (worst.isEmpty() ? "\nNothing found." : "\n" + String.join("\n", worst));
        Map<String, Object> json = JsonReport.tree(outcome);
        return new Messages.ReportContent(subject, ReportFormat.TEXT.render(outcome, false), ReportFormat.HTML.render(outcome, false),
                summary, json);
    }
}
