package dev.caretaker.rule;

import dev.caretaker.config.Priority;
import dev.caretaker.config.Severity;
import java.util.Map;

/**
 * Something that may need a person: a firing rule or a finding. Its fingerprint (source, check, subject) says which
 * incident it belongs to. {@code priority} is null to take the severity's.
 */
public record Alert(String source, Kind kind, String check, String subject, Severity severity, Priority priority,
                    String message, Map<String, Object> evidence) {

    public enum Kind {
        FINDING, RULE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String fingerprint() {
        return source + "|" + check + "|" + subject;
    }
}
