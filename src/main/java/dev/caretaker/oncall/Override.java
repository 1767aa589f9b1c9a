package dev.caretaker.oncall;

import java.time.Instant;

/** A person taking a schedule's turn from {@code from} until {@code until} ("I'll take Friday"), whoever the rotation says. */
public record Override(long id, String schedule, String who, Instant from, Instant until, String createdBy, Instant createdAt) {
    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(until);
    }
}
