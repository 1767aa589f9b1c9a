package dev.caretaker.check.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Backups in a folder on this machine ({@code path:}); a directory-format dump counts as one backup. */
final class FolderStore implements BackupStore {
    private final Path folder;

    FolderStore(Path folder) {
        this.folder = folder;
    }

    @Override
    public String where() {
        return folder.toString();
    }

    @Override
    public List<BackupObject> list() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).map(FolderStore::backup).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static BackupObject backup(Path p) {
        try {
            long bytes;
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
            } else {
                bytes = Files.size(p);
            }
            return new BackupObject(p.getFileName().toString(), p.toString(), Files.getLastModifiedTime(p).toInstant(), bytes, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(BackupObject backup) throws IOException {
        return Files.newInputStream(backup.file());
    }

    @Override
    public String unreadable() {
        if (!Files.isDirectory(folder)) {
            return "the folder " + folder + " does not exist (or is not a folder)";
        }
        if (!Files.isReadable(folder)) {
            return "the folder " + folder + " cannot be read by this user";
        }
        return null;
    }

    /** Whether the folder is there: a missing folder says so in the finding that no backup matches. */
    boolean exists() {
        return Files.isDirectory(folder);
    }
}
