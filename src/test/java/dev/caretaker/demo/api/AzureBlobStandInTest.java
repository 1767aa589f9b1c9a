package dev.caretaker.demo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Azure Blob Storage stand-in read by Microsoft's own SDK (azure-storage-blob), as a backup check reads a container. */
class AzureBlobStandInTest {
    static final Instant MONDAY = Instant.parse("2026-11-16T04:00:07Z");
    AzureBlobStandIn azure;
    byte[] dump;

    @BeforeEach
    void plant() throws Exception {
        azure = new AzureBlobStandIn();
        dump = new byte[300_000];
        for (int i = 0; i < dump.length; i++) {
            dump[i] = (byte) (i * 31 + i / 7); // every byte value, as in a gzip-compressed dump
        }
        for (int day = 0; day < 7; day++) {
            azure.put("backups", "agentic/agentic-2026-11-" + (16 + day) + ".sql.gz", day == 6 ? dump : new byte[] {(byte) day},
                    MONDAY.plus(day, ChronoUnit.DAYS));
        }
        azure.put("backups", "other-app/other-2026-11-22.sql", "SELECT 1;".getBytes(StandardCharsets.UTF_8), MONDAY);
        azure.container("empty");
    }

    @AfterEach
    void stop() {
        azure.close();
    }

    private BlobContainerClient container(String name, String sas) {
        return new BlobContainerClientBuilder().endpoint(azure.accountUrl()).containerName(name).sasToken(sas).buildClient();
    }

    @Test
    void the_sdk_lists_every_page_under_a_prefix_with_names_sizes_and_times() {
        List<BlobItem> items = new ArrayList<>();
        container("backups", azure.sasToken()).listBlobs(new ListBlobsOptions().setPrefix("agentic/").setMaxResultsPerPage(3), null)
                .forEach(items::add);
        assertThat(items).extracting(BlobItem::getName).containsExactly("agentic/agentic-2026-11-16.sql.gz",
                "agentic/agentic-2026-11-17.sql.gz", "agentic/agentic-2026-11-18.sql.gz", "agentic/agentic-2026-11-19.sql.gz",
                "agentic/agentic-2026-11-20.sql.gz", "agentic/agentic-2026-11-21.sql.gz", "agentic/agentic-2026-11-22.sql.gz");
        BlobItem newest = items.get(6);
        assertThat(newest.getProperties().getContentLength()).isEqualTo(300_000L);
        assertThat(newest.getProperties().getLastModified().toInstant()).isEqualTo(MONDAY.plus(6, ChronoUnit.DAYS));
        assertThat(newest.getProperties().getBlobType()).isEqualTo(BlobType.BLOCK_BLOB);
        List<ApiStandIn.Seen> lists = azure.seen().stream().filter(s -> "list".equals(s.query().get("comp"))).toList();
        assertThat(lists).as("three pages of three, three and one, each asked with the previous page's NextMarker").hasSize(3)
                .allSatisfy(s -> assertThat(s.path()).isEqualTo("/devstoreaccount1/backups"));
        assertThat(lists.get(0).query()).doesNotContainKey("marker");
        assertThat(lists.get(1).query()).containsEntry("marker", "agentic/agentic-2026-11-19.sql.gz").containsEntry("maxresults", "3");
        assertThat(container("empty", azure.sasToken()).listBlobs()).isEmpty();
        // the account URL and a SAS as the portal copies it (with its '?'), through the service client
        assertThat(new BlobServiceClientBuilder().endpoint(azure.accountUrl()).sasToken("?" + azure.sasToken()).buildClient()
                .getBlobContainerClient("backups").listBlobs()).hasSize(8);
    }

    @Test
    void the_sdk_reads_a_blob_whole_and_as_a_stream_byte_for_byte() throws Exception {
        BlobContainerClient backups = container("backups", azure.sasToken());
        var blob = backups.getBlobClient("agentic/agentic-2026-11-22.sql.gz");
        BlobProperties p = blob.getProperties();
        assertThat(p.getBlobSize()).isEqualTo(300_000L);
        assertThat(p.getLastModified().toInstant()).isEqualTo(MONDAY.plus(6, ChronoUnit.DAYS));
        assertThat(p.getBlobType()).isEqualTo(BlobType.BLOCK_BLOB);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        blob.downloadStream(whole);
        assertThat(whole.toByteArray()).isEqualTo(dump);
        try (InputStream in = blob.openInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(dump);
        }
        assertThat(azure.seen()).extracting(ApiStandIn.Seen::method).contains("HEAD", "GET");
        assertThat(azure.seen()).extracting(ApiStandIn.Seen::status).containsOnly(200, 206);
        assertThat(azure.seen()).as("the stream reads by x-ms-range, answered 206 with Content-Range")
                .anySatisfy(s -> assertThat(s.header("x-ms-range")).startsWith("bytes=0-").isNotNull())
                .filteredOn(s -> s.header("x-ms-range") != null).extracting(ApiStandIn.Seen::status).containsOnly(206);
        assertThat(azure.seen()).allSatisfy(s -> assertThat(s.header("x-ms-version")).as("the SDK names its version").isNotBlank());
    }

    @Test
    void a_wrong_signature_is_refused_as_azure_refuses_it_and_missing_things_are_not_found() throws Exception {
        String wrong = azure.sasToken().replaceAll("sig=[^&]+", "sig=bm90IHRoZSByaWdodCBzaWduYXR1cmU%3D");
        assertThatThrownBy(() -> container("backups", wrong).listBlobs().iterator().hasNext()).isInstanceOfSatisfying(BlobStorageException.class,
                e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.AUTHENTICATION_FAILED);
                });
        assertThatThrownBy(() -> container("backups", wrong).getBlobClient("agentic/agentic-2026-11-22.sql.gz")
                .downloadStream(new ByteArrayOutputStream())).isInstanceOfSatisfying(BlobStorageException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.AUTHENTICATION_FAILED));
        assertThatThrownBy(() -> container("nightly", azure.sasToken()).listBlobs().iterator().hasNext())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.CONTAINER_NOT_FOUND));
        assertThatThrownBy(() -> container("backups", azure.sasToken()).getBlobClient("agentic/missing.sql.gz").getProperties())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.BLOB_NOT_FOUND));

        // on the wire: Azure's XML error body and headers, and the request id and version on every answer
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(azure.accountUrl()
                + "/backups?restype=container&comp=list&" + wrong)).header("x-ms-version", "2024-11-04").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("x-ms-error-code")).hasValue("AuthenticationFailed");
        assertThat(refused.headers().firstValue("x-ms-version")).hasValue("2024-11-04");
        assertThat(refused.headers().firstValue("x-ms-request-id")).isPresent();
        assertThat(refused.body()).contains("<Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.",
                "<AuthenticationErrorDetail>Signature did not match.</AuthenticationErrorDetail>");
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(azure.accountUrl()
                + "/backups?restype=container&comp=list&prefix=other-app/&" + azure.sasToken())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.headers().firstValue("x-ms-request-id")).isPresent();
        assertThat(listed.headers().firstValue("x-ms-version")).isPresent();
        assertThat(listed.body()).contains("<Name>other-app/other-2026-11-22.sql</Name>", "<Last-Modified>Mon, 16 Nov 2026 04:00:07 GMT</Last-Modified>",
                "<Content-Length>9</Content-Length>", "<BlobType>BlockBlob</BlobType>", "<NextMarker />").doesNotContain("agentic/");
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(azure.accountUrl() + "/backups/other-app/other-2026-11-22.sql"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("Signature fields not well formed.");
    }
}
