package dev.caretaker.check.backup;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.Units;
import dev.caretaker.guard.CheckGrants;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code type: backup}: the newest dump in a folder — there, fresh, plausibly sized, and (optionally) restorable. */
public final class BackupKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("backup.count", "files", "backups matching the pattern"),
            Metric.of("backup.age_seconds", "seconds", "age of the newest backup"),
            Metric.of("backup.size_bytes", "bytes", "size of the newest backup"),
            Metric.of("backup.restored_tables", "tables", "tables restored by the restore test"),
            Metric.of("backup.restored_rows", "rows", "rows restored by the restore test"));

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public List<String> keys() {
        return List.of("path", "pattern", "max_age", "min_size", "restore_test", "restore_into", "restore_timeout");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        Path path = s.path("path").orElse(null);
        if (!s.has("path")) {
            s.problem("'" + s.path() + "' needs 'path', the folder the backups are written to");
        }
        String pattern = s.string("pattern", BackupCheckConfig.DEFAULT_PATTERN);
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            s.problem("pattern", "'" + pattern + "' is not a glob pattern: " + e.getMessage());
        }
        String restoreInto = s.string("restore_into", null);
        if (restoreInto != null) {
            draft.knownDatabase(s, "restore_into", restoreInto);
        }
        return new BackupCheckConfig(this, draft.name(), draft.description(), path, pattern,
                s.duration("max_age", BackupCheckConfig.DEFAULT_MAX_AGE, Duration.ofMinutes(1), Duration.ofDays(400)),
                s.parsed("min_size", Units::parseSize).orElse(null), s.bool("restore_test", false), restoreInto,
                s.duration("restore_timeout", BackupCheckConfig.DEFAULT_RESTORE_TIMEOUT, Duration.ofSeconds(10), Duration.ofHours(24)));
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new BackupCheck((BackupCheckConfig) config);
    }

    /** Its database is the one it restores into; the restore test creates and drops a throwaway database there. */
    @Override
    public void grants(CheckConfig config, CheckGrants grants) {
        if (((BackupCheckConfig) config).restoreTest()) {
            grants.createDatabases();
        }
    }
}
