package dev.caretaker.oncall;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A person taking a schedule's turn from {@code from} until {@code until} ("I'll take Friday"), whoever the rotation says. */
public record OncallOverride(long id, String schedule, String who, Instant from, Instant until, String createdBy, Instant createdAt) {
    /**
     * An instant as people write it for an override: ISO 8601 with an offset ({@code 2026-03-06T00:00Z}), else a local
     * date and time or a date (midnight) in {@code zone}, the schedule's.
     */
    public static Instant instant(String text, ZoneId zone) {
        String s = text.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset: local in the schedule's zone
        }
        try {
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // perhaps a date alone
        }
        try {
            return LocalDate.parse(s).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time; write 2026-03-06T18:00 (in the schedule's zone, "
                    + zone.getId() + "), 2026-03-06 (midnight there) or 2026-03-06T17:00Z");
        }
    }

    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(until);
    }
}
