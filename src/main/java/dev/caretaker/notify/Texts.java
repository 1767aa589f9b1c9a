package dev.caretaker.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.incident.Incident;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The words of messages, shared by the channel kinds: subjects, plain text, and the JSON they send. */
public final class Texts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT);

    private Texts() {
    }

    /** A time in the config's zone, to the second: {@code 2026-11-23 14:05:09 CET}. */
    public static String time(Instant at, ZoneId zone) {
        return at == null ? "" : TIME.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }

    public static String incidentSubject(Notice.IncidentNotice n) {
        return "[" + n.incident().priority() + "] " + n.verb() + ": " + n.incident().title() + " — " + n.system();
    }

    public static String incidentText(Notice.IncidentNotice n) {
        Incident i = n.incident();
        return String.join("\n",
                "Incident #" + i.id() + " " + n.verb() + " (" + i.state().label() + ")",
                "",
                i.title(),
                "",
                "System:    " + n.system(),
                "Check:     " + i.check(),
                "Subject:   " + i.subject(),
                "Priority:  " + i.priority() + " (" + i.severity().label() + ")",
                "Opened:    " + time(i.openedAt(), n.zone()),
                n.detail().isEmpty() || n.detail().equals(i.title()) ? "" : "Detail:    " + n.detail(),
                "",
                n.resolved() ? "" : "Acknowledge: caretaker incidents ack -c " + n.configFile() + " " + i.id() + " --by YOUR_NAME",
                n.resolved() || n.runbook().isEmpty() ? "" : "\nRunbook:\n" + indent(n.runbook()) + "\n",
                auditLine(n));
    }

    /** Each line of a runbook indented by two spaces, as the message's other blocks. */
    public static String indent(String text) {
        return text.lines().map(l -> "  " + l).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** "[P1] 3 incidents: 2 opened, 1 resolved — system": the highest priority of the group first. */
    public static String groupSubject(Notice.IncidentGroupNotice g) {
        java.util.Map<String, Long> verbs = new java.util.LinkedHashMap<>();
        g.items().forEach(n -> verbs.merge(n.verb(), 1L, Long::sum));
        String counts = verbs.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "));
        String top = g.items().stream().map(n -> n.incident().priority()).min(java.util.Comparator.naturalOrder()).map(p -> "[" + p + "] ")
                .orElse("");
        if (g.intro() != null) {
            return top + g.intro() + " — " + g.system();
        }
        return top + g.items().size() + " incidents: " + counts + " — " + g.system();
    }

    /** One line per incident change of the group, worst first, then how to acknowledge. */
    public static String groupText(Notice.IncidentGroupNotice g) {
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(groupSubject(g), ""));
        g.items().stream().sorted(java.util.Comparator.comparing((Notice.IncidentNotice n) -> n.incident().priority()))
                .forEach(n -> {
                    Incident i = n.incident();
                    lines.add("#" + i.id() + " " + i.priority() + " " + n.verb() + ": " + i.title());
                    lines.add("    " + i.check() + " · " + i.subject() + " · opened " + time(i.openedAt(), n.zone()));
                    if (!n.resolved() && !n.runbook().isEmpty()) {
                        lines.add("    runbook: " + n.runbook().lines().findFirst().orElse("") + (n.runbook().lines().count() > 1 ? " …" : ""));
                    }
                });
        lines.add("");
        lines.add("Acknowledge one: caretaker incidents ack -c " + g.configFile() + " ID --by YOUR_NAME");
        lines.add(auditLine(g));
        return String.join("\n", lines);
    }

    /** The audit log's head, at the foot of every message. */
    static String auditLine(Notice n) {
        return n.audit() == null ? "" : "Audit log head: " + n.audit() + " (caretaker audit verify --head " + n.audit() + ")";
    }

    public static String actionSubject(Notice.ActionNotice n) {
        var o = n.outcome();
        return n.pending() ? "[approval #" + o.approval() + "] " + o.action() + " on " + o.subject() + " — " + n.system()
                : "[action] " + o.action() + " on " + o.subject() + ": " + o.result().label().replace('_', ' ') + " — " + n.system();
    }

    public static String actionText(Notice.ActionNotice n) {
        var o = n.outcome();
        return String.join("\n", actionSubject(n), "", o.line(), "",
                n.pending() ? "Approve: caretaker approvals approve -c " + n.configFile() + " " + o.approval() + " --by YOUR_NAME\n"
                        + "Reject:  caretaker approvals reject -c " + n.configFile() + " " + o.approval() + " --by YOUR_NAME --reason TEXT" : "",
                auditLine(n));
    }

    /** Plain text as the HTML part of an email, kept as written and wrapped at the window's edge. */
    public static String preformatted(String text) {
        return "<pre style=\"font:14px/1.4 monospace;white-space:pre-wrap;overflow-wrap:anywhere\">"
                + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</pre>";
    }

    public static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
