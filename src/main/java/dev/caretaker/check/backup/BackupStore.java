package dev.caretaker.check.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where backups are kept, as the backup check reads it: a listing and a way to read one backup. A folder, an S3 bucket, an
 * Azure Blob container. Every call is the check's one run: a store is made per run and holds no state between runs.
 */
public interface BackupStore {
    /**
     * One backup as the store lists it.
     *
     * @param name what the pattern is matched against: a file's name in a folder, the key after the prefix in an object store
     * @param location where it is, as findings name it: a path, or {@code s3://bucket/key}
     * @param file a folder's dump on this machine (a directory-format dump needs it); null in an object store
     */
    record BackupObject(String name, String location, Instant modified, long bytes, Path file) {
    }

    /** The store as findings name it: the folder, {@code s3://bucket/prefix}, the container's URL and prefix. */
    String where();

    /** Every backup the store holds under its folder or prefix (the check filters by pattern and sorts). */
    List<BackupObject> list() throws IOException;

    /** Reads one backup from its first byte; the caller closes it. Nothing is written to disk on the way. */
    InputStream open(BackupObject backup) throws IOException;

    /** Why the store cannot be read as configured, in words an operator acts on; null when a listing works. */
    String unreadable();

    /** What an error of this store's client says, in the provider's own words where it has them. */
    default String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
