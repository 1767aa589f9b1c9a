package dev.caretaker.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.caretaker.config.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exactly what an action will do for one subject: the statement (or request) and the values bound to it. An
 * approval is bound to the hash of this plan, secrets masked, so approving runs what was shown and nothing else.
 */
public record ActionPlan(String action, String type, String database, String subject, String statement, List<Param> parameters,
                         Map<String, Object> settings, long maxRows) {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** A bound value, named as in the action ({@code :subject}, {@code :pid}). */
    public record Param(String name, String value) {
    }

    public ActionPlan {
        parameters = List.copyOf(parameters);
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** The plan as stable JSON (keys sorted), secrets masked: what an approver sees and what the hash covers. */
    public String canonical(Secrets secrets) {
        Map<String, Object> m = new TreeMap<>();
        m.put("action", action);
        m.put("type", type);
        m.put("database", database);
        m.put("subject", subject);
        m.put("statement", statement);
        List<List<String>> params = new ArrayList<>();
        parameters.forEach(p -> params.add(List.of(p.name(), p.value())));
        m.put("parameters", params);
        m.put("settings", settings);
        m.put("max_rows", maxRows);
        try {
            return secrets.redact(JSON.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of {@link #canonical}, hex. */
    public String hash(Secrets secrets) {
        return sha256(canonical(secrets));
    }

    /** For people: the statement and each bound value on its own line, secrets masked. */
    public String display(Secrets secrets) {
        StringBuilder out = new StringBuilder(statement);
        for (Param p : parameters) {
            out.append("\n  :").append(p.name()).append(" = ").append(p.value());
        }
        Map<String, Object> shown = new LinkedHashMap<>(settings);
        shown.forEach((k, v) -> out.append("\n  ").append(k).append(": ").append(v));
        return secrets.redact(out.toString());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
