package dev.caretaker.check.backup;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Emulator;
import dev.caretaker.SecretRun;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.S3BackupLocation;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * {@code type: backup, source: s3} against s3rver (npm, run by the test on 127.0.0.1; it checks every request's signature):
 * the bucket and its objects are made with the SDK, and an object's LastModified set by setting its file's modification time in
 * s3rver's folder (s3rver 3.7 answers LastModified from the stat of {@code BUCKET/KEY._S3rver_object}: lib/stores/filesystem.js,
 * getMetadata).
 */
@ExtendWith(TestDatabases.class)
class S3BackupTest {
    /** The dump the folder's tests restore: 2 tables, 5 rows. */
    static final String PLAIN_DUMP = dev.caretaker.check.BackupCheckTest.PLAIN_DUMP;

    @TempDir
    static Path folder;
    static Emulator s3rver;
    static S3Client client;
    private static int buckets;

    private TestDatabase db;
    private String bucket;

    @BeforeAll
    static void start() throws Exception {
        s3rver = Emulator.s3(folder);
        client = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(s3rver.url())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Emulator.S3_ACCESS_KEY, Emulator.S3_SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // s3rver stores an aws-chunked upload as sent, chunk headers and all
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        s3rver.close();
    }

    @BeforeEach
    void bucket(TestDatabase db) {
        this.db = db;
        bucket = "backups-" + (++buckets);
        client.createBucket(b -> b.bucket(bucket));
    }

    /** Puts {@code key} with {@code content}, last modified {@code at}. */
    private void put(String key, byte[] content, Instant at) throws Exception {
        client.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(content));
        String[] parts = key.split("/", -1);
        Path file = folder.resolve("data").resolve(bucket);
        for (int i = 0; i < parts.length - 1; i++) {
            file = file.resolve(parts[i]);
        }
        Path object = file.resolve(parts[parts.length - 1] + "._S3rver_object");
        // s3rver answers the PUT before its write of the object's file has ended: wait for the whole file, so the time set
        // here is not overwritten by the write's end
        long until = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(object) && Files.size(object) == content.length) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        Files.setLastModifiedTime(object, FileTime.from(at));
    }

    private void put(String key, String content, Duration age) throws Exception {
        put(key, content.getBytes(StandardCharsets.UTF_8), Instant.now().minus(age));
    }

    /** The config with one backup check {@code backups} of source s3 in this test's bucket, with {@code extra} keys. */
    private CaretakerConfig config(String extra) {
        return config(extra, Map.of());
    }

    private CaretakerConfig config(String extra, Map<String, String> moreEnv) {
        return config(bucket, s3rver.url(), extra, moreEnv);
    }

    private CaretakerConfig config(String bucket, String endpoint, String extra, Map<String, String> moreEnv) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("S3_KEY", Emulator.S3_ACCESS_KEY);
        env.put("S3_SECRET", Emulator.S3_SECRET_KEY);
        env.putAll(moreEnv);
        return Engine.configLoader(env).parse("test.yml", Path.of("test.yml"), """
                system: s3-%s
                timezone: UTC
                checks:
                  backups:
                    type: backup
                    source: s3
                    bucket: %s
                    endpoint: %s
                    access_key_id: ${S3_KEY}
                    secret_access_key: ${S3_SECRET}
                    timeout: 10s
                """.formatted(db.name(), bucket, endpoint) + extra.indent(4));
    }

    private CheckResult check(String extra) {
        return db.run(config(extra), "backups");
    }

    private static List<Readiness> preflight(CaretakerConfig c) {
        return Checks.create(c.checks().get("backups")).preflight(new CheckContext(Clock.systemUTC(), null, c.secrets()));
    }

    @Test
    void a_newest_object_three_days_old_is_stale_and_a_fresh_one_is_fine() throws Exception {
        put("nightly/app-1.sql", PLAIN_DUMP, Duration.ofDays(3));
        Finding stale = one(check("prefix: nightly/"), "backup.stale");
        assertThat(stale.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(stale.message()).contains("app-1.sql").contains("3d");
        assertThat(stale.subject()).isEqualTo("s3://" + bucket + "/nightly/**");
        assertThat(stale.evidence()).containsEntry("source", "s3").containsEntry("newest", "s3://" + bucket + "/nightly/app-1.sql");

        put("nightly/app-2.sql", PLAIN_DUMP, Duration.ofHours(2));
        CheckResult fresh = check("prefix: nightly/");
        assertThat(fresh.error()).isNull();
        assertThat(fresh.findings()).isEmpty();
        assertThat(fresh.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("backup.count");
            assertThat(m.value()).isEqualTo(2.0);
        });
    }

    @Test
    void an_empty_prefix_or_a_pattern_matching_nothing_is_missing_and_a_match_is_not() throws Exception {
        Finding empty = one(check("prefix: nightly/"), "backup.missing");
        assertThat(empty.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(empty.message()).contains("s3://" + bucket + "/nightly/**");

        put("nightly/app.sql.gz", "not really gzip", Duration.ofHours(1));
        put("nightly/", "", Duration.ofHours(1)); // a "folder" a console made
        assertThat(one(check("prefix: nightly/\npattern: '*.dump'"), "backup.missing").message()).contains("nightly/*.dump");
        CheckResult found = check("prefix: nightly/\npattern: '*.gz'");
        assertThat(found.findings()).isEmpty();
        assertThat(found.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("backup.count");
            assertThat(m.value()).isEqualTo(1.0);
        });
    }

    @Test
    void a_newest_object_under_half_the_previous_is_suspicious_and_a_similar_one_is_not() throws Exception {
        put("app-1.sql", PLAIN_DUMP + "-- " + "x".repeat(5000), Duration.ofHours(26));
        put("app-2.sql", PLAIN_DUMP, Duration.ofHours(1));
        Finding f = one(check(""), "backup.suspicious_size");
        assertThat(f.subject()).isEqualTo("s3://" + bucket + "/app-2.sql");
        assertThat(f.message()).contains("under half of the previous backup");

        put("app-3.sql", PLAIN_DUMP + "-- " + "x".repeat(5000), Duration.ofMinutes(5));
        assertThat(check("").findings()).isEmpty();
    }

    /** A Wednesday at 06:00 UTC at least a day ago, late enough in its month that the three weeks before it are in it. */
    private static ZonedDateTime wednesday() {
        LocalDate d = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        while (d.getDayOfWeek() != DayOfWeek.WEDNESDAY || d.getDayOfMonth() < 22) {
            d = d.minusDays(1);
        }
        return d.atTime(6, 0).atZone(ZoneOffset.UTC);
    }

    private void dumpAt(ZonedDateTime at) throws Exception {
        put("daily/app-" + at.toLocalDate() + ".sql", PLAIN_DUMP.getBytes(StandardCharsets.UTF_8), at.toInstant());
    }

    @Test
    void retention_names_the_missing_day_week_and_month_and_is_quiet_once_they_hold_a_backup() throws Exception {
        ZonedDateTime wed = wednesday();
        for (int day : new int[] {0, 1, 2, 4, 5, 6, 21}) { // no Sunday, nothing two weeks back
            dumpAt(wed.minusDays(day));
        }
        dumpAt(wed.minusMonths(2)); // nothing the month before
        String keys = "prefix: daily/\nmax_age: 60d\nretention: {daily: 7, weekly: 4, monthly: 3}";
        CheckResult r = check(keys);
        assertThat(r.error()).isNull();
        List<Finding> gaps = of(r, "backup.retention_gap");
        assertThat(gaps).extracting(Finding::subject).containsExactly("s3://" + bucket + "/daily/** daily",
                "s3://" + bucket + "/daily/** weekly", "s3://" + bucket + "/daily/** monthly");
        assertThat(gaps.get(0).message()).contains(wed.minusDays(3).toLocalDate().toString());
        LocalDate twoWeeks = wed.minusDays(14).toLocalDate();
        String week = twoWeeks.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", twoWeeks.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        assertThat(gaps.get(1).evidence()).containsEntry("missing", List.of(week));
        assertThat(gaps.get(2).evidence()).containsEntry("missing", List.of(YearMonth.from(wed.minusMonths(1)).toString()));

        dumpAt(wed.minusDays(3));
        dumpAt(wed.minusDays(14));
        dumpAt(wed.minusMonths(1));
        assertThat(check(keys).findings()).isEmpty();
    }

    @Test
    void a_good_plain_dump_streamed_from_the_bucket_restores_and_a_truncated_one_fails_its_restore() throws Exception {
        put("nightly/app.sql", PLAIN_DUMP, Duration.ofHours(1));
        CheckResult good = check("prefix: nightly/\nrestore_test: true");
        assertThat(good.error()).isNull();
        assertThat(good.findings()).isEmpty();
        assertThat(good.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("backup.restored_tables");
            assertThat(m.value()).isEqualTo(2.0);
        });
        assertThat(throwawayDatabases()).isZero();

        String cut = PLAIN_DUMP.substring(0, PLAIN_DUMP.indexOf("11\t2") + 4); // cut mid-row, as a dump stopped while copying
        put("nightly/app-cut.sql", cut, Duration.ofMinutes(5));
        Finding failed = one(check("prefix: nightly/\nrestore_test: true"), "backup.restore_failed");
        assertThat(failed.subject()).isEqualTo("s3://" + bucket + "/nightly/app-cut.sql");
        assertThat(failed.message()).contains("psql failed");
        assertThat(throwawayDatabases()).isZero();
    }

    /**
     * S3 as it answers a request signed with a wrong secret. s3rver cannot say it: it checks the access key id of a Signature
     * Version 4 request but not its signature (lib/middleware/authentication.js, "Signature version 4 calculation is
     * unimplemeneted"). The body follows the S3 API Reference, "Error responses" (REST error response: Error with Code, Message,
     * RequestId, HostId) with the fields AWS adds for SignatureDoesNotMatch (AWSAccessKeyId, StringToSign, SignatureProvided,
     * CanonicalRequest), so the test shows none of the request it echoes reaches an output.
     */
    private static com.sun.net.httpserver.HttpServer refusingSignatures(List<String> authorizations) throws Exception {
        return refusing(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. "
                + "Check your key and signing method.", authorizations, new java.util.ArrayList<>());
    }

    /** S3 refusing every request with {@code code} (S3 API Reference, "Error responses": "List of error codes"). */
    private static com.sun.net.httpserver.HttpServer refusing(int status, String code, String message, List<String> authorizations,
                                                              List<String> paths) throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            paths.add(ex.getRequestURI().getPath());
            String sent = ex.getRequestHeaders().getFirst("Authorization");
            byte[] body = ("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Error><Code>%s</Code><Message>%s</Message><AWSAccessKeyId>%s</AWSAccessKeyId>\
                    <StringToSign>AWS4-HMAC-SHA256 20261207T150000Z</StringToSign><SignatureProvided>%s</SignatureProvided>\
                    <CanonicalRequest>GET %s</CanonicalRequest><RequestId>4442587FB7D0A2F9</RequestId><HostId>h0st</HostId></Error>
                    """).formatted(code, message, Emulator.S3_ACCESS_KEY, sent == null ? "" : sent.replaceAll(".*Signature=", ""),
                    ex.getRequestURI().toString().replace("&", "&amp;")).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/xml");
            ex.getResponseHeaders().add("x-amz-request-id", "4442587FB7D0A2F9");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    @Test
    void a_wrong_secret_is_unknown_in_s3s_words_and_the_secret_is_in_no_output(Store store) throws Exception {
        String wrong = "wr0ng-Secret-Never-Shown-4711";
        List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        var s3 = refusingSignatures(authorizations);
        try {
            CaretakerConfig config = config(bucket, "http://127.0.0.1:" + s3.getAddress().getPort(), "", Map.of("S3_SECRET", wrong));
            SecretRun run = SecretRun.of(store, config);
            CheckResult r = run.result("backups");
            assertThat(authorizations).as("the request was signed with the access key").isNotEmpty()
                    .allSatisfy(a -> assertThat(a).startsWith("AWS4-HMAC-SHA256 Credential=" + Emulator.S3_ACCESS_KEY + "/"));
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.error()).contains("SignatureDoesNotMatch: The request signature we calculated does not match")
                    .contains("(HTTP 403)").contains("check secret_access_key").doesNotContain("StringToSign");
            assertThat(run.outputs()).anySatisfy(o -> assertThat(o).contains("SignatureDoesNotMatch"));
            assertThat(run.outputs()).allSatisfy(o -> assertThat(o).doesNotContain(wrong).doesNotContain(wrong.substring(3)));
        } finally {
            s3.stop(0);
        }
        put("app.sql", PLAIN_DUMP, Duration.ofHours(1));
        assertThat(check("").status()).as("the right secret against s3rver").isEqualTo(Status.OK);
    }

    @Test
    void a_bucket_that_does_not_exist_is_unknown_naming_no_such_bucket() {
        CheckResult r = db.run(config("no-such-bucket-here", s3rver.url(), "", Map.of()), "backups");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("NoSuchBucket").contains("(HTTP 404)").contains("the bucket no-such-bucket-here does not exist at "
                + s3rver.url());
    }

    @Test
    void an_endpoint_where_nothing_listens_is_unknown_in_plain_words() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CheckResult r = db.run(config(bucket, "http://127.0.0.1:" + closed, "", Map.of()), "backups");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("cannot connect to http://127.0.0.1:" + closed).contains("nothing answers there");
    }

    @Test
    void access_denied_says_which_permission_the_listing_needs_and_an_endpoint_path_is_kept() throws Exception {
        List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
        var s3 = refusing(403, "AccessDenied", "Access Denied", new java.util.concurrent.CopyOnWriteArrayList<>(), paths);
        try {
            // as Supabase Storage's S3 endpoint is written: a path under the host, path-style addressing after it
            CaretakerConfig c = config("acme-backups", "http://127.0.0.1:" + s3.getAddress().getPort() + "/storage/v1/s3",
                    "prefix: nightly/\nregion: eu-central-1", Map.of());
            assertThat(preflight(c)).singleElement().satisfies(p -> {
                assertThat(p.level()).isEqualTo(Readiness.Level.PROBLEM);
                assertThat(p.message()).isEqualTo("cannot list s3://acme-backups/nightly: AccessDenied: Access Denied (HTTP 403); the "
                        + "credentials need s3:ListBucket on arn:aws:s3:::acme-backups");
            });
            CheckResult r = db.run(c, "backups");
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.error()).contains("AccessDenied: Access Denied (HTTP 403)").contains("s3:ListBucket on arn:aws:s3:::acme-backups");
            assertThat(paths).isNotEmpty().allSatisfy(p -> assertThat(p).isEqualTo("/storage/v1/s3/acme-backups"));
        } finally {
            s3.stop(0);
        }
    }

    @Test
    void a_store_that_accepts_but_never_answers_is_unknown_after_the_timeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CaretakerConfig c = Engine.configLoader(Map.of()).parse("test.yml", Path.of("test.yml"), """
                    checks:
                      backups: {type: backup, source: s3, bucket: b-1, endpoint: "http://127.0.0.1:%d", timeout: 1s,
                                access_key_id: AKIAEXAMPLE, secret_access_key: s3cr3t-example}
                    """.formatted(silent.getLocalPort()));
            long start = System.nanoTime();
            CheckResult r = db.run(c, "backups");
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.error()).isEqualTo("cannot list s3://b-1: no answer from http://127.0.0.1:" + silent.getLocalPort()
                    + " within 1s (timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the timeout, retries included").isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void validate_connect_says_how_many_backups_it_sees_or_why_it_cannot_list() throws Exception {
        put("nightly/app-1.sql", PLAIN_DUMP, Duration.ofHours(1));
        put("nightly/app-2.sql", PLAIN_DUMP, Duration.ofHours(2));
        put("other/app.sql", PLAIN_DUMP, Duration.ofHours(2));
        assertThat(preflight(config("prefix: nightly/"))).singleElement().satisfies(p -> {
            assertThat(p.level()).as(p.message()).isEqualTo(Readiness.Level.OK);
            assertThat(p.message()).isEqualTo("s3://" + bucket + "/nightly holds 2 backup(s) matching **");
        });
        assertThat(preflight(config("prefix: nightly/\npattern: '*.dump'"))).singleElement().satisfies(p -> {
            assertThat(p.level()).as(p.message()).isEqualTo(Readiness.Level.WARNING);
            assertThat(p.message()).contains("holds no backup matching *.dump (2 listed there)", "backup.missing");
        });
        put("dated/2026/12/app.dump", PLAIN_DUMP, Duration.ofHours(1));
        assertThat(preflight(config("prefix: dated/\npattern: '*.dump'"))).singleElement().satisfies(p ->
                assertThat(p.message()).contains("'*' stays within one folder of the key: try '**'"));
        assertThat(preflight(config("not-made-yet", s3rver.url(), "", Map.of()))).singleElement().satisfies(p -> {
            assertThat(p.level()).isEqualTo(Readiness.Level.PROBLEM);
            assertThat(p.message()).contains("cannot list s3://not-made-yet").contains("NoSuchBucket");
        });
        assertThat(preflight(config("", Map.of("S3_KEY", "AKIANOTKNOWNHERE")))).singleElement().satisfies(p -> {
            assertThat(p.level()).isEqualTo(Readiness.Level.PROBLEM);
            assertThat(p.message()).contains("InvalidAccessKeyId").contains("check access_key_id").doesNotContain("AKIANOTKNOWNHERE");
        });
    }

    @Test
    void dated_folders_under_a_prefix_match_double_star_and_one_star_per_folder() throws Exception {
        put("nightly/2026/11/app.dump", PLAIN_DUMP, Duration.ofDays(30));
        put("nightly/2026/12/app.dump", PLAIN_DUMP, Duration.ofHours(3));
        put("nightly/2026/12/app.log", "log", Duration.ofHours(1));
        put("nightly/2026/12/", "", Duration.ofHours(1));
        for (String pattern : List.of("'**.dump'", "'*/*/*.dump'")) {
            CheckResult r = check("prefix: nightly/\npattern: " + pattern);
            assertThat(r.findings()).as(pattern).isEmpty();
            assertThat(r.measurements()).as(pattern).anySatisfy(m -> {
                assertThat(m.metric()).isEqualTo("backup.count");
                assertThat(m.value()).isEqualTo(2.0);
            });
        }
        Finding stale = one(check("prefix: nightly/\npattern: '*/11/*.dump'"), "backup.stale");
        assertThat(stale.message()).contains("2026/11/app.dump");
        assertThat(stale.evidence()).containsEntry("newest", "s3://" + bucket + "/nightly/2026/11/app.dump");
    }

    @Test
    void a_listing_longer_than_a_page_follows_its_continuation_tokens() throws Exception {
        for (int i = 1; i <= 5; i++) {
            put("p/app-" + i + ".sql", "x".repeat(i), Duration.ofHours(i));
        }
        S3BackupLocation at = new S3BackupLocation(bucket, "p/", null, URI.create(s3rver.url()), true, Emulator.S3_ACCESS_KEY,
                Emulator.S3_SECRET_KEY, Duration.ofSeconds(10));
        List<BackupStore.BackupObject> all = new S3Store(at, 2).list();
        assertThat(all).extracting(BackupStore.BackupObject::name).containsExactlyInAnyOrder("app-1.sql", "app-2.sql", "app-3.sql",
                "app-4.sql", "app-5.sql");
        assertThat(all).filteredOn(b -> b.name().equals("app-3.sql")).singleElement().satisfies(b -> assertThat(b.bytes()).isEqualTo(3));
    }

    @Test
    void the_sdks_default_credentials_are_used_when_no_keys_are_written() throws Exception {
        put("app.sql", PLAIN_DUMP, Duration.ofHours(1));
        String yaml = """
                checks:
                  backups: {type: backup, source: s3, bucket: %s, endpoint: "%s"}
                """.formatted(bucket, s3rver.url());
        CaretakerConfig c = db.config(yaml);
        System.setProperty("aws.accessKeyId", Emulator.S3_ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", Emulator.S3_SECRET_KEY);
        try {
            assertThat(db.run(c, "backups").status()).isEqualTo(Status.OK);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void without_a_region_on_aws_the_check_says_to_write_one() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null
                && !Files.exists(Path.of(System.getProperty("user.home"), ".aws", "config")), "no region in this environment");
        CaretakerConfig c = db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: acme-backups, access_key_id: AKIAEXAMPLE, secret_access_key: s3cr3t-example}
                """);
        System.setProperty("aws.disableEc2Metadata", "true"); // no instance to ask here
        try {
            CheckResult r = db.run(c, "backups");
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.error()).isEqualTo("cannot list s3://acme-backups: no AWS region is set for bucket acme-backups: write 'region:' "
                    + "(e.g. eu-central-1) or set AWS_REGION");
        } finally {
            System.clearProperty("aws.disableEc2Metadata");
        }
    }

    @Test
    void config_errors_name_the_key() {
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, source: s3, prefix: nightly/}
                """)).hasMessageContaining("'checks.backups' needs 'bucket'");
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: b-1, access_key_id: AKIAEXAMPLE}
                """)).hasMessageContaining("checks.backups.access_key_id' is set but 'secret_access_key' is not");
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: b-1, endpoint: minio:9000}
                """)).hasMessageContaining("checks.backups.endpoint").hasMessageContaining("has no scheme");
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: b-1, endpoint: "http://minio.internal:9000"}
                """)).hasMessageContaining("checks.backups.endpoint' is plain http to minio.internal").hasMessageContaining("use https");
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: "s3://acme-backups/nightly"}
                """)).hasMessageContaining("checks.backups.bucket").hasMessageContaining("prefix: nightly/");
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: b-1, secret_key: x}
                """)).hasMessageContaining("secret_key").hasMessageContaining("secret_access_key");
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: b-1, endpoint: "https://admin:LEAKPW88@minio.example:9000"}
                """)).hasMessageContaining("checks.backups.endpoint' carries a user name or password").hasMessageNotContaining("LEAKPW88");
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: b-1, prefix: /nightly/}
                """)).hasMessageContaining("checks.backups.prefix' starts with '/'").hasMessageContaining("'nightly/'");
        assertThatThrownBy(() -> db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: b-1, pattern: "[unclosed"}
                """)).hasMessageContaining("checks.backups.pattern': '[unclosed' is not a glob pattern");
        CaretakerConfig ok = db.config("""
                checks:
                  backups: {type: backup, source: s3, bucket: acme-backups, endpoint: "https://abc.r2.cloudflarestorage.com", region: auto}
                """);
        assertThat(String.valueOf(ok.checks().get("backups"))).contains("s3://acme-backups");
    }

    private static long throwawayDatabases() throws Exception {
        try (var c = TestPostgres.server().connect("postgres", "test"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'caretaker_restore_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
