package dev.caretaker.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.caretaker.action.Approvals;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Runbooks;
import dev.caretaker.engine.Engine;
import dev.caretaker.incident.Incident;
import dev.caretaker.rule.Alert;
import dev.caretaker.web.ui.FindingView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Findings as the dashboard shows them, worst first: each with its evidence, the runbook the config gives for it (the
 * finding's rule's, else its check's), the action configured for its code and subject with its latest request, and its open
 * incident. Read once per page from the engine's desks: the open incidents and the recent approval requests.
 */
final class FindingViews {
    /** Approval requests read to find a finding's latest one. */
    static final int REQUESTS_READ = 200;

    private final CaretakerConfig config;
    private final List<Incident> active;
    private final List<Approvals.Approval> requests;

    FindingViews(Engine engine) {
        this.config = engine.config();
        this.active = engine.incidents().active();
        this.requests = config.actions().isEmpty() ? List.of() : engine.actions().approvals(false, REQUESTS_READ);
    }

    /** Critical, then warning, then info; in the order the check found them within one severity. */
    static List<Finding> worstFirst(List<Finding> findings) {
        List<Finding> out = new ArrayList<>(findings);
        out.sort(Comparator.comparing(Finding::severity).reversed());
        return out;
    }

    /** The findings of {@code check}'s latest result, worst first, numbered from 1 in that order. */
    List<FindingView> of(String check, List<Finding> findings) {
        List<FindingView> out = new ArrayList<>();
        for (Finding f : worstFirst(findings)) {
            out.add(view(out.size() + 1, check, f));
        }
        return out;
    }

    /**
     * What is wrong now across the checks, worst first: the warning and critical findings of each check's latest result
     * (numbered as on its page), and a check whose latest run could not judge at all.
     */
    List<FindingView> wrong(Engine engine) {
        List<FindingView> out = new ArrayList<>();
        for (CheckConfig c : config.checks().values()) {
            Optional<CheckResult> latest = engine.checks().latest(c.name());
            if (latest.isEmpty()) {
                continue;
            }
            if (latest.get().error() != null && latest.get().findings().isEmpty()) {
                out.add(new FindingView(0, c.name(), "", "unknown", c.name(), "could not judge: " + latest.get().error(), List.of(), null, false,
                        null, null));
            }
            of(c.name(), latest.get().findings()).stream().filter(v -> !"info".equals(v.severity())).forEach(out::add);
        }
        out.sort(Comparator.comparingInt(FindingViews::badness).reversed());
        return out;
    }

    private static int badness(FindingView v) {
        return switch (v.severity()) {
            case "critical" -> 3;
            case "unknown" -> 2;
            case "warning" -> 1;
            default -> 0;
        };
    }

    private FindingView view(int number, String check, Finding f) {
        String runbook = config.runbooks().of(check, f.code()).orElse(null);
        return new FindingView(number, check, f.code(), f.severity().label(), f.subject(), f.message(), facts(f.evidence()), runbook,
                Runbooks.isLink(runbook), fix(f), incident(check, f));
    }

    private static List<FindingView.Fact> facts(Map<String, Object> evidence) {
        List<FindingView.Fact> out = new ArrayList<>();
        evidence.forEach((k, v) -> out.add(new FindingView.Fact(k, text(v))));
        return out;
    }

    private static String text(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return Api.JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }

    /** The first configured action for this finding's code and subject, with its latest request for the subject. */
    private FindingView.Fix fix(Finding f) {
        for (ActionConfig a : config.actions().values()) {
            if (a.when().isPresent() && a.when().get().equals(f.code()) && a.subjectMatches(f.subject())) {
                Optional<Approvals.Approval> request = requests.stream().filter(r -> r.action().equals(a.name()) && r.subject() != null
                        && r.subject().equals(f.subject())).max(Comparator.comparingLong(Approvals.Approval::id));
                String policy = switch (a.policy()) {
                    case AUTO -> "runs by itself";
                    case APPROVAL -> "waits for an approver";
                    case FORBIDDEN -> "forbidden: a person does it by hand";
                };
                return new FindingView.Fix(a.name(), a.typeName().toLowerCase(Locale.ROOT), policy,
                        request.map(r -> "request #" + r.id() + " " + r.state().label()).orElse(null), request.map(Approvals.Approval::id).orElse(null));
            }
        }
        return null;
    }

    private FindingView.IncidentLink incident(String check, Finding f) {
        return active.stream().filter(i -> i.kind() == Alert.Kind.FINDING && i.check().equals(check)
                        && i.source().equals(f.code()) && Objects.equals(i.subject(), f.subject())).findFirst()
                .map(i -> new FindingView.IncidentLink(i.id(), i.priority().name(), i.state().label())).orElse(null);
    }
}
