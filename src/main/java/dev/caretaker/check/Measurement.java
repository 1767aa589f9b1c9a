package dev.caretaker.check;

import java.util.Map;

/** One number a check observed, e.g. {@code http.latency_ms{check="crm-api"} 312}. */
public record Measurement(String metric, Map<String, String> labels, double value) {
    public Measurement {
        labels = Map.copyOf(labels);
    }

    public static Measurement of(String metric, double value, String... labelPairs) {
        java.util.Map<String, String> l = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            l.put(labelPairs[i], labelPairs[i + 1]);
        }
        return new Measurement(metric, l, value);
    }
}
