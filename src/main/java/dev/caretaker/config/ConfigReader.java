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
import java.util.regex.Pattern;

/**
 * Reads typed values out of config nodes. Every problem is recorded with its place and reading goes
 * on, so one validation run reports everything that is wrong at once.
 */
final class ConfigReader {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, String> environment;
    private final Secrets secrets;
    private final java.nio.file.Path baseDir;

    ConfigReader(Map<String, String> environment, Secrets secrets, java.nio.file.Path baseDir) {
        this.environment = environment;
        this.secrets = secrets;
        this.baseDir = baseDir;
    }

    /** The folder relative paths of the config are read against: the config file's own. */
    java.nio.file.Path baseDir() {
        return baseDir;
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

    /** A duration between {@code min} and {@code max}; out of range is a problem naming the range. */
    Duration duration(Map<String, ConfigNode> map, String key, Duration fallback, Duration min, Duration max) {
        return parsed(map, key, s -> {
            Duration d = Units.parseDuration(s);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(Units.formatDuration(d) + " is out of range: write " + Units.formatDuration(min)
                        + " to " + Units.formatDuration(max));
            }
            return d;
        }).orElse(fallback);
    }

    /** A path; relative paths are relative to the config file, not to the working directory. */
    Optional<java.nio.file.Path> path(Map<String, ConfigNode> map, String key) {
        return parsed(map, key, s -> {
            java.nio.file.Path p = java.nio.file.Path.of(s.trim());
            return p.isAbsolute() ? p.normalize() : baseDir.resolve(p).normalize();
        });
    }

    /** A URL of one of {@code schemes} with a host, or a problem that shows how to write one. */
    Optional<java.net.URI> url(Map<String, ConfigNode> map, String key, List<String> schemes, String example) {
        return parsed(map, key, s -> Urls.parse(s, schemes, example));
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
                throw new IllegalArgumentException(v + " is out of range: write " + min + " to " + max);
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
     * Replaces {@code ${VAR}} and {@code ${VAR:-default}} (a default may itself hold {@code ${OTHER}}); {@code $$} is a
     * literal dollar. Null when a variable is missing (reported here), so the value is not judged again by later checks.
     */
    private String interpolate(ConfigNode n, String key) {
        return interpolate(n, key, Splice.VALUE);
    }

    /** What a {@code ${VAR}} becomes in the text: its value, or (in a shell line) a reference to it. */
    @FunctionalInterface
    interface Splice {
        Splice VALUE = (name, value, before) -> value;

        String splice(String name, String value, CharSequence before);
    }

    /** A shell command line with its {@code ${VAR}}s as quoted references to environment variables holding their values. */
    Optional<ShellLine> shellLine(Map<String, ConfigNode> map, String key) {
        ConfigNode n = map.get(key);
        if (n == null || n.isNull() || !n.isScalar()) {
            return Optional.empty();
        }
        ShellLine.Splicer splicer = new ShellLine.Splicer();
        String line = interpolate(n, key, splicer);
        return line == null ? Optional.empty() : Optional.of(new ShellLine(line, Map.copyOf(splicer.variables)));
    }

    private String interpolate(ConfigNode n, String key, Splice splice) {
        boolean[] missing = {false};
        String value = expand(n.scalar(), n, missing, splice);
        if (missing[0]) {
            return null;
        }
        if (Secrets.looksSecret(key)) {
            secrets.add(value);
        }
        return value;
    }

    private String expand(String raw, ConfigNode n, boolean[] missing, Splice splice) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$$", i)) {
                out.append('$');
                i += 2;
                continue;
            }
            int close = raw.startsWith("${", i) ? closingBrace(raw, i + 2) : -1;
            if (close < 0) {
                out.append(raw.charAt(i++));
                continue;
            }
            String inner = raw.substring(i + 2, close);
            int dash = inner.indexOf(":-");
            String name = dash < 0 ? inner : inner.substring(0, dash);
            if (!VARIABLE_NAME.matcher(name).matches()) {
                out.append(raw, i, close + 1); // not a variable: kept as written
                i = close + 1;
                continue;
            }
            String value = environment.get(name);
            if (value == null || value.isEmpty() && dash >= 0) {
                value = dash >= 0 ? expand(inner.substring(dash + 2), n, missing, Splice.VALUE) : null;
            }
            if (value == null) {
                problem(n, "environment variable " + name + " is not set (used by '" + n.path() + "'); set it, or write ${" + name + ":-default}");
                missing[0] = true;
                value = "";
            }
            if (Secrets.looksSecret(name)) {
                secrets.add(value);
            }
            out.append(splice.splice(name, value, out));
            i = close + 1;
        }
        return out.toString();
    }

    /** The index of the brace that closes a {@code ${} opened just before {@code from}, minding nested ones; -1 if none. */
    private static int closingBrace(String s, int from) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            if (s.startsWith("${", i)) {
                depth++;
                i++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
