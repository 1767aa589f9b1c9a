package dev.caretaker.check.backup;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * One dump read from its store for a restore: its format (read off its first bytes, under gzip when gzipped) and the stream of
 * its decoded bytes. What the store failed to deliver is told apart from what is wrong with the dump itself: a read error of
 * the store's own stream is remembered ({@link #storeFailure()}); a gzip that ends early is the dump's.
 */
final class DumpStream implements AutoCloseable {
    private final DumpFormat format;
    private final boolean gzipped;
    private final InputStream stream;
    private final StoreStream raw;

    private DumpStream(DumpFormat format, boolean gzipped, InputStream stream, StoreStream raw) {
        this.format = format;
        this.gzipped = gzipped;
        this.stream = stream;
        this.raw = raw;
    }

    static DumpStream open(BackupStore store, BackupStore.BackupObject backup) throws IOException {
        StoreStream raw = new StoreStream(store.open(backup));
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            byte[] head = peek(in);
            if (!DumpFormat.gzip(head)) {
                return new DumpStream(DumpFormat.of(head), false, in, raw);
            }
            InputStream inner = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            return new DumpStream(DumpFormat.of(peek(inner)), true, inner, raw);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static byte[] peek(InputStream in) throws IOException {
        in.mark(DumpFormat.HEAD);
        byte[] head = in.readNBytes(DumpFormat.HEAD);
        in.reset();
        return head;
    }

    DumpFormat format() {
        return format;
    }

    boolean gzipped() {
        return gzipped;
    }

    /** The dump's decoded bytes from its first. */
    InputStream stream() {
        return stream;
    }

    /** Why reading from the store failed, if it did: the dump was cut on the way, not in the store. */
    String storeFailure() {
        return raw.failure;
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException ignored) {
            // a stream given up on
        }
    }

    /** The store's stream, remembering the first error reading it gave (the gzip and buffer layers on top have theirs). */
    private static final class StoreStream extends FilterInputStream {
        private volatile String failure;

        StoreStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private IOException failed(IOException e) {
            if (failure == null) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            return e;
        }
    }
}
