package dev.caretaker.oncall;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A schedule's shifts as an iCalendar feed (RFC 5545): one VEVENT per shift, times in UTC, a UID made of the schedule, the
 * person and the start (so the same shift keeps its UID from one fetch to the next), text escaped (3.3.11), lines folded at
 * 75 octets (3.1) and ended with CRLF.
 */
public final class OncallCalendar {
    public static final String CONTENT_TYPE = "text/calendar; charset=utf-8";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int FOLD_AT = 75;

    private OncallCalendar() {
    }

    public static String render(String system, String schedule, List<Shift> shifts, Instant now) {
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//Caretaker//On call//EN");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:PUBLISH");
        line(out, "X-WR-CALNAME:" + text("On call: " + schedule + " (" + system + ")"));
        for (Shift s : shifts) {
            line(out, "BEGIN:VEVENT");
            line(out, "UID:" + uid(system, s));
            line(out, "DTSTAMP:" + UTC.format(now));
            line(out, "DTSTART:" + UTC.format(s.from()));
            line(out, "DTEND:" + UTC.format(s.until()));
            line(out, "SUMMARY:" + text("On call: " + s.who()));
            line(out, "DESCRIPTION:" + text(s.who() + " is on call for " + schedule + " (" + system + ")"
                    + (s.override() ? ", an override" : ", by the rotation")));
            line(out, "TRANSP:TRANSPARENT");
            line(out, "END:VEVENT");
        }
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    /** The same shift (schedule, person, start) always has the same UID; a changed shift is a new event. */
    static String uid(String system, Shift s) {
        return "oncall-" + UTC.format(s.from()) + "-" + Integer.toHexString((system + "\n" + s.schedule() + "\n" + s.who()
                + (s.override() ? "\noverride" : "")).hashCode()) + "@" + safe(system) + ".caretaker";
    }

    private static String safe(String s) {
        String t = s.replaceAll("[^A-Za-z0-9.-]", "-");
        return t.isEmpty() ? "system" : t;
    }

    /** TEXT as RFC 5545 3.3.11 escapes it: backslash, semicolon, comma and newline. */
    static String text(String s) {
        return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    /** Appends one content line, folded so no line is longer than 75 octets (never inside a UTF-8 character), with CRLF. */
    static void line(StringBuilder out, String content) {
        int octets = 0;
        int limit = FOLD_AT;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }
}
