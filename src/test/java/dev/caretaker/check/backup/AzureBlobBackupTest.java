package dev.caretaker.check.backup;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.caretaker.Emulator;
import dev.caretaker.SecretRun;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.Finding;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code type: backup, source: azure-blob} against Azurite, Microsoft's Blob Storage emulator, run by the test: blobs uploaded
 * with the SDK, the check reading them with a key or a SAS the SDK signs, as it would from an Azure storage account.
 */
@ExtendWith(TestDatabases.class)
class AzureBlobBackupTest {
    /** The dump the folder's tests restore: 2 tables, 5 rows. */
    static final String PLAIN_DUMP = dev.caretaker.check.BackupCheckTest.PLAIN_DUMP;

    @TempDir
    static Path dir;
    private static Emulator azurite;
    private static String accountUrl;

    private TestDatabase db;
    private String container;
    private BlobContainerClient blobs;

    @BeforeAll
    static void start() throws Exception {
        azurite = Emulator.azurite(dir);
        accountUrl = azurite.url() + "/" + Emulator.AZURE_ACCOUNT;
    }

    @AfterAll
    static void stop() {
        azurite.close();
    }

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
        container = "backups-" + UUID.randomUUID().toString().substring(0, 8);
        blobs = new BlobServiceClientBuilder().endpoint(accountUrl)
                .credential(new StorageSharedKeyCredential(Emulator.AZURE_ACCOUNT, Emulator.AZURE_KEY)).buildClient()
                .getBlobContainerClient(container);
        blobs.create();
    }

    private void upload(String name, String content) {
        blobs.getBlobClient(name).upload(BinaryData.fromString(content), true);
    }

    private CaretakerConfig config(String credential, String extra) {
        return db.config("""
                timezone: UTC
                checks:
                  backups:
                    type: backup
                    source: azure-blob
                    account_url: %s
                    container: %s
                """.formatted(accountUrl, container) + (credential + "\n" + extra).indent(4));
    }

    private CaretakerConfig config(String extra) {
        return config("account_key: " + Emulator.AZURE_KEY, extra);
    }

    /** Runs the check as of {@code clock}: the instant it judges the newest blob's age at. */
    private static CheckResult run(CaretakerConfig c, Clock clock) {
        try (MonitoredDatabases dbs = new MonitoredDatabases(c.databases(), TestPostgres.server(), c.secrets())) {
            return Checks.create(c.checks().get("backups")).run(new CheckContext(clock, dbs, c.secrets()));
        }
    }

    private static CheckResult run(CaretakerConfig c) {
        return run(c, Clock.systemUTC());
    }

    private static Clock later(Duration d) {
        return Clock.fixed(Instant.now().plus(d), ZoneOffset.UTC);
    }

    @Test
    void the_newest_blob_judged_three_days_later_is_stale_and_an_hour_later_is_fine() {
        upload("db/app-1.sql", PLAIN_DUMP);
        upload("db/app-2.sql", PLAIN_DUMP);
        upload("other/app-3.sql", PLAIN_DUMP);
        CaretakerConfig c = config("prefix: db/\npattern: '*.sql'");

        Finding stale = one(run(c, later(Duration.ofDays(3))), "backup.stale");
        assertThat(stale.message()).contains("the newest backup, app-").contains("3d old");
        assertThat(stale.subject()).isEqualTo(accountUrl + "/" + container + "/db/*.sql");
        assertThat(stale.evidence()).containsEntry("source", "azure-blob")
                .hasEntrySatisfying("newest", n -> assertThat(n.toString()).startsWith(accountUrl + "/" + container + "/db/app-"));

        CheckResult fresh = run(c, later(Duration.ofHours(1)));
        assertThat(fresh.error()).isNull();
        assertThat(fresh.findings()).isEmpty();
        assertThat(fresh.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("backup.count");
            assertThat(m.value()).isEqualTo(2.0); // other/ is not under the prefix
        });
    }

    @Test
    void an_empty_prefix_is_missing_and_a_blob_there_is_found() {
        upload("elsewhere/app.sql", PLAIN_DUMP);
        CaretakerConfig c = config("prefix: nightly/");
        Finding missing = one(run(c), "backup.missing");
        assertThat(missing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(missing.message()).contains(accountUrl + "/" + container + "/nightly/*");

        upload("nightly/app.sql", PLAIN_DUMP);
        assertThat(run(c).findings()).isEmpty();
    }

    @Test
    void every_page_of_the_listing_is_read() {
        for (int i = 0; i < 7; i++) {
            upload("d/app-" + i + ".sql", PLAIN_DUMP);
        }
        var location = (dev.caretaker.config.AzureBlobLocation) ((dev.caretaker.config.BackupCheckConfig) config("prefix: d/").checks()
                .get("backups")).location();
        AzureBlobStore store = new AzureBlobStore(location, 3); // three blobs a page: three pages
        assertThat(store.list()).extracting(BackupStore.BackupObject::name).hasSize(7).contains("app-0.sql", "app-6.sql");
    }

    @Test
    void a_good_plain_dump_streamed_from_the_container_restores_and_a_truncated_one_fails() throws Exception {
        upload("app.sql", PLAIN_DUMP);
        CheckResult r = run(config("restore_test: true"));
        assertThat(r.error()).isNull();
        assertThat(r.findings()).isEmpty();
        assertThat(r.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("backup.restored_tables");
            assertThat(m.value()).isEqualTo(2.0);
        });
        assertThat(r.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("backup.restored_rows");
            assertThat(m.value()).isEqualTo(5.0);
        });
        assertThat(throwawayDatabases()).isZero();

        String dump = PLAIN_DUMP;
        upload("app.sql", dump.substring(0, dump.indexOf("client_id bigint"))); // cut off in the middle of a statement
        Finding f = one(run(config("restore_test: true")), "backup.restore_failed");
        assertThat(f.subject()).isEqualTo(accountUrl + "/" + container + "/app.sql");
        assertThat(f.message()).contains("psql failed");
        assertThat(throwawayDatabases()).isZero();
    }

    @Test
    void a_sas_without_list_permission_is_unknown_in_azures_words_and_its_signature_is_shown_nowhere(Store store) {
        upload("app.sql", PLAIN_DUMP);
        String readOnly = blobs.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true)));
        String sig = java.net.URLDecoder.decode(readOnly.replaceAll(".*sig=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        SecretRun run = withLibrariesAtDebug(() -> SecretRun.of(store, config("sas_token: '?" + readOnly + "'", "")));
        CheckResult r = run.result("backups");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("cannot list " + accountUrl + "/" + container).contains("Azure says AuthorizationPermissionMismatch (HTTP 403)")
                .contains("Read and List");
        assertThat(run.outputs()).noneMatch(o -> o.contains(readOnly) || o.contains(sig)
                || o.contains(java.net.URLEncoder.encode(sig, StandardCharsets.UTF_8)));

        String readList = blobs.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
        CheckResult ok = run(config("sas_token: '" + readList + "'", "restore_test: true"));
        assertThat(ok.error()).isNull();
        assertThat(ok.findings()).isEmpty();
        assertThat(ok.measurements()).extracting(m -> m.metric()).contains("backup.restored_tables");
    }

    @Test
    void an_expired_sas_is_unknown_saying_the_sas_is_not_accepted() {
        upload("app.sql", PLAIN_DUMP);
        String expired = blobs.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().minusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
        CheckResult r = run(config("sas_token: '" + expired + "'", ""));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("Server failed to authenticate").contains("that the SAS is still valid").doesNotContain(expired);
    }

    @Test
    void a_wrong_account_key_is_unknown_authentication_failed_and_the_key_is_shown_nowhere(Store store) {
        upload("app.sql", PLAIN_DUMP);
        String wrong = java.util.Base64.getEncoder().encodeToString("not the key of devstoreaccount1, 64 bytes long...........".getBytes(
                StandardCharsets.UTF_8));
        SecretRun run = SecretRun.of(store, config("account_key: " + wrong, ""));
        CheckResult r = run.result("backups");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        // Azure says AuthenticationFailed; Azurite says AuthorizationFailure, with Azure's words
        assertThat(r.error()).containsPattern("Azure says (AuthenticationFailed|AuthorizationFailure) \\(HTTP 403\\): Server failed to authenticate")
                .contains("the account key or SAS is not accepted").doesNotContain("RequestId");
        assertThat(run.outputs()).isNotEmpty().noneMatch(o -> o.contains(wrong));

        SecretRun right = SecretRun.of(store, config(""));
        assertThat(right.result("backups").status()).isEqualTo(Status.OK);
        assertThat(right.outputs()).noneMatch(o -> o.contains(Emulator.AZURE_KEY));
    }

    @Test
    void a_container_that_does_not_exist_is_unknown_naming_it() {
        CaretakerConfig c = db.config("""
                checks:
                  backups:
                    type: backup
                    source: azure-blob
                    account_url: %s
                    container: no-such-container
                    account_key: %s
                """.formatted(accountUrl, Emulator.AZURE_KEY));
        CheckResult r = run(c);
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("ContainerNotFound (HTTP 404)").contains("the container 'no-such-container' does not exist");
        List<Readiness> pre = Checks.create(c.checks().get("backups")).preflight(new CheckContext(Clock.systemUTC(), null, c.secrets()));
        assertThat(pre).singleElement().satisfies(p -> assertThat(p.toString()).contains("ContainerNotFound")
                .contains("the container 'no-such-container' does not exist").doesNotContain("Storage Blob Data Reader"));
    }

    @Test
    void preflight_says_how_many_backups_it_sees() {
        upload("db/app-1.sql", PLAIN_DUMP);
        upload("db/app-2.sql", PLAIN_DUMP);
        CaretakerConfig c = config("prefix: db/");
        List<Readiness> pre = Checks.create(c.checks().get("backups")).preflight(new CheckContext(Clock.systemUTC(), null, c.secrets()));
        assertThat(pre).singleElement().satisfies(p -> assertThat(p.toString()).contains(accountUrl + "/" + container + "/db holds 2 backup(s)"));
    }

    /** {@code caretaker validate --connect} from another directory, the key and a SAS from the environment as in production. */
    @Test
    void validate_connect_says_how_many_backups_it_sees_or_why_it_cannot_list() throws Exception {
        upload("nightly/app-1.sql", PLAIN_DUMP);
        upload("nightly/app-2.sql", PLAIN_DUMP);
        String readOnly = blobs.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true)));
        Path f = dir.resolve("validate-" + container + ".yml");
        java.nio.file.Files.writeString(f, """
                system: azure-validate
                store: {home: %s}
                checks:
                  dumps:
                    type: backup
                    source: azure-blob
                    account_url: %s
                    container: %s
                    prefix: nightly/
                    account_key: ${AZURE_STORAGE_KEY}
                  read-only:
                    type: backup
                    source: azure-blob
                    account_url: %s
                    container: %s
                    sas_token: ${AZURE_STORAGE_SAS}
                """.formatted(TestPostgres.HOME, accountUrl, container, accountUrl, container));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("AZURE_STORAGE_KEY", Emulator.AZURE_KEY);
        env.put("AZURE_STORAGE_SAS", readOnly);
        int code = dev.caretaker.cli.Main.run(env, new java.io.PrintWriter(out), new java.io.PrintWriter(err), "validate", "--connect", "-c",
                f.toString());
        String said = out + "\n" + err;
        assertThat(code).as(said).isEqualTo(2);
        assertThat(said).contains(accountUrl + "/" + container + "/nightly holds 2 backup(s) matching **")
                .contains("cannot list " + accountUrl + "/" + container + ": Azure says AuthorizationPermissionMismatch (HTTP 403)")
                .containsOnlyOnce("a SAS with Read and List on the container, or the Storage Blob Data Reader role")
                .doesNotContain(readOnly).doesNotContain(Emulator.AZURE_KEY);
    }

    @Test
    void a_connection_refused_is_said_in_plain_words_and_the_sdk_logs_nothing_of_its_own(Store store) throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SecretRun run = SecretRun.of(store, db.config("""
                checks:
                  backups:
                    type: backup
                    source: azure-blob
                    account_url: http://127.0.0.1:%d/devstoreaccount1
                    container: backups
                    account_key: %s
                    timeout: 5s
                """.formatted(closed, Emulator.AZURE_KEY)));
        CheckResult r = run.result("backups");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("cannot connect: connection refused").contains("127.0.0.1:" + closed)
                .doesNotContain("finishConnect");
        assertThat(run.logLines()).noneMatch(l -> l.contains("Connection refused"));
    }

    @Test
    void config_errors_name_the_key() {
        String head = """
                checks:
                  backups:
                    type: backup
                    source: azure-blob
                """;
        assertThatThrownBy(() -> db.config(head + "    account_url: https://acme.blob.core.windows.net\n    container: backups\n"))
                .hasMessageContaining("sas_token").hasMessageContaining("account_key");
        assertThatThrownBy(() -> db.config(head + "    account_url: http://admin:LEAKPW88@127.0.0.1:10000/devstoreaccount1\n"
                + "    container: backups\n    sas_token: 'sv=2024&sig=abc'\n"))
                .hasMessageContaining("checks.backups.account_url' carries a user name or password").hasMessageNotContaining("LEAKPW88");
        assertThatThrownBy(() -> db.config(head + "    account_url: https://acme.blob.core.windows.net\n    container: backups\n"
                + "    sas_token: 'sv=2024&sig=abc'\n    account_key: " + Emulator.AZURE_KEY + "\n"))
                .hasMessageContaining("exactly one of 'sas_token'").hasMessageContaining("not both")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(Emulator.AZURE_KEY));
        assertThatThrownBy(() -> db.config(head + "    account_url: https://acme.blob.core.windows.net\n    container: Backups_2026\n"
                + "    sas_token: 'sv=2024&sig=abc'\n"))
                .hasMessageContaining("checks.backups.container").hasMessageContaining("not an Azure container name");
        assertThatThrownBy(() -> db.config(head + "    account_url: http://storage.example.com/acme\n    container: backups\n"
                + "    sas_token: 'sv=2024&sig=abc'\n"))
                .hasMessageContaining("checks.backups.account_url").hasMessageContaining("plain http");
        assertThatThrownBy(() -> db.config(head + "    account_url: 'https://acme.blob.core.windows.net/?sv=2024&sig=S3cretSig'\n"
                + "    container: backups\n    sas_token: 'sv=2024&sig=abc'\n"))
                .hasMessageContaining("checks.backups.account_url").hasMessageContaining("carries a query")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3cretSig"));
        assertThatThrownBy(() -> db.config(head + "    container: backups\n    sas_token: 'sv=2024&sig=abc'\n    bucket: x\n"))
                .hasMessageContaining("account_url").hasMessageContaining("bucket");
        assertThat(db.config(head + "    account_url: https://acme.blob.core.windows.net\n    container: backups\n"
                + "    account_key: " + Emulator.AZURE_KEY + "\n").checks().get("backups").toString()).doesNotContain(Emulator.AZURE_KEY)
                .contains("https://acme.blob.core.windows.net/backups");
    }

    /** Runs {@code body} with the libraries' loggers as {@code CARETAKER_LOG_LEVEL=DEBUG} sets them, then as by default. */
    private static SecretRun withLibrariesAtDebug(java.util.function.Supplier<SecretRun> body) {
        var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        dev.caretaker.cli.Logging.quietLibraries(context, "DEBUG");
        try {
            return body.get();
        } finally {
            dev.caretaker.cli.Logging.quietLibraries(context, null);
        }
    }

    private static long throwawayDatabases() throws Exception {
        try (var c = TestPostgres.server().connect("postgres", "test"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'caretaker_restore_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
