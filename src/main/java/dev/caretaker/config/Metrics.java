package dev.caretaker.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The measurements checks record, with their labels and units: what a rule's {@code when} may name. Each kind of check
 * declares its own ({@link CheckType#metrics()}); Caretaker's own checks' are here. Every measurement also carries the label
 * {@code check} (its check's name). A test holds this catalog against the checks' code.
 */
public final class Metrics {
    /** One measurement name: the labels it carries besides {@code check}, its unit, and what it says. */
    public record Metric(String name, List<String> labels, String unit, String help) {
        public static Metric of(String name, String unit, String help, String... labels) {
            return new Metric(name, List.of(labels), unit, help);
        }
    }

    /** The type of Caretaker's own check of the roles it runs as, present in every run that reaches a database. */
    public static final String ROLES_TYPE = "roles";
    /** The type of Caretaker's own check of the checklists, in the runs it records when one is overdue or done. */
    public static final String CHECKLIST_TYPE = "checklist";

    private static final List<Metric> CHECKLIST = List.of(
            Metric.of("checklist.overdue", "instances", "checklist instances overdue and not complete (Caretaker's own check (checklists))"));
    private static final List<Metric> ROLES = List.of(
            Metric.of("caretaker.role_privileged", "boolean", "1 when the role Caretaker's checks or actions run as on a database can do "
                    + "more than they need (Caretaker's own check (roles), in every run that reaches a database)", "database", "role"));

    /** The system's health score, 0–100, after each run. */
    public static final Metric HEALTH_SCORE = new Metric(RuleConfig.HEALTH_SCORE_METRIC, List.of(), "score",
            "health of the whole system after a run: the mean over every check's latest result");

    private Metrics() {
    }

    /** The measurements a check of this config records, as its kind says (a {@code sql} check's carry its own name). */
    public static List<Metric> of(CheckConfig check) {
        return check.kind().metrics(check);
    }

    /** Every measurement of every kind of check in {@code kinds}, then Caretaker's own checks': for the README and /metrics. */
    public static Map<String, List<Metric>> byType(Kinds kinds) {
        Map<String, List<Metric>> out = new LinkedHashMap<>();
        kinds.checks().values().stream().filter(t -> !t.metrics().isEmpty()).forEach(t -> out.put(t.name(), t.metrics()));
        out.put(CHECKLIST_TYPE, CHECKLIST);
        out.put(ROLES_TYPE, ROLES);
        return Collections.unmodifiableMap(out);
    }

    /** The measurement of this name among those the checks (and Caretaker itself) record, if any. */
    public static Optional<Metric> find(String name, Iterable<CheckConfig> checks) {
        if (name.equals(HEALTH_SCORE.name())) {
            return Optional.of(HEALTH_SCORE);
        }
        for (Metric m : Stream.concat(ROLES.stream(), CHECKLIST.stream()).toList()) {
            if (m.name().equals(name)) {
                return Optional.of(m);
            }
        }
        for (CheckConfig c : checks) {
            for (Metric m : of(c)) {
                if (m.name().equals(name)) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** The names of every measurement those checks record: for a did-you-mean. */
    public static List<String> names(Iterable<CheckConfig> checks) {
        List<String> out = new ArrayList<>(List.of(HEALTH_SCORE.name()));
        checks.forEach(c -> of(c).forEach(m -> {
            if (!out.contains(m.name())) {
                out.add(m.name());
            }
        }));
        return out;
    }
}
