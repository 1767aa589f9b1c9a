package dev.caretaker.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kinds of checks, actions, channels and ticket systems a config may name; the engine supplies the full set. */
public record Kinds(Map<String, CheckType> checks, Map<String, ActionType> actions, Map<String, ChannelType> channels,
                    Map<String, TicketType> tickets) {
    public static final Kinds NONE = new Kinds(Map.of(), Map.of(), Map.of(), Map.of());

    public static Kinds of(List<? extends CheckType> checks, List<? extends ActionType> actions, List<? extends ChannelType> channels,
                           List<? extends TicketType> tickets) {
        Map<String, CheckType> k = new LinkedHashMap<>();
        checks.forEach(x -> k.put(x.name(), x));
        Map<String, ActionType> a = new LinkedHashMap<>();
        actions.forEach(x -> a.put(x.name(), x));
        Map<String, ChannelType> c = new LinkedHashMap<>();
        channels.forEach(x -> c.put(x.name(), x));
        Map<String, TicketType> t = new LinkedHashMap<>();
        tickets.forEach(x -> t.put(x.name(), x));
        return new Kinds(Collections.unmodifiableMap(k), Collections.unmodifiableMap(a), Collections.unmodifiableMap(c),
                Collections.unmodifiableMap(t));
    }

    /** These kinds and one more kind of check, listed last (a kind of one's own, or a test's). */
    public Kinds withCheck(CheckType extra) {
        Map<String, CheckType> k = new LinkedHashMap<>(checks);
        if (k.putIfAbsent(extra.name(), extra) != null) {
            throw new IllegalArgumentException("a kind of check named '" + extra.name() + "' is already known");
        }
        return new Kinds(Collections.unmodifiableMap(k), actions, channels, tickets);
    }
}
