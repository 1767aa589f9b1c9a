package dev.caretaker.notify.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Receiver;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.notify.ChannelKinds;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.OutboxMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the sender reads a service's answer: its own error words, how long it asks to wait, credentials kept out. */
class ServiceAnswersTest {
    static final Duration DEADLINE = Duration.ofSeconds(5);

    @Test
    void a_form_goes_with_its_content_type_and_a_retry_after_header_is_the_wait_asked_for() throws Exception {
        try (Receiver api = new Receiver(503)) {
            api.answer = "{\"code\":20503,\"message\":\"Service Unavailable\"}";
            JsonSender sender = JsonSender.channel("twilio").withErrorWords((status, body) -> JsonSender.field(body, "message").asText());
            assertThatThrownBy(() -> sender.send("POST", URI.create(api.url("/x")), JsonSender.Headers.NONE, "application/x-www-form-urlencoded",
                    "To=%2B49&Body=hi", DEADLINE))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e).hasMessage("twilio answered 503: Service Unavailable");
                        assertThat(e.retryAfter()).as("the Receiver sends no Retry-After").isEmpty();
                    });
            assertThat(api.requests.get(0).header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(api.requests.get(0).body()).isEqualTo("To=%2B49&Body=hi");
        }
    }

    @Test
    void telegrams_retry_after_in_the_body_is_the_wait_and_its_token_is_never_in_the_error() throws Exception {
        String token = "4242:SECRET-bot-token";
        try (Receiver api = new Receiver(429)) {
            api.answer = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 35 (bot " + token
                    + ")\",\"parameters\":{\"retry_after\":35}}";
            CaretakerConfig c = dev.caretaker.engine.Engine.configLoader(Map.of()).parse("c.yml", Path.of("c.yml"), """
                    system: shop
                    notify:
                      channels:
                        tg: {type: telegram, bot_token: "%s", chat_id: "1", base_url: "%s"}
                    """.formatted(token, api.url("")));
            var ch = c.notifications().channels().get("tg");
            OutboxMessage m = new OutboxMessage(1, "tg", "incident_opened", "k", List.of(), Map.of("body", "{\"chat_id\":\"1\",\"text\":\"hi\"}"),
                    OutboxMessage.State.PENDING, 0, Instant.now(), Instant.now(), null, null);
            assertThatThrownBy(() -> ChannelKinds.of(ch).open(ch, c.notifications(), Path.of(".")).deliver(m, DEADLINE))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("telegram answered 429: Too Many Requests: retry after 35 (bot ********)");
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(35));
                    });
            assertThat(api.requests.get(0).path()).isEqualTo("/bot" + token + "/sendMessage");
        }
    }

    @Test
    void an_answer_that_is_not_the_documented_shape_is_quoted_as_it_came() throws Exception {
        try (Receiver api = new Receiver(502)) {
            api.answer = "<html>Bad Gateway</html>";
            JsonSender sender = JsonSender.channel("ntfy").withErrorWords((status, body) -> JsonSender.field(body, "error").asText());
            assertThatThrownBy(() -> sender.send("POST", URI.create(api.url("/")), JsonSender.Headers.NONE, "{}", DEADLINE))
                    .hasMessage("ntfy answered 502: <html>Bad Gateway</html>");
        }
    }
}
