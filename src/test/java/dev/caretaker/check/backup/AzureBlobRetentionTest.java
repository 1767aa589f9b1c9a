package dev.caretaker.check.backup;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.caretaker.Emulator;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Old blobs for real: Azure sets a blob's Last-Modified itself, at upload, so this Azurite runs with its clock set back by
 * the test (a script preloaded into its Node.js process shifts {@code Date} by the offset in a file). The blobs it stores
 * then carry that time, as a blob uploaded days ago would, and Caretaker reads them like any other.
 */
@ExtendWith(TestDatabases.class)
class AzureBlobRetentionTest {
    private static final String SHIFT = """
            const fs = require('fs');
            const file = process.env.CARETAKER_TEST_CLOCK_OFFSET;
            const Real = Date;
            function offset() { try { return Number(fs.readFileSync(file, 'utf8')) || 0; } catch (e) { return 0; } }
            function Shifted(...a) {
              if (!new.target) { return new Real(Real.now() + offset()).toString(); }
              return a.length === 0 ? new Real(Real.now() + offset()) : new Real(...a);
            }
            Shifted.prototype = Real.prototype;
            Shifted.now = () => Real.now() + offset();
            Shifted.parse = Real.parse;
            Shifted.UTC = Real.UTC;
            global.Date = Shifted;
            """;

    @TempDir
    static Path dir;
    private static Emulator azurite;
    private static Path offset;

    private TestDatabase db;
    private String container;
    private BlobContainerClient blobs;

    @BeforeAll
    static void start() throws Exception {
        Path shift = dir.resolve("shift-clock.js");
        Files.writeString(shift, SHIFT);
        offset = dir.resolve("offset-ms");
        azurite = Emulator.azurite(dir, Map.of("NODE_OPTIONS", "--require " + shift, "CARETAKER_TEST_CLOCK_OFFSET", offset.toString()));
    }

    @AfterAll
    static void stop() {
        azurite.close();
    }

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
        container = "nightly-" + UUID.randomUUID().toString().substring(0, 8);
        blobs = new BlobServiceClientBuilder().endpoint(azurite.url() + "/" + Emulator.AZURE_ACCOUNT)
                .credential(new StorageSharedKeyCredential(Emulator.AZURE_ACCOUNT, Emulator.AZURE_KEY)).buildClient()
                .getBlobContainerClient(container);
        blobs.create();
    }

    /** Uploads {@code name} with the server's clock {@code ago} in the past: its Last-Modified is then. */
    private void uploadAgo(String name, Duration ago) throws Exception {
        Files.writeString(offset, String.valueOf(-ago.toMillis()));
        try {
            blobs.getBlobClient(name).upload(BinaryData.fromString("-- dump " + name + "\n" + "x".repeat(200)), true);
        } finally {
            Files.writeString(offset, "0");
        }
        assertThat(Duration.between(blobs.getBlobClient(name).getProperties().getLastModified().toInstant(), java.time.Instant.now()))
                .isGreaterThan(ago.minusMinutes(5));
    }

    private CheckResult check(String extra) {
        return db.run(db.config("""
                timezone: UTC
                checks:
                  backups:
                    type: backup
                    source: azure-blob
                    account_url: %s/devstoreaccount1
                    container: %s
                    account_key: %s
                """.formatted(azurite.url(), container, Emulator.AZURE_KEY) + extra.indent(4)), "backups");
    }

    @Test
    void a_blob_uploaded_three_days_ago_is_stale_and_one_uploaded_now_is_not() throws Exception {
        uploadAgo("app-old.sql", Duration.ofDays(3));
        Finding stale = one(check(""), "backup.stale");
        assertThat(stale.message()).contains("app-old.sql").contains("3d old");
        uploadAgo("app-new.sql", Duration.ZERO);
        assertThat(check("").findings()).isEmpty();
    }

    @Test
    void a_week_without_a_blob_is_a_retention_gap_naming_it_and_its_backup_closes_it() throws Exception {
        uploadAgo("weekly/app-0.sql", Duration.ZERO);
        uploadAgo("weekly/app-14.sql", Duration.ofDays(14));
        String config = "prefix: weekly/\nmax_age: 30d\nretention: {weekly: 3}";
        List<Finding> gaps = of(check(config), "backup.retention_gap");
        LocalDate lastWeek = LocalDate.now(ZoneOffset.UTC).minusDays(7);
        String week = lastWeek.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", lastWeek.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.evidence()).containsEntry("missing", List.of(week)).containsEntry("source", "azure-blob");
            assertThat(g.message()).startsWith("1 of the last 3 weeks hold no backup").contains("app-14.sql");
        });

        uploadAgo("weekly/app-7.sql", Duration.ofDays(7));
        assertThat(check(config).findings()).isEmpty();
    }
}
