package dev.caretaker.check.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last answer to each API request a check made, with its {@code ETag}: the next run asks with {@code If-None-Match},
 * and a {@code 304 Not Modified} (which GitHub does not count against the rate limit) is answered from here. Keyed by
 * check, URL and a digest of the token, so two checks or two tokens never share an answer. Kept in memory, bounded in
 * entries and bytes, least recently used first out; and, once {@link #keepIn} names a folder ({@code api-cache} in Caretaker's home), also on
 * disk, one file per answer named by a digest of its key (owner-only, written whole or not at all), so a
 * {@code caretaker check} started by cron or a restarted server asks conditionally too. The folder holds the same bound,
 * oldest files first out.
 */
public final class EtagCache {
    record Entry(String etag, String body) {
    }

    static final int MAX_ENTRIES = 4096;
    static final long MAX_BYTES = 64L << 20;
    /** An answer larger than this is not kept (its next request is a full one). */
    static final int MAX_ENTRY_BYTES = 4 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(EtagCache.class);

    private static final LinkedHashMap<String, Entry> ENTRIES = new LinkedHashMap<>(64, 0.75f, true);
    private static long bytes;
    private static Path folder;
    private static long folderBytes;
    private static int folderFiles;

    private EtagCache() {
    }

    /**
     * Keeps answers in {@code dir} too (made owner-only if missing), pruned now to the bound; an unusable folder is logged
     * and the cache stays in memory.
     */
    public static synchronized void keepIn(Path dir) {
        if (dir.equals(folder)) {
            return;
        }
        folder = dir;
        folderBytes = 0;
        folderFiles = 0;
        try {
            if (Files.isDirectory(dir)) {
                prune();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("API answers are cached in memory only: cannot use {}: {}", dir, e.toString());
            folder = null;
        }
    }

    static synchronized Optional<Entry> get(String key) {
        Entry e = ENTRIES.get(key);
        if (e == null && folder != null) {
            e = read(file(key)).orElse(null);
            if (e != null) {
                remember(key, e);
            }
        }
        return Optional.ofNullable(e);
    }

    static synchronized void put(String key, String etag, String body) {
        if (etag == null || etag.isBlank() || body.length() > MAX_ENTRY_BYTES) {
            remove(key);
            return;
        }
        Entry e = new Entry(etag, body);
        remember(key, e);
        if (folder != null) {
            write(file(key), e);
        }
    }

    private static void remember(String key, Entry e) {
        Entry old = ENTRIES.put(key, e);
        bytes += e.body().length() - (old == null ? 0 : old.body().length());
        var it = ENTRIES.entrySet().iterator();
        while ((ENTRIES.size() > MAX_ENTRIES || bytes > MAX_BYTES) && it.hasNext()) {
            Map.Entry<String, Entry> eldest = it.next();
            bytes -= eldest.getValue().body().length();
            it.remove();
        }
    }

    static synchronized void remove(String key) {
        Entry old = ENTRIES.remove(key);
        if (old != null) {
            bytes -= old.body().length();
        }
        if (folder != null) {
            try {
                Files.deleteIfExists(file(key));
            } catch (IOException e) {
                LOG.debug("cannot remove a cached API answer: {}", e.toString());
            }
        }
    }

    /** Forgets every answer in memory (tests, to start cold; a folder named by {@link #keepIn} is kept, and stops being read). */
    static synchronized void clear() {
        ENTRIES.clear();
        bytes = 0;
        folder = null;
    }

    private static Path file(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return folder.resolve(HexFormat.of().formatHex(d) + ".answer");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file: the ETag on the first line, the body after it. */
    private static Optional<Entry> read(Path f) {
        try {
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            String text = Files.readString(f, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            if (nl <= 0) {
                return Optional.empty();
            }
            Files.setLastModifiedTime(f, FileTime.from(Instant.now())); // used: last out
            return Optional.of(new Entry(text.substring(0, nl), text.substring(nl + 1)));
        } catch (IOException e) {
            LOG.debug("cannot read a cached API answer: {}", e.toString());
            return Optional.empty();
        }
    }

    private static void write(Path f, Entry e) {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp" + ProcessHandle.current().pid());
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder); // the first answer kept: made now, so a config without API sources leaves none
                ownerOnly(folder, "rwx------");
            }
            long before = Files.isRegularFile(f) ? Files.size(f) : -1;
            Files.writeString(tmp, e.etag().replace('\n', ' ') + "\n" + e.body(), StandardCharsets.UTF_8);
            ownerOnly(tmp, "rw-------");
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException x) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
            folderBytes += Files.size(f) - Math.max(0, before);
            folderFiles += before < 0 ? 1 : 0;
            if (folderFiles > MAX_ENTRIES || folderBytes > MAX_BYTES) {
                prune();
            }
        } catch (IOException x) {
            LOG.debug("cannot keep an API answer on disk: {}", x.toString());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do: the answer stays in memory
            }
        }
    }

    /** Deletes the least recently used files until the folder is within the bound (to 90 % of it, so it is not redone at once). */
    private static void prune() throws IOException {
        List<Path> files;
        try (var s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".answer")).toList();
        }
        record Sized(Path path, long size, long modified) {
        }
        List<Sized> sized = new java.util.ArrayList<>();
        for (Path p : files) {
            try {
                sized.add(new Sized(p, Files.size(p), Files.getLastModifiedTime(p).toMillis()));
            } catch (IOException gone) {
                // removed by another process meanwhile
            }
        }
        sized.sort(Comparator.comparingLong(Sized::modified));
        long total = sized.stream().mapToLong(Sized::size).sum();
        int count = sized.size();
        for (Sized s : sized) {
            if (count <= MAX_ENTRIES * 9 / 10 && total <= MAX_BYTES * 9 / 10) {
                break;
            }
            Files.deleteIfExists(s.path());
            total -= s.size();
            count--;
        }
        folderBytes = total;
        folderFiles = count;
    }

    private static void ownerOnly(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the home folder's own protection applies
        }
    }
}
