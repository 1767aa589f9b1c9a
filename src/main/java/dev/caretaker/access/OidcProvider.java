package dev.caretaker.access;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.caretaker.config.OidcConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenID Connect provider of {@code auth.oidc}, spoken to through Nimbus' OAuth 2.0 / OIDC SDK: its discovery document
 * (fetched with timeouts, kept for {@link #DISCOVERY_TTL}, fetched again after any failure), the authorization-code flow
 * with PKCE (S256), {@code state} and {@code nonce}, the code exchanged with the client's secret ({@code client_secret_basic},
 * or {@code client_secret_post} when that is all the provider takes), and the ID token validated by Nimbus'
 * {@link IDTokenValidator}: issuer, audience (the client id), signature against the provider's published keys (an
 * asymmetric algorithm the provider names), expiry and nonce. Failures come out as {@link Failure} with a plain message
 * that holds no secret and no token.
 */
public final class OidcProvider {
    /** Connecting to the provider may take this long, and reading its answer this long, for every request Caretaker makes. */
    public static final int CONNECT_MS = 5_000;
    public static final int READ_MS = 10_000;
    /** The largest key set or document read from the provider. */
    static final int SIZE_LIMIT = 512 * 1024;
    /** Discovery is fetched again after this long (and after any failure). */
    static final Duration DISCOVERY_TTL = Duration.ofHours(1);
    private static final Set<JWSAlgorithm> ASYMMETRIC = new LinkedHashSet<>();

    static {
        ASYMMETRIC.addAll(JWSAlgorithm.Family.RSA);
        ASYMMETRIC.addAll(JWSAlgorithm.Family.EC);
        ASYMMETRIC.addAll(JWSAlgorithm.Family.ED);
    }

    /** A sign-in that cannot go on; the message is for the person and holds no secret. */
    public static final class Failure extends Exception {
        public Failure(String message) {
            super(message);
        }
    }

    /** Where to send the browser, and what its flow cookie must remember. */
    public record Start(URI redirect, String state, String nonce, String verifier) {
    }

    /** A verified sign-in: the issuer and subject the user is known by, and the claims of their ID token (and userinfo). */
    public record Verified(String issuer, String subject, Map<String, Object> claims) {
    }

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator, Instant at) {
    }

    private final OidcConfig config;
    private final Clock clock;
    private volatile Discovered discovered;

    public OidcProvider(OidcConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public OidcConfig config() {
        return config;
    }

    /** A new authorization request to the provider, coming back to {@code callback}. */
    public Start start(URI callback) throws Failure {
        OIDCProviderMetadata m = discovery().metadata();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(config.scopes().toArray(String[]::new)),
                new ClientID(config.clientId()), callback)
                .endpointURI(m.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build();
        return new Start(request.toURI(), state.getValue(), nonce.getValue(), verifier.getValue());
    }

    /** Exchanges {@code code} for tokens and validates the ID token against {@code nonce}; the claims of a good one. */
    public Verified finish(String code, URI callback, String verifier, String nonce) throws Failure {
        Discovered d = discovery();
        try {
            OIDCTokenResponse tokens = exchange(d.metadata(), code, callback, verifier);
            IDTokenClaimsSet claims;
            try {
                claims = d.validator().validate(tokens.getOIDCTokens().getIDToken(), new Nonce(nonce));
            } catch (BadJOSEException e) {
                throw new Failure("The provider's ID token was refused: " + plain(e.getMessage())
                        + ". Nothing was signed in; if this repeats, check auth.oidc.issuer and auth.oidc.client_id.");
            }
            Map<String, Object> all = new LinkedHashMap<>(claims.toJSONObject());
            if (needsUserInfo(all) && d.metadata().getUserInfoEndpointURI() != null) {
                userInfo(d.metadata(), tokens, claims.getSubject().getValue()).forEach(all::putIfAbsent);
            }
            return new Verified(claims.getIssuer().getValue(), claims.getSubject().getValue(), all);
        } catch (IOException | com.nimbusds.jose.JOSEException e) {
            discovered = null;
            throw new Failure("Caretaker could not finish the sign-in with the provider at " + config.issuer() + ": " + plain(e.getMessage())
                    + ". Try again; if it keeps failing, check that this server can reach the provider.");
        }
    }

    private OIDCTokenResponse exchange(OIDCProviderMetadata m, String code, URI callback, String verifier) throws IOException, Failure {
        Secret secret = new Secret(config.clientSecret());
        ClientID id = new ClientID(config.clientId());
        List<ClientAuthenticationMethod> methods = m.getTokenEndpointAuthMethods();
        ClientAuthentication auth = methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST) ? new ClientSecretPost(id, secret) : new ClientSecretBasic(id, secret);
        HTTPRequest http = new TokenRequest(m.getTokenEndpointURI(), auth, new AuthorizationCodeGrant(new AuthorizationCode(code), callback,
                new CodeVerifier(verifier))).toHTTPRequest();
        http.setConnectTimeout(CONNECT_MS);
        http.setReadTimeout(READ_MS);
        try {
            var response = OIDCTokenResponseParser.parse(http.send());
            if (!response.indicatesSuccess()) {
                ErrorObject error = response.toErrorResponse().getErrorObject();
                throw new Failure("The provider refused to exchange the sign-in code: " + describe(error) + ". Start the sign-in again; "
                        + "if it keeps failing, check auth.oidc.client_id and auth.oidc.client_secret with the provider's admin.");
            }
            return (OIDCTokenResponse) response.toSuccessResponse();
        } catch (ParseException e) {
            throw new Failure("The provider's answer to the code exchange is not an OpenID Connect token response (" + plain(e.getMessage()) + ").");
        }
    }

    private boolean needsUserInfo(Map<String, Object> claims) {
        return !claims.containsKey(config.userClaim()) && !claims.containsKey(OidcConfig.FALLBACK_USER_CLAIM)
                || !claims.containsKey(config.roleClaim());
    }

    /** The userinfo claims, when they are the same subject's; empty when the endpoint fails (the ID token's claims are what count). */
    private Map<String, Object> userInfo(OIDCProviderMetadata m, OIDCTokenResponse tokens, String subject) throws IOException {
        HTTPRequest http = new UserInfoRequest(m.getUserInfoEndpointURI(), tokens.getOIDCTokens().getBearerAccessToken()).toHTTPRequest();
        http.setConnectTimeout(CONNECT_MS);
        http.setReadTimeout(READ_MS);
        try {
            UserInfoResponse r = UserInfoResponse.parse(http.send());
            if (!r.indicatesSuccess() || r.toSuccessResponse().getUserInfo() == null
                    || !subject.equals(r.toSuccessResponse().getUserInfo().getSubject().getValue())) {
                return Map.of();
            }
            return r.toSuccessResponse().getUserInfo().toJSONObject();
        } catch (ParseException e) {
            return Map.of();
        }
    }

    /** The provider's discovery document and the validator made from it, fetched when missing or older than {@link #DISCOVERY_TTL}. */
    private Discovered discovery() throws Failure {
        Discovered d = discovered;
        Instant now = clock.instant();
        if (d != null && d.at().plus(DISCOVERY_TTL).isAfter(now)) {
            return d;
        }
        synchronized (this) {
            d = discovered;
            if (d != null && d.at().plus(DISCOVERY_TTL).isAfter(now)) {
                return d;
            }
            d = fetch(now);
            discovered = d;
            return d;
        }
    }

    private Discovered fetch(Instant now) throws Failure {
        Issuer issuer = new Issuer(config.issuer().toString());
        OIDCProviderMetadata m;
        try {
            m = OIDCProviderMetadata.resolve(issuer, CONNECT_MS, READ_MS);
        } catch (IOException e) {
            throw new Failure("Caretaker could not read the sign-in provider's discovery document at " + config.issuer()
                    + "/.well-known/openid-configuration (" + plain(e.getMessage()) + "). Try again in a moment; if it keeps failing, "
                    + "check auth.oidc.issuer and that this server can reach the provider.");
        } catch (GeneralException e) {
            throw new Failure("The sign-in provider's discovery document at " + config.issuer() + " is not usable: " + plain(e.getMessage())
                    + ". Check auth.oidc.issuer: it must be exactly the issuer the provider names.");
        }
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        if (m.getIDTokenJWSAlgs() != null) {
            m.getIDTokenJWSAlgs().stream().filter(ASYMMETRIC::contains).forEach(algs::add);
        }
        if (algs.isEmpty()) {
            algs.add(JWSAlgorithm.RS256);
        }
        if (m.getJWKSetURI() == null) {
            throw new Failure("The sign-in provider at " + config.issuer() + " publishes no signing keys (jwks_uri); Caretaker cannot check its ID tokens.");
        }
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(m.getJWKSetURI().toURL(), new DefaultResourceRetriever(CONNECT_MS, READ_MS, SIZE_LIMIT))
                    .build();
        } catch (java.net.MalformedURLException e) {
            throw new Failure("The sign-in provider's jwks_uri is not a URL: " + plain(e.getMessage()));
        }
        IDTokenValidator validator = new IDTokenValidator(issuer, new ClientID(config.clientId()), new JWSVerificationKeySelector<>(algs, keys), null);
        return new Discovered(m, validator, now);
    }

    private static String describe(ErrorObject e) {
        String code = e.getCode() == null ? "no error code" : plain(e.getCode());
        return e.getDescription() == null ? code : code + " (" + plain(e.getDescription()) + ")";
    }

    /** A message from outside fit for a page: printable, one line, short. */
    public static String plain(String s) {
        String clean = s == null ? "no detail" : s.replaceAll("[^\\x20-\\x7e]", " ").strip();
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
