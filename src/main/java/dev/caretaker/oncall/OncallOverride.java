package dev.caretaker.oncall;

import java.time.Instant;
import java.time.ZoneId;

/** A person taking a schedule's turn from {@code from} until {@code until} ("I'll take Friday"), whoever the rotation says. */
public record OncallOverride(long id, String schedule, String who, Instant from, Instant until, String createdBy, Instant createdAt) {
    /**
     * An instant as people write it for an override: ISO 8601 with an offset ({@code 2026-03-06T00:00Z}), else a local
     * date and time or a date (midnight) in {@code zone}, the schedule's.
     */
    public static Instant instant(String text, ZoneId zone) {
        return dev.caretaker.config.WrittenTime.parse(text, zone, "the schedule's zone");
    }

    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(until);
    }
}
