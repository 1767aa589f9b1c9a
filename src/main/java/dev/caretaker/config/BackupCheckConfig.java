package dev.caretaker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * {@code type: backup} — the newest dump where backups are kept (a folder, or a bucket or container of an object store): there,
 * fresh, plausibly sized, the periods of its retention each holding one, and (optionally) restorable.
 *
 * @param location where the backups are kept: {@link Folder} for the kind's own keys, another location for a {@code source:}
 * @param source the source that read it; null for a folder (the kind's own keys)
 * @param pattern a glob over the names (in a folder) or over the keys after the prefix (in an object store)
 * @param retention how many daily, weekly and monthly periods must each hold a backup; {@link Retention#NONE} by default
 * @param zone the zone periods of the retention are counted in (the config's {@code timezone})
 */
public record BackupCheckConfig(CheckType kind, SourceType source, String name, String description, Location location, String pattern,
                                Duration maxAge, Long minSize, Retention retention, ZoneId zone, boolean restoreTest, String restoreInto,
                                Duration restoreTimeout) implements SourceType.Sourced {

    public static final String DEFAULT_PATTERN = "*";
    /** A daily backup with two hours of slack. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(26);
    public static final Duration DEFAULT_RESTORE_TIMEOUT = Duration.ofMinutes(30);
    /** The keys every source of backups has besides where they are: the judgement and the restore test. */
    public static final java.util.List<String> JUDGEMENT_KEYS = java.util.List.of("pattern", "max_age", "min_size", "retention",
            "restore_test", "restore_into", "restore_timeout");

    @Override
    public String database() {
        return restoreInto;
    }

    /** Where backups are kept; {@link #where()} names it in findings (a folder, {@code s3://bucket/prefix} …). */
    public interface Location {
        String where();
    }

    /** A folder on this machine ({@code path:}). */
    public record Folder(Path path) implements Location {
        @Override
        public String where() {
            return path.toString();
        }
    }

    /**
     * {@code retention: {daily: 7, weekly: 4, monthly: 12}}: the newest backup's day and the days before it, up to {@code daily}
     * of them, must each hold a backup; likewise its ISO week and {@code weekly} weeks, its month and {@code monthly} months.
     * Zero: that period is not judged.
     */
    public record Retention(int daily, int weekly, int monthly) {
        public static final Retention NONE = new Retention(0, 0, 0);

        public boolean judged() {
            return daily + weekly + monthly > 0;
        }
    }
}
