package dev.caretaker.incident;

import dev.caretaker.config.IncidentsConfig;
import dev.caretaker.rule.Alert;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's inhibition, on incidents: an alert that an inhibition targets opens (or updates) nothing while an
 * incident of one of its sources stays open after this run — the health score's "something is wrong" while the
 * something has its own incident.
 */
final class Inhibitor {
    private Inhibitor() {
    }

    /** The alerts of {@code present} to keep quiet, given the incidents open now and those this run resolves. */
    static List<Alert> inhibited(List<IncidentsConfig.Inhibition> rules, Map<String, Alert> present, Collection<Incident> active,
                                 List<Incident> resolving) {
        List<Alert> out = new ArrayList<>();
        if (rules.isEmpty()) {
            return out;
        }
        for (Alert target : present.values()) {
            for (IncidentsConfig.Inhibition rule : rules) {
                if (rule.targets(target.source()) && causeOpen(rule, target, present, active, resolving)) {
                    out.add(target);
                    break;
                }
            }
        }
        return out;
    }

    private static boolean causeOpen(IncidentsConfig.Inhibition rule, Alert target, Map<String, Alert> present, Collection<Incident> active,
                                     List<Incident> resolving) {
        for (Alert a : present.values()) {
            if (!a.fingerprint().equals(target.fingerprint()) && !rule.targets(a.source()) && rule.sourcedBy(a.source())
                    && equal(rule, target, a.check(), a.subject())) {
                return true;
            }
        }
        for (Incident i : active) {
            if (!i.fingerprint().equals(target.fingerprint()) && !rule.targets(i.source()) && rule.sourcedBy(i.source())
                    && !resolving.contains(i) && equal(rule, target, i.check(), i.subject())) {
                return true;
            }
        }
        return false;
    }

    private static boolean equal(IncidentsConfig.Inhibition rule, Alert target, String check, String subject) {
        return (!rule.equal().contains("check") || target.check().equals(check))
                && (!rule.equal().contains("subject") || target.subject().equals(subject));
    }
}
