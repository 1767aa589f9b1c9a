package dev.caretaker.check.backup;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * What an error of Azure Blob Storage says: Azure's own error code, HTTP status and message (its first line, any signature
 * cut out), with a hint for the codes an operator meets when setting it up; a connection failure in plain words.
 */
final class AzureErrors {
    private AzureErrors() {
    }

    static String describe(Throwable e, String container) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlobStorageException b) {
                return storage(b, container);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "the host " + t.getMessage() + " is not known (check account_url)";
            }
            if (t instanceof ConnectException) {
                String said = String.valueOf(t.getMessage());
                return said.toLowerCase(java.util.Locale.ROOT).contains("connection refused")
                        ? "cannot connect: connection refused (nothing listens at account_url's host and port, or a firewall refuses)"
                        : "cannot connect: " + clean(said) + " (is account_url right and the service reachable from here?)";
            }
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "no answer in time (timeout): the service did not respond";
            }
            if (t instanceof SSLException) {
                return "the TLS connection failed: " + clean(t.getMessage());
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return clean(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }

    private static String storage(BlobStorageException b, String container) {
        BlobErrorCode code = b.getErrorCode();
        String message = serviceMessage(b);
        StringBuilder out = new StringBuilder("Azure says ");
        out.append(code == null ? "HTTP " + b.getStatusCode() : code + " (HTTP " + b.getStatusCode() + ")");
        if (message != null && !message.isBlank()) {
            out.append(": ").append(clean(firstLine(message)));
        }
        String hint = hint(code == null ? "" : code.toString(), message == null ? "" : message, container);
        if (hint != null) {
            out.append(" — ").append(hint);
        }
        return out.toString();
    }

    /**
     * Azure's {@code <Message>} from the error body the exception quotes; the SDK's own text ({@link
     * BlobStorageException#getServiceMessage()} may be a hint of the SDK's about logging the string to sign) only without one.
     */
    private static String serviceMessage(BlobStorageException b) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<Message>(.*?)</Message>", java.util.regex.Pattern.DOTALL)
                .matcher(String.valueOf(b.getMessage()));
        if (m.find()) {
            java.util.regex.Matcher detail = java.util.regex.Pattern.compile("<AuthenticationErrorDetail>(.*?)</AuthenticationErrorDetail>",
                    java.util.regex.Pattern.DOTALL).matcher(String.valueOf(b.getMessage()));
            // Azure says there why a SAS failed ("Signature not valid in the specified time frame", "Signed expiry time …")
            return firstLine(m.group(1)) + (detail.find() && !detail.group(1).startsWith("Signature did not match")
                    ? " " + firstLine(detail.group(1)) : "");
        }
        String s = b.getServiceMessage();
        return s == null || s.contains("Azure-Storage-Log-String-To-Sign") ? null : s;
    }

    private static String hint(String code, String message, String container) {
        if (message.toLowerCase(java.util.Locale.ROOT).contains("failed to authenticate")) {
            code = "AuthenticationFailed"; // Azurite says AuthorizationFailure where Azure says AuthenticationFailed
        }
        return switch (code) {
            case "ContainerNotFound" -> "the container '" + container + "' does not exist in this account";
            case "AuthenticationFailed" -> message.toLowerCase(java.util.Locale.ROOT).matches("(?s).*(expir|time frame).*")
                    ? "the SAS has expired: make a new one (or extend its stored access policy)"
                    : "the account key or SAS is not accepted: check account_key/account_name or sas_token, and that the SAS is still valid";
            case "AuthorizationPermissionMismatch", "AuthorizationFailure", "AuthorizationResourceTypeMismatch" ->
                    "the credential lacks a permission: the check needs " + AzureBlobStore.NEEDED;
            case "AuthorizationSourceIPMismatch", "AuthorizationProtocolMismatch" -> "the SAS does not allow this address or protocol";
            case "BlobNotFound" -> "the blob was deleted while the check read it";
            case "ResourceNotFound", "AccountIsDisabled" -> "check account_url";
            default -> null;
        };
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** Cuts any signature out of a message (a SAS's {@code sig=}, an Authorization header's {@code SharedKey account:sig}). */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        return s.replaceAll("(?i)(sig=)[^&\\s\"'<]*", "$1REDACTED").replaceAll("(?i)(SharedKey\\s+[^:\\s]+:)\\S+", "$1REDACTED").trim();
    }
}
