package dev.caretaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.config.Threshold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README documents every threshold, config key and finding code the code knows; this keeps it true. */
class ReadmeTest {
    static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    @Test
    void starts_with_the_two_set_up_commands() throws IOException {
        List<String> lines = readme().lines().filter(l -> !l.isBlank()).limit(4).toList();
        assertThat(lines.get(1)).isEqualTo("```sh");
        assertThat(lines.get(2)).startsWith("./caretaker demo");
        assertThat(lines.get(3)).startsWith("scripts/test");
        assertThat(Files.readString(Path.of("scripts/test"))).as("the test command ends in the build's own").contains("exec mvn -B verify");
        assertThat(Files.readString(Path.of(".ci/run"))).as("CI runs the README's test command").contains("\nscripts/test\n");
    }

    @Test
    void every_postgres_threshold_is_documented_with_its_default() throws IOException {
        String readme = readme();
        for (Threshold t : Threshold.POSTGRES) {
            String def = t.defaultValue().isEmpty() ? "none" : t.defaultValue();
            assertThat(readme).as(t.id()).containsPattern("\\| `" + Pattern.quote(t.id()) + "` \\| `?" + Pattern.quote(def) + "`? \\|");
        }
    }

    @Test
    void every_finding_code_in_the_code_is_documented() throws IOException {
        Set<String> codes = new TreeSet<>();
        Pattern p = Pattern.compile("(?:new Finding\\(|Finding\\.of\\()\"([a-z]+\\.[a-z_]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    codes.add(m.group(1));
                }
            }
        }
        assertThat(codes).hasSizeGreaterThan(20);
        String readme = readme();
        assertThat(codes).allSatisfy(code -> assertThat(readme).contains("| `" + code + "` |"));
    }

    @Test
    void every_config_key_is_documented() throws Exception {
        String readme = readme();
        for (String field : List.of("TOP_KEYS", "STORE_KEYS", "DATABASE_KEYS", "SUITE_KEYS",
                "RULE_KEYS", "INCIDENTS_KEYS", "FLAPPING_KEYS", "INHIBIT_KEYS", "MAINTENANCE_KEYS", "NOTIFY_KEYS", "EMAIL_KEYS",
                "ROUTE_KEYS")) {
            Class<?> owner = List.of("TOP_KEYS", "STORE_KEYS", "DATABASE_KEYS", "SUITE_KEYS").contains(field)
                    ? dev.caretaker.config.ConfigLoader.class
                    : Class.forName("dev.caretaker.config.AlertingSection");
            var f = owner.getDeclaredField(field);
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) f.get(null);
            assertDocumented(readme, field, keys);
        }
        var kinds = dev.caretaker.engine.Engine.KINDS;
        assertDocumented(readme, "every check", dev.caretaker.config.CheckType.COMMON_KEYS);
        kinds.checks().values().forEach(t -> assertDocumented(readme, "checks of type " + t.name(), t.keys()));
        kinds.checks().values().forEach(t -> t.sources().forEach(source -> {
            assertThat(readme).as("type " + t.name() + ", source " + source.name()).contains("`source: " + source.name() + "`");
            assertDocumented(readme, "checks of type " + t.name() + ", source " + source.name(), source.keys());
        }));
        assertDocumented(readme, "jobs.NAME", dev.caretaker.check.activity.JobsKind.JOB_KEYS);
        assertDocumented(readme, "errors' total", dev.caretaker.check.activity.ErrorsKind.TOTAL_KEYS);
        assertDocumented(readme, "host levels", dev.caretaker.check.host.HostKind.LEVEL_KEYS);
        kinds.actions().values().forEach(t -> assertDocumented(readme, "actions of type " + t.name(), t.keys()));
        kinds.channels().values().forEach(t -> assertDocumented(readme, "channels of type " + t.name(), t.keys()));
        kinds.tickets().values().forEach(t -> assertDocumented(readme, "tickets of provider " + t.name(), t.keys()));
        assertThat(readme).contains("`report.format`", "`report.out`");
        assertDocumented(readme, "auth", List.of("proxy_header", "trusted_proxies", "public_url", "local_login"));
        var oidcKeys = Class.forName("dev.caretaker.config.OidcSection").getDeclaredField("KEYS");
        oidcKeys.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<String> oidc = (List<String>) oidcKeys.get(null);
        assertThat(oidc).allSatisfy(k -> assertThat(readme).contains("`auth.oidc." + k + "`"));
        assertDocumented(readme, "metrics", List.of("token", "public"));
        assertThat(readme).contains("`auth.public_url`", "`metrics.token`", "`metrics.public`");
        for (String field : List.of("BASELINE_KEYS", "FORECAST_KEYS", "SERIES_KEYS", "REPORT_KEYS", "CHECKLIST_KEYS", "ITEM_KEYS")) {
            var f = Class.forName("dev.caretaker.config.LongViewSection").getDeclaredField(field);
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) f.get(null);
            assertDocumented(readme, field, keys);
        }
        for (String field : List.of("PERSON_KEYS", "SCHEDULE_KEYS", "LAYER_KEYS", "RESTRICT_KEYS")) {
            var f = Class.forName("dev.caretaker.config.OncallSection").getDeclaredField(field);
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) f.get(null);
            assertDocumented(readme, field, keys);
        }
        assertThat(readme).contains("`oncall.NAME.layers[].restrict`", "`people.NAME.channels`");
        assertThat(readme).contains("| `anomaly.high` |", "| `anomaly.low` |", "`baseline.low`", "`baseline.centre`", "`baseline.high`");
        for (dev.caretaker.config.RuleConfig rule : dev.caretaker.config.RuleConfig.DEFAULT_PACK) {
            assertThat(readme).as("default rule " + rule.name()).contains("| `" + rule.name() + "` | `" + rule.when().text() + "` |")
                    .contains("| " + rule.message() + " |");
            assertThat(rule.message()).as("an incident title names the problem, not a manual's section").doesNotContainPattern("\\b00\\d\\b");
        }
    }

    private static void assertDocumented(String readme, String where, List<String> keys) {
        assertThat(keys).allSatisfy(k -> assertThat(readme.contains("`" + k + "`") || readme.contains("." + k + "`"))
                .as(where + ": " + k + " is documented, alone or as section." + k).isTrue());
    }

    @Test
    void every_kind_of_check_has_its_section() throws IOException {
        String readme = readme();
        int from = readme.indexOf("Every check has `type` (required: ");
        String types = readme.substring(from, readme.indexOf(")", from));
        for (String type : dev.caretaker.engine.Engine.KINDS.checks().keySet()) {
            assertThat(readme).as(type).contains("#### `type: " + type + "`");
            assertThat(types).as("the list of check types names " + type).contains("`" + type + "`");
        }
    }

    @Test
    void every_measurement_is_documented() throws IOException {
        String readme = readme();
        dev.caretaker.config.Metrics.byType(dev.caretaker.engine.Engine.KINDS).values().forEach(list -> list.forEach(m ->
                assertThat(readme).as(m.name()).contains("`" + m.name() + "`")));
    }
}
