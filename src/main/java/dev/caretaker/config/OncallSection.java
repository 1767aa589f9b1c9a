package dev.caretaker.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code people:} and {@code oncall:} (see {@link OncallConfig}); every problem names its key. */
final class OncallSection {
    static final List<String> PERSON_KEYS = List.of("channels");
    static final List<String> SCHEDULE_KEYS = List.of("zone", "start", "layers");
    static final List<String> LAYER_KEYS = List.of("members", "rotation", "handoff", "restrict");
    static final List<String> RESTRICT_KEYS = List.of("days");
    static final List<String> ROTATIONS = List.of("daily", "weekly");
    private static final Duration SHORTEST = Duration.ofHours(1);
    private static final Duration LONGEST = Duration.ofDays(366);

    private final ConfigReader r;

    OncallSection(ConfigReader r) {
        this.r = r;
    }

    OncallConfig read(ConfigNode peopleNode, ConfigNode oncallNode, ZoneId defaultZone, java.util.Set<String> channels) {
        Map<String, OncallConfig.Person> people = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(peopleNode)) {
            Map<String, ConfigNode> m = r.map(e.value(), PERSON_KEYS);
            List<String> to = r.stringList(m, "channels");
            if (to.isEmpty()) {
                r.problem(e.value(), "'people." + e.name() + "' needs 'channels', the names under notify.channels that reach "
                        + e.name() + " (e.g. channels: [" + e.name() + "-email])");
            }
            for (String c : to) {
                if (!channels.contains(c)) {
                    r.problem(m.get("channels"), "'people." + e.name() + ".channels' names channel '" + c
                            + "', which is not defined under 'notify.channels'" + Suggestions.didYouMean(c, channels));
                }
            }
            people.put(e.name(), new OncallConfig.Person(e.name(), List.copyOf(to)));
        }
        Map<String, OncallConfig.Schedule> schedules = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(oncallNode)) {
            schedules.put(e.name(), schedule(e.name(), e.value(), defaultZone, people.keySet()));
        }
        return new OncallConfig(schedules, people);
    }

    private OncallConfig.Schedule schedule(String name, ConfigNode node, ZoneId defaultZone, Set<String> people) {
        String at = "oncall." + name;
        Map<String, ConfigNode> m = r.map(node, SCHEDULE_KEYS);
        ZoneId zone = r.parsed(m, "zone", z -> {
            try {
                return ZoneId.of(z);
            } catch (DateTimeException ex) {
                throw new IllegalArgumentException("'" + z + "' is not a time zone; write e.g. Europe/Berlin or UTC");
            }
        }).orElse(defaultZone);
        LocalDate start = r.parsed(m, "start", s -> {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException ex) {
                throw new IllegalArgumentException("'" + s + "' is not a date; write YYYY-MM-DD, e.g. 2026-01-05");
            }
        }).orElse(OncallConfig.DEFAULT_START);
        List<OncallConfig.Layer> layers = new ArrayList<>();
        List<ConfigNode> items = r.list(m.get("layers"));
        if (items.isEmpty()) {
            r.problem(node, "'" + at + "' needs 'layers', e.g. layers: [{members: [alice, bob], rotation: weekly}]");
        }
        for (int i = 0; i < items.size(); i++) {
            OncallConfig.Layer l = layer(at + ".layers[" + i + "]", items.get(i), people);
            if (l != null) {
                layers.add(l);
            }
        }
        return new OncallConfig.Schedule(name, zone, start, List.copyOf(layers));
    }

    private OncallConfig.Layer layer(String at, ConfigNode node, Set<String> people) {
        Map<String, ConfigNode> m = r.map(node, LAYER_KEYS);
        List<String> members = r.stringList(m, "members");
        if (members.isEmpty()) {
            r.problem(node, "'" + at + "' needs 'members', names under 'people' who take turns");
        }
        for (String p : members) {
            if (!people.contains(p)) {
                r.problem(m.get("members"), "'" + at + ".members' names '" + p + "', who is not under 'people'"
                        + Suggestions.didYouMean(p, people) + "; add people: {" + p + ": {channels: [...]}}");
            }
        }
        String rotation = r.string(m, "rotation", "weekly");
        Duration length = switch (rotation) {
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            default -> r.parsed(m, "rotation", s -> {
                Duration d;
                try {
                    d = Units.parseDuration(s);
                } catch (IllegalArgumentException ex) {
                    d = null;
                }
                if (d == null || d.compareTo(SHORTEST) < 0 || d.compareTo(LONGEST) > 0) {
                    throw new IllegalArgumentException("'" + s + "' is not a rotation; write daily, weekly or a "
                            + "turn's length from 1h to 366d, e.g. 3d or 12h");
                }
                return d;
            }).orElse(null);
        };
        // a rotation that did not read is reported once: its handoff is not judged against it as well
        boolean weekly = "weekly".equals(rotation) || length == null;
        LocalTime handoff = OncallConfig.DEFAULT_HANDOFF;
        DayOfWeek day = OncallConfig.DEFAULT_HANDOFF_DAY;
        String text = r.string(m, "handoff", null);
        if (text != null) {
            String[] parts = text.trim().split("\\s+");
            try {
                if (parts.length == 2 && weekly) {
                    day = weekday(parts[0]);
                    handoff = LocalTime.parse(parts[1]);
                } else if (parts.length == 1) {
                    handoff = LocalTime.parse(parts[0]);
                } else {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException | DateTimeParseException ex) {
                r.problem(m.get("handoff"), "'" + at + ".handoff': '" + text + "' is not a handoff time; write "
                        + (weekly ? "\"MON 09:00\" (a weekday and a time) or \"09:00\"" : "a time such as \"09:00\" (a weekday only goes with rotation: weekly)")
                        + ", in the schedule's zone");
            }
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (m.containsKey("restrict")) {
            Map<String, ConfigNode> rm = r.map(m.get("restrict"), RESTRICT_KEYS);
            for (String d : r.stringList(rm, "days")) {
                try {
                    days.add(weekday(d));
                } catch (IllegalArgumentException ex) {
                    r.problem(rm.get("days"), "'" + at + ".restrict.days': '" + d + "' is not a weekday; write MON, TUE, WED, THU, FRI, SAT or SUN");
                }
            }
        }
        return length == null ? null : new OncallConfig.Layer(List.copyOf(members), length, handoff, day, Set.copyOf(days));
    }

    static DayOfWeek weekday(String s) {
        String u = s.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (u.length() >= 3 && d.name().startsWith(u)) {
                return d;
            }
        }
        throw new IllegalArgumentException(s);
    }

    /** Route targets {@code oncall:NAME} must name a schedule. */
    void knownSchedules(List<AlertingSection.OncallTarget> targets, Set<String> schedules) {
        for (AlertingSection.OncallTarget t : targets) {
            String name = t.name().substring(OncallConfig.ROUTE_PREFIX.length());
            if (!schedules.contains(name)) {
                r.problem(t.at(), "route channel '" + t.name() + "' names schedule '" + name + "', which is not defined under 'oncall'"
                        + Suggestions.didYouMean(name, schedules));
            }
        }
    }
}
