package dev.caretaker.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A judgement of one number, written {@code "> 100"}, {@code "<= 0.5"}, {@code "== 0"}. */
public record NumberCondition(String text, Condition.Operator operator, double value) {
    private static final Pattern FORM = Pattern.compile("\\s*(==|!=|<=|>=|<|>)\\s*(-?\\d+(?:\\.\\d+)?)\\s*");

    public static NumberCondition parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number condition: write an operator and a number, e.g. \"> 100\"");
        }
        Condition.Operator op = switch (m.group(1)) {
            case "==" -> Condition.Operator.EQ;
            case "!=" -> Condition.Operator.NE;
            case "<" -> Condition.Operator.LT;
            case "<=" -> Condition.Operator.LE;
            case ">" -> Condition.Operator.GT;
            default -> Condition.Operator.GE;
        };
        return new NumberCondition(text.trim(), op, Double.parseDouble(m.group(2)));
    }

    public boolean holds(double v) {
        return operator.compare(v, value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s", text);
    }
}
