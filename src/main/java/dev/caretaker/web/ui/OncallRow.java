package dev.caretaker.web.ui;

import dev.caretaker.engine.OncallDesk;
import dev.caretaker.oncall.OncallOverride;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * One on-call schedule on the overview: who is on call now (or nobody), whether by an override, until when, who is next,
 * the zone its override form is in, its overrides on now or to come, and (for operators, else null) its signed calendar
 * feed URL.
 */
public record OncallRow(String schedule, String who, boolean override, String until, String next, String zone,
                        List<OverrideRow> overrides, String feedUrl) {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", java.util.Locale.ROOT);

    /** An override as the card lists it: times in the schedule's zone; {@code now}: it is on now. */
    public record OverrideRow(long id, String who, String from, String until, boolean now, String createdBy) {
    }

    /**
     * Every schedule's row; {@code time} formats the current turn's end as the dashboard writes times; {@code feedBase}: the
     * server's public URL for the feed URLs, or null to show none.
     */
    public static List<OncallRow> of(OncallDesk desk, Function<Instant, String> time, String feedBase) {
        List<OncallOverride> all = desk.overrides(null);
        return desk.now().stream().map(s -> {
            ZoneId zone = s.schedule().zone();
            List<OverrideRow> overrides = all.stream().filter(o -> o.schedule().equals(s.schedule().name()))
                    .map(o -> new OverrideRow(o.id(), o.who(), LOCAL.format(o.from().atZone(zone)), LOCAL.format(o.until().atZone(zone)),
                            o.covers(s.at()), o.createdBy())).toList();
            return new OncallRow(s.schedule().name(), s.current().map(c -> c.who()).orElse(null), s.current().map(c -> c.override()).orElse(false),
                    s.current().map(c -> c.until()).map(time).orElse(null), s.next().map(n -> n.who()).orElse(null), zone.getId(), overrides,
                    feedBase == null ? null : desk.feedUrl(s.schedule().name(), feedBase));
        }).toList();
    }
}
