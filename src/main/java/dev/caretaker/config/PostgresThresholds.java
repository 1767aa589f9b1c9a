package dev.caretaker.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** The thresholds one {@code postgres} check uses: the defaults of {@link Threshold#POSTGRES} with the config's overrides. */
public final class PostgresThresholds {
    private final Map<String, Object> values;

    public PostgresThresholds(Map<String, Object> overrides) {
        Map<String, Object> v = new HashMap<>();
        for (Threshold t : Threshold.POSTGRES) {
            if (!t.defaultValue().isEmpty()) {
                v.put(t.id(), t.parse(t.defaultValue()));
            }
        }
        v.putAll(overrides);
        this.values = Map.copyOf(v);
    }

    /** The value of {@code id} as its kind parsed it: a Double percentage, a Duration, or a Long count or size. */
    public Object value(String id) {
        return require(id);
    }

    public double percent(String id) {
        return (Double) require(id);
    }

    public Duration duration(String id) {
        return (Duration) require(id);
    }

    public long count(String id) {
        return (Long) require(id);
    }

    public long size(String id) {
        return (Long) require(id);
    }

    public OptionalLong optionalSize(String id) {
        Object v = values.get(id);
        return v == null ? OptionalLong.empty() : OptionalLong.of((Long) v);
    }

    private Object require(String id) {
        Object v = values.get(id);
        if (v == null) {
            throw new IllegalArgumentException("no value for threshold " + id);
        }
        return v;
    }
}
