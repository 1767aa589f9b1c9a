package dev.caretaker.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code caretaker.yml}: YAML, {@code ${ENV}} interpolation, defaults, and validation that reports
 * every problem as {@code FILE:LINE:COL: message}.
 */
public final class ConfigLoader {
    static final List<String> TOP_KEYS = List.of("system", "timezone", "store", "databases", "checks", "suites",
            "rules", "actions", "incidents", "notify", "tickets", "maintenance");
    /** Top-level keys of later pipeline stages: known, so not "unknown", but refused until this version can honour them. */
    static final Set<String> NOT_YET = Set.of("rules", "actions", "incidents", "notify", "tickets", "maintenance");
    static final List<String> STORE_KEYS = List.of("url", "user", "password", "home", "port");
    static final List<String> DATABASE_KEYS = List.of("url", "user", "password", "statement_timeout", "lock_timeout", "max_connections");
    static final List<String> CHECK_TYPES = List.of("postgres", "integrity", "http", "jobs", "errors", "security", "backup", "sql");
    static final Set<String> CHECK_TYPES_NOT_YET = Set.of("jobs", "errors", "security", "backup", "sql");
    static final List<String> POSTGRES_KEYS = List.of("type", "description", "database", "thresholds");
    static final List<String> INTEGRITY_KEYS = List.of("type", "description", "database", "orphans", "not_null", "discover");
    static final List<String> HTTP_KEYS = List.of("type", "description", "url", "method", "headers", "body", "timeout",
            "ca_file", "insecure", "expect");
    static final List<String> SUITE_KEYS = List.of("description", "schedule", "every", "checks", "report");
    static final List<String> REPORT_KEYS = List.of("format", "out");
    public static final List<String> REPORT_FORMATS = List.of("text", "json", "markdown", "html");
    static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public static CaretakerConfig load(Path file) {
        return new ConfigLoader(System.getenv()).read(file);
    }

    public CaretakerConfig read(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, "cannot read the config file: "
                    + (Files.exists(file) ? e.getMessage() : "no such file") + "; pass an existing file with -c")));
        }
        return parse(name, file, text);
    }

    public CaretakerConfig parse(String name, Path file, String text) {
        Node root;
        try (Reader reader = new java.io.StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported with their place by ConfigReader instead
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(List.of(new ConfigProblem(name, m == null ? 1 : m.getLine() + 1,
                    m == null ? 1 : m.getColumn() + 1, "YAML syntax: " + what)));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, e.getMessage())));
        }
        if (root == null) {
            throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, "the config file is empty; start from examples/invoicing/caretaker.yml")));
        }
        Secrets secrets = new Secrets();
        ConfigReader r = new ConfigReader(environment, secrets);
        CaretakerConfig config = bind(r, new ConfigNode(name, root, ""), file);
        if (!r.problems().isEmpty()) {
            throw new ConfigException(r.problems());
        }
        return config;
    }

    private CaretakerConfig bind(ConfigReader r, ConfigNode root, Path file) {
        Map<String, ConfigNode> top = r.map(root, TOP_KEYS);
        for (String key : NOT_YET) {
            if (top.containsKey(key)) {
                r.problem(top.get(key), "'" + key + "' is not supported by this version of Caretaker yet; remove it for now");
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        String system = r.string(top, "system", parent == null ? "caretaker" : parent.getFileName().toString());
        ZoneId zone = r.parsed(top, "timezone", z -> {
            try {
                return ZoneId.of(z);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + z + "' is not a time zone; write e.g. UTC or Europe/Berlin");
            }
        }).orElse(ZoneId.of(CaretakerConfig.DEFAULT_TIMEZONE));
        StoreConfig store = store(r, top.get("store"));
        Map<String, DatabaseConfig> databases = databases(r, top.get("databases"));
        Map<String, CheckConfig> checks = checks(r, top.get("checks"), databases.keySet());
        Map<String, SuiteConfig> suites = suites(r, top.get("suites"), checks.keySet());
        return new CaretakerConfig(file, system, zone, store, databases, checks, suites, r.secrets());
    }

    private StoreConfig store(ConfigReader r, ConfigNode node) {
        Map<String, ConfigNode> m = r.map(node, STORE_KEYS);
        Path home = r.string(m, "home").map(Path::of).orElse(StoreConfig.defaultHome(environment));
        int port = r.integer(m, "port", StoreConfig.DEFAULT_PORT, 0, 65535);
        Optional<String> url = r.string(m, "url");
        if (url.isPresent() && !looksLikePostgresUrl(url.get())) {
            r.problem(m.get("url"), "'store.url' must be a PostgreSQL URL (jdbc:postgresql://… or postgresql://…)");
        }
        return new StoreConfig(url, r.string(m, "user", null), r.string(m, "password", null), home, port);
    }

    private Map<String, DatabaseConfig> databases(ConfigReader r, ConfigNode node) {
        Map<String, DatabaseConfig> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            Map<String, ConfigNode> m = r.map(e.value(), DATABASE_KEYS);
            Optional<String> url = r.requiredString(m, "url", e.value());
            if (url.isPresent() && !url.get().startsWith(DatabaseConfig.EMBEDDED_PREFIX) && !looksLikePostgresUrl(url.get())) {
                r.problem(m.get("url"), "'" + m.get("url").path() + "' must be jdbc:postgresql://…, postgresql://… or embedded:NAME");
            }
            out.put(e.name(), new DatabaseConfig(e.name(), url.orElse(""), r.string(m, "user", null), r.string(m, "password", null),
                    r.duration(m, "statement_timeout", DatabaseConfig.DEFAULT_STATEMENT_TIMEOUT),
                    r.duration(m, "lock_timeout", DatabaseConfig.DEFAULT_LOCK_TIMEOUT),
                    r.integer(m, "max_connections", DatabaseConfig.DEFAULT_MAX_CONNECTIONS, 1, 2)));
        }
        return out;
    }

    private static boolean looksLikePostgresUrl(String url) {
        return url.startsWith("jdbc:postgresql:") || url.startsWith("postgresql://") || url.startsWith("postgres://");
    }

    private Map<String, CheckConfig> checks(ConfigReader r, ConfigNode node, Set<String> databases) {
        Map<String, CheckConfig> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            ConfigNode body = e.value();
            if (!body.isMap()) {
                r.problem(body, "check '" + e.name() + "' must be a map with at least 'type'");
                continue;
            }
            Map<String, ConfigNode> raw = r.namedEntries(body);
            Optional<String> type = r.requiredString(raw, "type", body);
            if (type.isEmpty()) {
                continue;
            }
            if (!CHECK_TYPES.contains(type.get())) {
                r.problem(raw.get("type"), "unknown check type '" + type.get() + "'" + Suggestions.didYouMean(type.get(), CHECK_TYPES)
                        + "; types: " + String.join(", ", CHECK_TYPES));
                continue;
            }
            if (CHECK_TYPES_NOT_YET.contains(type.get())) {
                r.problem(raw.get("type"), "check type '" + type.get() + "' is not available in this version of Caretaker yet");
                continue;
            }
            CheckConfig check = switch (type.get()) {
                case "postgres" -> postgresCheck(r, e.name(), body, databases);
                case "integrity" -> integrityCheck(r, e.name(), body, databases);
                default -> httpCheck(r, e.name(), body);
            };
            out.put(e.name(), check);
        }
        return out;
    }

    private String database(ConfigReader r, Map<String, ConfigNode> m, ConfigNode owner, Set<String> databases) {
        Optional<String> db = r.requiredString(m, "database", owner);
        if (db.isPresent() && !databases.contains(db.get())) {
            r.problem(m.get("database"), "'" + m.get("database").path() + "' names database '" + db.get()
                    + "', which 'databases' does not define" + Suggestions.didYouMean(db.get(), databases)
                    + (databases.isEmpty() ? "; add it under 'databases'" : "; defined: " + String.join(", ", databases)));
        }
        return db.orElse(null);
    }

    private CheckConfig postgresCheck(ConfigReader r, String name, ConfigNode body, Set<String> databases) {
        Map<String, ConfigNode> m = r.map(body, POSTGRES_KEYS);
        String db = database(r, m, body, databases);
        Map<String, Object> overrides = new HashMap<>();
        List<String> groups = Threshold.POSTGRES.stream().map(Threshold::group).distinct().toList();
        for (Map.Entry<String, ConfigNode> g : r.map(m.get("thresholds"), groups).entrySet()) {
            List<String> keys = Threshold.POSTGRES.stream().filter(t -> t.group().equals(g.getKey())).map(Threshold::key).toList();
            for (Map.Entry<String, ConfigNode> k : r.map(g.getValue(), keys).entrySet()) {
                Threshold t = Threshold.find(g.getKey() + "." + k.getKey());
                Map<String, ConfigNode> one = Map.of(k.getKey(), k.getValue());
                r.parsed(one, k.getKey(), t::parse).ifPresent(v -> overrides.put(t.id(), v));
            }
        }
        checkOrder(r, m, overrides, "connection_usage", true);
        checkOrder(r, m, overrides, "table_bloat", true);
        checkOrder(r, m, overrides, "sequence_exhaustion", true);
        checkOrder(r, m, overrides, "xid_wraparound", true);
        checkOrder(r, m, overrides, "cache_hit_ratio", false);
        return new PostgresCheckConfig(name, r.string(m, "description", ""), db, new PostgresThresholds(overrides));
    }

    /** Warning must come before critical: for "higher is worse" thresholds warning ≤ critical. */
    private static void checkOrder(ConfigReader r, Map<String, ConfigNode> m, Map<String, Object> overrides, String group, boolean higherIsWorse) {
        if (!overrides.containsKey(group + ".warning") && !overrides.containsKey(group + ".critical")) {
            return;
        }
        PostgresThresholds t = new PostgresThresholds(overrides);
        double w = t.percent(group + ".warning");
        double c = t.percent(group + ".critical");
        if (higherIsWorse ? w > c : w < c) {
            r.problem(m.get("thresholds"), "'thresholds." + group + "': warning " + w + "% must be "
                    + (higherIsWorse ? "at or below" : "at or above") + " critical " + c + "%");
        }
    }

    private CheckConfig integrityCheck(ConfigReader r, String name, ConfigNode body, Set<String> databases) {
        Map<String, ConfigNode> m = r.map(body, INTEGRITY_KEYS);
        String db = database(r, m, body, databases);
        List<IntegrityCheckConfig.Reference> orphans = new ArrayList<>();
        for (ConfigNode item : r.list(m.get("orphans"))) {
            String s = r.scalar(item, "orphans");
            if (s == null) {
                continue;
            }
            try {
                orphans.add(IntegrityCheckConfig.Reference.parse(s));
            } catch (IllegalArgumentException e) {
                r.problem(item, e.getMessage());
            }
        }
        Map<String, List<String>> notNull = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(m.get("not_null"))) {
            List<String> cols = r.stringList(Map.of(e.name(), e.value()), e.name());
            if (cols.isEmpty()) {
                r.problem(e.value(), "'" + e.value().path() + "' must list at least one column");
            }
            notNull.put(e.name(), cols);
        }
        boolean discover = r.bool(m, "discover", false);
        if (orphans.isEmpty() && notNull.isEmpty() && !discover) {
            r.problem(body, "integrity check '" + name + "' has nothing to check: add 'orphans', 'not_null' or 'discover: true'");
        }
        return new IntegrityCheckConfig(name, r.string(m, "description", ""), db, orphans, notNull, discover);
    }

    private CheckConfig httpCheck(ConfigReader r, String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, HTTP_KEYS);
        URI url = r.parsed(m, "url", s -> {
            URI u = URI.create(s.trim());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException("'" + s + "' is not an http:// or https:// URL");
            }
            return u;
        }).orElse(null);
        if (!m.containsKey("url")) {
            r.problem(body, "'" + body.path() + "' needs 'url'");
        }
        String method = r.string(m, "method", HttpCheckConfig.DEFAULT_METHOD).toUpperCase();
        r.oneOf(m, "method", method, HTTP_METHODS);
        Map<String, String> headers = new LinkedHashMap<>();
        for (ConfigNode.Entry h : r.namedEntriesWithKeys(m.get("headers"))) {
            String v = r.scalar(h.value(), "header"); // every header value is treated as a secret
            if (v != null) {
                r.secrets().add(v);
                headers.put(h.name(), v);
            }
        }
        Path ca = r.parsed(m, "ca_file", Path::of).orElse(null); // read when the check runs: it may be issued later
        List<Condition> expect = new ArrayList<>();
        for (ConfigNode item : r.list(m.get("expect"))) {
            String s = r.scalar(item, "expect");
            if (s == null) {
                continue;
            }
            try {
                expect.add(Condition.parse(s));
            } catch (IllegalArgumentException e) {
                r.problem(item, e.getMessage());
            }
        }
        Duration timeout = r.duration(m, "timeout", HttpCheckConfig.DEFAULT_TIMEOUT);
        return new HttpCheckConfig(name, r.string(m, "description", ""), url, method, headers, r.string(m, "body", null),
                timeout, ca, r.bool(m, "insecure", false), expect);
    }

    private Map<String, SuiteConfig> suites(ConfigReader r, ConfigNode node, Set<String> checks) {
        Map<String, SuiteConfig> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            Map<String, ConfigNode> m = r.map(e.value(), SUITE_KEYS);
            Optional<String> cron = r.parsed(m, "schedule", s -> {
                CronSyntax.validate(s);
                return s.trim();
            });
            Optional<Duration> every = r.parsed(m, "every", Units::parseDuration);
            if (m.containsKey("schedule") && m.containsKey("every")) {
                r.problem(m.get("every"), "suite '" + e.name() + "' has both 'schedule' and 'every'; keep one");
            }
            List<String> names = r.stringList(m, "checks");
            if (!m.containsKey("checks")) {
                r.problem(e.value(), "suite '" + e.name() + "' needs 'checks', a list of check names");
            }
            ConfigNode list = m.get("checks");
            List<ConfigNode> items = list != null && list.isList() ? list.items() : List.of();
            for (int i = 0; i < names.size(); i++) {
                if (!checks.contains(names.get(i))) {
                    ConfigNode at = i < items.size() ? items.get(i) : list;
                    r.problem(at, "suite '" + e.name() + "' names check '" + names.get(i) + "', which 'checks' does not define"
                            + Suggestions.didYouMean(names.get(i), checks));
                }
            }
            Map<String, ConfigNode> report = r.map(m.get("report"), REPORT_KEYS);
            Optional<String> format = r.string(report, "format");
            format.ifPresent(f -> r.oneOf(report, "format", f, Set.copyOf(REPORT_FORMATS)));
            out.put(e.name(), new SuiteConfig(e.name(), r.string(m, "description", ""), cron, every, List.copyOf(names),
                    format, r.string(report, "out")));
        }
        return out;
    }
}
