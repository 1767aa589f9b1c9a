package dev.caretaker.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server run from the binaries zonky publishes on Maven Central, with its data kept under
 * Caretaker's home across runs. Several Caretaker processes share one server: the first starts it, the
 * others connect, and the last one out stops it (each holds a "presence" connection while it uses it). Start and stop happen under a file lock, so two processes
 * never initialise or stop the same data directory at once. As root, PostgreSQL refuses to run, so its
 * tools run inside a user namespace ({@code unshare -U}) where they are an ordinary user.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    public static final String SUPERUSER = "caretaker";
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String PRESENCE_APP = "caretaker-presence";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Path dataDir;
    private final Path binDir;
    private final int port;
    private final String password;
    private List<String> namespacePrefix;
    private Connection presence;
    private boolean closed;

    private EmbeddedPostgres(Path home, Path dataDir, Path binDir, int port, String password, List<String> namespacePrefix) {
        this.home = home;
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.port = port;
        this.password = password;
        this.namespacePrefix = namespacePrefix;
    }

    /**
     * Options for tests and benchmarks: trade durability for speed; {@code binaries} runs another installation's tools
     * (e.g. Debian's {@code /usr/lib/postgresql/15/bin}) instead of the bundled PostgreSQL 17, to test another major version.
     */
    public record Options(int port, boolean durable, Path binaries) {
        public static final Options DEFAULT = new Options(0, true, null);

        public Options(int port, boolean durable) {
            this(port, durable, null);
        }
    }

    /** Starts the server under {@code home}, or joins the one another Caretaker process already runs there. */
    public static EmbeddedPostgres open(Path home, Options options, Consumer<String> progress) {
        try {
            Files.createDirectories(home);
            Path absHome = home.toAbsolutePath().normalize();
            try (FileChannel ch = FileChannel.open(absHome.resolve("store.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                String password = ensurePassword(absHome);
                Path data = absHome.resolve("pgdata");
                EmbeddedPostgres joined = join(absHome, data, password);
                if (joined != null) {
                    return joined; // the common case of a short command: nothing spawned, no tool run
                }
                List<String> prefix = namespacePrefix();
                Path bin = options.binaries() != null ? options.binaries().toAbsolutePath() : ensureBinaries(absHome, progress);
                if (!Files.exists(data.resolve("PG_VERSION"))) {
                    progress.accept("creating the embedded PostgreSQL data directory in " + data);
                    initdb(bin, data, absHome, prefix);
                }
                int running = runningPort(bin, data, prefix);
                EmbeddedPostgres pg;
                if (running > 0) {
                    LOG.debug("joining the embedded PostgreSQL already running on port {}", running);
                    pg = new EmbeddedPostgres(absHome, data, bin, running, password, prefix);
                } else {
                    int port = options.port() > 0 ? options.port() : freePort();
                    progress.accept("starting the embedded PostgreSQL on 127.0.0.1:" + port);
                    start(bin, data, absHome, port, options.durable(), prefix);
                    pg = new EmbeddedPostgres(absHome, data, bin, port, password, prefix);
                }
                pg.presence = pg.connect("postgres", PRESENCE_APP);
                return pg;
            }
        } catch (IOException e) {
            throw new StoreException("cannot prepare the embedded PostgreSQL under " + home + ": " + e.getMessage()
                    + "; check that the directory is writable, or set store.url to use an existing server", e);
        } catch (SQLException e) {
            throw new StoreException("the embedded PostgreSQL under " + home + " does not accept connections: " + e.getMessage()
                    + "; see " + home.resolve("postgres.log"), e);
        }
    }

    /**
     * The server already running on this data directory, joined without running any of PostgreSQL's tools: its pid file
     * names a live process and a port that takes our password. Null when that is not so (the slow path then decides).
     */
    private static EmbeddedPostgres join(Path home, Path data, String password) {
        Path bin = home.resolve("postgres-" + BuildInfo.postgresBinaries()).resolve("bin");
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(bin.getParent().resolve(".complete")) || !Files.exists(pidFile)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4 || ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive).isEmpty()) {
                return null;
            }
            EmbeddedPostgres pg = new EmbeddedPostgres(home, data, bin, Integer.parseInt(lines.get(3).trim()), password, null);
            pg.presence = pg.connect("postgres", PRESENCE_APP);
            LOG.debug("joined the embedded PostgreSQL running on port {}", pg.port);
            return pg;
        } catch (IOException | NumberFormatException | SQLException e) {
            return null;
        }
    }

    public int port() {
        return port;
    }

    public Path home() {
        return home;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database, String applicationName) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", SUPERUSER);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** Creates the database if it does not exist yet; returns true if it was created. */
    public boolean createDatabase(String name) {
        try (Connection c = connect("postgres", "caretaker");
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
                if (rs.next()) {
                    return false;
                }
            }
            st.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            return true;
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return false; // created by a concurrent process
            }
            throw new StoreException("cannot create database " + name + " in the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public void dropDatabase(String name) {
        try (Connection c = connect("postgres", "caretaker");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new StoreException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Leaves the server; the last Caretaker process to leave stops it, whichever process started it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel ch = FileChannel.open(home.resolve("store.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            int others = otherProcesses();
            closePresence();
            if (others > 0) {
                LOG.info("leaving the embedded PostgreSQL running: {} other Caretaker process(es) use it", others);
                return;
            }
            run(command(binDir, "pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), home, Duration.ofSeconds(60));
        } catch (IOException e) {
            LOG.warn("could not stop the embedded PostgreSQL cleanly: {}", e.getMessage());
        }
    }

    private int otherProcesses() {
        if (presence == null) {
            return 0;
        }
        try (Statement st = presence.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + PRESENCE_APP
                     + "' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    private void closePresence() {
        try {
            if (presence != null) {
                presence.close();
            }
        } catch (SQLException ignored) {
            // the server is going away or already gone
        }
    }

    private List<String> command(Path bin, String tool, String... args) throws IOException {
        if (namespacePrefix == null) {
            namespacePrefix = namespacePrefix();
        }
        List<String> cmd = new ArrayList<>(namespacePrefix);
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> command(Path bin, List<String> prefix, String tool, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Empty for an ordinary user; as root, the unshare call that makes PostgreSQL's tools an ordinary user. */
    static List<String> namespacePrefix() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        List<String> prefix = List.of("unshare", "-U", "--map-user=1000", "--map-group=1000");
        List<String> probe = new ArrayList<>(prefix);
        probe.add("true");
        Result r;
        try {
            r = run(probe, Path.of("."), Duration.ofSeconds(10));
        } catch (IOException e) {
            r = new Result(-1, e.getMessage());
        }
        if (r.exit != 0) {
            throw new IOException("PostgreSQL will not run as root and 'unshare -U' is not available (" + r.output.trim()
                    + "); run Caretaker as an ordinary user, enable user namespaces (sysctl kernel.unprivileged_userns_clone=1), "
                    + "or set store.url to an existing PostgreSQL");
        }
        return prefix;
    }

    static Path ensureBinaries(Path home, Consumer<String> progress) throws IOException {
        String version = BuildInfo.postgresBinaries();
        Path dir = home.resolve("postgres-" + version);
        if (Files.exists(dir.resolve(".complete"))) {
            return dir.resolve("bin");
        }
        progress.accept("unpacking PostgreSQL " + version + " into " + dir);
        Path tmp = Files.createTempDirectory(home, "postgres-unpack-");
        try (InputStream raw = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (raw == null) {
                throw new IOException("the PostgreSQL binaries (" + ARCHIVE + ") are not on the class path; rebuild Caretaker");
            }
            unpack(raw, tmp);
        }
        Files.writeString(tmp.resolve(".complete"), version);
        if (Files.exists(dir)) {
            deleteTree(dir);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir.resolve("bin");
    }

    private static void unpack(InputStream raw, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new java.io.BufferedInputStream(raw)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("archive entry outside its folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((e.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }

    private static String ensurePassword(Path home) throws IOException {
        Path file = home.resolve("store.password");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.writeString(file, pw, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        return pw;
    }

    private static void initdb(Path bin, Path data, Path home, List<String> prefix) throws IOException {
        Path tmp = home.resolve("pgdata.init");
        if (Files.exists(tmp)) {
            deleteTree(tmp);
        }
        Files.createDirectories(tmp);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Result r = run(command(bin, prefix, "initdb", "-D", tmp.toString(), "-U", SUPERUSER, "--auth=scram-sha-256",
                "--pwfile=" + home.resolve("store.password"), "-E", "UTF8", "--locale=C"), home, Duration.ofSeconds(120));
        if (r.exit != 0) {
            throw new IOException("initdb failed (exit " + r.exit + "): " + tail(r.output));
        }
        if (Files.exists(data)) {
            deleteTree(data);
        }
        Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The port of a server already running on this data directory, or 0. */
    private static int runningPort(Path bin, Path data, List<String> prefix) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return 0;
        }
        Result status = run(command(bin, prefix, "pg_ctl", "-D", data.toString(), "status"), data, Duration.ofSeconds(30));
        if (status.exit != 0) {
            return 0; // a stale pid file from a crash; postgres clears it on start
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.size() > 3 ? Integer.parseInt(lines.get(3).trim()) : 0;
    }

    private static void start(Path bin, Path data, Path home, int port, boolean durable, List<String> prefix) throws IOException {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                + " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top"
                + " -c max_connections=100"
                + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        Path log = home.resolve("postgres.log");
        Result r = run(command(bin, prefix, "pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w",
                "-t", String.valueOf(START_TIMEOUT.toSeconds()), "-o", options, "start"), home, START_TIMEOUT.plusSeconds(10));
        if (r.exit != 0) {
            String logTail = Files.exists(log) ? tail(Files.readString(log)) : "";
            throw new IOException("PostgreSQL did not start on port " + port + " (exit " + r.exit + "): " + tail(r.output)
                    + (logTail.isEmpty() ? "" : "; log: " + logTail));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Path dir, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("PGDATA");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeout.toSeconds() + "s: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 800 ? "…" + t.substring(t.length() - 800) : t;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
