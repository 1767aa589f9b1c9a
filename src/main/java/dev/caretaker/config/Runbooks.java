package dev.caretaker.config;

import java.util.Map;
import java.util.Optional;

/**
 * What to do when a check or rule raises an incident ({@code runbook:}): steps as text, or the URL of the team's page. Shown on
 * the incident, in its messages and in its ticket.
 */
public record Runbooks(Map<String, String> checks, Map<String, String> rules) {
    public static final Runbooks NONE = new Runbooks(Map.of(), Map.of());
    /** A runbook is a page of steps, not a manual. */
    static final int MAX_CHARS = 10_000;

    /** The runbook of an incident from {@code source} (a rule or rule group, or a finding code) on {@code check}: the rule's, else the check's. */
    public Optional<String> of(String check, String source) {
        String rule = rules.get(source);
        return Optional.ofNullable(rule != null ? rule : checks.get(check));
    }

    /** Whether a runbook is a link to a page (shown as one) rather than steps. */
    public static boolean isLink(String runbook) {
        return runbook != null && runbook.matches("(?i)https?://\\S+");
    }

    static Optional<String> read(ConfigReader r, Map<String, ConfigNode> m, String key) {
        Optional<String> text = r.string(m, key).map(String::strip).filter(t -> !t.isEmpty());
        if (text.isPresent() && text.get().length() > MAX_CHARS) {
            r.problem(m.get(key), "'" + m.get(key).path() + "' is " + text.get().length() + " characters; a runbook is at most " + MAX_CHARS
                    + " (link to a longer page instead)");
            return Optional.empty();
        }
        if (text.isPresent() && text.get().matches("(?i)https?:\\S*")) {
            try {
                Urls.parse(text.get(), java.util.List.of("http", "https"), "https://wiki.example/runbooks/orders");
            } catch (IllegalArgumentException e) {
                r.problem(m.get(key), "'" + m.get(key).path() + "': " + e.getMessage());
            }
        }
        return text;
    }
}
