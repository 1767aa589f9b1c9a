package dev.caretaker.check.network;

import dev.caretaker.config.Condition;
import dev.caretaker.config.Section;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The part of the http check's conditions language a network check takes: {@code latency < 200ms}, {@code cert_expiry > 14d}. */
final class NetworkConditions {
    private NetworkConditions() {
    }

    /** The {@code expect} list of {@code s}, each condition one of {@code allowed} subjects; anything else is a problem at its item. */
    static List<Condition> read(Section s, String type, Set<Condition.Subject> allowed) {
        return s.items("expect", text -> {
            Condition c = Condition.parse(text);
            if (!allowed.contains(c.subject())) {
                throw new IllegalArgumentException("condition '" + text + "': a check of type " + type + " takes only "
                        + allowed.stream().map(x -> x.name().toLowerCase()).collect(Collectors.joining(" and "))
                        + " conditions, e.g. " + allowed.stream().map(NetworkConditions::example).collect(Collectors.joining(", ")));
            }
            return c;
        });
    }

    private static String example(Condition.Subject s) {
        return s == Condition.Subject.LATENCY ? "'latency < 200ms'" : "'cert_expiry > 30d'";
    }

    static final Set<Condition.Subject> LATENCY_AND_CERT = EnumSet.of(Condition.Subject.LATENCY, Condition.Subject.CERT_EXPIRY);

    static Optional<Condition> about(List<Condition> expect, Condition.Subject subject) {
        return expect.stream().filter(c -> c.subject() == subject).reduce((a, b) -> b);
    }
}
