package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: backup, source: s3}: backups kept in an S3 bucket, on AWS or on an S3-compatible store (MinIO, Cloudflare R2,
 * Backblaze B2, Supabase Storage) at {@code endpoint}.
 *
 * @param prefix the keys' common start, as written (a trailing slash is the user's choice); empty: the whole bucket
 * @param region the region written; null: the SDK's region chain (AWS_REGION …), or us-east-1 with an endpoint
 * @param endpoint an S3-compatible store's URL; null: AWS's own S3 endpoint for the region
 * @param accessKeyId with {@code secretAccessKey}, both or neither; neither: the SDK's default credential chain
 * @param timeout the time each call to the store may take
 */
public record S3BackupLocation(String bucket, String prefix, String region, URI endpoint, boolean pathStyle, String accessKeyId,
                               String secretAccessKey, Duration timeout) implements BackupCheckConfig.Location {
    public static final List<String> KEYS = List.of("bucket", "prefix", "region", "endpoint", "path_style", "access_key_id",
            "secret_access_key", "timeout");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The region an S3-compatible store is addressed in when none is written or found (most ignore it; R2 wants auto). */
    public static final String ENDPOINT_REGION = "us-east-1";
    /** Loose on purpose: AWS's rules for new buckets are stricter than older buckets and other stores (B2, Supabase) are. */
    private static final String BUCKET = "[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]";

    /** Reads the location's keys from {@code s}; problems go to {@code s}, each at its key. */
    public static S3BackupLocation read(Section s) {
        String bucket = s.required("bucket").orElse(null);
        if (bucket != null && !bucket.matches(BUCKET)) {
            s.problem("bucket", "'" + s.keyPath("bucket") + "': '" + bucket + "' is not a bucket name" + bucketHint(bucket));
        }
        String prefix = s.string("prefix", "");
        if (prefix.startsWith("/")) {
            s.problem("prefix", "'" + s.keyPath("prefix") + "' starts with '/': S3 keys have no leading slash; write it as '"
                    + prefix.replaceFirst("^/+", "") + "'");
        }
        String region = s.string("region", null);
        if (region != null && !region.matches("[a-z0-9][a-z0-9-]*")) {
            s.problem("region", "'" + s.keyPath("region") + "': '" + region + "' is not a region; write one like eu-central-1 (or auto "
                    + "for Cloudflare R2)");
        }
        URI endpoint = ApiSettings.withoutUserInfo(s, "endpoint", s.url("endpoint", List.of("http", "https"),
                "https://ACCOUNT_ID.r2.cloudflarestorage.com").orElse(null), "the keys in 'access_key_id' and 'secret_access_key'");
        boolean pathStyle = s.bool("path_style", endpoint != null);
        String keyId = credential(s, "access_key_id");
        String secret = credential(s, "secret_access_key");
        s.secret(keyId);
        s.secret(secret);
        if (s.has("access_key_id") != s.has("secret_access_key")) {
            String written = s.has("access_key_id") ? "access_key_id" : "secret_access_key";
            String missing = s.has("access_key_id") ? "secret_access_key" : "access_key_id";
            s.problem(written, "'" + s.keyPath(written) + "' is set but '" + missing + "' is not: write both (normally ${AWS_ACCESS_KEY_ID} "
                    + "and ${AWS_SECRET_ACCESS_KEY}), or neither to use the SDK's default credentials (environment, profile, role)");
        }
        PlainHttp.refuse(s, "endpoint", endpoint, "the signed requests and the backups");
        Duration timeout = s.duration("timeout", DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(10));
        return new S3BackupLocation(bucket, prefix, region, endpoint, pathStyle, keyId, secret, timeout);
    }

    private static String bucketHint(String bucket) {
        if (bucket.startsWith("s3://") || bucket.contains("/")) {
            return ": write the bucket's name alone, and the folder in 'prefix' (bucket: acme-backups, prefix: nightly/)";
        }
        return ": 3 to 63 letters, digits, dots, hyphens or underscores, starting and ending with a letter or digit";
    }

    private static String credential(Section s, String key) {
        String v = s.string(key, null);
        if (v != null && v.isBlank()) {
            s.problem(key, "'" + s.keyPath(key) + "' is empty; set the environment variable it names, or leave out both keys to use "
                    + "the SDK's default credentials");
            return null;
        }
        return v;
    }

    /** {@code s3://bucket/prefix}, without the prefix's trailing slash (findings add {@code /pattern}). */
    @Override
    public String where() {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return "s3://" + bucket + (p.isEmpty() ? "" : "/" + p);
    }

    /** Whether the keys are written: otherwise the SDK's default credential chain finds them. */
    public boolean hasKeys() {
        return accessKeyId != null && secretAccessKey != null;
    }

    /** Where requests go, in words: the endpoint, or AWS's S3 in the region. */
    public String server() {
        return endpoint != null ? endpoint.toString() : "AWS S3";
    }

    @Override
    public String toString() {
        return "S3BackupLocation[" + where() + (endpoint == null ? "" : " at " + endpoint) + (region == null ? "" : ", region " + region)
                + ", " + (hasKeys() ? "access key " + Secrets.MASK : "default credentials") + ", path style " + pathStyle + ", timeout "
                + timeout.toString().toLowerCase(Locale.ROOT) + "]";
    }
}
