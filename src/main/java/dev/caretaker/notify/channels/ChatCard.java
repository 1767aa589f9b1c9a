package dev.caretaker.notify.channels;

import dev.caretaker.config.Priority;
import dev.caretaker.incident.Incident;
import dev.caretaker.notify.MessageKind;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.Texts;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every chat channel (Teams, Discord, Google Chat, Mattermost, Rocket.Chat) shows of a notice, before its own format:
 * a title, a few lines of text, labelled facts, a tone (which gives the colour), a time, a link to the incident and the audit
 * log head. An acknowledgement is no chat message (as with Slack: it stops a page; people were told of the incident already).
 */
record ChatCard(String title, List<String> lines, List<Map.Entry<String, String>> facts, Tone tone, Instant at, URI link, String audit) {
    /**
     * The colour of a message: an incident's by its priority (P0 dark red, P1 red, P2 orange, P3 yellow), resolved green, an
     * approval request purple, an action result blue, a report grey. {@code emphasis} is the nearest Adaptive Card colour.
     */
    enum Tone {
        P0("#8B0000", "attention"), P1("#D32F2F", "attention"), P2("#F57C00", "warning"), P3("#FBC02D", "accent"),
        RESOLVED("#2E7D32", "good"), APPROVAL("#7B1FA2", "accent"), ACTION("#1976D2", "accent"), REPORT("#757575", "default");

        final String hex;
        final String emphasis;

        Tone(String hex, String emphasis) {
            this.hex = hex;
            this.emphasis = emphasis;
        }

        /** {@code P1}, {@code resolved}, {@code approval}, {@code action}, {@code report}. */
        String label() {
            return name().startsWith("P") ? name() : name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The colour as a number (Discord's {@code color}). */
        int rgb() {
            return Integer.parseInt(hex.substring(1), 16);
        }

        static Tone of(Priority p) {
            return valueOf(p.name());
        }
    }

    ChatCard {
        lines = List.copyOf(lines);
        facts = List.copyOf(facts);
    }

    /** The card of a notice, or empty for an acknowledgement. */
    static Optional<ChatCard> of(Notice notice) {
        String audit = notice instanceof Notice.ReportNotice ? null : notice.audit();
        if (notice instanceof Notice.IncidentNotice n) {
            if (n.kind() == MessageKind.INCIDENT_ACKNOWLEDGED) {
                return Optional.empty();
            }
            return Optional.of(incident(n, audit));
        }
        if (notice instanceof Notice.IncidentGroupNotice g) {
            List<String> lines = new ArrayList<>();
            if (g.intro() != null) {
                lines.add(g.intro());
            }
            g.items().stream().sorted(Comparator.comparing((Notice.IncidentNotice n) -> n.incident().priority())).forEach(n -> {
                Incident i = n.incident();
                lines.add((n.resolved() ? "✅ " : "") + "#" + i.id() + " " + i.priority() + " " + n.verb() + ": " + i.title()
                        + " (" + i.check() + " · " + i.subject() + ")");
            });
            boolean allResolved = g.items().stream().allMatch(Notice.IncidentNotice::resolved);
            Priority top = g.items().stream().map(n -> n.incident().priority()).min(Comparator.naturalOrder()).orElse(Priority.P3);
            return Optional.of(new ChatCard(Texts.groupSubject(g), lines, List.of(), allResolved ? Tone.RESOLVED : Tone.of(top), null, null, audit));
        }
        if (notice instanceof Notice.ActionNotice n) {
            var o = n.outcome();
            List<Map.Entry<String, String>> facts = new ArrayList<>(List.of(Map.entry("Action", o.action()), Map.entry("Subject", o.subject()),
                    Map.entry("Result", o.result().label().replace('_', ' '))));
            if (o.incidentId() != null) {
                facts.add(Map.entry("Incident", "#" + o.incidentId()));
            }
            List<String> lines = new ArrayList<>(List.of(o.line()));
            if (n.pending()) {
                lines.add("Approve: caretaker approvals approve -c " + n.configFile() + " " + o.approval() + " --by YOUR_NAME");
            }
            return Optional.of(new ChatCard(Texts.actionSubject(n), lines, facts, n.pending() ? Tone.APPROVAL : Tone.ACTION, null, null, audit));
        }
        Notice.ReportNotice r = (Notice.ReportNotice) notice;
        return Optional.of(new ChatCard(r.subject(), List.of(r.summary()), List.of(), Tone.REPORT, null, null, null));
    }

    private static ChatCard incident(Notice.IncidentNotice n, String audit) {
        Incident i = n.incident();
        List<Map.Entry<String, String>> facts = new ArrayList<>(List.of(Map.entry("Incident", "#" + i.id() + " (" + i.state().label() + ")"),
                Map.entry("System", n.system()), Map.entry("Check", i.check()), Map.entry("Subject", i.subject()),
                Map.entry("Priority", i.priority() + " (" + i.severity().label() + ")"), Map.entry("Opened", Texts.time(i.openedAt(), n.zone()))));
        if (n.resolved() && i.resolvedAt() != null) {
            facts.add(Map.entry("Resolved", Texts.time(i.resolvedAt(), n.zone())));
        }
        List<String> lines = new ArrayList<>();
        if (!n.detail().isEmpty() && !n.detail().equals(i.title())) {
            lines.add(n.detail());
        }
        if (!n.resolved()) {
            if (!n.runbook().isEmpty()) {
                lines.add("Runbook: " + n.runbook().lines().findFirst().orElse("") + (n.runbook().lines().count() > 1 ? " …" : ""));
            }
            lines.add("Acknowledge: caretaker incidents ack -c " + n.configFile() + " " + i.id() + " --by YOUR_NAME");
        }
        Instant at = n.resolved() && i.resolvedAt() != null ? i.resolvedAt() : i.lastSeenAt() != null ? i.lastSeenAt() : i.openedAt();
        Tone tone = n.resolved() ? Tone.RESOLVED : Tone.of(i.priority());
        return new ChatCard((n.resolved() ? "✅ " : "🚨 ") + Texts.incidentSubject(n), lines, facts, tone,
                at, n.link(), audit);
    }

    /** The audit line at the foot of a message, or empty. */
    String footer() {
        return audit == null ? "" : "audit log head " + audit;
    }

    /** The lines as one text. */
    String text() {
        return String.join("\n", lines);
    }

    /** {@code text} cut to {@code max} characters, with an ellipsis when cut (a service's field limit). */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
