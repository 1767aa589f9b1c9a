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
import java.util.zip.GZIPInputStream;

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
        Source source = backup.file() != null && Files.isDirectory(backup.file()) ? new Source(DumpFormat.DIRECTORY, null, backup.file(), null)
                : Source.open(store, backup);
        try {
            return run(source);
        } finally {
            source.close();
        }
    }

    private Outcome run(Source source) throws IOException, SQLException, InterruptedException {
        DumpFormat format = source.format();
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
            Result r = restore(tool.get(), source, m.group(1), m.group(2) == null ? "5432" : m.group(2), throwaway);
            if (r.readFailure != null) {
                return new Outcome(false, true, 0, 0, "reading the backup failed mid-way, so its restore proves nothing: "
                        + secrets.redact(r.readFailure));
            }
            if (r.exit != 0) {
                String out = secrets.redact(tail(r.output));
                boolean tooOld = out.contains("unsupported version") || out.contains("server version mismatch");
                return new Outcome(false, tooOld, 0, 0, tooOld ? format.tool() + " cannot read this dump: " + out + "; " + INSTALL_HINT
                        : format.tool() + " failed (exit " + r.exit + "): " + out);
            }
            return arrived(throwaway);
        } finally {
            admin("DROP DATABASE IF EXISTS " + throwaway + " WITH (FORCE)");
        }
    }

    /** A dump to restore: its format, read off its first bytes, and either its stream or (directory format) its folder. */
    private record Source(DumpFormat format, InputStream stream, Path folder, StoreStream raw) {
        static Source open(BackupStore store, BackupStore.BackupObject backup) throws IOException {
            StoreStream raw = new StoreStream(store.open(backup));
            InputStream in = new java.io.BufferedInputStream(raw, 1 << 16);
            try {
                in.mark(8);
                byte[] head = in.readNBytes(5);
                in.reset();
                return new Source(DumpFormat.of(head), in, null, raw);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        /** Why reading from the store failed, if it did: the dump was cut by the way, not in the store. */
        String readFailure() {
            return raw == null ? null : raw.failure;
        }

        void close() {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // a stream given up on
                }
            }
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

    /** The client's exit and output; {@code readFailure}: reading the dump from its store failed, so the client saw a cut dump. */
    private record Result(int exit, String output, String readFailure) {
    }

    private Result restore(Path tool, Source source, String host, String port, String db) throws IOException, InterruptedException {
        DumpFormat format = source.format();
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.toString());
        if (format.tool().equals("psql")) {
            cmd.addAll(List.of("-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", server.user(), "-d", db));
        } else {
            cmd.addAll(List.of("--no-owner", "--no-privileges", "--exit-on-error", "-h", host, "-p", port, "-U", server.user(), "-d", db));
            if (source.folder() != null) {
                cmd.add(source.folder().toString());
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PGPASSWORD", server.password() == null ? "" : server.password()); // never on the command line
        env.put("PGCONNECT_TIMEOUT", "10");
        Process p = pb.start();
        Feeder feeder = null;
        if (source.stream() != null) {
            feeder = new Feeder(format == DumpFormat.PLAIN_GZIP ? new GZIPInputStream(source.stream(), 1 << 16) : source.stream(),
                    p.getOutputStream());
            feeder.start();
        } else {
            p.getOutputStream().close();
        }
        ByteCollector output = new ByteCollector(p.getInputStream());
        output.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            source.close(); // a feeder waiting on the store gives up
            return new Result(-1, "did not finish within " + dev.caretaker.config.Units.formatDuration(timeout) + " (restore_timeout)", null);
        }
        output.join(5000);
        if (feeder != null) {
            feeder.join(5000);
        }
        return new Result(p.exitValue(), output.text(), source.readFailure());
    }

    /** Copies the dump into the client's standard input until it ends, cannot be read further, or the client stops reading. */
    private static final class Feeder extends Thread {
        private final InputStream in;
        private final OutputStream out;
        Feeder(InputStream in, OutputStream out) {
            super("restore-feed");
            this.in = in;
            this.out = out;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[1 << 16];
            try (out) {
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        return; // from the store (the source tells) or a cut or corrupt gzip, the dump's fault the client's error tells
                    }
                    if (n < 0) {
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // the client stopped reading: its exit and output say why
            }
        }
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

    /** The store's stream, remembering the first error reading it gave (the gzip and buffer layers on top have theirs). */
    private static final class StoreStream extends java.io.FilterInputStream {
        private volatile String failure;

        StoreStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private IOException failed(IOException e) {
            if (failure == null) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            return e;
        }
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
