package dev.caretaker.engine;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A check that names its provider's status page in {@code upstream} while the provider reports an outage fails because of
 * the provider: its result counts as a warning at most (the provider's own finding's level), so the run's status, its
 * Nagios line and exit code, and the health score do not page for what the team cannot fix; the check keeps its findings
 * and gains {@code upstream.waiting} (info) in the provider's words. Its alerts go on the provider's incident (see the
 * incident tracker); when the provider is fine, nothing changes here.
 */
final class Upstreams {
    static final String WAITING = "upstream.waiting";

    private Upstreams() {
    }

    static RunResult apply(RunResult run, CaretakerConfig config) {
        Map<String, CheckResult> byName = new HashMap<>();
        run.results().forEach(r -> byName.put(r.name(), r));
        List<CheckResult> out = new ArrayList<>();
        boolean changed = false;
        for (CheckResult r : run.results()) {
            Optional<Finding> outage = r.status() == Status.CRITICAL ? providerOutage(r.name(), config, byName) : Optional.empty();
            if (outage.isEmpty()) {
                out.add(r);
                continue;
            }
            List<Finding> findings = new ArrayList<>(r.findings());
            findings.add(new Finding(WAITING, Severity.INFO, r.name(), r.name() + " waits on its provider: " + outage.get().message()
                    + "; its failure counts as a warning while the provider's outage lasts", Map.of("provider_finding", outage.get().subject())));
            out.add(new CheckResult(r.name(), r.type(), Status.WARNING, r.durationMs(), r.error(), r.measurements(), findings, r.unjudged()));
            changed = true;
        }
        return changed ? run.withIgnored(out, run.ignored()) : run;
    }

    /** The outage reported by a status check {@code check} names in {@code upstream} (a statuspage parent), if any in this run. */
    private static Optional<Finding> providerOutage(String check, CaretakerConfig config, Map<String, CheckResult> results) {
        for (String parent : config.dependencies().getOrDefault(check, List.of())) {
            CheckConfig p = config.checks().get(parent);
            CheckResult r = results.get(parent);
            if (p != null && p.type().equals(dev.caretaker.check.upstream.StatuspageKind.NAME) && r != null && r.providerDown()) {
                return r.findings().stream().filter(f -> f.code().equals(Finding.PROVIDER_OUTAGE)).findFirst();
            }
        }
        return Optional.empty();
    }
}
