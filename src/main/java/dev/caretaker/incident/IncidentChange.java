package dev.caretaker.incident;

import java.util.Locale;

/**
 * What a run (or a person) did about an incident. {@code incident} is null only for an alert that was suppressed while its
 * root cause has no open incident, or inhibited before it had one.
 */
public record IncidentChange(Kind kind, Incident incident, String detail) {

    /** The kinds of change; {@link #SEEN} is the quiet "still there". */
    public enum Kind {
        OPENED, REOPENED, UPDATED, SEEN, RESOLVED, ESCALATED, FLAPPING, ACKNOWLEDGED,
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
