package dev.caretaker.demo;

import dev.caretaker.demo.api.AzureBlobStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Manual 003's backups, where it keeps them: Azure Blob Storage, container {@value #CONTAINER}, under {@value #PREFIX} (its
 * daily script lists them there at 04:00 UTC). The nightly dump of the last two nights did not arrive, so the newest is
 * about two days old: "No database backups found in last 24 hours", a critical. The dumps before it are daily, and the
 * newest one really restores.
 */
final class AgenticBackups {
    static final String CONTAINER = "disaster-recovery";
    static final String PREFIX = "database-backups/";
    /** The example's account name: what a real account URL would carry as its host's first label. */
    private static final String ACCOUNT = "agenticbackups";

    private AgenticBackups() {
    }

    static AzureBlobStandIn blob(int port, String token) throws IOException {
        AzureBlobStandIn blob = new AzureBlobStandIn(ACCOUNT, port);
        byte[] dump = dump();
        Instant now = Instant.now();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        for (int daysBack = 2; daysBack <= 9; daysBack++) { // the last two nights missing
            Instant at = today.minusDays(daysBack).atTime(3, 12).toInstant(ZoneOffset.UTC);
            blob.put(CONTAINER, PREFIX + "agentic-" + at.atZone(ZoneOffset.UTC).toLocalDate() + ".sql.gz", dump, at);
        }
        blob.put(CONTAINER, "logs/maintenance-" + today + ".log", "daily maintenance log".getBytes(), now.minus(Duration.ofHours(1)));
        return blob;
    }

    /** A gzipped plain dump of a few of the app's tables, as {@code pg_dump | gzip} writes it. */
    private static byte[] dump() {
        try (InputStream in = AgenticBackups.class.getResourceAsStream("/demo/agentic/backup.sql")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
                in.transferTo(gz);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
