package dev.caretaker.check.backup;

import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.S3BackupLocation;
import dev.caretaker.config.Section;
import java.util.List;

/**
 * {@code type: backup, source: s3}: backups in an S3 bucket under a prefix — AWS, or an S3-compatible store at {@code endpoint}
 * (MinIO, Cloudflare R2, Backblaze B2, Supabase Storage) — judged as a folder's are.
 */
public final class S3Source extends BackupSource {
    public static final String NAME = "s3";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected List<String> locationKeys() {
        return S3BackupLocation.KEYS;
    }

    @Override
    protected BackupCheckConfig.Location location(Section s) {
        return S3BackupLocation.read(s);
    }

    @Override
    protected BackupStore store(BackupCheckConfig.Location location) {
        return new S3Store((S3BackupLocation) location);
    }
}
