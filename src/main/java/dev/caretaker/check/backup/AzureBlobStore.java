package dev.caretaker.check.backup;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.caretaker.config.AzureBlobLocation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Backups in an Azure Blob Storage container, read with Microsoft's SDK: a flat listing of the blobs under the prefix (every
 * page), and a blob read as a stream, chunk by chunk, never written to disk.
 */
final class AzureBlobStore implements BackupStore {
    static final String NEEDED = "a SAS with Read and List on the container, or the Storage Blob Data Reader role";

    private final AzureBlobLocation location;
    private final BlobContainerClient container;

    private final Integer pageSize;

    AzureBlobStore(AzureBlobLocation location) {
        this(location, null);
    }

    /** With {@code pageSize} blobs a page of the listing (null: the service's own, up to 5,000). */
    AzureBlobStore(AzureBlobLocation location, Integer pageSize) {
        this.location = location;
        this.pageSize = pageSize;
        BlobServiceClientBuilder b = new BlobServiceClientBuilder().endpoint(location.accountUrl().toString())
                .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE))
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 2, location.timeout(), Duration.ofSeconds(1),
                        Duration.ofSeconds(4), null));
        if (location.sasToken() != null) {
            b.credential(new AzureSasCredential(location.sasToken()));
        } else {
            b.credential(new StorageSharedKeyCredential(location.accountName(), location.accountKey()));
        }
        this.container = b.buildClient().getBlobContainerClient(location.container());
    }

    @Override
    public String where() {
        return location.where();
    }

    @Override
    public List<BackupObject> list() {
        List<BackupObject> out = new ArrayList<>();
        String prefix = location.prefix();
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix.isEmpty() ? null : prefix).setMaxResultsPerPage(pageSize);
        for (BlobItem item : container.listBlobs(options, location.timeout())) {
            if (Boolean.TRUE.equals(item.isPrefix()) || item.getProperties() == null) {
                continue;
            }
            String name = item.getName().substring(prefix.length());
            if (name.isEmpty() || name.endsWith("/")) {
                continue; // a "folder" marker some tools write
            }
            Long bytes = item.getProperties().getContentLength();
            out.add(new BackupObject(name, url(item.getName()), item.getProperties().getLastModified().toInstant(), bytes == null ? 0 : bytes,
                    null));
        }
        return out;
    }

    /** The blob's URL as a browser shows it ('/' kept, other characters escaped), without a credential. */
    private String url(String blob) {
        StringBuilder out = new StringBuilder(location.accountUrl() + "/" + location.container());
        for (String segment : blob.split("/", -1)) {
            out.append('/').append(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    @Override
    public InputStream open(BackupObject backup) throws IOException {
        try {
            return container.getBlobClient(location.prefix() + backup.name()).openInputStream();
        } catch (RuntimeException e) {
            throw new IOException(describe(e), e);
        }
    }

    @Override
    public String unreadable() {
        String prefix = location.prefix();
        try {
            Iterator<?> page = container.listBlobs(new ListBlobsOptions().setPrefix(prefix.isEmpty() ? null : prefix).setMaxResultsPerPage(1),
                    location.timeout()).iterableByPage().iterator();
            if (page.hasNext()) {
                page.next();
            }
            return null;
        } catch (RuntimeException e) {
            String why = describe(e);
            boolean refused = e instanceof com.azure.storage.blob.models.BlobStorageException b && (b.getStatusCode() == 401 || b.getStatusCode() == 403);
            return "cannot list " + where() + ": " + why + (refused && !why.contains(NEEDED) ? "; the check needs " + NEEDED : "");
        }
    }

    @Override
    public String describe(Exception e) {
        return AzureErrors.describe(e, location.container());
    }
}
