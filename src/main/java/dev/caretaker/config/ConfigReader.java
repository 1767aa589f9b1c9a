package dev.caretaker.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of config nodes. Every problem is recorded with its place and reading goes
 * on, so one validation run reports everything that is wrong at once.
 */
final class ConfigReader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, String> environment;
    private final Secrets secrets;

    ConfigReader(Map<String, String> environment, Secrets secrets) {
        this.environment = environment;
        this.secrets = secrets;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    Secrets secrets() {
        return secrets;
    }

    void problem(ConfigNode at, String message) {
        problems.add(at.problem(message));
    }

    /** The entries of a map node; reports a non-map and every key not in {@code allowed}, with a did-you-mean. */
    Map<String, ConfigNode> map(ConfigNode node, Collection<String> allowed) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isMap()) {
            problem(node, "'" + node.path() + "' must be a map of keys, not " + node.kind());
            return Map.of();
        }
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : entries(node)) {
            if (allowed != null && !allowed.contains(e.name())) {
                String where = node.path().isEmpty() ? "at the top level" : "in '" + node.path() + "'";
                problem(e.key(), "unknown key '" + e.name() + "' " + where
                        + Suggestions.didYouMean(e.name(), allowed) + "; allowed: " + String.join(", ", allowed));
                continue;
            }
            out.put(e.name(), e.value());
        }
        return out;
    }

    /** A map whose keys are names chosen by the user (databases, checks, suites): no key check. */
    Map<String, ConfigNode> namedEntries(ConfigNode node) {
        return map(node, null);
    }

    /** Entries of a map of user-chosen names, with key nodes; a repeated name is reported and the first kept. */
    List<ConfigNode.Entry> namedEntriesWithKeys(ConfigNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isMap()) {
            problem(node, "'" + node.path() + "' must be a map of names, not " + node.kind());
            return List.of();
        }
        return entries(node);
    }

    private List<ConfigNode.Entry> entries(ConfigNode node) {
        List<ConfigNode.Entry> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (ConfigNode.Entry e : node.entryList()) {
            if (!seen.add(e.name())) {
                problem(e.key(), "'" + e.key().path() + "' is written twice; keep one");
                continue;
            }
            out.add(e);
        }
        return out;
    }

    List<ConfigNode> list(ConfigNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isList()) {
            problem(node, "'" + node.path() + "' must be a list, not " + node.kind());
            return List.of();
        }
        return node.items();
    }

    Optional<String> string(Map<String, ConfigNode> map, String key) {
        ConfigNode n = map.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isScalar()) {
            problem(n, "'" + n.path() + "' must be a single value, not " + n.kind());
            return Optional.empty();
        }
        return Optional.ofNullable(interpolate(n, key));
    }

    String string(Map<String, ConfigNode> map, String key, String fallback) {
        return string(map, key).orElse(fallback);
    }

    Optional<String> requiredString(Map<String, ConfigNode> map, String key, ConfigNode owner) {
        Optional<String> v = string(map, key);
        if (v.isEmpty() && !map.containsKey(key)) {
            problem(owner, "'" + owner.path() + "' needs '" + key + "'");
        }
        return v;
    }

    /** A scalar of a list or map value, interpolated. */
    String scalar(ConfigNode n, String keyForSecrets) {
        if (!n.isScalar()) {
            problem(n, "'" + n.path() + "' must be a single value, not " + n.kind());
            return null;
        }
        return interpolate(n, keyForSecrets);
    }

    <T> Optional<T> parsed(Map<String, ConfigNode> map, String key, Function<String, T> parser) {
        ConfigNode n = map.get(key);
        Optional<String> s = string(map, key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(s.get()));
        } catch (IllegalArgumentException e) {
            problem(n, "'" + n.path() + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    Duration duration(Map<String, ConfigNode> map, String key, Duration fallback) {
        return parsed(map, key, Units::parseDuration).orElse(fallback);
    }

    boolean bool(Map<String, ConfigNode> map, String key, boolean fallback) {
        return parsed(map, key, s -> switch (s.toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is not true or false");
        }).orElse(fallback);
    }

    int integer(Map<String, ConfigNode> map, String key, int fallback, int min, int max) {
        return parsed(map, key, s -> {
            int v;
            try {
                v = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a whole number");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException(v + " is out of range " + min + ".." + max);
            }
            return v;
        }).orElse(fallback);
    }

    List<String> stringList(Map<String, ConfigNode> map, String key) {
        ConfigNode n = map.get(key);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (n.isScalar()) {
            String v = interpolate(n, key);
            return v == null ? List.of() : List.of(v);
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode item : list(n)) {
            String s = scalar(item, key);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    void oneOf(Map<String, ConfigNode> map, String key, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            problem(map.get(key), "'" + map.get(key).path() + "' is '" + value + "'" + Suggestions.didYouMean(value, allowed)
                    + "; allowed: " + String.join(", ", allowed));
        }
    }

    /**
     * Replaces {@code ${VAR}} and {@code ${VAR:-default}}; {@code $$} is a literal dollar. Null when a variable
     * is missing (reported here), so the value is not judged again by later checks.
     */
    private String interpolate(ConfigNode n, String key) {
        String raw = n.scalar();
        Matcher m = VARIABLE.matcher(raw);
        StringBuilder out = new StringBuilder();
        boolean secret = Secrets.looksSecret(key);
        boolean missing = false;
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = m.group(1);
                String value = environment.get(name);
                if (value == null || (value.isEmpty() && m.group(2) != null)) {
                    value = m.group(2);
                }
                if (value == null) {
                    problem(n, "environment variable " + name + " is not set (used by '" + n.path()
                            + "'); set it, or write ${" + name + ":-default}");
                    value = "";
                    missing = true;
                }
                if (Secrets.looksSecret(name)) {
                    secrets.add(value);
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        if (missing) {
            return null;
        }
        String value = out.toString();
        if (secret) {
            secrets.add(value);
        }
        return value;
    }
}
