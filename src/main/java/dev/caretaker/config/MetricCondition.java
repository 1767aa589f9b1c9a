package dev.caretaker.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rule's {@code when}: a measurement, an optional label match, an operator and a number, e.g. {@code http.latency_ms{check="crm"} > 2000}. */
public record MetricCondition(String text, String metric, Map<String, String> labels, NumberCondition threshold) {
    private static final Pattern FORM = Pattern.compile("\\s*([a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+)\\s*(\\{([^}]*)})?\\s*((?:==|!=|<=|>=|<|>).*)");
    private static final Pattern WRONG_OPERATOR = Pattern.compile("\\s*[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+\\s*(?:\\{[^}]*})?\\s*([=<>!~]+)\\s*-?\\d.*");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-z_][a-z0-9_]*)\\s*=\\s*\"([^\"]*)\"\\s*");

    public static MetricCondition parse(String text) {
        Matcher m = FORM.matcher(text);
        Matcher op = WRONG_OPERATOR.matcher(text);
        if (!m.matches() && op.matches()) {
            throw new IllegalArgumentException("cannot read '" + text + "': '" + op.group(1) + "' is not an operator"
                    + Suggestions.didYouMean(op.group(1), Condition.OPERATORS.subList(0, 6)) + "; operators: == != < <= > >=");
        }
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read '" + text + "': write METRIC{label=\"value\"} OPERATOR NUMBER, "
                    + "e.g. http.latency_ms{check=\"crm-api\"} > 2000");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(3) != null && !m.group(3).isBlank()) {
            for (String pair : m.group(3).split(",")) {
                Matcher l = LABEL.matcher(pair);
                if (!l.matches()) {
                    throw new IllegalArgumentException("cannot read the label match '" + pair.trim() + "' in '" + text + "': write name=\"value\"");
                }
                labels.put(l.group(1), l.group(2));
            }
        }
        return new MetricCondition(text.trim(), m.group(1), Map.copyOf(labels), NumberCondition.parse(m.group(4)));
    }

    /**
     * True when a measurement of {@code check} with these labels has every label this condition names; {@code check} is a
     * label of every measurement.
     */
    public boolean matches(String check, Map<String, String> measured) {
        return labels.entrySet().stream().allMatch(e -> e.getValue().equals(e.getKey().equals("check") && !measured.containsKey("check")
                ? check : measured.get(e.getKey())));
    }
}
