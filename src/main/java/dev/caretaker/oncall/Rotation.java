package dev.caretaker.oncall;

import dev.caretaker.config.OncallConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who a schedule puts on call, worked out from its config and its overrides alone (no clock, no store): turns counted from
 * the first handoff on or after the schedule's start, whole-day turns on the zone's calendar (a 09:00 handoff stays at 09:00
 * across a daylight-saving change), later layers over earlier ones where they have someone, an override over all layers
 * (the newest where two overlap).
 */
public final class Rotation {
    private final OncallConfig.Schedule schedule;
    private final List<OncallOverride> overrides;

    public Rotation(OncallConfig.Schedule schedule, List<OncallOverride> overrides) {
        this.schedule = schedule;
        this.overrides = overrides.stream().filter(o -> o.schedule().equals(schedule.name()))
                .sorted(Comparator.comparing(OncallOverride::createdAt).thenComparing(OncallOverride::id).reversed()).toList();
    }

    public OncallConfig.Schedule schedule() {
        return schedule;
    }

    /** Who is on call at {@code t}, if anyone. */
    public Optional<String> who(Instant t) {
        return on(t).map(Shift::who);
    }

    private Optional<Shift> on(Instant t) {
        for (OncallOverride o : overrides) {
            if (o.covers(t)) {
                return Optional.of(new Shift(schedule.name(), o.who(), o.from(), o.until(), true));
            }
        }
        List<OncallConfig.Layer> layers = schedule.layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            OncallConfig.Layer l = layers.get(i);
            if (!l.members().isEmpty() && (l.days().isEmpty() || l.days().contains(t.atZone(schedule.zone()).getDayOfWeek()))) {
                long k = turn(l, t);
                return Optional.of(new Shift(schedule.name(), l.members().get((int) Math.floorMod(k, l.members().size())),
                        start(l, k), start(l, k + 1), false));
            }
        }
        return Optional.empty();
    }

    /** The shifts that overlap {@code [from, until)}, cut to it; one person's adjoining turns are one shift. */
    public List<Shift> shifts(Instant from, Instant until) {
        List<Shift> out = new ArrayList<>();
        List<Instant> points = new ArrayList<>(changes(from, until));
        for (int i = 0; i + 1 < points.size(); i++) {
            Instant a = points.get(i);
            Instant b = points.get(i + 1);
            Optional<Shift> s = on(a);
            if (s.isEmpty()) {
                continue;
            }
            Shift last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.until().equals(a) && last.who().equals(s.get().who()) && last.override() == s.get().override()) {
                out.set(out.size() - 1, new Shift(schedule.name(), last.who(), last.from(), b, last.override()));
            } else {
                out.add(new Shift(schedule.name(), s.get().who(), a, b, s.get().override()));
            }
        }
        return out;
    }

    /** The next time after {@code t} the person on call changes, if it does within a year. */
    public Optional<Instant> nextHandoff(Instant t) {
        Optional<String> now = who(t);
        for (Shift s : shifts(t, t.plus(Duration.ofDays(366)))) {
            if (!Optional.of(s.who()).equals(now)) {
                return Optional.of(s.from());
            }
        }
        return Optional.empty();
    }

    /** Every instant in {@code [from, until]} at which who is on call may change, sorted, with both ends. */
    private TreeSet<Instant> changes(Instant from, Instant until) {
        TreeSet<Instant> points = new TreeSet<>();
        points.add(from);
        points.add(until);
        for (OncallConfig.Layer l : schedule.layers()) {
            for (long k = turn(l, from) + 1; ; k++) {
                Instant s = start(l, k);
                if (!s.isBefore(until)) {
                    break;
                }
                points.add(s);
            }
            if (!l.days().isEmpty()) {
                ZonedDateTime day = from.atZone(schedule.zone()).truncatedTo(ChronoUnit.DAYS);
                for (; day.toInstant().isBefore(until); day = day.toLocalDate().plusDays(1).atStartOfDay(schedule.zone())) {
                    if (day.toInstant().isAfter(from)) {
                        points.add(day.toInstant());
                    }
                }
            }
        }
        overrides.forEach(o -> {
            if (o.from().isAfter(from) && o.from().isBefore(until)) {
                points.add(o.from());
            }
            if (o.until().isAfter(from) && o.until().isBefore(until)) {
                points.add(o.until());
            }
        });
        return points;
    }

    /** The local time of the first handoff: the start day (weekly: the first handoff weekday on or after it) at the handoff time. */
    private LocalDateTime anchor(OncallConfig.Layer l) {
        var day = schedule.start();
        if (l.length().equals(Duration.ofDays(7))) {
            day = day.with(TemporalAdjusters.nextOrSame(l.handoffDay()));
        }
        return day.atTime(l.handoff());
    }

    /** When turn {@code k} of layer {@code l} starts (turn 0 at the anchor; negative turns before it). */
    Instant start(OncallConfig.Layer l, long k) {
        LocalDateTime a = anchor(l);
        if (l.calendarDays()) {
            return a.plusDays(k * l.length().toDays()).atZone(schedule.zone()).toInstant();
        }
        return a.atZone(schedule.zone()).toInstant().plus(l.length().multipliedBy(k));
    }

    /** The turn of layer {@code l} running at {@code t}. */
    long turn(OncallConfig.Layer l, Instant t) {
        long k;
        if (l.calendarDays()) {
            long days = ChronoUnit.DAYS.between(anchor(l).toLocalDate(), t.atZone(schedule.zone()).toLocalDate());
            k = Math.floorDiv(days, l.length().toDays());
        } else {
            k = Math.floorDiv(Duration.between(anchor(l).atZone(schedule.zone()).toInstant(), t).toSeconds(), l.length().toSeconds());
        }
        while (start(l, k).isAfter(t)) {
            k--;
        }
        while (!start(l, k + 1).isAfter(t)) {
            k++;
        }
        return k;
    }
}
