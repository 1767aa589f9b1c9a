package dev.caretaker.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The JSON columns of the history as the store keeps them: a measurement's labels and a finding's evidence. */
final class StoredJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredJson() {
    }

    /** Labels, sorted by name. */
    static Map<String, String> labels(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable labels in the store: " + json, e);
        }
    }

    /** Evidence, in the order it was written. */
    static Map<String, Object> evidence(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable evidence in the store: " + json, e);
        }
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
