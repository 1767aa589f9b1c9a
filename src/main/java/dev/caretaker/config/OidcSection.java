package dev.caretaker.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code auth.oidc:}, read and checked: every problem names its key and says what to write. */
final class OidcSection {
    static final List<String> KEYS = List.of("issuer", "client_id", "client_secret", "scopes", "user_claim", "role_claim", "roles",
            "default_role", "button_label");
    private static final String EXAMPLE = "https://login.example.com/realms/acme";

    private final ConfigReader r;

    OidcSection(ConfigReader r) {
        this.r = r;
    }

    /**
     * The section, or empty when absent or (with its problems reported) unusable; {@code publicUrl}: {@code auth.public_url},
     * {@code publicUrlWritten}: whether that key is there (when it is but is wrong, its own problem says so).
     */
    Optional<OidcConfig> read(ConfigNode node, Optional<URI> publicUrl, boolean publicUrlWritten, ConfigNode auth) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isMap()) {
            r.map(node, KEYS); // reports that it must be a map; what it lacks follows from that
            return Optional.empty();
        }
        Map<String, ConfigNode> m = r.map(node, KEYS);
        Optional<URI> issuer = r.parsed(m, "issuer", OidcSection::issuer);
        if (!m.containsKey("issuer")) {
            r.problem(node, "'auth.oidc' needs 'issuer': the provider's issuer URL, e.g. " + EXAMPLE
                    + " (Caretaker reads its /.well-known/openid-configuration)");
        }
        Optional<String> clientId = notBlank(m, "client_id", r.requiredString(m, "client_id", node),
                "write the client's id as registered with the provider, e.g. client_id: caretaker");
        Optional<String> secret = notBlank(m, "client_secret", r.string(m, "client_secret"), "set the environment variable it names, e.g. "
                + "client_secret: ${OIDC_CLIENT_SECRET}, to the client's secret from the provider");
        if (!m.containsKey("client_secret")) {
            r.problem(node, "'auth.oidc' needs 'client_secret', the client's secret from the provider; write it as a reference to an "
                    + "environment variable, e.g. client_secret: ${OIDC_CLIENT_SECRET}");
        }
        List<String> scopes = m.containsKey("scopes") ? r.stringList(m, "scopes") : OidcConfig.DEFAULT_SCOPES;
        if (m.containsKey("scopes") && !scopes.contains("openid")) {
            r.problem(m.get("scopes"), "'auth.oidc.scopes' must include openid (OpenID Connect needs it), e.g. [openid, profile, email]");
        }
        String userClaim = claim(m, "user_claim", OidcConfig.DEFAULT_USER_CLAIM);
        String roleClaim = claim(m, "role_claim", OidcConfig.DEFAULT_ROLE_CLAIM);
        Map<String, List<String>> roles = roles(m.get("roles"));
        Optional<String> defaultRole = r.parsed(m, "default_role", s -> {
            String label = s.trim().toLowerCase(java.util.Locale.ROOT);
            if (!AuthConfig.ROLES.contains(label)) {
                throw new IllegalArgumentException("'" + s + "' is not a role; write one of " + String.join(", ", AuthConfig.ROLES)
                        + ", or leave default_role out to refuse users whose claims match no role");
            }
            return label;
        });
        Optional<String> label = r.string(m, "button_label");
        if (publicUrl.isEmpty() && !publicUrlWritten) {
            r.problem(auth, "'auth.oidc' needs 'auth.public_url', the address people open Caretaker at (e.g. https://caretaker.example.com): "
                    + "the provider sends the browser back to it at " + OidcConfig.CALLBACK_PATH);
        }
        if (issuer.isEmpty() || clientId.isEmpty() || secret.isEmpty() || publicUrl.isEmpty()) {
            return Optional.empty();
        }
        boolean secretInFile = !m.get("client_secret").scalar().contains("${");
        return Optional.of(new OidcConfig(issuer.get(), clientId.get(), secret.get(), List.copyOf(scopes), userClaim, roleClaim, roles,
                defaultRole, label, secretInFile));
    }

    /** The value, or empty with a problem when it is written but empty (e.g. "" or a variable that is not set, with an empty default). */
    private Optional<String> notBlank(Map<String, ConfigNode> m, String key, Optional<String> value, String fix) {
        if (value.isPresent() && value.get().isBlank()) {
            r.problem(m.get(key), "'auth.oidc." + key + "' is empty; " + fix);
            return Optional.empty();
        }
        return value;
    }

    private String claim(Map<String, ConfigNode> m, String key, String fallback) {
        String v = r.string(m, key, fallback);
        if (!v.matches("[A-Za-z0-9_:./-]{1,100}")) {
            r.problem(m.get(key), "'auth.oidc." + key + "' is a claim name such as " + fallback + ", not '" + v + "'");
            return fallback;
        }
        return v;
    }

    /** {@code roles:}: role → the claim values that give it, e.g. {@code admin: [caretaker-admins]}. */
    private Map<String, List<String>> roles(ConfigNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : r.map(node, AuthConfig.ROLES).entrySet()) {
            List<String> values = r.stringList(Map.of(e.getKey(), e.getValue()), e.getKey());
            if (values.isEmpty()) {
                r.problem(e.getValue(), "'auth.oidc.roles." + e.getKey() + "' lists no values; write the groups that give the role, "
                        + "e.g. [caretaker-" + e.getKey() + "s], or leave the role out");
            }
            out.put(e.getKey(), List.copyOf(values));
        }
        return Map.copyOf(out);
    }

    /** An issuer URL: https, or http on a loopback host only (a provider run on the same machine, for tests and trials). */
    static URI issuer(String text) {
        URI u = Urls.parse(text, List.of("http", "https"), EXAMPLE);
        String shown = Urls.shown(text);
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + shown + "' has a query or fragment; an issuer is a plain URL such as " + EXAMPLE);
        }
        if (u.getScheme().toLowerCase(Locale.ROOT).equals("http") && !loopback(u.getHost())) {
            throw new IllegalArgumentException("'" + shown + "' is plain http; an issuer must be https (http is allowed only for "
                    + "localhost or 127.0.0.1, for a provider run on the same machine in tests)");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + shown + "' holds a user name or password; an issuer is a public address without "
                    + "them, such as " + EXAMPLE + " (Caretaker signs in to the provider with client_id and client_secret)");
        }
        return u;
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name is not looked up here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
