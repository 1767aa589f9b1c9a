package dev.caretaker.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One map of a config as an action type, channel type or ticket provider reads its own keys: typed values, with every
 * problem recorded at the place it is written ({@code FILE:LINE:COL}) and reading going on, so one validation reports
 * everything at once.
 */
public final class Section {
    private final ConfigReader r;
    private final ConfigNode node;
    private final Map<String, ConfigNode> keys;

    Section(ConfigReader r, ConfigNode node, Map<String, ConfigNode> keys) {
        this.r = r;
        this.node = node;
        this.keys = keys;
    }

    /** The key path of this map, e.g. {@code actions.vacuum-bloated-tables}. */
    public String path() {
        return node.path();
    }

    public boolean has(String key) {
        return keys.containsKey(key);
    }

    public Optional<String> string(String key) {
        return r.string(keys, key);
    }

    public String string(String key, String fallback) {
        return r.string(keys, key, fallback);
    }

    /** A value that must be there; its absence is a problem at this map. */
    public Optional<String> required(String key) {
        return r.requiredString(keys, key, node);
    }

    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        return r.duration(keys, key, fallback, min, max);
    }

    public int integer(String key, int fallback, int min, int max) {
        return r.integer(keys, key, fallback, min, max);
    }

    public boolean bool(String key, boolean fallback) {
        return r.bool(keys, key, fallback);
    }

    public List<String> strings(String key) {
        return r.stringList(keys, key);
    }

    /** Request headers; every value is treated as a secret. */
    public Map<String, String> headers(String key) {
        return new AlertingSection(r).headers(keys.get(key));
    }

    /** An http:// or https:// URL. */
    public Optional<URI> httpUrl(String key) {
        return r.url(keys, key, List.of("http", "https"), "https://host/path");
    }

    public Optional<Path> path(String key) {
        return r.path(keys, key);
    }

    /** A table or column name (letters, digits and _, optionally schema.name); anything else is a problem. */
    public String identifier(String key, String fallback) {
        String v = r.string(keys, key, fallback);
        if (v != null && !v.matches(ActionsSection.IDENTIFIER)) {
            problem(key, "'" + v + "' is not a table or column name (letters, digits and _, optionally schema.name)");
        }
        return v;
    }

    /** Records a problem at the key, or at this map when the key is not written. */
    public void problem(String key, String message) {
        r.problem(keys.getOrDefault(key, node), message);
    }

    /** Records a value that must never be shown (a token, a password). */
    public void secret(String value) {
        r.secrets().add(value);
    }
}
