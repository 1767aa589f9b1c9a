package dev.caretaker.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a check's {@code ignore:} list: findings of {@code check} whose code matches the glob {@code code} and whose
 * subject matches the glob {@code subject} (any subject when null) are kept out of the status, the health score, incidents and
 * messages, and listed as ignored with {@code reason}, until {@code until} (never ending when null). {@code where} names the
 * entry in the config ({@code checks.db.ignore[0]}).
 */
public record IgnoreRule(String check, String code, String subject, String reason, Instant until, String where) {
    static final List<String> KEYS = List.of("code", "subject", "reason", "until");

    public boolean matches(String checkName, String findingCode, String findingSubject) {
        return check.equals(checkName) && Globs.matches(code, findingCode)
                && (subject == null || Globs.matches(subject, findingSubject == null ? "" : findingSubject));
    }

    /** Whether the entry has run out at {@code now}: its findings count again. */
    public boolean expired(Instant now) {
        return until != null && !until.isAfter(now);
    }

    /**
     * When an ignore ends, as written: a date (the start of that day in {@code zone}), a date and time (in {@code zone} unless it
     * carries an offset), or, when {@code now} is given, a duration from now ({@code 30d}).
     */
    public static Instant until(String text, ZoneId zone, Instant now) {
        String s = text.trim();
        try {
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            }
            if (s.matches("\\d{4}-\\d{2}-\\d{2}[T ].*")) {
                String t = s.replace(' ', 'T');
                return t.matches(".*(Z|[+-]\\d{2}:?\\d{2})$") ? OffsetDateTime.parse(t).toInstant() : LocalDateTime.parse(t).atZone(zone).toInstant();
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date: write 2027-03-01 or 2027-03-01T09:00");
        }
        if (now != null) {
            try {
                Duration d = Units.parseDuration(s);
                return now.plus(d);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is neither a date (2027-03-01, 2027-03-01T09:00) nor a duration (30d, 12h)");
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a date: write 2027-03-01 or 2027-03-01T09:00");
    }

    /** Reads a check's {@code ignore:} list; an entry without code or reason is refused, naming the check and the entry. */
    static List<IgnoreRule> read(ConfigReader r, String check, ConfigNode node, ZoneId zone) {
        List<IgnoreRule> out = new ArrayList<>();
        List<ConfigNode> items = r.list(node);
        for (int i = 0; i < items.size(); i++) {
            ConfigNode item = items.get(i);
            String where = "checks." + check + ".ignore[" + i + "]";
            if (!item.isMap()) {
                r.problem(item, "'" + where + "' must be a map like {code: postgres.duplicate_index, subject: \"public.django_*\", "
                        + "reason: \"made by Django\"}");
                continue;
            }
            Map<String, ConfigNode> m = r.map(item, KEYS);
            Optional<String> code = r.string(m, "code").map(String::strip).filter(c -> !c.isEmpty());
            if (code.isEmpty()) {
                r.problem(item, "'" + where + "' of check '" + check + "' needs 'code', the finding code to ignore "
                        + "(e.g. postgres.duplicate_index, or postgres.* for all of them)");
            }
            Optional<String> reason = r.string(m, "reason").map(String::strip).filter(c -> !c.isEmpty());
            if (reason.isEmpty()) {
                r.problem(item, "'" + where + "' of check '" + check + "' needs 'reason': say why these findings may be ignored, "
                        + "so the next person knows (e.g. reason: \"Django creates these itself\")");
            }
            Optional<String> subject = r.string(m, "subject").map(String::strip).filter(c -> !c.isEmpty());
            Optional<Instant> until = r.parsed(m, "until", s -> until(s, zone, null));
            if (code.isPresent() && reason.isPresent()) {
                out.add(new IgnoreRule(check, code.get(), subject.orElse(null), reason.get(), until.orElse(null), where));
            }
        }
        return out;
    }
}
