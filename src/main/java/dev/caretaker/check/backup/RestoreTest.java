package dev.caretaker.check.backup;

import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import dev.caretaker.config.Secrets;
import dev.caretaker.store.PostgresUrl;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restores a dump for real into a throwaway database on a PostgreSQL server, counts what arrived, and always
 * drops the throwaway database. The client tools (psql, pg_restore) are looked up on PATH.
 */
final class RestoreTest {
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^/:?,]+)(?::(\\d+))?/([^?]*)(?:\\?.*)?");
    static final String INSTALL_HINT = "install the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client) "
            + "in a version at least as new as the pg_dump that wrote the backup";

    /** What the restore found: tables and rows, or why it failed ({@code unusable} when the tools, not the dump, are at fault). */
    record Outcome(boolean restored, boolean unusable, long tables, long rows, String detail) {
    }

    private final PostgresUrl server;
    private final Secrets secrets;
    private final Duration timeout;

    RestoreTest(PostgresUrl server, Secrets secrets, Duration timeout) {
        this.server = server;
        this.secrets = secrets;
        this.timeout = timeout;
    }

    /**
     * Restores {@code backup}: a directory-format dump from its folder, any other dump streamed from {@code store} into the
     * client's standard input (gzip undone on the way), never written to a file.
     */
    Outcome run(BackupStore store, BackupStore.BackupObject backup) throws IOException, SQLException, InterruptedException {
        if (backup.file() != null && Files.isDirectory(backup.file())) {
            return run(DumpFormat.DIRECTORY, null, backup.file());
        }
        try (DumpStream dump = DumpStream.open(store, backup)) {
            return run(dump.format(), dump, null);
        }
    }

    /** Restores {@code dump} (streamed) or the directory-format dump in {@code folder}. */
    private Outcome run(DumpFormat format, DumpStream dump, Path folder) throws IOException, SQLException, InterruptedException {
        Optional<Path> tool = onPath(format.tool());
        if (tool.isEmpty()) {
            return new Outcome(false, true, 0, 0, format.tool() + " is not on PATH; " + INSTALL_HINT);
        }
        Matcher m = JDBC.matcher(server.jdbcUrl());
        if (!m.matches()) {
            return new Outcome(false, true, 0, 0, "cannot take host and port from " + secrets.redact(server.jdbcUrl())
                    + "; the restore test needs a single-host jdbc:postgresql:// URL");
        }
        String throwaway = "caretaker_restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + throwaway);
        try {
            Result r = restore(tool.get(), format, dump, folder, m.group(1), m.group(2) == null ? "5432" : m.group(2), throwaway);
            if (dump != null && dump.storeFailure() != null) {
                return new Outcome(false, true, 0, 0, "reading the backup failed mid-way, so its restore proves nothing: "
                        + secrets.redact(dump.storeFailure()));
            }
            if (r.exit != 0) {
                String out = secrets.redact(tail(r.output));
                boolean tooOld = out.contains("unsupported version") || out.contains("server version mismatch");
                return new Outcome(false, tooOld, 0, 0, tooOld ? format.tool() + " cannot read this dump: " + out + "; " + INSTALL_HINT
                        : format.tool() + " failed (exit " + r.exit + "): " + out + (r.dumpFault == null ? "" : "; " + r.dumpFault));
            }
            if (r.dumpFault != null) {
                return new Outcome(false, false, 0, 0, r.dumpFault);
            }
            return arrived(throwaway);
        } finally {
            admin("DROP DATABASE IF EXISTS " + throwaway + " WITH (FORCE)");
        }
    }

    private Outcome arrived(String db) throws SQLException {
        try (Connection c = connect(db)) {
            Row r = Sql.query(c, "SELECT count(*) AS tables, coalesce(sum(n_live_tup), 0) AS rows FROM pg_stat_user_tables").get(0);
            long tables = r.lng("tables");
            if (tables == 0) {
                return new Outcome(false, false, 0, 0, "the restore ran but no table arrived");
            }
            return new Outcome(true, false, tables, r.lng("rows"), "restored " + tables + " table(s)");
        }
    }

    /** The client's exit and output; {@code dumpFault}: what the feeder found wrong with the dump itself. */
    private record Result(int exit, String output, String dumpFault) {
    }

    private Result restore(Path tool, DumpFormat format, DumpStream dump, Path folder, String host, String port, String db)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.toString());
        if (format.tool().equals("psql")) {
            // query results (set_config …) to nowhere: the output keeps the errors
            cmd.addAll(List.of("-X", "-q", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", server.user(), "-d", db));
        } else {
            cmd.addAll(List.of("--no-owner", "--no-privileges", "--exit-on-error", "-h", host, "-p", port, "-U", server.user(), "-d", db));
            if (format == DumpFormat.TAR) {
                cmd.add("--format=tar"); // from a pipe pg_restore cannot look for the format itself
            }
            if (folder != null) {
                cmd.add(folder.toString());
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PGPASSWORD", server.password() == null ? "" : server.password()); // never on the command line
        env.put("PGCONNECT_TIMEOUT", "10");
        Process p = pb.start();
        DumpFeeder feeder = null;
        if (dump != null) {
            feeder = new DumpFeeder(dump, p.getOutputStream());
            feeder.start();
        } else {
            p.getOutputStream().close();
        }
        ByteCollector output = new ByteCollector(p.getInputStream());
        output.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            if (dump != null) {
                dump.close(); // a feeder waiting on the store gives up
            }
            return new Result(-1, "did not finish within " + dev.caretaker.config.Units.formatDuration(timeout) + " (restore_timeout)", null);
        }
        output.join(5000);
        if (feeder != null) {
            feeder.join(5000);
        }
        return new Result(p.exitValue(), output.text(), feeder == null ? null : feeder.dumpFault());
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private Connection connect(String db) throws SQLException {
        Matcher m = JDBC.matcher(server.jdbcUrl());
        String url = m.matches() ? "jdbc:postgresql://" + m.group(1) + (m.group(2) == null ? "" : ":" + m.group(2)) + "/" + db
                : server.jdbcUrl();
        return DriverManager.getConnection(url, server.user(), server.password());
    }

    static Optional<Path> onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 400 ? "…" + t.substring(t.length() - 400) : t;
    }

    /** Drains a process's output so it never blocks on a full pipe. */
    private static final class ByteCollector extends Thread {
        private final InputStream in;
        private volatile byte[] bytes = new byte[0];

        ByteCollector(InputStream in) {
            super("restore-output");
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                bytes = in.readAllBytes();
            } catch (IOException ignored) {
                // the process is gone
            }
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
