package dev.caretaker.incident;

import java.util.List;
import java.util.Locale;

/**
 * What a run (or a person) did about an incident. {@code incident} is null only for an alert that was suppressed while its
 * root cause has no open incident, or inhibited before it had one.
 */
public record IncidentChange(Kind kind, Incident incident, String detail, Page page) {

    public IncidentChange(Kind kind, Incident incident, String detail) {
        this(kind, incident, detail, null);
    }

    /**
     * A reminder or an escalation step ({@code number} of {@code of}; a reminder's {@code of} is {@code max_reminders}) and
     * the names it goes to ({@code targets}) as the config writes them: a step's {@code notify}, a reminder's routed channels.
     */
    public record Page(Type type, int number, int of, List<String> targets) {
        public enum Type { REMINDER, STEP }

        /** The dedup key of its messages: one per incident, opening and page, however often it is written. */
        public String key(Incident i) {
            return "incident-" + i.id() + "-" + (type == Type.REMINDER ? "reminder-" : "step-") + i.reopened() + "-" + number;
        }
    }

    /** The kinds of change; {@link #SEEN} is the quiet "still there". */
    public enum Kind {
        OPENED, REOPENED, UPDATED, SEEN, RESOLVED, ESCALATED, FLAPPING, ACKNOWLEDGED,
        /** An open incident nobody acknowledged, sent again ({@code incidents.repeat}). */
        REMINDED,
        /**
         * An open incident still failing when the maintenance window that muted it ended: its opening is told now, unless it
         * was told before the window began (the opening's message is written once).
         */
        UNMUTED,
        /** An alert of a check whose parent is down, noted on the parent's incident instead of opening its own. */
        SUPPRESSED,
        /** An aggregate alert kept quiet while the incidents that cause it are open. */
        INHIBITED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the change is worth telling people about: not the quiet "seen again", suppressed or inhibited. */
    public boolean notable() {
        return kind != Kind.SEEN;
    }
}
