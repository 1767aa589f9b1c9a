package dev.caretaker.incident;

import dev.caretaker.config.Priority;
import dev.caretaker.config.Severity;
import dev.caretaker.rule.Alert;
import java.time.Instant;
import java.util.Locale;

/** The durable record of an alert: one open per fingerprint, open → acknowledged → resolved. */
public record Incident(long id, String system, String fingerprint, String source, Alert.Kind kind, String check, String subject,
                       Severity severity, Priority priority, State state, String title, Instant openedAt, Instant lastSeenAt,
                       Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt, String resolvedBy, Instant escalatedAt,
                       boolean flapping, boolean muted, int reopened) {

    /** Where an incident stands. */
    public enum State {
        OPEN, ACKNOWLEDGED, RESOLVED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public boolean active() {
        return state != State.RESOLVED;
    }

    public Incident seen(Instant at, Severity newSeverity, Priority newPriority, String newTitle, boolean nowMuted) {
        return new Incident(id, system, fingerprint, source, kind, check, subject, newSeverity, newPriority, state, newTitle, openedAt, at,
                acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, escalatedAt, flapping, nowMuted, reopened);
    }

    public Incident reopen(Instant at) {
        return new Incident(id, system, fingerprint, source, kind, check, subject, severity, priority, State.OPEN, title, openedAt, at,
                null, null, null, null, null, flapping, muted, reopened + 1);
    }

    public Incident resolve(Instant at, String by) {
        return new Incident(id, system, fingerprint, source, kind, check, subject, severity, priority, State.RESOLVED, title, openedAt,
                lastSeenAt, acknowledgedAt, acknowledgedBy, at, by, escalatedAt, flapping, muted, reopened);
    }

    public Incident acknowledge(Instant at, String by) {
        return new Incident(id, system, fingerprint, source, kind, check, subject, severity, priority, State.ACKNOWLEDGED, title, openedAt,
                lastSeenAt, at, by, resolvedAt, resolvedBy, escalatedAt, flapping, muted, reopened);
    }

    public Incident escalate(Instant at) {
        return new Incident(id, system, fingerprint, source, kind, check, subject, severity, priority, state, title, openedAt, lastSeenAt,
                acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, at, flapping, muted, reopened);
    }

    /** Muted or not by a maintenance window now: what a resolution inside (or after) a window is judged by. */
    public Incident mutedNow(boolean nowMuted) {
        return new Incident(id, system, fingerprint, source, kind, check, subject, severity, priority, state, title, openedAt, lastSeenAt,
                acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, escalatedAt, flapping, nowMuted, reopened);
    }

    public Incident markFlapping() {
        return new Incident(id, system, fingerprint, source, kind, check, subject, severity, priority, state, title, openedAt, lastSeenAt,
                acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, escalatedAt, true, muted, reopened);
    }
}
