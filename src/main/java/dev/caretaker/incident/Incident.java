package dev.caretaker.incident;

import java.time.Instant;

/** The durable record of an alert: one open per fingerprint, open → acknowledged → resolved. */
public record Incident(long id, String fingerprint, String source, String kind, String check, String subject, String severity,
                       String priority, String state, String title, Instant openedAt, Instant lastSeenAt, Instant acknowledgedAt,
                       String acknowledgedBy, Instant resolvedAt, String resolvedBy, Instant escalatedAt, boolean flapping,
                       boolean muted, int reopened) {

    public static final String OPEN = "open";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";

    public boolean active() {
        return !RESOLVED.equals(state);
    }

    public Incident seen(Instant at, String newSeverity, String newPriority, String newTitle, boolean nowMuted) {
        return new Incident(id, fingerprint, source, kind, check, subject, newSeverity, newPriority, state, newTitle, openedAt, at,
                acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, escalatedAt, flapping, nowMuted, reopened);
    }

    public Incident reopen(Instant at) {
        return new Incident(id, fingerprint, source, kind, check, subject, severity, priority, OPEN, title, openedAt, at,
                null, null, null, null, null, flapping, muted, reopened + 1);
    }

    public Incident resolve(Instant at, String by) {
        return new Incident(id, fingerprint, source, kind, check, subject, severity, priority, RESOLVED, title, openedAt, lastSeenAt,
                acknowledgedAt, acknowledgedBy, at, by, escalatedAt, flapping, muted, reopened);
    }

    public Incident acknowledge(Instant at, String by) {
        return new Incident(id, fingerprint, source, kind, check, subject, severity, priority, ACKNOWLEDGED, title, openedAt, lastSeenAt,
                at, by, resolvedAt, resolvedBy, escalatedAt, flapping, muted, reopened);
    }

    public Incident escalate(Instant at) {
        return new Incident(id, fingerprint, source, kind, check, subject, severity, priority, state, title, openedAt, lastSeenAt,
                acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, at, flapping, muted, reopened);
    }

    public Incident markFlapping() {
        return new Incident(id, fingerprint, source, kind, check, subject, severity, priority, state, title, openedAt, lastSeenAt,
                acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, escalatedAt, true, muted, reopened);
    }
}
