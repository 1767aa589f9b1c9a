package dev.caretaker.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's messages into the outbox: incidents opened, re-opened, worse, flapping, escalated and
 * resolved (never for muted or suppressed ones), and the run report. Each message has a dedup key that
 * is the same however often it is enqueued or sent.
 */
public final class Messages {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A rendered run report: the email subject, text and HTML, a short summary for chat, and the JSON report. */
    public record ReportContent(String subject, String text, String html, String summary, Map<String, Object> json) {
    }

    private final CaretakerConfig config;
    private final Outbox outbox;

    public Messages(CaretakerConfig config, Outbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    /** Enqueues the messages of these incident changes; returns how many were added. */
    public int enqueueIncidents(List<IncidentChange> changes, Instant now) {
        NotifyConfig n = config.notifications();
        int added = 0;
        for (IncidentChange c : changes) {
            Incident i = c.incident();
            if (i == null || c.change().equals("seen") || c.change().equals("suppressed") || i.muted()) {
                continue;
            }
            String kind = switch (c.change()) {
                case "opened", "reopened" -> "incident_opened";
                case "updated" -> "incident_worse";
                case "flapping" -> "incident_flapping";
                case "escalated" -> "incident_escalated";
                default -> "incident_resolved";
            };
            String dedup = "incident-" + i.id() + "-" + switch (kind) {
                case "incident_opened" -> "opened-" + i.reopened();
                case "incident_worse" -> "worse-" + i.severity();
                case "incident_flapping" -> "flapping";
                case "incident_escalated" -> "escalated";
                default -> "resolved-" + i.reopened();
            };
            List<String> targets = kind.equals("incident_escalated") && !config.incidents().escalateTo().isEmpty()
                    ? config.incidents().escalateTo() : n.channelsFor(i.priority(), i.check());
            for (String channel : targets) {
                NotifyConfig.Channel ch = n.channels().get(channel);
                if (ch != null && outbox.enqueue(channel, kind, dedup, incidentPayload(ch, kind, c), now)) {
                    added++;
                }
            }
        }
        for (IncidentChange c : changes) {
            added += enqueueTicket(c, now);
        }
        return added;
    }

    /** One ticket per incident of at least the tickets' priority: filed when opened, commented, closed when resolved. */
    private int enqueueTicket(IncidentChange c, Instant now) {
        Incident i = c.incident();
        var tickets = config.notifications().tickets();
        if (tickets.isEmpty() || i == null || i.muted() || !tickets.get().covers(i.priority())
                || c.change().equals("seen") || c.change().equals("suppressed")) {
            return 0;
        }
        String channel = dev.caretaker.config.TicketsConfig.CHANNEL;
        String create = "ticket-" + i.id() + "-create";
        String subject = "[" + i.priority() + "] " + i.title();
        String description = String.join("\n", i.title(), "", "System: " + config.system(), "Check: " + i.check(),
                "Subject: " + i.subject(), "Priority: " + i.priority() + " (" + i.severity() + ")", "Opened: " + i.openedAt(),
                "Incident: #" + i.id() + " (caretaker incidents show -c " + config.file() + " " + i.id() + ")");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("incident", String.valueOf(i.id()));
        p.put("priority", i.priority());
        if (c.change().equals("opened")) {
            p.put("subject", subject);
            p.put("text", description);
            return outbox.enqueue(channel, "ticket_create", create, p, now) ? 1 : 0;
        }
        if (!outbox.exists(channel, create)) {
            return 0; // no ticket was filed for this incident (it opened muted, or below the ticket priority)
        }
        String kind = c.change().equals("resolved") ? "ticket_close" : "ticket_comment";
        String text = switch (c.change()) {
            case "resolved" -> "Resolved by Caretaker: " + c.detail();
            case "reopened" -> "Re-opened: the problem returned. " + i.title();
            case "escalated" -> "Escalated: " + c.detail();
            case "flapping" -> "Flapping: the problem comes and goes; the incident is held open until it is quiet.";
            default -> "Now " + i.severity() + ": " + i.title();
        };
        p.put("text", text);
        String key = "ticket-" + i.id() + "-" + c.change() + "-" + i.reopened() + (c.change().equals("updated") ? "-" + i.severity() : "");
        return outbox.enqueue(channel, kind, key, p, now) ? 1 : 0;
    }

    /**
     * Enqueues what people must hear about actions: every approval request (with how to approve it), and the results of
     * {@code mark_integration} and of actions with {@code notify:} channels. Routed like the incident, else to
     * {@code report_to}. PagerDuty channels get none: they page for incidents.
     */
    public int enqueueActions(List<dev.caretaker.action.ActionOutcome> outcomes, Instant now) {
        int added = 0;
        for (var o : outcomes) {
            var action = config.actions().get(o.action());
            boolean pending = o.result().equals(dev.caretaker.action.ActionOutcome.PENDING_APPROVAL);
            boolean told = action != null && (!action.notifyChannels().isEmpty() || action.type().equals("mark_integration"));
            if (!pending && !(told && !o.result().equals(dev.caretaker.action.ActionOutcome.ALREADY_HANDLED))) {
                continue;
            }
            List<String> targets = action != null && !action.notifyChannels().isEmpty() ? action.notifyChannels()
                    : o.priority() != null ? config.notifications().channelsFor(o.priority(), o.check()) : List.of();
            if (targets.isEmpty()) {
                targets = config.notifications().reportTo(); // a request nobody hears of would only expire
            }
            String kind = pending ? "approval_requested" : "action_result";
            String dedup = pending ? "approval-" + o.approval() : "action-" + o.action() + "-" + o.subject() + "-" + o.incidentId() + "-" + o.result();
            String subject = pending ? "[approval #" + o.approval() + "] " + o.action() + " on " + o.subject() + " — " + config.system()
                    : "[action] " + o.action() + " on " + o.subject() + ": " + o.result().replace('_', ' ') + " — " + config.system();
            String text = String.join("\n", subject, "", o.line(), "",
                    pending ? "Approve: caretaker approvals approve -c " + config.file() + " " + o.approval() + " --by YOUR_NAME\n"
                            + "Reject:  caretaker approvals reject -c " + config.file() + " " + o.approval() + " --by YOUR_NAME --reason TEXT" : "");
            for (String channel : targets) {
                NotifyConfig.Channel ch = config.notifications().channels().get(channel);
                if (ch == null || ch.type().equals("pagerduty")) {
                    continue;
                }
                Map<String, String> p = new LinkedHashMap<>();
                switch (ch.type()) {
                    case "email" -> {
                        p.put("subject", subject);
                        p.put("text", text);
                        p.put("html", preformatted(text));
                    }
                    case "slack" -> p.put("body", json(Map.of("text", (pending ? ":raised_hand: " : ":wrench: ") + "*" + subject.replace("*", "") + "*")));
                    default -> {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("event", kind);
                        body.put("system", config.system());
                        body.put("action", o.action());
                        body.put("subject", o.subject());
                        body.put("result", o.result());
                        body.put("approval", o.approval() == 0 ? null : o.approval());
                        body.put("incident", o.incidentId());
                        body.put("detail", o.detail());
                        p.put("body", json(body));
                    }
                }
                if (outbox.enqueue(channel, kind, dedup, p, now)) {
                    added++;
                }
            }
        }
        return added;
    }

    /** Tells the incident's PagerDuty channels that a person acknowledged it (Events API v2 {@code acknowledge}). */
    public int enqueueAcknowledged(Incident i, Instant now) {
        int added = 0;
        if (i.muted()) {
            return 0;
        }
        for (String channel : config.notifications().channelsFor(i.priority(), i.check())) {
            NotifyConfig.Channel ch = config.notifications().channels().get(channel);
            if (ch == null || !ch.type().equals("pagerduty")) {
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("routing_key", ch.routingKey());
            body.put("event_action", "acknowledge");
            body.put("dedup_key", config.system() + "|" + i.fingerprint());
            if (outbox.enqueue(channel, "incident_acknowledged", "incident-" + i.id() + "-acknowledged-" + i.reopened(),
                    Map.of("body", json(body)), now)) {
                added++;
            }
        }
        return added;
    }

    /** Enqueues the run report for the {@code report_to} channels (PagerDuty takes incidents only). */
    public int enqueueReport(RunResult run, ReportContent report, Instant now) {
        int added = 0;
        for (String channel : config.notifications().reportTo()) {
            NotifyConfig.Channel ch = config.notifications().channels().get(channel);
            if (ch == null || ch.type().equals("pagerduty")) {
                continue;
            }
            Map<String, String> p = new LinkedHashMap<>();
            switch (ch.type()) {
                case "email" -> {
                    p.put("subject", report.subject());
                    p.put("text", report.text());
                    p.put("html", report.html());
                }
                case "slack" -> p.put("body", json(Map.of("text", report.summary())));
                default -> p.put("body", json(Map.of("event", "report", "system", run.system(), "report", report.json())));
            }
            if (outbox.enqueue(channel, "report", "run-" + run.runId(), p, now)) {
                added++;
            }
        }
        return added;
    }

    private Map<String, String> incidentPayload(NotifyConfig.Channel ch, String kind, IncidentChange c) {
        Incident i = c.incident();
        String verb = switch (kind) {
            case "incident_opened" -> c.change().equals("reopened") ? "re-opened" : "opened";
            case "incident_worse" -> "worse";
            case "incident_flapping" -> "flapping";
            case "incident_escalated" -> "escalated";
            default -> "resolved";
        };
        String subject = "[" + i.priority() + "] " + verb + ": " + i.title() + " — " + config.system();
        String text = String.join("\n",
                "Incident #" + i.id() + " " + verb + " (" + i.state() + ")",
                "",
                i.title(),
                "",
                "System:    " + config.system(),
                "Check:     " + i.check(),
                "Subject:   " + i.subject(),
                "Priority:  " + i.priority() + " (" + i.severity() + ")",
                "Opened:    " + i.openedAt(),
                c.detail().isEmpty() || c.detail().equals(i.title()) ? "" : "Detail:    " + c.detail(),
                "",
                kind.equals("incident_resolved") ? "" : "Acknowledge: caretaker incidents ack -c " + config.file() + " " + i.id() + " --by YOUR_NAME");
        Map<String, String> p = new LinkedHashMap<>();
        switch (ch.type()) {
            case "email" -> {
                p.put("subject", subject);
                p.put("text", text);
                p.put("html", preformatted(text));
            }
            case "slack" -> p.put("body", json(Map.of("text", (kind.equals("incident_resolved") ? ":white_check_mark: " : ":rotating_light: ")
                    + "*" + subject.replace("*", "") + "*\n" + i.check() + " · " + i.subject())));
            case "pagerduty" -> p.put("body", json(pagerDuty(ch, kind, i)));
            default -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("event", kind);
                body.put("system", config.system());
                body.put("incident", Map.of("id", i.id(), "state", i.state(), "priority", i.priority(), "severity", i.severity(),
                        "check", i.check(), "subject", i.subject(), "title", i.title(), "fingerprint", i.fingerprint(),
                        "opened_at", i.openedAt().toString()));
                body.put("detail", c.detail());
                p.put("body", json(body));
            }
        }
        return p;
    }

    /** Events API v2: trigger (also for escalations and flapping) and resolve, deduplicated by the incident's fingerprint. */
    private Map<String, Object> pagerDuty(NotifyConfig.Channel ch, String kind, Incident i) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", ch.routingKey());
        body.put("event_action", kind.equals("incident_resolved") ? "resolve" : "trigger");
        body.put("dedup_key", config.system() + "|" + i.fingerprint());
        if (!kind.equals("incident_resolved")) {
            String summary = "[" + i.priority() + "] " + i.title();
            body.put("payload", Map.of("summary", summary.length() > 1024 ? summary.substring(0, 1024) : summary,
                    "source", config.system(), "severity", i.severity().equals("critical") ? "critical" : i.severity().equals("warning") ? "warning" : "info",
                    "component", i.check(), "custom_details", Map.of("subject", i.subject(), "incident", i.id(), "priority", i.priority())));
        }
        return body;
    }

    /** Plain text as the HTML part of an email, kept as written. */
    private static String preformatted(String text) {
        return "<pre style=\"font:14px/1.4 monospace\">" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</pre>";
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
