package dev.caretaker.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
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
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code caretaker.yml}: YAML, {@code ${ENV}} interpolation, defaults, and validation that reports every problem as
 * {@code FILE:LINE:COL: message}. Relative paths in the file are relative to the file; {@code ${CARETAKER_HOME}} is always
 * defined (Caretaker's home, absolute). Checks, actions, channels and ticket systems are read by the {@link Kinds} given.
 */
public final class ConfigLoader {
    static final List<String> TOP_KEYS = List.of("system", "timezone", "store", "databases", "checks", "suites",
            "rules", "actions", "incidents", "notify", "tickets", "maintenance", "status_page", "auth", "baselines", "forecasts", "reports", "checklists", "metrics", "people", "oncall", "self_check");
    static final List<String> STORE_KEYS = List.of("url", "user", "password", "home", "port", "retention");
    static final List<String> DATABASE_KEYS = List.of("url", "user", "password", "statement_timeout", "lock_timeout", "connect_timeout",
            "max_connections", "protected_tables", "actions", "allow_privileged");
    static final List<String> CREDENTIAL_KEYS = List.of("user", "password");
    static final List<String> SUITE_KEYS = List.of("description", "schedule", "every", "timeout", "checks", "report");
    static final List<String> REPORT_KEYS = List.of("format", "out");
    public static final List<String> REPORT_FORMATS = List.of("text", "json", "markdown", "html");
    /** A config is a page or two of YAML; anything this large is refused before it is parsed. */
    public static final long MAX_BYTES = 4L << 20;

    private final Map<String, String> environment;
    private final Kinds kinds;

    public ConfigLoader(Map<String, String> environment, Kinds kinds) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(StoreConfig.HOME_VARIABLE, StoreConfig.defaultHome(environment).toString());
        this.environment = Map.copyOf(env);
        this.kinds = kinds;
    }

    public CaretakerConfig read(Path file) {
        String name = file.toString();
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, "the config file is " + size / 1024 + " kB; a config "
                        + "is at most " + MAX_BYTES / 1024 / 1024 + " MB, so this is not one (pass the caretaker.yml with -c)")));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, "the config file is not UTF-8 text; save it as UTF-8")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, "cannot read the config file: "
                    + (Files.exists(file) ? e.getMessage() : "no such file") + "; pass an existing file with -c")));
        }
        return parse(name, file, text);
    }

    public CaretakerConfig parse(String name, Path file, String text) {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, "the config is over " + MAX_BYTES / 1024 / 1024 + " MB; refused")));
        }
        Node root;
        try (Reader reader = new java.io.StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported with their place by ConfigReader instead
            options.setMaxAliasesForCollections(20);
            options.setNestingDepthLimit(30);
            options.setCodePointLimit((int) MAX_BYTES);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(List.of(new ConfigProblem(name, m == null ? 1 : m.getLine() + 1,
                    m == null ? 1 : m.getColumn() + 1, "YAML syntax: " + what + YamlHints.hint(what, e.getContext(),
                    m == null ? "" : text.lines().skip(m.getLine()).findFirst().orElse(""), m == null ? 0 : m.getColumn()))));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, "YAML: " + e.getMessage())));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, e.getMessage())));
        }
        if (root == null) {
            throw new ConfigException(List.of(new ConfigProblem(name, 1, 1, "the config file is empty; start from examples/invoicing/caretaker.yml")));
        }
        Secrets secrets = new Secrets();
        Path dir = file.toAbsolutePath().getParent();
        ConfigReader r = new ConfigReader(environment, secrets, dir == null ? Path.of("").toAbsolutePath() : dir);
        CaretakerConfig config = bind(r, new ConfigNode(name, root, ""), file);
        if (!r.problems().isEmpty()) {
            throw new ConfigException(r.problems());
        }
        return config;
    }

    private CaretakerConfig bind(ConfigReader r, ConfigNode root, Path file) {
        if (!root.isMap()) {
            r.problem(root, "a config is a map of keys (system, databases, checks, suites …), not " + root.kind());
            return null;
        }
        Map<String, ConfigNode> top = r.map(root, TOP_KEYS);
        Path parent = file.toAbsolutePath().getParent();
        String system = r.string(top, "system", parent == null || parent.getFileName() == null ? "caretaker" : parent.getFileName().toString());
        ZoneId zone = r.parsed(top, "timezone", z -> {
            try {
                return ZoneId.of(z);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + z + "' is not a time zone; write e.g. UTC or Europe/Berlin");
            }
        }).orElse(ZoneId.of(CaretakerConfig.DEFAULT_TIMEZONE));
        StoreConfig store = store(r, top.get("store"));
        Map<String, DatabaseConfig> databases = databases(r, top.get("databases"));
        ChecksSection checksSection = new ChecksSection(r, zone, kinds.checks());
        Map<String, CheckConfig> checks = checksSection.read(top.get("checks"), databases.keySet());
        supabaseBesidePostgres(checks);
        Map<String, SuiteConfig> suites = suites(r, top.get("suites"), checksSection.defined());
        checksSection.upstreamsRunAlong(suites);
        AlertingSection alerting = new AlertingSection(r);
        List<RuleConfig> rules = alerting.rules(top.get("rules"), checks);
        IncidentsConfig incidents = alerting.incidents(top.get("incidents"), rules);
        NotifyConfig notify = alerting.notify(top.get("notify"), checksSection.defined(), kinds.channels())
                .withTickets(alerting.tickets(top.get("tickets"), kinds.tickets()));
        if (!incidents.escalateTo().isEmpty()) {
            alerting.knownChannels(top.get("incidents"), incidents.escalateTo(), notify.channels().keySet());
        }
        alerting.knownStepChannels(notify.channels().keySet());
        Map<String, ActionConfig> actions = new ActionsSection(r, kinds.actions()).read(top.get("actions"), databases, rules,
                notify.channels().keySet());
        OncallSection oncallSection = new OncallSection(r);
        OncallConfig oncall = oncallSection.read(top.get("people"), top.get("oncall"), zone, notify.channels().keySet());
        oncallSection.knownSchedules(alerting.oncallTargets(), oncall.schedules().keySet());
        LongViewSection longView = new LongViewSection(r, checks);
        AuthConfig auth = alerting.auth(top.get("auth"));
        return new CaretakerConfig(file, system, zone, store, databases, checks, suites, checksSection.every(),
                checksSection.dependencies(checks),
                rules, incidents, alerting.maintenance(top.get("maintenance"), checksSection.defined()), notify, actions, r.secrets(),
                alerting.statusPage(top.get("status_page"), system, checksSection.defined(), notify.channels(), auth.publicUrl()), auth,
                longView.baselines(top.get("baselines")), longView.forecasts(top.get("forecasts")),
                longView.reports(top.get("reports"), suites, notify.channels().keySet(), databases),
                new Runbooks(checksSection.runbooks(), alerting.ruleRunbooks()), longView.checklists(top.get("checklists")),
                MetricsConfig.read(r, top.get("metrics")), checksSection.ignores(), oncall,
                SelfCheckConfig.read(r, top.get("self_check")));
    }

    private StoreConfig store(ConfigReader r, ConfigNode node) {
        Map<String, ConfigNode> m = r.map(node, STORE_KEYS);
        Path home = r.path(m, "home").orElse(StoreConfig.defaultHome(environment));
        int port = r.integer(m, "port", StoreConfig.DEFAULT_PORT, 0, 65535);
        Optional<String> url = r.string(m, "url");
        if (url.isPresent() && !looksLikePostgresUrl(url.get())) {
            r.problem(m.get("url"), "'store.url' must be a PostgreSQL URL: write jdbc:postgresql://host:5432/db or postgresql://user@host/db");
        }
        // 'retention: 90d' keeps runs and raw measurements; 'retention: {raw: 90d, rollups: 400d}' says both
        Duration retention;
        Duration rollups = StoreConfig.DEFAULT_ROLLUP_RETENTION;
        if (m.containsKey("retention") && m.get("retention").isMap()) {
            Map<String, ConfigNode> rm = r.map(m.get("retention"), List.of("raw", "rollups"));
            retention = r.duration(rm, "raw", StoreConfig.DEFAULT_RETENTION, Duration.ofDays(1), Duration.ofDays(3650));
            rollups = r.duration(rm, "rollups", StoreConfig.DEFAULT_ROLLUP_RETENTION, Duration.ofDays(1), Duration.ofDays(3650));
            if (rollups.compareTo(retention) < 0) {
                r.problem(rm.get("rollups"), "store.retention.rollups (" + Units.formatDuration(rollups) + ") is shorter than store.retention.raw ("
                        + Units.formatDuration(retention) + "); rollups summarise the raw data for longer, so make it at least as long");
            }
        } else {
            retention = r.duration(m, "retention", StoreConfig.DEFAULT_RETENTION, Duration.ofDays(1), Duration.ofDays(3650));
        }
        return new StoreConfig(url, r.string(m, "user", null), r.string(m, "password", null), home, port, retention, rollups);
    }

    private Map<String, DatabaseConfig> databases(ConfigReader r, ConfigNode node) {
        Map<String, DatabaseConfig> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            Map<String, ConfigNode> m = r.map(e.value(), DATABASE_KEYS);
            Optional<String> url = r.requiredString(m, "url", e.value());
            if (url.isPresent() && !url.get().startsWith(DatabaseConfig.EMBEDDED_PREFIX) && !looksLikePostgresUrl(url.get())) {
                r.problem(m.get("url"), "'" + m.get("url").path() + "' must be jdbc:postgresql://host:5432/db, postgresql://user@host/db "
                        + "or embedded:NAME");
            }
            Optional<DatabaseConfig.Credentials> actions = Optional.empty();
            if (m.containsKey("actions")) {
                Map<String, ConfigNode> a = r.map(m.get("actions"), CREDENTIAL_KEYS);
                String user = blank(r.string(a, "user", null));
                if (!a.containsKey("user")) {
                    r.problem(m.get("actions"), "'" + m.get("actions").path() + "' needs 'user', the role actions run as "
                            + "(caretaker roles sql prints the SQL that creates it)");
                }
                actions = user == null ? Optional.empty() : Optional.of(new DatabaseConfig.Credentials(user, blank(r.string(a, "password", null))));
            }
            out.put(e.name(), new DatabaseConfig(e.name(), url.orElse(""), blank(r.string(m, "user", null)), blank(r.string(m, "password", null)),
                    r.duration(m, "statement_timeout", DatabaseConfig.DEFAULT_STATEMENT_TIMEOUT, Duration.ofMillis(100), Duration.ofHours(6)),
                    r.duration(m, "lock_timeout", DatabaseConfig.DEFAULT_LOCK_TIMEOUT, Duration.ofMillis(10), Duration.ofHours(1)),
                    r.duration(m, "connect_timeout", DatabaseConfig.DEFAULT_CONNECT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(5)),
                    r.integer(m, "max_connections", DatabaseConfig.DEFAULT_MAX_CONNECTIONS, 1, 2),
                    ActionsSection.protectedTables(r, m), actions, r.bool(m, "allow_privileged", false)));
        }
        return out;
    }

    /**
     * Tells each supabase check whether a postgres check runs beside it: only then does it file the advisors' lints the
     * postgres check runs too at info (see {@link SupabaseConfig}).
     */
    private static void supabaseBesidePostgres(Map<String, CheckConfig> checks) {
        if (checks.values().stream().noneMatch(c -> c.type().equals("postgres"))) {
            return;
        }
        checks.replaceAll((name, c) -> c instanceof SupabaseConfig s ? s.withPostgresCheck() : c);
    }

    /** An empty value (e.g. {@code ${APP_DB_USER:-}}) means none. */
    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static boolean looksLikePostgresUrl(String url) {
        return url.startsWith("jdbc:postgresql:") || url.startsWith("postgresql://") || url.startsWith("postgres://");
    }

    private Map<String, SuiteConfig> suites(ConfigReader r, ConfigNode node, Set<String> checks) {
        Map<String, SuiteConfig> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            Map<String, ConfigNode> m = r.map(e.value(), SUITE_KEYS);
            Optional<String> cron = r.parsed(m, "schedule", s -> {
                CronSyntax.validate(s);
                return s.trim();
            });
            Optional<Duration> every = Optional.ofNullable(r.duration(m, "every", null, Duration.ofSeconds(1), Duration.ofDays(366)));
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
            out.put(e.name(), new SuiteConfig(e.name(), r.string(m, "description", ""), cron, every,
                    r.duration(m, "timeout", SuiteConfig.DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(24)), List.copyOf(names),
                    format, r.path(report, "out")));
        }
        return out;
    }
}
