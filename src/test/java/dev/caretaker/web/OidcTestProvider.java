package dev.caretaker.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * A real OpenID Connect provider for the single sign-on tests: NAV's mock-oauth2-server (its interactive login page, where a
 * user name and a claims JSON are typed), reached at {@code http://localhost:PORT/default} through a small forwarding server.
 * Caretaker itself runs at 127.0.0.1, so provider and Caretaker are different sites for the browser, as in real life. The
 * forwarding server passes everything through (telling the provider its own port in {@code X-Forwarded-Port}, so the
 * provider's discovery document, issuer and token claims name the forwarder), except when {@link #forge} is set: then it
 * replaces the ID token of the token endpoint's answer with the same claims and key id signed by a key of the test's own,
 * as an attacker between Caretaker and the provider would (OpenID Connect Core 1.0 section 3.1.3.7 step 6: the signature
 * must be checked against the issuer's keys).
 */
final class OidcTestProvider implements AutoCloseable {
    static final String CLIENT_ID = "caretaker-test";
    static final String CLIENT_SECRET = "oidc-client-s3cret-value";
    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "keep-alive");

    final MockOAuth2Server mock;
    private final HttpServer front;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final RSAKey forger;
    volatile boolean forge;
    /** Whether the provider is down: every request answers 503. */
    volatile boolean down;

    OidcTestProvider() throws Exception {
        mock = new MockOAuth2Server(new OAuth2Config(true));
        InetAddress localhost = InetAddress.getByName("localhost");
        mock.start(localhost, 0);
        front = HttpServer.create(new InetSocketAddress(localhost, 0), 0);
        front.createContext("/", this::forward);
        front.start();
        forger = new RSAKeyGenerator(2048).generate();
    }

    String issuer() {
        return "http://localhost:" + front.getAddress().getPort() + "/default";
    }

    /**
     * The config's auth section for a Caretaker reached at {@code publicUrl} (a test signs in many times from one address:
     * a roomy login rate); {@code extra}: more lines under auth.oidc.
     */
    String authYaml(String publicUrl, String extra) {
        return """
                auth:
                  public_url: %s
                  login_rate: 100/1m
                  oidc:
                    issuer: %s
                    client_id: %s
                    client_secret: %s
                    button_label: Sign in with Acme SSO
                    roles:
                      approver: [caretaker-approvers]
                      viewer: [caretaker-viewers, everyone]
                %s""".formatted(publicUrl, issuer(), CLIENT_ID, CLIENT_SECRET, extra == null ? "" : extra.indent(4));
    }

    /** A free port on 127.0.0.1 for a Caretaker whose public_url must be known before it starts. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private void forward(HttpExchange ex) throws IOException {
        try {
            if (down) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            String target = "http://localhost:" + mock.baseUrl().port() + ex.getRequestURI().toString();
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            b.header("X-Forwarded-Port", String.valueOf(front.getAddress().getPort())).header("X-Forwarded-Proto", "http");
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] out = r.body();
            if (forge && ex.getRequestURI().getPath().endsWith("/token") && r.statusCode() == 200) {
                out = forged(out);
            }
            r.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    ex.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        } catch (Exception e) {
            ex.sendResponseHeaders(502, -1);
        } finally {
            ex.close();
        }
    }

    /** The token response with its ID token's claims signed again by the test's key, under the provider's key id. */
    private byte[] forged(byte[] json) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode tokens = (ObjectNode) mapper.readTree(json);
        SignedJWT real = SignedJWT.parse(tokens.get("id_token").asText());
        SignedJWT fake = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(real.getHeader().getKeyID()).build(), real.getJWTClaimsSet());
        fake.sign(new RSASSASigner(forger));
        tokens.put("id_token", fake.serialize());
        return mapper.writeValueAsBytes(tokens);
    }

    /** The claims JSON typed into the provider's login page. */
    static String claims(String name, String... groups) {
        return "{\"preferred_username\": \"" + name + "\", \"groups\": [" + String.join(", ", java.util.Arrays.stream(groups)
                .map(g -> "\"" + g + "\"").toList()) + "]}";
    }

    @Override
    public void close() {
        front.stop(0);
        mock.shutdown();
    }
}
