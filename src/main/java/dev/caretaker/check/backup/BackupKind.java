package dev.caretaker.check.backup;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CheckType;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.SourceType;
import dev.caretaker.config.Units;
import dev.caretaker.guard.CheckGrants;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: backup}: the newest dump where backups are kept — a folder (the kind's own keys, {@code source: folder}) or an
 * object store ({@link #sources()}) — there, fresh, plausibly sized, kept for every period of its retention, and (optionally)
 * restorable.
 */
public final class BackupKind implements CheckKind {
    /** The name of the kind's own keys as a source: a folder on this machine. */
    public static final String FOLDER = "folder";
    private static final List<Metric> METRICS = List.of(
            Metric.of("backup.count", "files", "backups matching the pattern"),
            Metric.of("backup.age_seconds", "seconds", "age of the newest backup"),
            Metric.of("backup.size_bytes", "bytes", "size of the newest backup"),
            Metric.of("backup.restored_tables", "tables", "tables restored by the restore test"),
            Metric.of("backup.restored_rows", "rows", "rows restored by the restore test"));
    private static final List<BackupSource> SOURCES = List.of(new S3Source(), new AzureBlobSource());

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public String ownSource() {
        return FOLDER;
    }

    @Override
    public List<String> keys() {
        List<String> keys = new ArrayList<>(List.of("path"));
        keys.addAll(BackupCheckConfig.JUDGEMENT_KEYS);
        return keys;
    }

    @Override
    public List<? extends SourceType> sources() {
        return SOURCES;
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        Path path = s.path("path").orElse(null);
        if (!s.has("path")) {
            s.problem("'" + s.path() + "' needs 'path', the folder the backups are written to (or 'source:' with a bucket or "
                    + "container: " + String.join(", ", SOURCES.stream().map(BackupSource::name).toList()) + ")");
        }
        return judged(s, draft, this, null, new BackupCheckConfig.Folder(path), BackupCheckConfig.DEFAULT_PATTERN);
    }

    /**
     * The config of a backup check kept at {@code location}, with the judgement's keys read from {@code s}: what every source of
     * backups shares ({@link BackupCheckConfig#JUDGEMENT_KEYS}).
     */
    public static BackupCheckConfig judged(Section s, Draft draft, CheckType family, SourceType source, BackupCheckConfig.Location location,
                                           String defaultPattern) {
        String pattern = s.string("pattern", defaultPattern);
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            String why = e instanceof java.util.regex.PatternSyntaxException p ? p.getDescription() : e.getMessage();
            s.problem("pattern", "'" + s.keyPath("pattern") + "': '" + pattern + "' is not a glob pattern (" + why
                    + "); e.g. 'app-*.dump', or '**.sql.gz' across folders");
        }
        String restoreInto = s.string("restore_into", null);
        if (restoreInto != null) {
            draft.knownDatabase(s, "restore_into", restoreInto);
        }
        boolean restoreTest = s.bool("restore_test", false);
        return new BackupCheckConfig(family, source, draft.name(), draft.description(), location, pattern,
                s.duration("max_age", BackupCheckConfig.DEFAULT_MAX_AGE, Duration.ofMinutes(1), Duration.ofDays(400)),
                s.parsed("min_size", Units::parseSize).orElse(null), retention(s), draft.timezone(), restoreTest, restoreInto,
                s.duration("restore_timeout", BackupCheckConfig.DEFAULT_RESTORE_TIMEOUT, Duration.ofSeconds(10), Duration.ofHours(24)));
    }

    private static BackupCheckConfig.Retention retention(Section s) {
        if (!s.has("retention")) {
            return BackupCheckConfig.Retention.NONE;
        }
        if (s.isScalar("retention") || s.isList("retention")) {
            s.problem("retention", "'" + s.keyPath("retention") + "' is a map of periods, e.g. {daily: 7, weekly: 4, monthly: 12}");
            return BackupCheckConfig.Retention.NONE;
        }
        Section r = s.section("retention", List.of("daily", "weekly", "monthly"));
        BackupCheckConfig.Retention out = new BackupCheckConfig.Retention(r.integer("daily", 0, 0, 400), r.integer("weekly", 0, 0, 260),
                r.integer("monthly", 0, 0, 120));
        boolean written = List.of("daily", "weekly", "monthly").stream().anyMatch(k -> r.has(k) && !"0".equals(r.string(k, "0").strip()));
        if (!out.judged() && !written) { // a count out of range is told by its own key already
            s.problem("retention", "'" + s.keyPath("retention") + "' names no period: give daily, weekly or monthly a count above 0");
        }
        return out;
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        BackupCheckConfig c = (BackupCheckConfig) config;
        return new BackupCheck(c, new FolderStore(((BackupCheckConfig.Folder) c.location()).path()));
    }

    /** Its database is the one it restores into; the restore test creates and drops a throwaway database there. */
    @Override
    public void grants(CheckConfig config, CheckGrants grants) {
        if (((BackupCheckConfig) config).restoreTest()) {
            grants.createDatabases();
        }
    }
}
