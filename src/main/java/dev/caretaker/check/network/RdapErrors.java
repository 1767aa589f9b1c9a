package dev.caretaker.check.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** An RDAP error response's words (RFC 9083 §6: {@code errorCode}, {@code title}, {@code description}), for a check's unknown. */
final class RdapErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RdapErrors() {
    }

    /** ": TITLE: DESCRIPTION" from the body, or "" when it is not an RDAP error. */
    static String describe(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                return "";
            }
            StringBuilder b = new StringBuilder();
            if (n.hasNonNull("title")) {
                b.append(": ").append(n.get("title").asText());
            }
            for (JsonNode d : n.path("description")) {
                b.append(b.length() == 0 ? ": " : "; ").append(d.asText());
            }
            String s = b.toString();
            return s.length() > 300 ? s.substring(0, 300) + "…" : s;
        } catch (IOException e) {
            return "";
        }
    }
}
