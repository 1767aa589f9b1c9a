package dev.caretaker.config;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(o.roleFor(List.of("caretaker-ops", "caretaker-admins"))).as("the highest role held").hasValue("admin");
        assertThat(o.roleFor("caretaker-ops")).as("a string claim").hasValue("operator");
        assertThat(o.roleFor(List.of("sales"))).isEmpty();
        assertThat(o.roleFor(null)).isEmpty();
        CaretakerConfig c = load(auth("https://caretaker.example.com", MINIMAL + "default_role: viewer\n"));
        assertThat(c.auth().oidc().orElseThrow().roleFor(List.of("sales"))).hasValue("viewer");
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

    @Test
    void an_empty_client_id_or_secret_is_refused_as_a_missing_one() throws Exception {
        assertThat(problems(auth("https://c.example.com", MINIMAL.replace("${OIDC_CLIENT_SECRET}", "\"\""))))
                .anyMatch(p -> p.contains("'auth.oidc.client_secret' is empty") && p.contains("${OIDC_CLIENT_SECRET}"));
        assertThat(problems(auth("https://c.example.com", MINIMAL.replace("${OIDC_CLIENT_SECRET}", "\"${OIDC_SEC:-}\""))))
                .as("a variable that is not set, with an empty default").anyMatch(p -> p.contains("'auth.oidc.client_secret' is empty"));
        assertThat(problems(auth("https://c.example.com", MINIMAL.replace("client_id: caretaker", "client_id: \"  \""))))
                .anyMatch(p -> p.contains("'auth.oidc.client_id' is empty"));
        assertThat(load(auth("https://c.example.com", MINIMAL.replace("${OIDC_CLIENT_SECRET}", "${OIDC_SEC:-${OIDC_CLIENT_SECRET}}")))
                .auth().oidc().orElseThrow().clientSecret()).as("a default that holds the secret").isEqualTo(SECRET);
    }

    @Test
    void a_public_url_with_a_query_or_fragment_is_refused_wherever_paths_are_added_to_it() throws Exception {
        for (String url : List.of("https://ct.example.com/caretaker?x=1", "https://ct.example.com/caretaker#top")) {
            assertThat(problems(auth(url, MINIMAL))).as(url)
                    .anyMatch(p -> p.contains("auth.public_url") && p.contains("query or fragment") && p.contains("/login/oidc/callback"))
                    .noneMatch(p -> p.contains("needs 'auth.public_url'"));
            assertThat(problems("auth: {public_url: \"" + url + "\"}\n")).as("links in alerts are built from it too")
                    .anyMatch(p -> p.contains("auth.public_url") && p.contains("query or fragment"));
        }
        assertThat(problems("status_page:\n  subscriptions: {public_url: \"https://status.example.com/?utm=x\"}\n"))
                .anyMatch(p -> p.contains("status_page.subscriptions.public_url") && p.contains("query or fragment") && p.contains("/status"));
        assertThat(load(auth("https://ct.example.com/caretaker", MINIMAL)).auth().publicUrl()).as("a path is fine")
                .hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo("https://ct.example.com/caretaker"));
    }

    @Test
    void user_info_in_the_issuer_is_refused_and_no_message_shows_it() throws Exception {
        String withUser = MINIMAL.replace("https://login.example.com", "https://ops:HunterPass22@sso.example.com");
        assertThat(problems(auth("https://c.example.com", withUser)))
                .anyMatch(p -> p.contains("auth.oidc.issuer") && p.contains("user name or password"));
        List<String> all = new java.util.ArrayList<>();
        all.addAll(problems(auth("https://c.example.com", withUser)));
        all.addAll(problems(auth("https://c.example.com", withUser.replace("https://", "http://"))));
        all.addAll(problems(auth("https://c.example.com", withUser.replace("/realms/acme", "/realms/acme?x=1"))));
        all.addAll(problems(auth("https://c.example.com", withUser.replace("https://", "ftp://"))));
        all.addAll(problems(auth("https://c.example.com", withUser.replace("/realms/acme", "/realms acme"))));
        all.addAll(problems(auth("ftp://ops:HunterPass22@c.example.com", MINIMAL)));
        all.addAll(problems(auth("https://ops:HunterPass22@c.example.com/?x", MINIMAL)));
        assertThat(all).hasSizeGreaterThanOrEqualTo(7).allSatisfy(p -> assertThat(p).doesNotContain("HunterPass22"));
        assertThat(all).anyMatch(p -> p.contains("must be https") && p.contains("sso.example.com"));
    }

    @Test
    void a_secret_written_in_the_file_works_but_is_warned_about() throws Exception {
        OidcConfig literal = load(auth("https://c.example.com", MINIMAL.replace("${OIDC_CLIENT_SECRET}", "written-in-the-file"))).auth()
                .oidc().orElseThrow();
        assertThat(literal.clientSecret()).isEqualTo("written-in-the-file");
        assertThat(literal.secretWarning()).hasValueSatisfying(w -> assertThat(w).contains("${OIDC_CLIENT_SECRET}")
                .doesNotContain("written-in-the-file"));
        assertThat(load(auth("https://c.example.com", MINIMAL)).auth().oidc().orElseThrow().secretWarning()).isEmpty();
        Path f = dir.resolve("literal.yml");
        Files.writeString(f, "system: shop\n" + auth("https://c.example.com", MINIMAL.replace("${OIDC_CLIENT_SECRET}", "written-in-the-file")));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.caretaker.cli.Main.run(Map.of(), new java.io.PrintWriter(out), new java.io.PrintWriter(err), "validate", "-c", f.toString());
        assertThat(code).as(out + "" + err).isEqualTo(1);
        assertThat(out.toString()).contains("valid", "auth.oidc.client_secret", "environment variable").doesNotContain("written-in-the-file");
    }

    @Test
    void one_mistake_gives_one_message() throws Exception {
        assertThat(problems(auth("ftp://c.example.com", MINIMAL))).hasSize(1)
                .allMatch(p -> p.contains("auth.public_url") && p.contains("ftp:"));
        assertThat(problems("auth:\n  public_url: https://c.example.com\n  oidc: login.example.com\n")).hasSize(1)
                .allMatch(p -> p.contains("'auth.oidc' must be a map"));
    }
}
