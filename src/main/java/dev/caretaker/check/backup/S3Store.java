package dev.caretaker.check.backup;

import dev.caretaker.config.S3BackupLocation;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Backups in an S3 bucket under a prefix, read with the AWS SDK (ListObjectsV2 page by page, GetObject streamed). Each call
 * opens its own client and closes it: the store keeps nothing between runs, and no client outlives the call that needed it.
 */
final class S3Store implements BackupStore {
    /** S3's own page size (the most ListObjectsV2 returns at once). */
    static final int PAGE = 1000;

    private final S3BackupLocation at;
    private final int pageSize;
    private Region region;

    S3Store(S3BackupLocation at) {
        this(at, PAGE);
    }

    /** A store listing {@code pageSize} keys a request (small in tests, to follow continuation tokens). */
    S3Store(S3BackupLocation at, int pageSize) {
        this.at = at;
        this.pageSize = pageSize;
    }

    @Override
    public String where() {
        return at.where();
    }

    @Override
    public List<BackupObject> list() throws IOException {
        try (Call call = call()) {
            S3Client s3 = call.s3;
            List<BackupObject> out = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(at.bucket()).prefix(at.prefix()).maxKeys(pageSize)).contents()) {
                if (o.key().endsWith("/")) {
                    continue; // a "folder" a console made: no backup
                }
                out.add(new BackupObject(o.key().substring(at.prefix().length()), "s3://" + at.bucket() + "/" + o.key(), o.lastModified(),
                        o.size() == null ? 0 : o.size(), null));
            }
            return out;
        } catch (SdkException e) {
            throw new Failure("list", null, e);
        }
    }

    @Override
    public InputStream open(BackupObject backup) throws IOException {
        String key = backup.location().substring(("s3://" + at.bucket() + "/").length());
        Call call = call();
        try {
            return new ObjectStream(call.s3.getObject(r -> r.bucket(at.bucket()).key(key)), call, key);
        } catch (SdkException e) {
            call.close();
            throw new Failure("read", key, e);
        } catch (RuntimeException e) {
            call.close();
            throw e;
        }
    }

    @Override
    public String unreadable() {
        try (Call call = call()) {
            call.s3.listObjectsV2(r -> r.bucket(at.bucket()).prefix(at.prefix()).maxKeys(1));
            return null;
        } catch (SdkException e) {
            return "cannot list " + where() + ": " + describe(new Failure("list", null, e));
        } catch (Failure e) {
            return "cannot list " + where() + ": " + describe(e);
        }
    }

    @Override
    public String describe(Exception e) {
        if (e instanceof Failure f) {
            return f.getCause() instanceof SdkException sdk ? S3Words.of(sdk, f.operation, f.key, at, regionName()) : f.getMessage();
        }
        if (e instanceof SdkException sdk) {
            return S3Words.of(sdk, "list", null, at, regionName());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private String regionName() {
        return region == null ? at.region() : region.id();
    }

    /** A client, its HTTP client and its credentials, for one call; closing it closes all three (the SDK closes only the first). */
    private record Call(S3Client s3, SdkHttpClient http, AwsCredentialsProvider credentials) implements AutoCloseable {
        @Override
        public void close() {
            s3.close();
            http.close();
            if (credentials instanceof SdkAutoCloseable c) {
                c.close();
            }
        }
    }

    /** A client for one call: the location's region, endpoint, addressing and credentials, every call bounded by its timeout. */
    private Call call() throws Failure {
        Region r = region();
        AwsCredentialsProvider credentials = at.hasKeys()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(at.accessKeyId(), at.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(at.timeout()).socketTimeout(at.timeout()).build();
        var builder = S3Client.builder()
                .httpClient(http)
                .region(r)
                .credentialsProvider(credentials)
                .forcePathStyle(at.pathStyle())
                // read-only calls: no checksums asked for or checked beyond what an operation requires, which S3-compatible
                // stores do not all support; the restore test is the backup's proof
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.apiCallTimeout(at.timeout()).apiCallAttemptTimeout(at.timeout()));
        if (at.endpoint() != null) {
            builder.endpointOverride(at.endpoint());
        }
        return new Call(builder.build(), http, credentials);
    }

    /** The region written, else the SDK's region chain (AWS_REGION, aws.region, profile, instance), else us-east-1 with an endpoint. */
    private Region region() throws Failure {
        if (region == null) {
            if (at.region() != null) {
                region = Region.of(at.region());
            } else {
                try {
                    region = new DefaultAwsRegionProviderChain().getRegion();
                } catch (SdkException e) {
                    if (at.endpoint() == null) {
                        throw new Failure("no AWS region is set for bucket " + at.bucket() + ": write 'region:' (e.g. eu-central-1) or "
                                + "set AWS_REGION");
                    }
                    region = Region.of(S3BackupLocation.ENDPOINT_REGION);
                }
            }
        }
        return region;
    }

    /** A failed call to the store: which ({@code list} or {@code read}), of which key, and the SDK's exception. */
    static final class Failure extends IOException {
        final String operation;
        final String key;

        Failure(String operation, String key, SdkException cause) {
            super(cause.getMessage(), cause);
            this.operation = operation;
            this.key = key;
        }

        /** A failure before any call, in words already. */
        Failure(String words) {
            super(words);
            this.operation = null;
            this.key = null;
        }
    }

    /**
     * GetObject's body as the restore reads it: the SDK's runtime errors become {@link IOException}s (the restore's reader knows
     * those), and closing before the end aborts the connection instead of reading the rest; the call's client closes with it.
     */
    private final class ObjectStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> body;
        private final Call call;
        private final String key;
        private boolean ended;

        ObjectStream(ResponseInputStream<GetObjectResponse> body, Call call, String key) {
            super(body);
            this.body = body;
            this.call = call;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                ended |= b < 0;
                return b;
            } catch (SdkException e) {
                throw new IOException(describe(new Failure("read", key, e)), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                ended |= n < 0;
                return n;
            } catch (SdkException e) {
                throw new IOException(describe(new Failure("read", key, e)), e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (!ended) {
                    body.abort();
                }
                body.close();
            } catch (SdkException | IOException ignored) {
                // a stream given up on
            } finally {
                call.close();
            }
        }
    }
}
