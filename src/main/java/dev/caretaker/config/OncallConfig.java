package dev.caretaker.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * On-call: the named schedules under {@code oncall:} and the people under {@code people:} they name. A route's channel
 * {@code oncall:SCHEDULE} stands for the channels of whoever is on call when the message is written.
 */
public record OncallConfig(Map<String, Schedule> schedules, Map<String, Person> people) {
    /** What a route names to reach a schedule's person: {@code oncall:support}. */
    public static final String ROUTE_PREFIX = "oncall:";
    /** The day rotations count from when a schedule has no {@code start:} (a Monday). */
    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 1, 5);
    public static final LocalTime DEFAULT_HANDOFF = LocalTime.of(9, 0);
    public static final DayOfWeek DEFAULT_HANDOFF_DAY = DayOfWeek.MONDAY;

    public static OncallConfig none() {
        return new OncallConfig(Map.of(), Map.of());
    }

    /** A person: the channels (names under {@code notify.channels}) that reach them. */
    public record Person(String name, List<String> channels) {
    }

    /** A schedule: its zone (handoffs are in its local time), the day rotations count from, its layers (later ones win). */
    public record Schedule(String name, ZoneId zone, LocalDate start, List<Layer> layers) {
    }

    /**
     * One layer: members taking turns of {@code length} (whole days follow the zone's calendar, so a handoff stays at its local
     * time across a daylight-saving change), the first turn starting at {@code handoffDay} (weekly) or the start day at
     * {@code handoff}; {@code days} limits the layer to those weekdays (empty: every day).
     */
    public record Layer(List<String> members, Duration length, LocalTime handoff, DayOfWeek handoffDay, Set<DayOfWeek> days) {
        /** Whether turns are whole days, counted on the zone's calendar rather than in hours. */
        public boolean calendarDays() {
            return length.toSeconds() % 86_400 == 0;
        }
    }
}
