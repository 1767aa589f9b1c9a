package dev.caretaker.incident;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Unjudged;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.RuleConfig;
import dev.caretaker.rule.Alert;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one run can say about each incident. A check that could not judge its target (the target down, a parent in
 * {@code depends_on} down, the check failed or timed out, or the query behind a finding failed) says nothing about the
 * incidents it could not judge: they stay exactly as they were. The health score is the system's, judged by every run.
 */
final class RunJudgement {
    private final CaretakerConfig config;
    private final Map<String, CheckResult> results;

    RunJudgement(CaretakerConfig config, RunResult run) {
        this.config = config;
        this.results = run.results().stream().collect(Collectors.toMap(CheckResult::name, r -> r, (a, b) -> a));
    }

    /** The topmost ancestor of {@code check} whose target is down in this run, if any: the root cause its alerts belong to. */
    Optional<String> downAncestor(String check) {
        String found = null;
        List<String> frontier = new ArrayList<>(config.dependencies().getOrDefault(check, List.of()));
        Set<String> seen = new HashSet<>();
        while (!frontier.isEmpty()) {
            String parent = frontier.remove(0);
            if (!seen.add(parent)) {
                continue;
            }
            CheckResult r = results.get(parent);
            if (r != null && (r.targetDown() || r.providerDown())) {
                found = parent;
            }
            frontier.addAll(config.dependencies().getOrDefault(parent, List.of()));
        }
        return Optional.ofNullable(found);
    }

    /** Why the alerts of a check below {@code root} are its: the provider's own words, or that root cannot reach its target. */
    String whyDown(String root) {
        CheckResult r = results.get(root);
        if (r != null && !r.targetDown() && r.providerDown()) {
            return r.findings().stream().filter(f -> f.code().equals(Finding.PROVIDER_OUTAGE)).map(Finding::message).findFirst().orElseThrow();
        }
        return root + " cannot reach its target";
    }

    /** Whether this run can tell if the condition of {@code i} still holds: only then may it resolve. */
    boolean judges(Incident i) {
        if (i.check().equals(RuleConfig.SYSTEM_CHECK)) {
            return true;
        }
        if (i.kind() == Alert.Kind.FINDING && i.source().equals("postgres.unreachable")) {
            return reachedDatabase(i.subject());
        }
        CheckResult r = results.get(i.check());
        if (r == null || downAncestor(i.check()).isPresent()) {
            return false;
        }
        if (i.kind() == Alert.Kind.FINDING) {
            return Finding.UNAVAILABLE.contains(i.source()) ? !r.unjudged().contains(Unjudged.ALL) || r.targetDown()
                    : r.judged(i.source(), i.subject());
        }
        if (r.targetDown()) {
            return false;
        }
        return r.unjudged().isEmpty() || ruleMetrics(i.source()).stream().anyMatch(r::measured);
    }

    /** A database outage ends when any check of that database reached it in this run. */
    private boolean reachedDatabase(String database) {
        for (CheckResult r : results.values()) { // the run's checks, not every configured one
            CheckConfig c = config.checks().get(r.name());
            if (c != null && database.equals(c.database()) && downAncestor(c.name()).isEmpty()
                    && (r.targetDown() || !r.unjudged().contains(Unjudged.ALL))) {
                return true;
            }
        }
        return false;
    }

    /** The metrics of the rule (or the rules of the group) an incident was opened by. */
    private List<String> ruleMetrics(String source) {
        return config.rules().stream().filter(x -> x.groupOrName().equals(source)).map(x -> x.when().metric()).distinct().toList();
    }
}
