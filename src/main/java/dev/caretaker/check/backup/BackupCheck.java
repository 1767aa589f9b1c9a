package dev.caretaker.check.backup;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Unjudged;
import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: backup}: the newest dump where backups are kept (a {@link BackupStore}) must exist, be fresh and be of a plausible
 * size; with {@code retention:} every period it names must hold one; with {@code restore_test: true} the newest is restored for
 * real into a throwaway database.
 */
public final class BackupCheck extends ConfiguredCheck<BackupCheckConfig> {

    private static final List<Unjudged> RESTORE = List.of(Unjudged.code("backup.restore_failed"));

    private final BackupStore store;

    public BackupCheck(BackupCheckConfig config, BackupStore store) {
        super(config);
        this.store = store;
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        String where = store.where() + "/" + config.pattern();
        List<BackupStore.BackupObject> dumps;
        try {
            dumps = matching();
        } catch (IOException | RuntimeException e) {
            out.error("cannot list " + store.where() + ": " + context.secrets().redact(store.describe(e)));
            return out.build();
        }
        out.measure("backup.count", dumps.size(), "check", name());
        if (dumps.isEmpty()) {
            boolean folderMissing = store instanceof FolderStore f && !f.exists();
            out.find(new Finding("backup.missing", Severity.CRITICAL, where, "no backup matches " + where
                    + (folderMissing ? " (the folder does not exist)" : ""), evidence(Map.of("pattern", config.pattern()))));
            return out.build();
        }
        BackupStore.BackupObject newest = dumps.get(0);
        Duration age = Duration.between(newest.modified(), context.clock().instant());
        out.measure("backup.age_seconds", Math.max(0, age.toSeconds()), "check", name());
        out.measure("backup.size_bytes", newest.bytes(), "check", name());
        if (age.compareTo(config.maxAge()) > 0) {
            out.find(new Finding("backup.stale", Severity.CRITICAL, where, "the newest backup, " + newest.name() + ", is "
                    + Units.humanDuration(age) + " old (limit " + Units.formatDuration(config.maxAge()) + "): backups have stopped",
                    evidence(Map.of("newest", newest.location(), "modified", newest.modified().toString(), "max_age",
                            Units.formatDuration(config.maxAge())))));
        }
        size(dumps, newest, out);
        retention(dumps, where, out);
        if (config.restoreTest()) {
            restore(newest, context, out);
        }
        return out.build();
    }

    /** The evidence every finding carries: where the backups are ({@code source} when not a folder), then its own. */
    private Map<String, Object> evidence(Map<String, ?> own) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (config.source() != null) {
            e.put("source", config.source().name());
        }
        e.put("where", store.where());
        e.putAll(own);
        return e;
    }

    private void size(List<BackupStore.BackupObject> dumps, BackupStore.BackupObject newest, ResultBuilder out) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("newest", newest.location());
        e.put("bytes", newest.bytes());
        String why = null;
        if (config.minSize() != null && newest.bytes() < config.minSize()) {
            why = "under the minimum of " + Units.formatBytes(config.minSize());
            e.put("min_size", config.minSize());
        } else if (dumps.size() > 1 && newest.bytes() < dumps.get(1).bytes() / 2) {
            why = "under half of the previous backup (" + Units.formatBytes(dumps.get(1).bytes()) + ", " + dumps.get(1).name() + ")";
            e.put("previous_bytes", dumps.get(1).bytes());
        }
        if (why != null) {
            out.find(new Finding("backup.suspicious_size", Severity.WARNING, newest.location(), "the newest backup, "
                    + newest.name() + ", is " + Units.formatBytes(newest.bytes()) + ", " + why, evidence(e)));
        }
    }

    /** {@code backup.retention_gap}: one finding per period length (daily, weekly, monthly) naming the periods with no backup. */
    private void retention(List<BackupStore.BackupObject> dumps, String where, ResultBuilder out) {
        List<RetentionGaps.Gap> gaps = RetentionGaps.of(dumps.stream().map(BackupStore.BackupObject::modified).toList(), config.retention(),
                config.zone());
        BackupStore.BackupObject oldest = dumps.get(dumps.size() - 1);
        for (RetentionGaps.Gap g : gaps) {
            String periods = g.missing().size() == 1 ? g.missing().get(0) : String.join(", ", g.missing());
            out.find(new Finding("backup.retention_gap", Severity.WARNING, where + " " + g.period(), g.missing().size() + " of the last "
                    + g.wanted() + " " + g.unit() + "s hold no backup (retention " + g.period() + ": " + g.wanted() + "): " + periods
                    + "; the oldest backup kept is " + oldest.name() + " of " + oldest.modified().atZone(config.zone()).toLocalDate(),
                    evidence(Map.of("period", g.period(), "wanted", g.wanted(), "missing", g.missing(), "oldest", oldest.location(),
                            "zone", config.zone().getId()))));
        }
    }

    private void restore(BackupStore.BackupObject newest, CheckContext context, ResultBuilder out) {
        try {
            RestoreTest test = new RestoreTest(context.databases().server(config.restoreInto()), context.secrets(), config.restoreTimeout());
            RestoreTest.Outcome o = test.run(store, newest);
            if (o.unusable()) {
                out.error("restore test: " + o.detail(), RESTORE);
            } else if (!o.restored()) {
                out.find(new Finding("backup.restore_failed", Severity.CRITICAL, newest.location(), "restoring " + newest.name()
                        + " failed: " + o.detail(), evidence(Map.of("dump", newest.location(), "detail", o.detail()))));
            } else {
                out.measure("backup.restored_tables", o.tables(), "check", name());
                out.measure("backup.restored_rows", o.rows(), "check", name());
            }
        } catch (IOException | SQLException | IllegalArgumentException e) {
            out.error("restore test: " + context.secrets().redact(e instanceof IOException io ? store.describe(io) : String.valueOf(e.getMessage())),
                    RESTORE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.error("restore test interrupted", RESTORE);
        }
    }

    /** The backups whose name matches the pattern, newest first. */
    private List<BackupStore.BackupObject> matching() throws IOException {
        try {
            return matching(store.list());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private List<BackupStore.BackupObject> matching(List<BackupStore.BackupObject> listed) {
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + config.pattern());
        return listed.stream().filter(b -> glob.matches(Path.of(b.name())))
                .sorted(Comparator.comparing(BackupStore.BackupObject::modified).reversed()).toList();
    }

    @Override
    public List<Readiness> preflight(CheckContext context) {
        List<Readiness> out = new ArrayList<>();
        String why = store.unreadable();
        if (why != null) {
            out.add(Readiness.problem(name(), context.secrets().redact(why)));
        } else {
            try {
                List<BackupStore.BackupObject> all = store.list(); // one listing for both counts
                int listed = all.size();
                int matched = matching(all).size();
                if (matched > 0) {
                    out.add(Readiness.ok(name(), store.where() + " holds " + matched + " backup(s) matching " + config.pattern()));
                } else {
                    out.add(Readiness.warning(name(), store.where() + " holds no backup matching " + config.pattern() + " (" + listed
                            + " listed there): the first run reports backup.missing"
                            + (listed > 0 && !config.pattern().contains("**") && !(config.location() instanceof BackupCheckConfig.Folder)
                            ? "; in an object store '*' stays within one folder of the key: try '**' or one '*/' per folder" : "")));
                }
            } catch (IOException | RuntimeException e) {
                out.add(Readiness.problem(name(), "cannot list " + store.where() + ": " + context.secrets().redact(store.describe(e))));
            }
        }
        if (config.restoreTest()) {
            for (String tool : List.of("psql", "pg_restore")) {
                if (RestoreTest.onPath(tool).isEmpty()) {
                    out.add(Readiness.problem(name(), "the restore test needs " + tool + " on the PATH (Debian: apt-get install postgresql-client)"));
                }
            }
        }
        return out;
    }
}
