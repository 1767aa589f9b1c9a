package dev.caretaker.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kinds of actions, channels and ticket systems a config may name; the engine supplies the full set. */
public record Kinds(Map<String, ActionType> actions, Map<String, ChannelType> channels, Map<String, TicketType> tickets) {
    public static final Kinds NONE = new Kinds(Map.of(), Map.of(), Map.of());

    public static Kinds of(List<? extends ActionType> actions, List<? extends ChannelType> channels, List<? extends TicketType> tickets) {
        Map<String, ActionType> a = new LinkedHashMap<>();
        actions.forEach(x -> a.put(x.name(), x));
        Map<String, ChannelType> c = new LinkedHashMap<>();
        channels.forEach(x -> c.put(x.name(), x));
        Map<String, TicketType> t = new LinkedHashMap<>();
        tickets.forEach(x -> t.put(x.name(), x));
        return new Kinds(java.util.Collections.unmodifiableMap(a), java.util.Collections.unmodifiableMap(c),
                java.util.Collections.unmodifiableMap(t));
    }
}
