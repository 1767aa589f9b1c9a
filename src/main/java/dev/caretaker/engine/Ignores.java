package dev.caretaker.engine;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Ignored;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.IgnoreRule;
import dev.caretaker.incident.Exemptions.Exemption;
import dev.caretaker.rule.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place a run's findings are held against what people said may be ignored: the config's {@code ignore:} entries and
 * the current exemptions. An ignored finding leaves the check's result (so it counts toward neither the status nor the health
 * score, opens no incident and sends nothing) and is kept on the run as {@link Ignored}, with its reason, for the reports. An
 * entry or exemption that has run out ignores nothing: the finding counts again.
 */
final class Ignores {
    private final List<IgnoreRule> rules;
    private final List<Exemption> exemptions;

    Ignores(List<IgnoreRule> rules, List<Exemption> exemptions, Instant now) {
        this.rules = rules.stream().filter(r -> !r.expired(now)).toList();
        this.exemptions = exemptions.stream().filter(e -> e.current(now)).toList();
    }

    /** The run without its ignored findings; they are on {@link RunResult#ignored()}. */
    RunResult apply(RunResult run) {
        if (rules.isEmpty() && exemptions.isEmpty()) {
            return run;
        }
        List<CheckResult> judged = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>(run.ignored());
        for (CheckResult r : run.results()) {
            List<Finding> kept = new ArrayList<>();
            for (Finding f : r.findings()) {
                Optional<Ignored> why = Finding.UNAVAILABLE.contains(f.code()) ? Optional.empty() : why(r.name(), f.code(), f.subject(), f);
                why.ifPresentOrElse(ignored::add, () -> kept.add(f));
            }
            judged.add(kept.size() == r.findings().size() ? r : new CheckResult(r.name(), r.type(), status(r, kept), r.durationMs(), r.error(),
                    r.measurements(), kept, r.unjudged()));
        }
        return ignored.size() == run.ignored().size() ? run : run.withIgnored(judged, ignored);
    }

    /** The rule alerts not ignored (a rule's name is the code of its incidents). */
    List<Alert> alerts(List<Alert> alerts) {
        if (rules.isEmpty() && exemptions.isEmpty()) {
            return alerts;
        }
        return alerts.stream().filter(a -> a.kind() != Alert.Kind.RULE || why(a.check(), a.source(), a.subject(), null).isEmpty()).toList();
    }

    private Optional<Ignored> why(String check, String code, String subject, Finding f) {
        for (Exemption e : exemptions) {
            if (e.covers(check, code, subject)) {
                return Optional.of(new Ignored(check, f, e.reason(), e.until(), Ignored.exemption(e.id())));
            }
        }
        for (IgnoreRule r : rules) {
            if (r.matches(check, code, subject)) {
                return Optional.of(new Ignored(check, f, r.reason(), r.until(), Ignored.CONFIG));
            }
        }
        return Optional.empty();
    }

    /** The status of a result from the findings it keeps, as the check would have judged them; never worse than it was. */
    private static Status status(CheckResult r, List<Finding> kept) {
        Status s = Status.OK;
        for (Finding f : kept) {
            s = s.worse(Status.of(f.severity()));
        }
        if (r.error() != null && s != Status.CRITICAL) {
            s = Status.UNKNOWN;
        }
        return s.worse(r.status()) == s ? r.status() : s;
    }
}
