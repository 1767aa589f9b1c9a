package dev.caretaker.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.access.Role;
import dev.caretaker.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth.oidc} and {@code auth.local_login}: defaults, the role mapping, and errors that name the key and never the secret. */
class OidcConfigTest {
    private static final String SECRET = "0idc-client-secret-from-env";

    @TempDir
    Path dir;

    private CaretakerConfig load(String yaml) throws Exception {
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, yaml);
        return Engine.configLoader(Map.of("OIDC_CLIENT_SECRET", SECRET)).read(f);
    }

    private List<String> problems(String yaml) throws Exception {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    private static String auth(String publicUrl, String oidc) {
        return "auth:\n" + (publicUrl == null ? "" : "  public_url: " + publicUrl + "\n") + "  oidc:\n" + oidc.indent(4);
    }

    private static final String MINIMAL = """
            issuer: https://login.example.com/realms/acme
            client_id: caretaker
            client_secret: ${OIDC_CLIENT_SECRET}
            """;

    @Test
    void defaults_the_role_mapping_and_a_secret_that_is_never_shown() throws Exception {
        OidcConfig o = load(auth("https://caretaker.example.com", MINIMAL + """
                roles:
                  admin: [caretaker-admins]
                  operator: caretaker-ops
                """)).auth().oidc().orElseThrow();
        assertThat(o.scopes()).containsExactly("openid", "profile", "email");
        assertThat(o.userClaim()).isEqualTo("preferred_username");
        assertThat(o.roleClaim()).isEqualTo("groups");
        assertThat(o.defaultRole()).isEmpty();
        assertThat(o.clientSecret()).isEqualTo(SECRET);
        assertThat(o.toString()).doesNotContain(SECRET);
        assertThat(o.roleFor(List.of("caretaker-ops", "caretaker-admins"))).as("the highest role held").hasValue(Role.ADMIN);
        assertThat(o.roleFor("caretaker-ops")).as("a string claim").hasValue(Role.OPERATOR);
        assertThat(o.roleFor(List.of("sales"))).isEmpty();
        assertThat(o.roleFor(null)).isEmpty();
        CaretakerConfig c = load(auth("https://caretaker.example.com", MINIMAL + "default_role: viewer\n"));
        assertThat(c.auth().oidc().orElseThrow().roleFor(List.of("sales"))).hasValue(Role.VIEWER);
        assertThat(c.auth().localLogin()).isTrue();
        assertThat(c.secrets().redact("client " + SECRET)).doesNotContain(SECRET);
        assertThat(load("system: x\n").auth().oidc()).isEmpty();
    }

    @Test
    void a_loopback_provider_may_speak_plain_http_any_other_must_use_https() throws Exception {
        assertThat(load(auth("http://127.0.0.1:8080", MINIMAL.replace("https://login.example.com", "http://localhost:8081"))).auth().oidc())
                .isPresent();
        assertThat(problems(auth("http://127.0.0.1:8080", MINIMAL.replace("https://login.example.com", "http://login.example.com"))))
                .anyMatch(p -> p.contains("auth.oidc.issuer") && p.contains("must be https"));
    }

    @Test
    void errors_name_the_key_and_what_to_write_without_the_secret() throws Exception {
        assertThat(problems(auth(null, MINIMAL))).anyMatch(p -> p.contains("'auth.oidc' needs 'auth.public_url'") && p.contains("/login/oidc/callback"));
        assertThat(problems(auth("https://c.example.com", "issuer: https://login.example.com\nclient_id: c\n")))
                .anyMatch(p -> p.contains("needs 'client_secret'") && p.contains("${OIDC_CLIENT_SECRET}"));
        assertThat(problems(auth("https://c.example.com", MINIMAL + "group_claim: groups\n")))
                .anyMatch(p -> p.contains("unknown key 'group_claim'") && p.contains("role_claim"));
        assertThat(problems(auth("https://c.example.com", MINIMAL + "roles: {superuser: [x]}\n")))
                .anyMatch(p -> p.contains("unknown key 'superuser'") && p.contains("viewer, operator, approver, admin"));
        assertThat(problems(auth("https://c.example.com", MINIMAL + "default_role: boss\n")))
                .anyMatch(p -> p.contains("auth.oidc.default_role") && p.contains("not a role"));
        assertThat(problems(auth("https://c.example.com", MINIMAL + "scopes: [profile]\n"))).anyMatch(p -> p.contains("must include openid"));
        assertThat(problems("auth: {local_login: false}\n")).anyMatch(p -> p.contains("auth.local_login: false leaves no way to log in"));
        for (String p : problems(auth(null, MINIMAL + "default_role: boss\n"))) {
            assertThat(p).doesNotContain(SECRET);
        }
        assertThat(load(auth("https://c.example.com", MINIMAL) + "  local_login: false\n").auth().localLogin()).isFalse();
    }
}
