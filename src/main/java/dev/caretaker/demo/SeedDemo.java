package dev.caretaker.demo;

import dev.caretaker.demo.api.ApiStandIn;
import dev.caretaker.demo.api.SmtpStandIn;
import dev.caretaker.store.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A seed system for real: its database with planted problems in the embedded PostgreSQL, stand-ins for its
 * external services on 127.0.0.1, and backup files, all pointed at by environment variables that its
 * example config reads.
 */
public final class SeedDemo implements AutoCloseable {
    public static final int DEFAULT_PORT_BASE = 18080;

    /** A stand-in service; {@code certLifetime} null for plain HTTP, {@code down} for one that refuses connections. */
    public record StandIn(String variable, int offset, String path, int status, String body, Duration delay,
                          Duration certLifetime, boolean down) {
        static StandIn http(String variable, int offset, String path, int status, String body, Duration delay) {
            return new StandIn(variable, offset, path, status, body, delay, null, false);
        }

        static StandIn https(String variable, int offset, String path, int status, String body, Duration certLifetime) {
            return new StandIn(variable, offset, path, status, body, Duration.ZERO, certLifetime, false);
        }

        static StandIn down(String variable, int offset, String path) {
            return new StandIn(variable, offset, path, 0, "", Duration.ZERO, Duration.ofDays(90), true);
        }
    }

    /**
     * A stand-in for a provider's API ({@link ApiStandIn}), seeded with what the demo plants: its base URL goes to
     * {@code variable}, and a token made for this demo to {@code tokenVariable} (null for a public API: none), which the
     * stand-in then requires.
     */
    public record Api(String variable, String tokenVariable, int offset, Starter starter) {
    }

    /** Starts a provider's stand-in on {@code port} (0: any free port), taking {@code token}, with the demo's data planted. */
    @FunctionalInterface
    public interface Starter {
        ApiStandIn start(int port, String token) throws IOException;
    }

    /** A backup file the demo writes, {@code age} old, from a resource under {@code demo/<profile>/}. */
    public record BackupFile(String name, String resource, Duration age) {
    }

    /**
     * A mail server the demo runs ({@link SmtpStandIn}, STARTTLS with a certificate of the demo's CA living
     * {@code certLifetime}): its host goes to {@code hostVariable}, its port to {@code portVariable}.
     */
    public record MailServer(String hostVariable, String portVariable, int offset, Duration certLifetime) {
    }

    /** One seed system: its database, example, suite, services, backups, providers' APIs and mail servers. */
    public record Profile(String name, String manual, String database, String suite, List<StandIn> standIns,
                          List<BackupFile> backups, List<Api> apis, List<MailServer> mailServers) {
        public Profile(String name, String manual, String database, String suite, List<StandIn> standIns, List<BackupFile> backups,
                       List<Api> apis) {
            this(name, manual, database, suite, standIns, backups, apis, List.of());
        }

        public String example() {
            return "examples/" + name + "/caretaker.yml";
        }

        String backupVariable() {
            return name.toUpperCase().replace('-', '_') + "_BACKUP_DIR";
        }
    }

    private final List<StubService> services = new ArrayList<>();
    private final List<ApiStandIn> apis = new ArrayList<>();
    private final List<SmtpStandIn> mail = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private SeedDemo() {
    }

    /** Builds the profile's database afresh, writes its backups and starts its services; {@code portBase} 0 picks free ports. */
    public static SeedDemo start(Profile profile, EmbeddedPostgres pg, Path home, int portBase, Consumer<String> progress)
            throws IOException {
        SeedDemo demo = new SeedDemo();
        try {
            progress.accept("building the " + profile.name() + " app's database (" + profile.database() + ")");
            buildDatabase(profile, pg);
            String prefix = profile.name().toUpperCase().replace('-', '_');
            demo.environment.put(prefix + "_DB_URL", "embedded:" + profile.database());
            // the checks and the actions get roles of their own (caretaker roles sql), with passwords made for this demo
            demo.environment.put(prefix + "_DB_USER", profile.database() + "_checks");
            demo.environment.put(prefix + "_DB_PASSWORD", password());
            demo.environment.put(prefix + "_ACTIONS_USER", profile.database() + "_actions");
            demo.environment.put(prefix + "_ACTIONS_PASSWORD", password());
            if (!profile.backups().isEmpty()) {
                demo.environment.put(profile.backupVariable(), writeBackups(profile, home).toString());
            }
            // what `npm outdated --json` printed for the app, read by the example's dependency check instead of running npm
            String outdated = "demo/" + profile.name() + "/npm-outdated.json";
            if (SeedDemo.class.getClassLoader().getResource(outdated) != null) {
                Path file = home.resolve("demo").resolve(profile.name()).resolve("npm-outdated.json");
                Files.createDirectories(file.getParent());
                Files.writeString(file, resource(outdated), StandardCharsets.UTF_8);
                demo.environment.put("NPM_OUTDATED_JSON", file.toString());
            }
            if (!profile.standIns().isEmpty() || !profile.apis().isEmpty() || !profile.mailServers().isEmpty()) {
                progress.accept("starting stand-ins for its services on 127.0.0.1");
                demo.startServices(profile, home, portBase);
                demo.startApis(profile, portBase);
            }
            return demo;
        } catch (IOException | RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private static String password() {
        byte[] b = new byte[12];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /**
     * The demo's heartbeat checks last heard from their job {@code days} ago (a run that was missed since), so the demo shows
     * them late until someone pings them.
     */
    public static void lastPingedDaysAgo(dev.caretaker.store.Store store, dev.caretaker.config.CaretakerConfig config, int days) {
        dev.caretaker.store.PingLog pings = new dev.caretaker.store.PingLog(store.jdbi());
        java.time.Instant then = java.time.Instant.now().minus(java.time.Duration.ofDays(days));
        store.jdbi().useHandle(h -> h.createUpdate("DELETE FROM ping WHERE system = :system").bind("system", config.system()).execute());
        for (dev.caretaker.config.CheckConfig c : config.checks().values()) {
            if (c instanceof dev.caretaker.config.HeartbeatCheckConfig hb) {
                var heartbeat = pings.ensure(config.system(), hb.name(), hb.token(), then);
                pings.record(heartbeat, "start", null, then.minusSeconds(42), null, "demo");
                pings.record(heartbeat, "success", 0, then, "weekly function done\n", "demo");
            }
        }
    }

    /** Applies SQL (e.g. the output of {@code caretaker roles sql}) to the profile's database as the superuser. */
    public static void apply(Profile profile, EmbeddedPostgres pg, String sql) {
        try (Connection c = pg.connect(profile.database(), "caretaker-demo"); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the demo's roles: " + e.getMessage(), e);
        }
    }

    /**
     * Forgets the earlier demo runs of {@code system}: its runs, rollups, reports, checklists, incidents, messages, action claims, approvals,
     * pings and heartbeat tokens (a token is shown only when made, so each demo makes its own), so each demo starts as on a fresh
     * machine. The audit log is append-only and keeps its rows.
     */
    public static void forget(dev.caretaker.store.Store store, String system) {
        store.jdbi().useTransaction(h -> {
            for (String table : List.of("run", "incident", "outbox", "action_run", "approval", "measurement_rollup", "report", "checklist_run",
                    "ping", "heartbeat", "status_post")) {
                h.createUpdate("DELETE FROM " + table + " WHERE system = :system").bind("system", system).execute();
            }
        });
    }

    static void buildDatabase(Profile profile, EmbeddedPostgres pg) {
        pg.dropDatabase(profile.database());
        pg.createDatabase(profile.database());
        String dir = "demo/" + profile.name() + "/";
        try (Connection c = pg.connect(profile.database(), "caretaker-demo"); Statement st = c.createStatement()) {
            st.execute(resource(dir + "1-schema.sql"));
            st.execute(resource(dir + "2-data.sql"));
            flushStatistics(st);
            st.execute("ANALYZE");
            st.execute(resource(dir + "3-problems.sql"));
            outsideTransaction(st, dir + "4-outside-transaction.sql");
            flushStatistics(st);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the " + profile.name() + " demo database: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the statements of an optional script one at a time (for what cannot run in a transaction block, like
     * CREATE INDEX CONCURRENTLY); a statement marked {@code -- expected to fail} may fail, leaving what it leaves.
     */
    private static void outsideTransaction(Statement st, String name) throws SQLException {
        if (SeedDemo.class.getClassLoader().getResource(name) == null) {
            return;
        }
        for (String statement : resource(name).split(";\\s*\\n")) {
            if (statement.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
                continue;
            }
            try {
                st.execute(statement);
            } catch (SQLException e) {
                if (!statement.contains("-- expected to fail")) {
                    throw e;
                }
            }
        }
    }

    /** Publishes this session's pending table statistics now rather than within the next second. */
    private static void flushStatistics(Statement st) throws SQLException {
        st.execute("SELECT pg_stat_force_next_flush()");
        st.execute("SELECT 1");
    }

    private static Path writeBackups(Profile profile, Path home) throws IOException {
        Path dir = home.resolve("demo").resolve(profile.name()).resolve("backups");
        if (Files.isDirectory(dir)) {
            try (var old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        for (BackupFile b : profile.backups()) {
            Path p = dir.resolve(b.name());
            Files.writeString(p, resource("demo/" + profile.name() + "/" + b.resource()));
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(b.age())));
        }
        return dir.toAbsolutePath();
    }

    private void startServices(Profile profile, Path home, int base) throws IOException {
        DemoCertificates certs = new DemoCertificates();
        Path ca = certs.writeCa(home.resolve("demo").resolve("ca.pem"));
        environment.put("DEMO_CA_FILE", ca.toAbsolutePath().toString());
        for (StandIn s : profile.standIns()) {
            if (s.down()) {
                environment.put(s.variable(), "https://127.0.0.1:" + closedPort(base, s.offset()) + s.path());
                continue;
            }
            StubService stub = StubService.start(base == 0 ? 0 : base + s.offset(), s.path(), s.status(), s.body(), s.delay(),
                    s.certLifetime() == null ? null : certs.serverContext(s.certLifetime()));
            services.add(stub);
            environment.put(s.variable(), stub.url());
        }
        for (MailServer m : profile.mailServers()) {
            SmtpStandIn smtp = SmtpStandIn.starttls(base == 0 ? 0 : base + m.offset(), certs.serverContext(m.certLifetime()));
            mail.add(smtp);
            environment.put(m.hostVariable(), smtp.host());
            environment.put(m.portVariable(), String.valueOf(smtp.port()));
        }
    }

    private void startApis(Profile profile, int base) throws IOException {
        for (Api a : profile.apis()) {
            String token = "demo-" + password();
            ApiStandIn api = a.starter().start(base == 0 ? 0 : base + a.offset(), token);
            apis.add(api);
            environment.put(a.variable(), api.clientUrl());
            if (a.tokenVariable() != null) {
                environment.put(a.tokenVariable(), api.credential(token));
            }
        }
    }

    /** The running stand-in of {@code type}, if the profile has one. */
    public <T extends ApiStandIn> java.util.Optional<T> standIn(Class<T> type) {
        return apis.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** What the stand-ins took from the run's notifications, one line per message ({@link ApiStandIn#messages()}). */
    public List<String> delivered() {
        List<String> lines = new ArrayList<>();
        for (ApiStandIn api : apis) {
            lines.addAll(api.messages());
        }
        return lines;
    }

    /** A port nothing listens on, for a service that is down. */
    private static int closedPort(int base, int offset) throws IOException {
        if (base != 0) {
            return base + offset;
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The variables that point the profile's example config at this demo's database, services, CA and backups. */
    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    @Override
    public void close() {
        services.forEach(StubService::close);
        services.clear();
        apis.forEach(ApiStandIn::close);
        apis.clear();
        mail.forEach(SmtpStandIn::close);
        mail.clear();
    }

    static String resource(String path) {
        try (InputStream in = SeedDemo.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing demo resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
