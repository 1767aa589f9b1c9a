package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigProblem;
import dev.caretaker.config.Severity;
import dev.caretaker.store.Store;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code type: webhook} with {@code template:}: any service's own JSON, every value escaped, a bad template a config error. */
@ExtendWith(TestDatabases.class)
class WebhookTemplateTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A title that would end its JSON string and add a key, if it were pasted as it is. */
    static final String HOSTILE = "crm \"is\" down\", \"admin\": true, \"x\": \"\\ \n{{system}}";

    private static String yaml(String url, String template) {
        return """
                system: shop
                checks:
                  crm: {type: http, url: "http://127.0.0.1:1/"}
                rules:
                  - {name: health-score-low, enabled: false}
                notify:
                  channels:
                    hook:
                      type: webhook
                      url: "%s"
                      headers: {Authorization: "Bearer hookTokenSecret0123456789"}
                      template: |
                %s
                  routes:
                    - {channels: [hook]}
                """.formatted(url, template.indent(8).stripTrailing());
    }

    private static List<String> problems(TestDatabase db, String template) {
        try {
            db.config(yaml("http://127.0.0.1:1/hook", template));
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    @Test
    void the_body_is_the_template_with_every_value_escaped_for_json_and_the_headers_kept(TestDatabase db, Store store) throws Exception {
        try (Receiver hook = new Receiver(200)) {
            CaretakerConfig c = db.config(yaml(hook.url("/alerts"), """
                    {
                      "summary": "{{incident.title}}",
                      "severity": "{{incident.priority}}",
                      "id": {{incident.id}},
                      "where": "{{system}} / {{incident.check}}",
                      "resolved": "{{incident.resolved_at}}"{{#action}},
                      "action": "{{name}}"{{/action}}
                    }"""));
            Pipeline.run(store, c, new SettableClock(Instant.now()), "all", new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(),
                    List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/", HOSTILE))));
            assertThat(hook.accepted()).hasSize(1);
            Receiver.Request r = hook.accepted().get(0);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("summary").asText()).as("the value, whole, inside its string").isEqualTo(HOSTILE);
            assertThat(body.has("admin")).isFalse();
            assertThat(body.get("severity").asText()).isEqualTo("P1");
            assertThat(body.get("id").isNumber()).isTrue();
            assertThat(body.get("where").asText()).isEqualTo("shop / crm");
            assertThat(body.get("resolved").asText()).as("a field that does not apply yet is empty").isEmpty();
            assertThat(body.has("action")).as("a section of another kind of message is left out").isFalse();
            assertThat(body.has("dedup_key")).as("the receiver's format, as written").isFalse();
            assertThat(r.header("Authorization")).isEqualTo("Bearer hookTokenSecret0123456789");
            assertThat(r.header("Idempotency-Key")).startsWith("incident-");
        }
    }

    @Test
    void a_template_that_does_not_parse_is_a_config_error_naming_the_key_and_the_line(TestDatabase db) {
        assertThat(problems(db, """
                {
                  "summary": "{{incident.title}}",
                  {{#incident}}"id": {{id}}{{/action}}
                }""")).singleElement().asString().contains("notify.channels.hook.template").contains("line 3 of the template")
                .contains("mismatched");
    }

    @Test
    void a_name_the_template_cannot_see_is_a_config_error_and_no_name_reaches_a_method(TestDatabase db) {
        assertThat(problems(db, "{\"a\": \"{{incident.titel}}\"}")).singleElement().asString()
                .contains("notify.channels.hook.template").contains("line 1 of the template").contains("'incident.titel' is not a field")
                .contains("incident.{id, title");
        assertThat(problems(db, "{\"a\": \"{{incident.title.class}}\"}")).as("no reflection into a value").singleElement().asString()
                .contains("'incident.title.class' is not a field");
        assertThat(problems(db, "{\"a\": \"{{incident.title.bytes}}\"}")).singleElement().asString().contains("is not a field");
    }
}
