package dev.caretaker.check.backup;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.Severity;
import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.Units;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code type: backup}: the newest dump in a folder must exist, be fresh and be of a plausible size; with
 * {@code restore_test: true} it is restored for real into a throwaway database.
 */
public final class BackupCheck extends ConfiguredCheck<BackupCheckConfig> {

    private static final List<dev.caretaker.check.Unjudged> RESTORE = List.of(dev.caretaker.check.Unjudged.code("backup.restore_failed"));

    public BackupCheck(BackupCheckConfig config) {
        super(config);
    }

    /** One backup: a dump file, or a directory-format dump. */
    record Dump(Path path, Instant modified, long bytes) {
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        String where = config.path() + "/" + config.pattern();
        List<Dump> dumps;
        try {
            dumps = list();
        } catch (IOException e) {
            out.error("cannot read " + config.path() + ": " + e.getMessage());
            return out.build();
        }
        out.measure("backup.count", dumps.size(), "check", name());
        if (dumps.isEmpty()) {
            out.find(new Finding("backup.missing", Severity.CRITICAL, where, "no backup matches " + where
                    + (Files.isDirectory(config.path()) ? "" : " (the folder does not exist)"), Map.of("path", config.path().toString(),
                    "pattern", config.pattern())));
            return out.build();
        }
        Dump newest = dumps.get(0);
        Duration age = Duration.between(newest.modified(), context.clock().instant());
        out.measure("backup.age_seconds", Math.max(0, age.toSeconds()), "check", name());
        out.measure("backup.size_bytes", newest.bytes(), "check", name());
        String subject = newest.path().toString();
        if (age.compareTo(config.maxAge()) > 0) {
            out.find(new Finding("backup.stale", Severity.CRITICAL, where, "the newest backup, " + newest.path().getFileName() + ", is "
                    + Units.humanDuration(age) + " old (limit " + Units.formatDuration(config.maxAge()) + "): backups have stopped",
                    Map.of("newest", subject, "modified", newest.modified().toString(), "max_age", Units.formatDuration(config.maxAge()))));
        }
        size(dumps, newest, out);
        if (config.restoreTest()) {
            restore(newest, context, out);
        }
        return out.build();
    }

    private void size(List<Dump> dumps, Dump newest, ResultBuilder out) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("newest", newest.path().toString());
        e.put("bytes", newest.bytes());
        String why = null;
        if (config.minSize() != null && newest.bytes() < config.minSize()) {
            why = "under the minimum of " + Units.formatBytes(config.minSize());
            e.put("min_size", config.minSize());
        } else if (dumps.size() > 1 && newest.bytes() < dumps.get(1).bytes() / 2) {
            why = "under half of the previous backup (" + Units.formatBytes(dumps.get(1).bytes()) + ", " + dumps.get(1).path().getFileName() + ")";
            e.put("previous_bytes", dumps.get(1).bytes());
        }
        if (why != null) {
            out.find(new Finding("backup.suspicious_size", Severity.WARNING, newest.path().toString(), "the newest backup, "
                    + newest.path().getFileName() + ", is " + Units.formatBytes(newest.bytes()) + ", " + why, e));
        }
    }

    private void restore(Dump newest, CheckContext context, ResultBuilder out) {
        try {
            RestoreTest test = new RestoreTest(context.databases().server(config.restoreInto()), context.secrets(), config.restoreTimeout());
            RestoreTest.Outcome o = test.run(newest.path());
            if (o.unusable()) {
                out.error("restore test: " + o.detail(), RESTORE);
            } else if (!o.restored()) {
                out.find(new Finding("backup.restore_failed", Severity.CRITICAL, newest.path().toString(), "restoring "
                        + newest.path().getFileName() + " failed: " + o.detail(), Map.of("dump", newest.path().toString(), "detail", o.detail())));
            } else {
                out.measure("backup.restored_tables", o.tables(), "check", name());
                out.measure("backup.restored_rows", o.rows(), "check", name());
            }
        } catch (IOException | SQLException | IllegalArgumentException e) {
            out.error("restore test: " + context.secrets().redact(String.valueOf(e.getMessage())), RESTORE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.error("restore test interrupted", RESTORE);
        }
    }

    /** The matching dumps, newest first. */
    private List<Dump> list() throws IOException {
        if (!Files.isDirectory(config.path())) {
            return List.of();
        }
        PathMatcher glob = config.path().getFileSystem().getPathMatcher("glob:" + config.pattern());
        try (Stream<Path> entries = Files.list(config.path())) {
            return entries.filter(p -> glob.matches(p.getFileName()) && !p.getFileName().toString().startsWith("."))
                    .map(BackupCheck::dump)
                    .sorted(Comparator.comparing(Dump::modified).reversed())
                    .toList();
        }
    }

    private static Dump dump(Path p) {
        try {
            long bytes;
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
            } else {
                bytes = Files.size(p);
            }
            return new Dump(p, Files.getLastModifiedTime(p).toInstant(), bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public List<dev.caretaker.check.Readiness> preflight(CheckContext context) {
        List<dev.caretaker.check.Readiness> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(config.path())) {
            out.add(dev.caretaker.check.Readiness.problem(name(), "the folder " + config.path() + " does not exist (or is not a folder)"));
        } else if (!Files.isReadable(config.path())) {
            out.add(dev.caretaker.check.Readiness.problem(name(), "the folder " + config.path() + " cannot be read by this user"));
        } else {
            try {
                out.add(dev.caretaker.check.Readiness.ok(name(), config.path() + " holds " + list().size() + " backup(s) matching " + config.pattern()));
            } catch (IOException e) {
                out.add(dev.caretaker.check.Readiness.problem(name(), "cannot list " + config.path() + ": " + e.getMessage()));
            }
        }
        if (config.restoreTest()) {
            for (String tool : List.of("psql", "pg_restore")) {
                boolean found = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                        .anyMatch(d -> Files.isExecutable(java.nio.file.Path.of(d, tool)));
                if (!found) {
                    out.add(dev.caretaker.check.Readiness.problem(name(), "the restore test needs " + tool + " on the PATH "
                            + "(Debian: apt-get install postgresql-client)"));
                }
            }
        }
        return out;
    }
}
