package dev.caretaker.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An expectation of a DNS check, read like the http check's: {@code answer contains mx1.example.com},
 * {@code answer == "192.0.2.1, 192.0.2.2"} (the whole set of answers, in any order), {@code count >= 2},
 * {@code latency < 200ms}. Answers are compared as written in the README (an MX as {@code 10 mx1.example.com}), without
 * case or trailing dot.
 */
public record DnsCondition(String text, Subject subject, Condition.Operator operator, String expected) {
    public enum Subject { ANSWER, COUNT, LATENCY }

    private static final Pattern FORM = Pattern.compile(
            "\\s*(answer|count|latency)\\s+(==|!=|<=|>=|<|>|not contains|contains)\\s+(.+?)\\s*"
                    + "|\\s*(answer|count|latency)\\s*(==|!=|<=|>=|<|>)\\s*(.+?)\\s*");
    public static final List<String> FORMS = List.of("answer contains VALUE", "answer not contains VALUE", "answer == VALUE[, VALUE…]",
            "answer != VALUE[, VALUE…]", "count >= N", "latency < 200ms");

    public static DnsCondition parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read condition '" + text + "': write one of " + String.join(", ", FORMS));
        }
        boolean spaced = m.group(1) != null;
        String subjectText = spaced ? m.group(1) : m.group(4);
        String op = spaced ? m.group(2) : m.group(5);
        String value = unquote(spaced ? m.group(3) : m.group(6));
        Subject subject = Subject.valueOf(subjectText.toUpperCase(Locale.ROOT));
        Condition.Operator operator = Arrays.stream(Condition.Operator.values()).filter(o -> o.symbol.equals(op)).findFirst().orElseThrow();
        boolean textual = operator == Condition.Operator.CONTAINS || operator == Condition.Operator.NOT_CONTAINS;
        switch (subject) {
            case ANSWER -> {
                if (!textual && operator != Condition.Operator.EQ && operator != Condition.Operator.NE) {
                    throw new IllegalArgumentException("condition '" + text + "': answer takes contains, not contains, == or !=");
                }
            }
            case COUNT -> {
                if (textual || !value.matches("\\d{1,4}")) {
                    throw new IllegalArgumentException("condition '" + text + "': count takes ==, !=, <, <=, > or >= and a number, "
                            + "e.g. count >= 2");
                }
            }
            case LATENCY -> {
                if (textual) {
                    throw new IllegalArgumentException("condition '" + text + "': latency takes ==, !=, <, <=, > or >=, "
                            + "e.g. latency < 200ms");
                }
                Units.parseDuration(value);
            }
        }
        return new DnsCondition(text.trim(), subject, operator, value);
    }

    /** Whether the answers (as written, e.g. {@code 10 mx1.example.com}) and the time to them meet this condition. */
    public boolean holds(List<String> answers, Duration latency) {
        return switch (subject) {
            case COUNT -> operator.compare(answers.size(), Integer.parseInt(expected));
            case LATENCY -> operator.compare(latency.toMillis(), Units.parseDuration(expected).toMillis());
            case ANSWER -> {
                Set<String> got = answers.stream().map(DnsCondition::normal).collect(Collectors.toCollection(TreeSet::new));
                String want = normal(expected);
                yield switch (operator) {
                    case CONTAINS -> got.stream().anyMatch(a -> a.contains(want));
                    case NOT_CONTAINS -> got.stream().noneMatch(a -> a.contains(want));
                    case EQ -> got.equals(set(expected));
                    default -> !got.equals(set(expected));
                };
            }
        };
    }

    private static Set<String> set(String list) {
        return Arrays.stream(list.split(",")).map(DnsCondition::normal).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Lower case, single spaces, no trailing dot on a name. */
    static String normal(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
