package dev.caretaker.config;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code auth.oidc:}: single sign-on through an OpenID Connect provider. The provider is found at {@code issuer} (its
 * {@code /.well-known/openid-configuration}); Caretaker signs in as the client {@code client_id} with {@code client_secret}
 * asking for {@code scopes}; the user's name is the ID token's {@code user_claim} (else its {@code email}); their role is
 * the highest of {@code roles} whose values the {@code role_claim} (a string or a list, e.g. groups) holds, else
 * {@code default_role}, else they are refused. {@code button_label} is the login page's button. The secret is never
 * shown: {@link #toString()} leaves it out; {@code secretInFile}: it is written in the config file rather than taken from an
 * environment variable (validate warns).
 */
public record OidcConfig(URI issuer, String clientId, String clientSecret, List<String> scopes, String userClaim, String roleClaim,
                         Map<String, List<String>> roles, Optional<String> defaultRole, Optional<String> buttonLabel,
                         boolean secretInFile) {
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");
    public static final String DEFAULT_USER_CLAIM = "preferred_username";
    /** The claim that names the user when the ID token lacks {@code user_claim}. */
    public static final String FALLBACK_USER_CLAIM = "email";
    public static final String DEFAULT_ROLE_CLAIM = "groups";
    /** Where the provider sends the browser back, under {@code auth.public_url}. */
    public static final String CALLBACK_PATH = "/login/oidc/callback";

    /** The login page's button text. */
    public String label() {
        return buttonLabel.orElse("Sign in with single sign-on");
    }

    /**
     * The role (its label, one of {@link AuthConfig#ROLES}) the claim's values give: the highest role one of whose values it holds, else {@code default_role}; empty when
     * neither (the user is refused).
     */
    public Optional<String> roleFor(Object claim) {
        Collection<?> values = claim instanceof Collection<?> c ? c : claim == null ? List.of() : List.of(claim);
        String best = null;
        for (Map.Entry<String, List<String>> e : roles.entrySet()) {
            boolean held = values.stream().anyMatch(v -> v != null && e.getValue().contains(v.toString()));
            if (held && (best == null || AuthConfig.ROLES.indexOf(e.getKey()) > AuthConfig.ROLES.indexOf(best))) {
                best = e.getKey();
            }
        }
        return best != null ? Optional.of(best) : defaultRole;
    }

    /**
     * What {@code validate} warns about when {@code client_secret} is written in the file itself rather than read from an
     * environment variable: the file is then a secret too. Never shows the secret.
     */
    public Optional<String> secretWarning() {
        return secretInFile ? Optional.of("the client secret is written in the config file itself; anyone who can read the file can "
                + "sign in as Caretaker at the provider. Move it to an environment variable: client_secret: ${OIDC_CLIENT_SECRET}")
                : Optional.empty();
    }

    @Override
    public String toString() {
        return "OidcConfig[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=" + Secrets.MASK + ", scopes=" + scopes
                + ", userClaim=" + userClaim + ", roleClaim=" + roleClaim + ", roles=" + roles + ", defaultRole=" + defaultRole
                + ", buttonLabel=" + buttonLabel + ", secretInFile=" + secretInFile + "]";
    }
}
