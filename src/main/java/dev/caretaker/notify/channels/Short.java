package dev.caretaker.notify.channels;

import dev.caretaker.config.Priority;
import dev.caretaker.notify.Notice;
import java.util.Comparator;

/** Words shared by the short-message channels (chat, push, SMS): cut texts, the worst priority of a group, a runbook link. */
final class Short {
    private Short() {
    }

    /** {@code text} cut to {@code max} characters, ending in "…" when cut. */
    static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** The most urgent priority of a group's incidents. */
    static Priority top(Notice.IncidentGroupNotice g) {
        return g.items().stream().map(n -> n.incident().priority()).min(Comparator.naturalOrder()).orElse(Priority.P3);
    }

    /** The runbook's first line when it is a web address (a phone opens it from the notification), else null. */
    static String runbookLink(Notice.IncidentNotice n) {
        String first = n.runbook() == null ? "" : n.runbook().strip().lines().findFirst().orElse("").strip();
        return first.matches("https?://\\S+") && first.length() <= 512 ? first : null;
    }

    /** The runbook's first line, with " …" when there is more; empty when there is no runbook. */
    static String runbookLine(Notice.IncidentNotice n) {
        if (n.runbook() == null || n.runbook().isBlank()) {
            return "";
        }
        return n.runbook().lines().findFirst().orElse("") + (n.runbook().lines().count() > 1 ? " …" : "");
    }

    /** Whether the notice is an acknowledgement, which a chat, a phone or an SMS is not told of (people were told of the incident). */
    static boolean acknowledgement(Notice notice) {
        return notice instanceof Notice.IncidentNotice n && n.kind() == dev.caretaker.notify.MessageKind.INCIDENT_ACKNOWLEDGED;
    }
}
