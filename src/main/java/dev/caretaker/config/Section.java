package dev.caretaker.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One map of a config as a check type, action type, channel type or ticket provider reads its own keys: typed values, with
 * every problem recorded at the place it is written ({@code FILE:LINE:COL}) and reading going on, so one validation reports
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

    /** The key path of {@code key} in this map, e.g. {@code checks.app-db.database}. */
    public String keyPath(String key) {
        ConfigNode n = keys.get(key);
        return n != null ? n.path() : node.path().isEmpty() ? key : node.path() + "." + key;
    }

    public boolean has(String key) {
        return keys.containsKey(key);
    }

    /** The keys written in this map, in file order. */
    public List<String> names() {
        return List.copyOf(keys.keySet());
    }

    /** Whether the value of {@code key} is a single value (not a list, a map or empty). */
    public boolean isScalar(String key) {
        return keys.containsKey(key) && keys.get(key).isScalar();
    }

    /** Whether the value of {@code key} is a list (e.g. workflow names, where a map would give each its schedule). */
    public boolean isList(String key) {
        return keys.containsKey(key) && keys.get(key).isList();
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

    /** The single value under {@code key} (a header's, a variable's); a list, a map or nothing written there is a problem. */
    public String scalar(String key) {
        ConfigNode n = keys.get(key);
        return n == null ? null : r.scalar(n, key);
    }

    /** A value read by {@code parser}; its {@link IllegalArgumentException} becomes a problem at the key. */
    public <T> Optional<T> parsed(String key, Function<String, T> parser) {
        return r.parsed(keys, key, parser);
    }

    /** A list of values each read by {@code parser}; a bad one is a problem at that item, in the parser's words. */
    public <T> List<T> items(String key, Function<String, T> parser) {
        List<T> out = new ArrayList<>();
        for (ConfigNode item : r.list(keys.get(key))) {
            String s = r.scalar(item, key);
            if (s == null) {
                continue;
            }
            try {
                out.add(parser.apply(s));
            } catch (IllegalArgumentException e) {
                r.problem(item, e.getMessage());
            }
        }
        return out;
    }

    /** The map under {@code key}, whose keys must be among {@code allowed} (a did-you-mean for the others). */
    public Section section(String key, Collection<String> allowed) {
        return new Section(r, keys.getOrDefault(key, node), r.map(keys.get(key), allowed));
    }

    /** The map under {@code key} whose keys are names the user chooses (jobs, tables, variables): no key check. */
    public Section named(String key) {
        Map<String, ConfigNode> m = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(keys.get(key))) {
            m.put(e.name(), e.value());
        }
        return new Section(r, keys.getOrDefault(key, node), m);
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

    /** A shell command line under {@code key}, its {@code ${VAR}}s as quoted references (see {@link ShellLine}); empty when missing. */
    public Optional<ShellLine> shellLine(String key) {
        return r.shellLine(keys, key);
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

    /** A URL of one of {@code schemes} with a host, or a problem that shows {@code example}. */
    public Optional<URI> url(String key, List<String> schemes, String example) {
        return r.url(keys, key, schemes, example);
    }

    /** Records a problem at the key when {@code value} is not one of {@code allowed}. */
    public void oneOf(String key, String value, Set<String> allowed) {
        r.oneOf(keys, key, value, allowed);
    }

    /** The folder relative paths are read against: the config file's own. */
    public Path baseDir() {
        return r.baseDir();
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

    /** Records a problem at this map as a whole (something missing, two keys that exclude each other). */
    public void problem(String message) {
        r.problem(node, message);
    }

    /** Records a value that must never be shown (a token, a password). */
    public void secret(String value) {
        r.secrets().add(value);
    }
}
