package dev.caretaker.check;

import dev.caretaker.TestDatabases;
import dev.caretaker.config.Severity;
import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestDatabases.class)
public class BackupCheckTest {
    /** A plain-format dump as pg_dump writes it: DDL, then COPY blocks (2 tables, 5 rows); the object-store tests restore it too. */
    public static final String PLAIN_DUMP = """
            SET statement_timeout = 0;
            SET client_encoding = 'UTF8';
            CREATE TABLE public.clients (id bigint NOT NULL, name text NOT NULL);
            CREATE TABLE public.invoices (id integer NOT NULL, client_id bigint, amount numeric(12,2));
            COPY public.clients (id, name) FROM stdin;
            1\tAcme
            2\tGlobex
            \\.
            COPY public.invoices (id, client_id, amount) FROM stdin;
            10\t1\t120.00
            11\t2\t99.50
            12\t2\t\\N
            \\.
            ALTER TABLE ONLY public.clients ADD CONSTRAINT clients_pkey PRIMARY KEY (id);
            ALTER TABLE public.clients OWNER TO postgres;
            GRANT SELECT ON TABLE public.invoices TO reporting;

            --
            -- PostgreSQL database dump complete
            --

            """;

    @TempDir
    Path dir;

    /** The test's database, which {@link TestDatabase#run} runs the checks through; dropped after the test. */
    private TestDatabase db;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
    }

    private CheckResult check(String extra) {
        return db.run(db.config("""
                checks:
                  backups:
                    type: backup
                    path: %s
                """.formatted(dir) + extra.indent(4)), "backups");
    }

    private Path dump(String name, String content, Duration age) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
        return p;
    }

    @Test
    void nothing_matching_is_missing() {
        assertThat(one(check("pattern: '*.sql'"), "backup.missing").severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void a_dump_three_days_old_is_stale_and_a_fresh_one_is_fine() throws Exception {
        dump("app-2026-11-19.sql", PLAIN_DUMP, Duration.ofDays(3));
        assertThat(one(check("pattern: '*.sql'"), "backup.stale").message()).contains("3d");
        dump("app-2026-11-22.sql", PLAIN_DUMP, Duration.ofHours(2));
        CheckResult fresh = check("pattern: '*.sql'");
        assertThat(fresh.findings()).isEmpty();
        assertThat(fresh.measurements()).extracting(Measurement::metric).contains("backup.age_seconds", "backup.size_bytes");
    }

    @Test
    void a_dump_under_half_the_previous_one_is_suspicious() throws Exception {
        dump("app-1.sql", PLAIN_DUMP + "-- " + "x".repeat(5000), Duration.ofHours(26));
        dump("app-2.sql", PLAIN_DUMP, Duration.ofHours(1));
        Finding f = one(check("pattern: '*.sql'"), "backup.suspicious_size");
        assertThat(f.subject()).endsWith("app-2.sql");
        assertThat(one(check("pattern: 'app-2.sql'\nmin_size: 1MB"), "backup.suspicious_size").message()).contains("minimum");
    }

    @Test
    void a_good_plain_dump_really_restores_and_the_throwaway_database_is_dropped() throws Exception {
        dump("app.sql", PLAIN_DUMP, Duration.ofHours(1));
        CheckResult r = check("restore_test: true");
        assertThat(r.error()).isNull();
        assertThat(r.findings()).isEmpty();
        assertThat(r.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("backup.restored_tables");
            assertThat(m.value()).isEqualTo(2.0);
        });
        assertThat(throwawayDatabases()).isZero();
    }

    @Test
    void a_corrupt_dump_fails_its_restore() throws Exception {
        dump("app.sql", PLAIN_DUMP.replace("CREATE TABLE public.invoices", "CREATE TABEL public.invoices"), Duration.ofHours(1));
        Finding f = one(check("restore_test: true"), "backup.restore_failed");
        assertThat(f.message()).contains("psql failed").contains("syntax error");
        assertThat(throwawayDatabases()).isZero();
    }

    @Test
    void a_truncated_custom_archive_fails_its_restore() throws Exception {
        byte[] bytes = "PGDMP\u0001\u000e\u0000\u0004\u0008\u0001\u0001garbage".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path p = dir.resolve("app.dump");
        Files.write(p, bytes);
        CheckResult r = check("pattern: '*.dump'\nrestore_test: true");
        assertThat(of(r, "backup.restore_failed").size() + (r.error() == null ? 0 : 1)).isEqualTo(1);
        assertThat(r.status()).isIn(Status.CRITICAL, Status.UNKNOWN);
        assertThat(throwawayDatabases()).isZero();
    }

    @Test
    void a_gzipped_plain_dump_is_streamed_through_gunzip_into_its_restore() throws Exception {
        Path p = dir.resolve("app.sql.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(PLAIN_DUMP.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        CheckResult r = check("pattern: '*.gz'\nrestore_test: true");
        assertThat(r.error()).isNull();
        assertThat(r.findings()).isEmpty();
        assertThat(r.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("backup.restored_rows");
            assertThat(m.value()).isEqualTo(5.0);
        });
        assertThat(throwawayDatabases()).isZero();
    }

    /**
     * A Wednesday at 06:00 UTC at least a day ago, late enough in its month that the three weeks before it are in the same
     * month: the periods below fall the same way whenever the test runs.
     */
    private static java.time.ZonedDateTime wednesday() {
        java.time.LocalDate d = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1);
        while (d.getDayOfWeek() != java.time.DayOfWeek.WEDNESDAY || d.getDayOfMonth() < 22) {
            d = d.minusDays(1);
        }
        return d.atTime(6, 0).atZone(java.time.ZoneOffset.UTC);
    }

    private void dumpAt(java.time.ZonedDateTime at) throws Exception {
        Path p = dir.resolve("app-" + at.toLocalDate() + ".sql");
        Files.writeString(p, PLAIN_DUMP);
        Files.setLastModifiedTime(p, FileTime.from(at.toInstant()));
    }

    @Test
    void retention_names_the_day_the_week_and_the_month_without_a_backup_and_is_quiet_once_they_hold_one() throws Exception {
        java.time.ZonedDateTime wed = wednesday();
        for (int day : new int[] {0, 1, 2, 4, 5, 6, 21}) { // no Sunday (3 days back), nothing two weeks back
            dumpAt(wed.minusDays(day));
        }
        dumpAt(wed.minusMonths(2)); // nothing the month before
        String config = """
                pattern: 'app-*.sql'
                max_age: 60d
                retention: {daily: 7, weekly: 4, monthly: 3}
                """;
        java.util.function.Supplier<CheckResult> inUtc = () -> db.run(db.config("""
                timezone: UTC
                checks:
                  backups:
                    type: backup
                    path: %s
                """.formatted(dir) + config.indent(4)), "backups");
        CheckResult r = inUtc.get();
        assertThat(r.error()).isNull();
        java.util.List<Finding> gaps = of(r, "backup.retention_gap");
        assertThat(gaps).extracting(Finding::subject).containsExactly(dir + "/app-*.sql daily", dir + "/app-*.sql weekly",
                dir + "/app-*.sql monthly");
        assertThat(gaps).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(gaps.get(0).message()).startsWith("1 of the last 7 days hold no backup").contains(wed.minusDays(3).toLocalDate().toString());
        java.time.LocalDate twoWeeks = wed.minusDays(14).toLocalDate();
        String week = twoWeeks.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR) + "-W"
                + String.format("%02d", twoWeeks.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        assertThat(gaps.get(1).evidence()).containsEntry("missing", java.util.List.of(week));
        assertThat(gaps.get(2).evidence()).containsEntry("missing", java.util.List.of(java.time.YearMonth.from(wed.minusMonths(1)).toString()));
        assertThat(gaps.get(2).message()).contains("the oldest backup kept is app-" + wed.minusMonths(2).toLocalDate());

        dumpAt(wed.minusDays(3));
        dumpAt(wed.minusDays(14));
        dumpAt(wed.minusMonths(1));
        assertThat(inUtc.get().findings()).isEmpty();
    }

    @Test
    void a_retention_that_is_not_a_map_of_periods_is_refused_with_its_key() {
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, path: /var/backups, retention: 7}
                """)).hasMessageContaining("checks.backups.retention").hasMessageContaining("daily: 7");
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, path: /var/backups, retention: {dayly: 7}}
                """)).hasMessageContaining("dayly").hasMessageContaining("daily");
    }

    private static long throwawayDatabases() throws Exception {
        try (var c = TestPostgres.server().connect("postgres", "test"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'caretaker_restore_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
