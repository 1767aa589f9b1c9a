package dev.caretaker.engine;

import dev.caretaker.action.AuditEvent;
import dev.caretaker.config.OncallConfig;
import dev.caretaker.oncall.OncallCalendar;
import dev.caretaker.oncall.OncallOverride;
import dev.caretaker.oncall.Overrides;
import dev.caretaker.oncall.Rotation;
import dev.caretaker.oncall.Shift;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * On-call schedules: who is on call now and next, the shifts over a range, overrides (audited under the name of who set
 * them). The rotations come from the config, the overrides from the store.
 */
public final class OncallDesk {
    /** How far back "since" looks for the start of the current shift. */
    static final Duration SINCE_WITHIN = Duration.ofDays(400);
    /** How far ahead the next handoff is looked for. */
    static final Duration NEXT_WITHIN = Duration.ofDays(366);

    private final Engine engine;
    private final Overrides overrides;

    OncallDesk(Engine engine) {
        this.engine = engine;
        this.overrides = new Overrides(engine.store().jdbi());
    }

    /**
     * A schedule as it stands at {@code at}: who is on call since when until when (the current shift's {@code until} is null
     * when it runs past a year from now), and who comes next.
     */
    public record Standing(OncallConfig.Schedule schedule, Instant at, Optional<Shift> current, Optional<Shift> next,
                           List<String> channels) {
        /** The standing as the API and {@code --format json} show it (times ISO 8601 UTC). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("schedule", schedule.name());
            m.put("zone", schedule.zone().getId());
            m.put("on_call", current.map(Shift::who).orElse(null));
            m.put("since", current.map(c -> c.from().toString()).orElse(null));
            m.put("until", current.map(Shift::until).map(Instant::toString).orElse(null));
            m.put("override", current.map(Shift::override).orElse(false));
            m.put("channels", channels);
            m.put("next_handoff", next.map(n -> n.from().toString()).orElse(null));
            m.put("next", next.map(Shift::who).orElse(null));
            return m;
        }
    }

    /** An override as the API and {@code --format json} show it. */
    public static Map<String, Object> toMap(OncallOverride o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("schedule", o.schedule());
        m.put("who", o.who());
        m.put("from", o.from().toString());
        m.put("until", o.until().toString());
        m.put("created_by", o.createdBy());
        m.put("created_at", o.createdAt().toString());
        return m;
    }

    public List<OncallConfig.Schedule> schedules() {
        return List.copyOf(engine.config().oncall().schedules().values());
    }

    public OncallConfig.Schedule schedule(String name) {
        OncallConfig.Schedule s = engine.config().oncall().schedules().get(name);
        if (s == null) {
            throw new NoSuchElementException("no on-call schedule '" + name + "' under 'oncall' in " + engine.config().file()
                    + dev.caretaker.config.Suggestions.didYouMean(name, engine.config().oncall().schedules().keySet()));
        }
        return s;
    }

    /** Every schedule as it stands now. */
    public List<Standing> now() {
        return schedules().stream().map(s -> standing(s.name())).toList();
    }

    /** Schedule {@code name} as it stands now. */
    public Standing standing(String name) {
        OncallConfig.Schedule s = schedule(name);
        Instant now = engine.clock().instant();
        Rotation r = rotation(s, now.minus(SINCE_WITHIN), now.plus(NEXT_WITHIN));
        List<Shift> before = r.shifts(now.minus(SINCE_WITHIN), now.plusNanos(1000));
        List<Shift> ahead = r.shifts(now, now.plus(NEXT_WITHIN));
        Optional<Shift> current = ahead.isEmpty() || !ahead.get(0).from().equals(now) ? Optional.empty() : Optional.of(ahead.get(0));
        Optional<Instant> until = current.map(Shift::until).filter(u -> u.isBefore(now.plus(NEXT_WITHIN)));
        if (current.isPresent() && !before.isEmpty() && before.get(before.size() - 1).who().equals(current.get().who())) {
            Shift c = current.get();
            current = Optional.of(new Shift(c.schedule(), c.who(), before.get(before.size() - 1).from(), c.until(), c.override()));
        }
        if (current.isPresent() && until.isEmpty()) {
            Shift c = current.get();
            current = Optional.of(new Shift(c.schedule(), c.who(), c.from(), null, c.override()));
        }
        Optional<Shift> next = ahead.stream().filter(x -> x.from().isAfter(now)).findFirst();
        List<String> channels = current.map(c -> engine.config().oncall().people().get(c.who()))
                .map(OncallConfig.Person::channels).orElse(List.of());
        return new Standing(s, now, current, next, channels);
    }

    /** The shifts of schedule {@code name} that overlap {@code [from, until)}. */
    public List<Shift> shifts(String name, Instant from, Instant until) {
        return rotation(schedule(name), from, until).shifts(from, until);
    }

    /** How far back the calendar feed goes, and how far ahead. */
    public static final Duration CALENDAR_BACK = Duration.ofDays(14);
    public static final Duration CALENDAR_AHEAD = Duration.ofDays(56);

    /**
     * Schedule {@code name} as an iCalendar feed: the shifts from two weeks back to eight weeks ahead, each with its real
     * start (not cut at the feed's edge, so its UID does not move from one fetch to the next).
     */
    public String calendar(String name) {
        OncallConfig.Schedule s = schedule(name);
        Instant now = engine.clock().instant();
        Instant from = now.minus(CALENDAR_BACK);
        Instant until = now.plus(CALENDAR_AHEAD);
        List<Shift> shifts = rotation(s, from.minus(SINCE_WITHIN), until).shifts(from.minus(SINCE_WITHIN), until).stream()
                .filter(x -> x.until().isAfter(from)).toList();
        return OncallCalendar.render(engine.config().system(), s.name(), shifts, now);
    }

    /** {@code who} takes schedule {@code name} from {@code from} until {@code until}, set (and audited) as {@code by}. */
    public OncallOverride override(String name, String who, Instant from, Instant until, String by) {
        OncallConfig.Schedule s = schedule(name);
        var people = engine.config().oncall().people().keySet();
        if (!people.contains(who)) {
            throw new IllegalArgumentException("'" + who + "' is not under 'people' in " + engine.config().file()
                    + dev.caretaker.config.Suggestions.didYouMean(who, people) + "; an override names one of: " + String.join(", ", people));
        }
        Instant now = engine.clock().instant();
        OncallOverride o = overrides.add(engine.config().system(), s.name(), who, from, until, by, now);
        engine.actions().auditLog().append(now, by, AuditEvent.ONCALL_OVERRIDE, "oncall", s.name() + " #" + o.id(),
                who + " on call from " + o.from() + " until " + o.until());
        return o;
    }

    /** The overrides of schedule {@code name} (null: every schedule) that are on now or to come, soonest first. */
    public List<OncallOverride> overrides(String name) {
        if (name != null) {
            schedule(name);
        }
        return overrides.notEnded(engine.config().system(), name, engine.clock().instant());
    }

    /**
     * Removes override {@code id} (of schedule {@code name}; null: whichever), audited as {@code by}: who is on call goes back to
     * the rotation for its time. An override that ended already stays, as the record of who was on call.
     */
    public OncallOverride removeOverride(String name, long id, String by) {
        String system = engine.config().system();
        OncallOverride o = overrides.get(system, id).filter(x -> name == null || x.schedule().equals(name))
                .orElseThrow(() -> new NoSuchElementException("no on-call override #" + id + (name == null ? "" : " of schedule '" + name + "'")
                        + " in " + system + "; see caretaker oncall overrides"));
        Instant now = engine.clock().instant();
        if (!o.until().isAfter(now)) {
            throw new IllegalArgumentException("override #" + id + " ended at " + o.until() + "; it stays as the record of who was on call");
        }
        if (!overrides.remove(system, id)) {
            throw new NoSuchElementException("override #" + id + " was removed meanwhile");
        }
        engine.actions().auditLog().append(now, by, AuditEvent.ONCALL_OVERRIDE_REMOVED, "oncall", o.schedule() + " #" + o.id(),
                "removed: " + o.who() + " on call from " + o.from() + " until " + o.until() + " (set by " + o.createdBy() + ")");
        return o;
    }

    /**
     * The key of schedule {@code name}'s signed feed URL: HMAC-SHA256, under Caretaker's signing key
     * ({@code CARETAKER_SECRET_KEY}), of the schedule's name with the system's and what it is for. Another key makes
     * other URLs, so rotating it ends every feed URL given out.
     */
    public String feedKey(String name) {
        return engine.key().mac(FEED_PURPOSE + engine.config().system() + "\n" + schedule(name).name());
    }

    /** Whether {@code key} is schedule {@code name}'s feed key (compared in constant time). */
    public boolean feedAccepts(String name, String key) {
        return engine.key().verify(FEED_PURPOSE + engine.config().system() + "\n" + schedule(name).name(), key);
    }

    /** Schedule {@code name}'s signed feed URL under {@code base}, the server's public URL. */
    public String feedUrl(String name, String base) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b + "/api/v1/oncall/" + java.net.URLEncoder.encode(schedule(name).name(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + ".ics?key=" + feedKey(name);
    }

    private static final String FEED_PURPOSE = "caretaker on-call feed\n";

    private Rotation rotation(OncallConfig.Schedule s, Instant from, Instant until) {
        return new Rotation(s, overrides.overlapping(engine.config().system(), from, until));
    }
}
