package dev.caretaker.check;

import dev.caretaker.config.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something a check found. {@code code} is a stable identifier ({@code postgres.orphan_rows}); {@code subject}
 * is what it is about ({@code invoices.client_id}). Evidence is bounded so a report stays readable.
 */
public record Finding(String code, Severity severity, String subject, String message, Map<String, Object> evidence) {
    /** The findings that mean a check's target cannot be reached at all: everything else of it is unjudged. */
    public static final java.util.Set<String> UNAVAILABLE = java.util.Set.of("postgres.unreachable", "http.down");
    /** A provider's own status page reports an outage: the checks that name it in {@code upstream:} wait on it. */
    public static final String PROVIDER_OUTAGE = "upstream.outage";
    public static final int MAX_EVIDENCE_ENTRIES = 20;
    public static final int MAX_EVIDENCE_TEXT = 500;
    public static final int MAX_EVIDENCE_LIST = 10;

    public Finding {
        evidence = bound(evidence);
    }

    public static Finding of(String code, Severity severity, String subject, String message) {
        return new Finding(code, severity, subject, message, Map.of());
    }

    private static Map<String, Object> bound(Map<String, Object> evidence) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : evidence.entrySet()) {
            if (out.size() == MAX_EVIDENCE_ENTRIES) {
                break;
            }
            out.put(e.getKey(), boundValue(e.getValue()));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Object boundValue(Object v) {
        if (v instanceof String s) {
            return s.length() > MAX_EVIDENCE_TEXT ? s.substring(0, MAX_EVIDENCE_TEXT) + "…" : s;
        }
        if (v instanceof List<?> list) {
            return list.stream().limit(MAX_EVIDENCE_LIST).map(Finding::boundValue).toList();
        }
        return v;
    }
}
