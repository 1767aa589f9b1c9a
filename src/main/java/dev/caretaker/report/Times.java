package dev.caretaker.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Times as reports show them: in the config's time zone, to the second. */
public final class Times {
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT);

    private Times() {
    }

    /** {@code 2026-11-23 14:05:09 CET}. */
    public static String human(Instant at, ZoneId zone) {
        return at == null ? "" : HUMAN.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }

    /** ISO 8601 with the zone's offset, to the second: {@code 2026-11-23T14:05:09+01:00}. */
    public static String iso(Instant at, ZoneId zone) {
        return at == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }
}
