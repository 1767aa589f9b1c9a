package dev.caretaker.rule;

import dev.caretaker.check.Severity;
import java.util.Map;

/**
 * Something that may need a person: a firing rule or a finding. Its fingerprint (source, check, subject)
 * says which incident it belongs to.
 */
public record Alert(String source, Kind kind, String check, String subject, Severity severity, String priority,
                    String message, Map<String, Object> evidence) {

    public enum Kind { FINDING, RULE }

    public String fingerprint() {
        return source + "|" + check + "|" + subject;
    }
}
