package dev.caretaker.check.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Copies a dump into the restore tool's standard input. A plain SQL dump goes line by line: outside COPY data, the
 * statements that give objects to roles or grant them to roles (one line each as pg_dump writes them) are left out, as
 * pg_restore's {@code --no-owner --no-privileges} leave them out of an archive, so a dump made on a server with other roles
 * restores anywhere; and a plain dump must end with pg_dump's closing line, else it was cut short (psql would take a cut
 * COPY block for a whole one and commit half the rows). {@link #dumpFault()} says what is wrong with the dump itself.
 */
final class DumpFeeder extends Thread {
    /**
     * pg_dump's closing line of a plain dump ("-- PostgreSQL database dump complete"; pg_dumpall's says "cluster dump
     * complete"), after which only comments, blank lines and psql's unrestrict meta-command (pg_dump since 17.6, 16.10, 15.14 …)
     * come.
     */
    private static final Pattern CLOSING = Pattern.compile("^-- PostgreSQL database (cluster )?dump complete\\s*$");
    private static final Pattern AFTER_CLOSING = Pattern.compile("^(--.*|\\\\unrestrict\\s.*)$");
    private static final Pattern ROLES = Pattern.compile("^(ALTER .+ OWNER TO .+;|GRANT .+;|REVOKE .+;|ALTER DEFAULT PRIVILEGES .+;)\\s*$");
    private static final Pattern COPY_FROM_STDIN = Pattern.compile("^COPY .+ FROM stdin;\\s*$");

    private final DumpStream dump;
    private final OutputStream out;
    private volatile String dumpFault;

    DumpFeeder(DumpStream dump, OutputStream out) {
        super("restore-feed");
        this.dump = dump;
        this.out = out;
        setDaemon(true);
    }

    /** What is wrong with the dump itself (a gzip that ends early, a plain dump without its closing line); null when nothing. */
    String dumpFault() {
        return dumpFault;
    }

    @Override
    public void run() {
        try (out) {
            if (dump.format() == DumpFormat.PLAIN) {
                plain(dump.stream());
            } else {
                copy(dump.stream());
            }
        } catch (IOException ignored) {
            // the client stopped reading: its exit and output say why
        }
    }

    private void copy(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (true) {
            int n = read(in, buffer);
            if (n < 0) {
                return;
            }
            out.write(buffer, 0, n);
        }
    }

    /** A read of the dump: -1 at its end, or when it cannot be read further (the store's failure, or the dump's, is recorded). */
    private int read(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            if (dump.storeFailure() == null) {
                dumpFault = (dump.gzipped() ? "the gzip stream is cut or corrupt" : "the dump cannot be read to its end") + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            return -1;
        }
    }

    private void plain(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int n = read(in, buffer);
            if (n < 0) {
                break;
            }
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i + 1 - start);
                    start = i + 1;
                    line(line);
                }
            }
            line.write(buffer, start, n - start);
        }
        if (line.size() > 0) {
            line(line);
        }
        if (dumpFault == null && dump.storeFailure() == null && !closed) {
            dumpFault = "the dump ends without pg_dump's closing line ('-- PostgreSQL database dump complete'): it was cut short"
                    + (lastText == null ? " (it is empty)" : "; its last line: " + excerpt(lastText));
        }
    }

    /** Inside COPY data (up to its {@code \.}). */
    private boolean inCopy;
    /** The last line that was not blank, and whether the dump's closing line came with nothing but comments after it. */
    private String lastText;
    private boolean closed;

    /** Writes one line unless it gives an object or a right to a role outside COPY data, and notes where the dump is. */
    private void line(ByteArrayOutputStream line) throws IOException {
        String text = head(line);
        boolean copyData = inCopy;
        if (copyData) {
            inCopy = !text.strip().equals("\\.");
        } else {
            inCopy = COPY_FROM_STDIN.matcher(text).matches();
        }
        if (copyData || !ROLES.matcher(text).matches()) {
            line.writeTo(out);
        }
        line.reset();
        if (!text.isBlank()) {
            lastText = text;
            String t = text.strip();
            closed = !copyData && (CLOSING.matcher(t).matches() || closed && AFTER_CLOSING.matcher(t).matches());
        }
    }

    /** The line's first bytes as text (ASCII-compatible whatever the dump's encoding), enough to tell statements apart. */
    private static String head(ByteArrayOutputStream line) {
        byte[] b = line.toByteArray();
        int n = Math.min(b.length, 4096);
        return new String(b, 0, n, StandardCharsets.ISO_8859_1).replaceAll("[\r\n]+$", "");
    }

    private static String excerpt(String s) {
        String t = s.strip();
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }
}
