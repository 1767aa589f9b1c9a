package dev.caretaker.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Backups in an Azure Blob Storage container ({@code type: backup, source: azure-blob}): the account's URL, the container, the
 * prefix the backups are written under, and one credential, a SAS token or the account's shared key (both secrets).
 *
 * @param accountUrl {@code https://ACCOUNT.blob.core.windows.net}, or an emulator's {@code http://127.0.0.1:10000/ACCOUNT}
 * @param sasToken a container or account SAS without its leading '?'; null when the key is given
 * @param accountKey the account's shared key (base64); null when a SAS is given
 * @param accountName the account the key signs for; the account URL's by default
 * @param timeout the time one call to the service may take
 */
public record AzureBlobLocation(URI accountUrl, String container, String prefix, String sasToken, String accountKey, String accountName,
                                Duration timeout) implements BackupCheckConfig.Location {
    public static final List<String> KEYS = List.of("account_url", "container", "prefix", "sas_token", "account_key", "account_name",
            "timeout");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Azure's rules for a container's name: 3 to 63 lowercase letters, digits and single hyphens, a letter or digit at each end. */
    private static final String CONTAINER = "[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]";

    /** Reads the location's keys; the SAS token and the key become secrets every output is scrubbed of. */
    public static AzureBlobLocation read(Section s) {
        URI url = s.url("account_url", List.of("https", "http"), "https://ACCOUNT.blob.core.windows.net").orElse(null);
        if (!s.has("account_url")) {
            s.problem("'" + s.path() + "' needs 'account_url', the storage account's Blob endpoint (https://ACCOUNT.blob.core.windows.net)");
        }
        url = ApiSettings.withoutUserInfo(s, "account_url", url, "the credential in 'sas_token' or 'account_key'");
        if (url != null && url.getRawQuery() != null) {
            s.secret(url.getRawQuery());
            s.secret("?" + url.getRawQuery());
            s.problem("account_url", "'" + s.keyPath("account_url") + "' carries a query (a SAS?): write the account's URL alone and "
                    + "the SAS in 'sas_token'");
            url = null;
        }
        String container = s.string("container", null);
        if (container == null) {
            s.problem("'" + s.path() + "' needs 'container', the Blob container the backups are written to");
        } else if (!container.matches(CONTAINER)) {
            s.problem("container", "'" + s.keyPath("container") + "' ('" + container + "') is not an Azure container name: 3 to 63 lowercase letters, digits and hyphens, "
                    + "starting and ending with a letter or digit, never two hyphens in a row");
        }
        String prefix = s.string("prefix", "");
        if (prefix.startsWith("/")) {
            s.problem("prefix", "'" + s.keyPath("prefix") + "' starts with '/': blob names have no leading slash; write it as '"
                    + prefix.replaceFirst("^/+", "") + "'");
        }
        String sas = secret(s, "sas_token");
        if (sas != null && sas.startsWith("?")) {
            sas = sas.substring(1);
        }
        String key = secret(s, "account_key");
        if ((sas == null) == (key == null)) {
            s.problem("'" + s.path() + "' needs exactly one of 'sas_token' (a SAS with Read and List on the container, e.g. "
                    + "${AZURE_STORAGE_SAS}) or 'account_key' (the account's key, e.g. ${AZURE_STORAGE_KEY})"
                    + (sas != null ? ", not both" : ""));
        }
        if (sas != null) {
            sasSecrets(s, sas);
        }
        if (key != null && !base64(key)) {
            s.problem("account_key", "'" + s.keyPath("account_key") + "' is not a storage account key (base64, as the portal shows it "
                    + "under Access keys)");
        }
        if (s.has("account_name") && key == null) {
            s.problem("account_name", "'" + s.keyPath("account_name") + "' goes with 'account_key'; a SAS names its account in the URL");
        }
        String name = s.string("account_name", url == null ? null : accountName(url));
        if (key != null && name == null && url != null) {
            s.problem("account_name", "'" + s.path() + "' needs 'account_name': it cannot be read from " + url);
        }
        PlainHttp.refuse(s, "account_url", url, "the " + (key != null ? "key's signature" : "SAS"), " (an emulator)");
        Duration timeout = s.duration("timeout", DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(10));
        return new AzureBlobLocation(url == null ? null : trimmed(url), container, prefix, sas, key, name, timeout);
    }

    private static String secret(Section s, String k) {
        String v = s.string(k, null);
        if (v != null && v.isBlank()) {
            s.problem(k, "'" + s.keyPath(k) + "' is empty; set the environment variable it names, or leave the key out");
            return null;
        }
        s.secret(v);
        return v;
    }

    /** The signature inside a SAS is a secret of its own: Azure's and the SDK's messages may quote it alone. */
    private static void sasSecrets(Section s, String sas) {
        s.secret(sas);
        for (String param : sas.split("&")) {
            if (param.startsWith("sig=") && param.length() > 4) {
                String sig = param.substring(4);
                s.secret(sig);
                s.secret(URLDecoder.decode(sig, StandardCharsets.UTF_8));
            }
        }
    }

    private static boolean base64(String key) {
        try {
            return Base64.getDecoder().decode(key.trim()).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The account an account URL names: the first label of {@code ACCOUNT.blob.core.windows.net}, or the first path segment
     * of an emulator's {@code http://127.0.0.1:10000/ACCOUNT}; null when neither is there.
     */
    static String accountName(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        String path = url.getPath() == null ? "" : url.getPath().replaceAll("^/+|/+$", "");
        boolean address = host.matches("[0-9.]+") || host.startsWith("[") || host.equals("localhost");
        if (address || !path.isEmpty() && !host.contains(".blob.")) {
            return path.isEmpty() ? null : path.split("/")[0];
        }
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : null;
    }

    private static URI trimmed(URI url) {
        String u = url.toString();
        return URI.create(u.endsWith("/") ? u.replaceAll("/+$", "") : u);
    }

    /** The container's URL and the prefix (without its trailing slash), as findings name the place: no credential in it. */
    @Override
    public String where() {
        String p = prefix.replaceAll("/+$", "");
        return accountUrl + "/" + container + (p.isEmpty() ? "" : "/" + p);
    }

    @Override
    public String toString() {
        return "AzureBlobLocation[" + where() + ", " + (sasToken != null ? "sas_token " : "account_key ") + Secrets.MASK + ", " + timeout + "]";
    }
}
