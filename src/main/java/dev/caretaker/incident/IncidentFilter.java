package dev.caretaker.incident;

import dev.caretaker.config.Priority;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which incidents a list shows: by state, priority and check; null matches every value. Parsed once, where the words come in. */
public record IncidentFilter(StateFilter state, Priority priority, String check) {
    public static final IncidentFilter ALL = new IncidentFilter(null, null, null);

    /** The states a list can ask for: one state, or {@code active} (open or acknowledged). */
    public enum StateFilter {
        OPEN, ACKNOWLEDGED, RESOLVED, ACTIVE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static String choices() {
            return Arrays.stream(values()).map(StateFilter::label).collect(Collectors.joining(", "));
        }
    }

    /**
     * The filter these query words ask for (each may be null); a word that is not a state or a priority is refused with what
     * it may be.
     */
    public static IncidentFilter parse(String state, String priority, String check) {
        StateFilter s = null;
        if (state != null && !state.isBlank()) {
            try {
                s = StateFilter.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state is one of " + StateFilter.choices() + " (active: open or acknowledged), not '" + state + "'");
            }
        }
        Priority p = null;
        if (priority != null && !priority.isBlank()) {
            if (!priority.matches("P[0-3]")) {
                throw new IllegalArgumentException("priority is one of P0, P1, P2, P3, not '" + priority + "'");
            }
            p = Priority.parse(priority);
        }
        return new IncidentFilter(s, p, check == null || check.isBlank() ? null : check);
    }

    /** The same filter, lenient: words that are not a state or priority are ignored (a page's links keep working). */
    public static IncidentFilter lenient(String state, String priority) {
        StateFilter s = null;
        Priority p = null;
        try {
            s = parse(state, null, null).state();
        } catch (IllegalArgumentException e) {
            // shown unfiltered
        }
        try {
            p = parse(null, priority, null).priority();
        } catch (IllegalArgumentException e) {
            // shown unfiltered
        }
        return new IncidentFilter(s, p, null);
    }
}
