package dev.caretaker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code auth.require_2fa}: empty by default, role names only, a misspelt role or key named with what was meant. */
class RequireTwoFactorConfigTest {
    private static final String BASE = "system: quarry\n";

    private static CaretakerConfig parse(String yaml) {
        return dev.caretaker.engine.Engine.configLoader(Map.of()).parse("caretaker.yml", Path.of("caretaker.yml"), yaml);
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    @Test
    void require_2fa_lists_roles_and_is_empty_by_default() {
        assertThat(parse(BASE).auth().require2fa()).isEmpty();
        assertThat(parse(BASE + "auth: {login_rate: 5/1m}\n").auth().require2fa()).isEmpty();
        assertThat(parse(BASE + "auth:\n  require_2fa: [approver, admin, approver]\n").auth().require2fa()).containsExactly("approver", "admin");
    }

    @Test
    void a_wrong_role_or_key_is_named_with_what_was_meant() {
        assertThat(problems(BASE + "auth:\n  require_2fa: [aprover]\n")).singleElement().asString()
                .startsWith("caretaker.yml:3:")
                .contains("auth.require_2fa: 'aprover' is not a role; list some of viewer, operator, approver, admin")
                .contains("did you mean 'approver'");
        assertThat(problems(BASE + "auth:\n  require2fa: [approver]\n")).singleElement().asString()
                .contains("unknown key 'require2fa'").contains("did you mean 'require_2fa'");
    }
}
