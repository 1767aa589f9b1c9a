package dev.caretaker.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The rules' states of one system in the store, read and written in the transaction of the run being judged: which checks
 * each rule has judged (with the rule's definition then), and each series' {@link SeriesState}. Changes are collected and
 * written at the end, in key order, one statement for each kind of change.
 */
final class RuleStates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Handle h;
    private final String system;
    private final Map<String, Map<String, String>> definitions = new HashMap<>();
    private final Map<String, Map<String, Map<Map<String, String>, SeriesState>>> states = new HashMap<>();
    private final Map<Key, SeriesState> written = new TreeMap<>();
    private final List<Key> forgotten = new ArrayList<>();
    private final Map<Key, String> replaced = new TreeMap<>();

    /** A series of a rule: the rule, the check and its labels (as sorted JSON); or, with labels null, every series of the check. */
    private record Key(String rule, String check, String labels) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::rule).thenComparing(Key::check)
                .thenComparing(Key::labels, Comparator.nullsFirst(Comparator.naturalOrder()));

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    /**
     * Takes the system's rule lock until the transaction ends (two runs judged at once would each fold its point into a
     * state without the other's), forgets the states of rules no longer in {@code rules} when the set changed, and reads
     * what {@code rules} know of {@code checks}.
     */
    RuleStates(Handle h, String system, Map<String, String> rules, Collection<String> checks) {
        this.h = h;
        this.system = system;
        String set = new TreeMap<>(rules).toString();
        String before = lock(h, system);
        if (!before.equals(set)) {
            // a rule that was away missed the runs in between: its states would skip their points
            for (String table : List.of("rule_state", "rule_check")) {
                h.createUpdate("DELETE FROM " + table + " WHERE system = :system AND NOT (rule = ANY(:rules))").bind("system", system)
                        .bindArray("rules", String.class, List.copyOf(rules.keySet())).execute();
            }
            h.createUpdate("UPDATE rule_set SET rules = :rules WHERE system = :system").bind("rules", set).bind("system", system).execute();
        }
        List<String> names = List.copyOf(rules.keySet());
        List<String> subjects = List.copyOf(checks);
        h.createQuery("SELECT rule, check_name, definition FROM rule_check WHERE system = :system AND rule = ANY(:rules) AND check_name = ANY(:checks)")
                .bind("system", system).bindArray("rules", String.class, names).bindArray("checks", String.class, subjects)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .forEach(r -> definitions.computeIfAbsent(r[0], k -> new HashMap<>()).put(r[1], r[2]));
        h.createQuery("SELECT rule, check_name, labels::text, last_at, last_value, last_fired, streak_start, last_firing_at, firing_streak_start, "
                        + "gap_at FROM rule_state WHERE system = :system AND rule = ANY(:rules) AND check_name = ANY(:checks)")
                .bind("system", system).bindArray("rules", String.class, names).bindArray("checks", String.class, subjects)
                .map((rs, ctx) -> Map.entry(new String[] {rs.getString(1), rs.getString(2)}, state(rs)))
                .forEach(e -> states.computeIfAbsent(e.getKey()[0], k -> new HashMap<>()).computeIfAbsent(e.getKey()[1], k -> new HashMap<>())
                        .put(e.getValue().labels(), e.getValue()));
    }

    /** The rules the system's states were kept for, its row locked (made on the system's first judged run). */
    private static String lock(Handle h, String system) {
        List<String> set = h.createQuery("SELECT rules FROM rule_set WHERE system = :system FOR UPDATE").bind("system", system)
                .mapTo(String.class).list();
        if (!set.isEmpty()) {
            return set.get(0);
        }
        h.createUpdate("INSERT INTO rule_set (system, rules) VALUES (:system, '') ON CONFLICT (system) DO NOTHING").bind("system", system).execute();
        return lock(h, system);
    }

    /** The definition {@code rule} had when it last judged {@code check}; null when it never did. */
    String definition(String rule, String check) {
        return definitions.getOrDefault(rule, Map.of()).get(check);
    }

    /** The states of {@code rule}'s series of {@code check}, by labels. */
    Map<Map<String, String>, SeriesState> of(String rule, String check) {
        return states.getOrDefault(rule, Map.of()).getOrDefault(check, Map.of());
    }

    void write(String rule, String check, SeriesState s) {
        written.put(new Key(rule, check, json(s.labels())), s);
    }

    /** The series has left the rule's look-back: its state matters no more (a return starts a new one). */
    void forget(String rule, String check, SeriesState s) {
        forgotten.add(new Key(rule, check, json(s.labels())));
    }

    /** {@code rule} judged {@code check} from the history, as {@code definition}: these states replace what was kept. */
    void replace(String rule, String check, String definition, Collection<SeriesState> rebuilt) {
        replaced.put(new Key(rule, check, null), definition);
        rebuilt.forEach(s -> write(rule, check, s));
    }

    /** Writes what changed: one statement for each kind of change, whatever the number of series. */
    void store() {
        if (!replaced.isEmpty()) {
            Columns checks = new Columns();
            Columns judged = new Columns();
            replaced.forEach((k, def) -> {
                checks.add("rule", k.rule()).add("check", k.check());
                judged.add("rule", k.rule()).add("check", k.check()).add("def", def);
            });
            checks.bind(h.createUpdate("DELETE FROM rule_state s USING unnest(:rule, :check) AS u(rule, c) "
                    + "WHERE s.system = :system AND s.rule = u.rule AND s.check_name = u.c")).bind("system", system).execute();
            judged.bind(h.createUpdate("INSERT INTO rule_check (system, rule, check_name, definition) SELECT :system, u.rule, u.c, u.def "
                    + "FROM unnest(:rule, :check, :def) WITH ORDINALITY AS u(rule, c, def, n) ORDER BY u.n "
                    + "ON CONFLICT (system, rule, check_name) DO UPDATE SET definition = EXCLUDED.definition")).bind("system", system).execute();
        }
        if (!written.isEmpty()) {
            Columns rows = new Columns();
            written.forEach((k, s) -> rows.add("rule", k.rule()).add("check", k.check()).add("labels", k.labels()).add("lastAt", s.lastAt())
                    .add("lastValue", s.lastValue()).add("lastFired", s.lastFired()).add("streakStart", s.streakStart())
                    .add("lastFiringAt", s.lastFiringAt()).add("firingStreakStart", s.firingStreakStart()).add("gapAt", s.gapAt()));
            rows.bind(h.createUpdate("INSERT INTO rule_state (system, rule, check_name, labels, last_at, last_value, last_fired, streak_start, "
                    + "last_firing_at, firing_streak_start, gap_at) SELECT :system, u.rule, u.c, CAST(u.labels AS jsonb), CAST(u.last_at AS timestamptz), "
                    + "u.last_value, u.last_fired, CAST(u.streak_start AS timestamptz), CAST(u.last_firing_at AS timestamptz), "
                    + "CAST(u.firing_streak_start AS timestamptz), CAST(u.gap_at AS timestamptz) "
                    + "FROM unnest(:rule, :check, :labels, :lastAt, :lastValue, :lastFired, :streakStart, :lastFiringAt, :firingStreakStart, :gapAt) "
                    + "WITH ORDINALITY AS u(rule, c, labels, last_at, last_value, last_fired, streak_start, last_firing_at, firing_streak_start, gap_at, n) "
                    + "ORDER BY u.n ON CONFLICT (system, rule, check_name, labels) DO UPDATE SET last_at = EXCLUDED.last_at, "
                    + "last_value = EXCLUDED.last_value, last_fired = EXCLUDED.last_fired, streak_start = EXCLUDED.streak_start, "
                    + "last_firing_at = EXCLUDED.last_firing_at, firing_streak_start = EXCLUDED.firing_streak_start, gap_at = EXCLUDED.gap_at"))
                    .bind("system", system).execute();
        }
        if (!forgotten.isEmpty()) {
            Columns rows = new Columns();
            forgotten.stream().sorted().forEach(k -> rows.add("rule", k.rule()).add("check", k.check()).add("labels", k.labels()));
            rows.bind(h.createUpdate("DELETE FROM rule_state s USING unnest(:rule, :check, :labels) AS u(rule, c, labels) WHERE s.system = :system "
                    + "AND s.rule = u.rule AND s.check_name = u.c AND s.labels = CAST(u.labels AS jsonb)")).bind("system", system).execute();
        }
    }

    private static SeriesState state(ResultSet rs) throws SQLException {
        return new SeriesState(labels(rs.getString(3)), instant(rs, 4), rs.getDouble(5), rs.getBoolean(6), instant(rs, 7), instant(rs, 8),
                instant(rs, 9), instant(rs, 10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Map<String, String> labels(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable labels in the store: " + json, e);
        }
    }

    private static String json(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
