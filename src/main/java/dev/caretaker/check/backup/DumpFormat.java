package dev.caretaker.check.backup;


/** The kinds of PostgreSQL dump a restore test can read, told apart by their first bytes. */
enum DumpFormat {
    /** pg_dump -Fd: a folder with toc.dat. */
    DIRECTORY,
    /** pg_dump -Fc: a file starting with PGDMP. */
    CUSTOM,
    /** pg_dump -Fp: SQL text, possibly gzipped. */
    PLAIN,
    PLAIN_GZIP;

    /** The format of a dump file (not a folder) whose first bytes are {@code head}. */
    static DumpFormat of(byte[] head) {
        if (head.length >= 5 && new String(head, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("PGDMP")) {
            return CUSTOM;
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return PLAIN_GZIP;
        }
        return PLAIN;
    }

    String tool() {
        return this == PLAIN || this == PLAIN_GZIP ? "psql" : "pg_restore";
    }
}
