package dev.caretaker.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A moment as people type it on a command line, a form or in JSON: ISO 8601 with an offset, else local to a zone. */
public final class WrittenTime {
    private WrittenTime() {
    }

    /**
     * {@code 2026-03-06T17:00Z} (with an offset), {@code 2026-03-06T18:00} (in {@code zone}) or {@code 2026-03-06} (midnight
     * in {@code zone}); else an error that shows the three, naming the zone as {@code whose} (e.g. "the schedule's zone").
     */
    public static Instant parse(String text, ZoneId zone, String whose) {
        String s = text == null ? "" : text.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset: local in the zone
        }
        try {
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // perhaps a date alone
        }
        try {
            return LocalDate.parse(s).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time; write 2026-03-06T18:00 (in " + whose + ", " + zone.getId()
                    + "), 2026-03-06 (midnight there) or 2026-03-06T17:00Z");
        }
    }
}
