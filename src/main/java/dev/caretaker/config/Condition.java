package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An expectation of an HTTP check, read like a sentence: {@code status == 200}, {@code latency < 2s},
 * {@code cert_expiry > 14d}, {@code body contains "ok"}, {@code json.status == "ok"}.
 */
public record Condition(String text, Subject subject, String jsonPath, Operator operator, String expected) {

    public enum Subject { STATUS, LATENCY, CERT_EXPIRY, BODY, JSON }

    public enum Operator {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), CONTAINS("contains"), NOT_CONTAINS("not contains");

        public final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public boolean compare(double left, double right) {
            return switch (this) {
                case EQ -> left == right;
                case NE -> left != right;
                case LT -> left < right;
                case LE -> left <= right;
                case GT -> left > right;
                case GE -> left >= right;
                default -> false;
            };
        }
    }

    private static final Pattern FORM = Pattern.compile(
            "\\s*(status|latency|cert_expiry|body|json((?:\\.[A-Za-z0-9_\\-]+|\\[\\d+])+))\\s*(==|!=|<=|>=|<|>|not contains|contains)\\s*(.+?)\\s*");
    public static final List<String> SUBJECTS = List.of("status", "latency", "cert_expiry", "body", "json.<path>");
    /** A known subject followed by something that is not an operator, e.g. {@code status = 200}. */
    private static final Pattern SUBJECT_THEN_OPERATOR = Pattern.compile(
            "\\s*(status|latency|cert_expiry|body|json(?:(?:\\.[A-Za-z0-9_\\-]+|\\[\\d+])+))\\s*([=<>!~:]+|[a-z_]+)\\s*.*");
    public static final List<String> OPERATORS = List.of("==", "!=", "<", "<=", ">", ">=", "contains", "not contains");

    public static Condition parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            Matcher s = SUBJECT_THEN_OPERATOR.matcher(text);
            if (s.matches()) {
                String op = s.group(2);
                throw new IllegalArgumentException("cannot read condition '" + text + "': '" + op + "' is not an operator"
                        + Suggestions.didYouMean(op, OPERATORS) + "; operators: " + String.join(" ", OPERATORS));
            }
            String first = text.trim().split("[\\s=<>!]", 2)[0];
            throw new IllegalArgumentException("cannot read condition '" + text + "': write SUBJECT OPERATOR VALUE with SUBJECT one of "
                    + String.join(", ", SUBJECTS) + Suggestions.didYouMean(first, List.of("status", "latency", "cert_expiry", "body", "json")));
        }
        String subjectText = m.group(1);
        Subject subject = subjectText.startsWith("json") ? Subject.JSON : Subject.valueOf(subjectText.toUpperCase());
        String path = subject == Subject.JSON ? m.group(2).substring(1) : null;
        Operator op = switch (m.group(3)) {
            case "==" -> Operator.EQ;
            case "!=" -> Operator.NE;
            case "<" -> Operator.LT;
            case "<=" -> Operator.LE;
            case ">" -> Operator.GT;
            case ">=" -> Operator.GE;
            case "contains" -> Operator.CONTAINS;
            default -> Operator.NOT_CONTAINS;
        };
        String value = unquote(m.group(4));
        Condition c = new Condition(text.trim(), subject, path, op, value);
        c.validate();
        return c;
    }

    private void validate() {
        boolean textual = operator == Operator.CONTAINS || operator == Operator.NOT_CONTAINS;
        switch (subject) {
            case STATUS -> {
                requireNumericOperator(textual);
                try {
                    Integer.parseInt(expected);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("condition '" + text + "': a status is a number such as 200");
                }
            }
            case LATENCY, CERT_EXPIRY -> {
                requireNumericOperator(textual);
                Units.parseDuration(expected);
            }
            case BODY -> {
                if (!textual && operator != Operator.EQ && operator != Operator.NE) {
                    throw new IllegalArgumentException("condition '" + text + "': body takes contains, not contains, == or !=");
                }
            }
            case JSON -> {
            }
        }
    }

    private void requireNumericOperator(boolean textual) {
        if (textual) {
            throw new IllegalArgumentException("condition '" + text + "': " + subject.name().toLowerCase() + " takes ==, !=, <, <=, > or >=");
        }
    }

    /** The duration operand of a latency or cert_expiry condition. */
    public Duration expectedDuration() {
        return Units.parseDuration(expected);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
