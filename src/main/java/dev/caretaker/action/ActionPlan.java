package dev.caretaker.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.caretaker.config.Secrets;
import dev.caretaker.store.SigningKey;
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
 * Exactly what an action will do for one subject: where it goes ({@code target}: host, port, database and user of its
 * session), the statement (or request) and the values bound to it. An approval is bound to the HMAC of this plan taken
 * before any masking, the target's password ({@code pinned}) included, so approving runs what was shown, there and as that
 * user, and nothing else; what people see has the secrets masked and the password left out.
 */
public record ActionPlan(String action, String type, String database, String subject, String statement, List<Param> parameters,
                         Map<String, Object> settings, long maxRows, Map<String, Object> target, Map<String, String> pinned) {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** A bound value, named as in the action ({@code :subject}, {@code :pid}). */
    public record Param(String name, String value) {
    }

    public ActionPlan {
        parameters = List.copyOf(parameters);
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
        target = java.util.Collections.unmodifiableMap(new TreeMap<>(target));
        pinned = java.util.Collections.unmodifiableMap(new TreeMap<>(pinned));
    }

    /** A plan as a kind makes it; the stage adds the target. */
    public ActionPlan(String action, String type, String database, String subject, String statement, List<Param> parameters,
                      Map<String, Object> settings, long maxRows) {
        this(action, type, database, subject, statement, parameters, settings, maxRows, Map.of(), Map.of());
    }

    /** This plan bound to where it runs: {@code shown} to people, {@code pinned} only in the hash. */
    public ActionPlan withTarget(Map<String, Object> shown, Map<String, String> pinned) {
        return new ActionPlan(action, type, database, subject, statement, parameters, settings, maxRows, shown, pinned);
    }

    /** The plan as stable JSON (keys sorted), secrets masked: what an approver sees. */
    public String canonical(Secrets secrets) {
        return secrets.redact(unmasked());
    }

    /** The HMAC under {@code key} of the plan before masking, the pinned values included: what an approval is bound to. */
    public String hash(SigningKey key) {
        try {
            return key.mac(unmasked() + "\n" + JSON.writeValueAsString(pinned));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String unmasked() {
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
        if (!target.isEmpty()) {
            m.put("target", target);
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For people: the target, the statement and each bound value on its own line, secrets masked. */
    public String display(Secrets secrets) {
        StringBuilder out = new StringBuilder();
        if (!target.isEmpty()) {
            String port = String.valueOf(target.get("port"));
            out.append("on ").append(target.get("user")).append('@').append(target.get("host")).append(port.isEmpty() ? "" : ":" + port)
                    .append('/').append(target.get("database")).append(": ");
        }
        out.append(statement);
        for (Param p : parameters) {
            out.append("\n  :").append(p.name()).append(" = ").append(p.value());
        }
        Map<String, Object> shown = new LinkedHashMap<>(settings);
        shown.forEach((k, v) -> out.append("\n  ").append(k).append(": ").append(v));
        return secrets.redact(out.toString());
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
