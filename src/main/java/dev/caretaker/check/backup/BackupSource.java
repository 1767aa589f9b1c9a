package dev.caretaker.check.backup;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckSource;
import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CheckType;
import dev.caretaker.config.Section;
import java.util.ArrayList;
import java.util.List;

/**
 * A place backups are kept besides a folder ({@code source: s3}, {@code source: azure-blob}): its own keys say where, the
 * judgement's keys are every backup check's, and the check is the same {@link BackupCheck} over the store it opens.
 */
public abstract class BackupSource implements CheckSource {
    /** Matches every key under the prefix, in sub-folders too: object stores keep dated "folders" ({@code 2026/12/app.dump}). */
    public static final String DEFAULT_PATTERN = "**";

    /** The keys that say where the backups are (bucket, container, credentials …). */
    protected abstract List<String> locationKeys();

    /** Reads where the backups are from {@code s}; problems go to {@code s}. */
    protected abstract BackupCheckConfig.Location location(Section s);

    /** The store behind {@code location}, opened for one run. */
    protected abstract BackupStore store(BackupCheckConfig.Location location);

    @Override
    public final List<String> keys() {
        List<String> keys = new ArrayList<>(locationKeys());
        keys.addAll(BackupCheckConfig.JUDGEMENT_KEYS);
        return keys;
    }

    @Override
    public final CheckConfig read(Section s, CheckType.Draft draft, CheckType family) {
        return BackupKind.judged(s, draft, family, this, location(s), DEFAULT_PATTERN);
    }

    @Override
    public final Check create(CheckConfig config) {
        BackupCheckConfig c = (BackupCheckConfig) config;
        return new BackupCheck(c, store(c.location()));
    }
}
