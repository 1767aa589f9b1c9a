package dev.caretaker.action;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.Measurement;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.RuleConfig;
import dev.caretaker.rule.Alert;

/**
 * Verification: runs the check that raised an alert once more and says whether the problem is still there: the same
 * finding code on the same subject, or, for a rule, a measurement of the check that still meets the rule's condition.
 */
final class CheckAgain {
    private final CaretakerConfig config;
    private final CheckContext context;

    CheckAgain(CaretakerConfig config, CheckContext context) {
        this.config = config;
        this.context = context;
    }

    /** Whether the check can be run again at all (a rule over several checks, or a vanished check, cannot). */
    boolean possible(Alert alert) {
        return alert != null && alert.check() != null && config.checks().containsKey(alert.check());
    }

    boolean stillThere(Alert alert) {
        CheckConfig cc = config.checks().get(alert.check());
        CheckResult r = Checks.create(cc).run(context);
        if (alert.kind() == Alert.Kind.FINDING) {
            return r.findings().stream().anyMatch(f -> f.code().equals(alert.source()) && f.subject().equals(alert.subject()));
        }
        RuleConfig rule = config.rules().stream().filter(x -> x.name().equals(alert.source())).findFirst().orElse(null);
        if (rule == null) {
            return false;
        }
        for (Measurement m : r.measurements()) {
            if (m.metric().equals(rule.when().metric()) && rule.when().matches(r.name(), m.labels()) && rule.when().threshold().holds(m.value())) {
                return true;
            }
        }
        return false;
    }
}
