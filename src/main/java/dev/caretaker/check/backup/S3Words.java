package dev.caretaker.check.backup;

import dev.caretaker.config.S3BackupLocation;
import dev.caretaker.config.Units;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a failed call to S3 says, for an operator: S3's own error code and message with the HTTP status ("AccessDenied: Access
 * Denied (HTTP 403)") and what to do about it, or, when the store was not reached, why in plain words and where. Never the
 * credentials: only the error's code and message are taken from the store's answer, never the request it echoes.
 */
final class S3Words {
    private S3Words() {
    }

    /**
     * @param operation {@code list} (ListObjectsV2) or {@code read} (GetObject of {@code key})
     * @param region the region the client used, or null when none was found
     */
    static String of(SdkException e, String operation, String key, S3BackupLocation at, String region) {
        if (e instanceof AwsServiceException se && se.awsErrorDetails() != null) {
            return service(se, operation, key, at, region);
        }
        return client(e, at, region);
    }

    private static String service(AwsServiceException se, String operation, String key, S3BackupLocation at, String region) {
        AwsErrorDetails d = se.awsErrorDetails();
        String code = d.errorCode();
        String message = d.errorMessage();
        int status = se.statusCode();
        String said = (code == null ? "" : code + (message == null ? "" : ": ")) + (message == null ? "" : message);
        said = (said.isEmpty() ? "the store answered" : said) + " (HTTP " + status + ")";
        String hint = hint(code == null ? "" : code, status, operation, key, at, region);
        return hint == null ? said : said + "; " + hint;
    }

    private static String hint(String code, int status, String operation, String key, S3BackupLocation at, String region) {
        return switch (code) {
            case "NoSuchBucket" -> "the bucket " + at.bucket() + " does not exist at " + server(at, region);
            case "NoSuchKey" -> "the object " + key + " is gone (deleted since it was listed?)";
            case "SignatureDoesNotMatch" -> "the secret access key does not belong to the access key id: check secret_access_key (or the "
                    + "credentials the SDK found)";
            case "InvalidAccessKeyId" -> "the access key id is not known at " + server(at, region) + ": check access_key_id";
            case "ExpiredToken", "TokenRefreshRequired", "InvalidToken" -> "the temporary credentials have expired or are not valid";
            case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException" ->
                    "the bucket is in another region than " + (region == null ? "the one used" : region) + ": set 'region:' to the bucket's";
            default -> status == 403 ? permission(operation, key, at) : null;
        };
    }

    /** The permission the call needs, for an AccessDenied. */
    static String permission(String operation, String key, S3BackupLocation at) {
        return "read".equals(operation) ? "the credentials need s3:GetObject on arn:aws:s3:::" + at.bucket() + "/" + key
                : "the credentials need s3:ListBucket on arn:aws:s3:::" + at.bucket();
    }

    private static String client(SdkException e, S3BackupLocation at, String region) {
        String where = server(at, region);
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (text.contains("Unable to load credentials")) {
            return "no credentials found for " + where + ": write access_key_id and secret_access_key, or give the SDK's default chain "
                    + "some (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile in ~/.aws, web identity, a container or instance role)";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "cannot connect to " + where + ": " + (t.getMessage() == null ? "connection refused" : t.getMessage().toLowerCase(
                        java.util.Locale.ROOT)) + " (nothing answers there; is the address right and the store up?)";
            }
            if (t instanceof UnknownHostException) {
                return "cannot connect to " + where + ": the host name " + t.getMessage() + " does not resolve";
            }
            if (t instanceof SocketTimeoutException || t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
                return "no answer from " + where + " within " + Units.formatDuration(at.timeout()) + " (timeout)";
            }
            if (t instanceof SSLException) {
                return "the TLS handshake with " + where + " failed: " + t.getMessage();
            }
        }
        return text.isEmpty() ? e.getClass().getSimpleName() + " talking to " + where : text;
    }

    /** Where the calls go: the endpoint, or AWS's S3 in its region. */
    static String server(S3BackupLocation at, String region) {
        return at.endpoint() != null ? at.endpoint().toString() : "AWS S3" + (region == null ? "" : " in " + region);
    }
}
