package dev.caretaker.check.backup;

import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Measurement;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore test on dumps pg_dump really wrote (src/test/resources/dumps: plain with OWNER TO a role the restore server
 * lacks and psql's restrict lines, custom, tar), gzipped or not, whole and cut: what arrives, and what is blamed.
 */
@ExtendWith(TestDatabases.class)
class RealDumpsTest {
    @TempDir
    Path dir;
    private TestDatabase db;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
    }

    private static byte[] real(String name) throws IOException {
        try (InputStream in = RealDumpsTest.class.getResourceAsStream("/dumps/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private CheckResult restore(String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
        return db.run(db.config("""
                checks:
                  backups: {type: backup, path: "%s", pattern: "%s", restore_test: true}
                """.formatted(dir, name)), "backups");
    }

    private static double measured(CheckResult r, String metric) {
        return r.measurements().stream().filter(m -> m.metric().equals(metric)).mapToDouble(Measurement::value).findFirst().orElse(-1);
    }

    @Test
    void every_format_pg_dump_writes_restores_gzipped_or_not_though_its_owner_role_is_missing_here() throws IOException {
        for (String[] dump : new String[][] {{"shop.sql", "plain"}, {"shop.dump", "custom"}, {"shop.tar", "tar"}}) {
            byte[] bytes = real(dump[0]);
            for (boolean gzipped : new boolean[] {false, true}) {
                String name = dump[0] + (gzipped ? ".gz" : "");
                CheckResult r = restore(name, gzipped ? gzip(bytes) : bytes);
                assertThat(r.error()).as(name).isNull();
                assertThat(r.findings()).as(name).isEmpty();
                assertThat(measured(r, "backup.restored_tables")).as(name + ": tables").isEqualTo(2.0);
                assertThat(measured(r, "backup.restored_rows")).as(name + ": rows").isEqualTo(600.0);
            }
        }
    }

    @Test
    void a_plain_dump_cut_short_fails_its_restore_though_psql_would_commit_half_its_rows() throws IOException {
        byte[] whole = real("shop.sql");
        byte[] cut = Arrays.copyOf(whole, 3000); // in the middle of a COPY block
        assertThat(one(restore("cut.sql", cut), "backup.restore_failed").message())
                .contains("ends without pg_dump's closing line", "cut short");
        assertThat(one(restore("cut.sql.gz", gzip(cut)), "backup.restore_failed").message()).contains("closing line");
    }

    @Test
    void a_gzip_cut_short_fails_its_restore_as_the_dumps_fault() throws IOException {
        byte[] gz = gzip(real("shop.sql"));
        CheckResult r = restore("cut.sql.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThat(r.error()).isNull();
        assertThat(one(r, "backup.restore_failed").message()).contains("the gzip stream is cut or corrupt");
        byte[] custom = gzip(real("shop.dump"));
        assertThat(restore("cut.dump.gz", Arrays.copyOf(custom, custom.length / 2)).findings())
                .anySatisfy(f -> assertThat(f.code()).isEqualTo("backup.restore_failed"));
    }
}
