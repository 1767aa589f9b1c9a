package dev.caretaker.check.backup;

import java.nio.charset.StandardCharsets;

/** The kinds of PostgreSQL dump a restore test can read, told apart by their first bytes (after gzip, when gzipped). */
enum DumpFormat {
    /** pg_dump -Fd: a folder with toc.dat. */
    DIRECTORY,
    /** pg_dump -Fc: a file starting with PGDMP. */
    CUSTOM,
    /** pg_dump -Ft: a tar archive (POSIX "ustar" at offset 257 of its first header). */
    TAR,
    /** pg_dump -Fp: SQL text. */
    PLAIN;

    /** How many first bytes tell the format apart: a tar header's magic ends at 262. */
    static final int HEAD = 512;

    /** The format of a dump file (not a folder) whose first bytes are {@code head}. */
    static DumpFormat of(byte[] head) {
        if (head.length >= 5 && new String(head, 0, 5, StandardCharsets.US_ASCII).equals("PGDMP")) {
            return CUSTOM;
        }
        if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return TAR;
        }
        return PLAIN;
    }

    /** Whether {@code head} starts a gzip stream (RFC 1952's magic). */
    static boolean gzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    String tool() {
        return this == PLAIN ? "psql" : "pg_restore";
    }
}
