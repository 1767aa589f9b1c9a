package dev.caretaker.check.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** An RDAP error response's words (RFC 9083 §6: {@code errorCode}, {@code title}, {@code description}), for a check's unknown. */
final class RdapErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RdapErrors() {
    }

    /** ": TITLE: DESCRIPTION" (its lines joined) from the body, or "" when it is not an RDAP error. */
    static String describe(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                return "";
            }
            List<String> lines = new ArrayList<>();
            n.path("description").forEach(d -> lines.add(d.asText()));
            String title = n.path("title").asText("");
            String words = String.join(" ", lines);
            StringBuilder b = new StringBuilder();
            if (!title.isEmpty() || !words.isEmpty()) {
                b.append(": ").append(title).append(!title.isEmpty() && !words.isEmpty() ? ": " : "").append(words);
            }
            String s = b.toString();
            return s.length() > 300 ? s.substring(0, 300) + "…" : s;
        } catch (IOException e) {
            return "";
        }
    }
}
