package dev.caretaker.check.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Receiver;
import dev.caretaker.config.ApiSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the check's timeout says of the requests: those sent, and how many came back. */
class ApiClientTimeoutTest {
    @Test
    void a_request_sent_and_not_answered_is_counted_as_sent() throws Exception {
        try (Receiver api = new Receiver(200)) {
            api.answer = "{\"ok\":true}";
            ApiClient client = new ApiClient("Example", new ApiSettings(URI.create(api.url("")), null, Duration.ofSeconds(2)), Map.of(),
                    "timeout-test", Clock.systemUTC());
            assertThat(client.get(client.url("/first")).body().path("ok").asBoolean()).as("the clean twin: answered").isTrue();

            api.delayMillis = 5000;
            assertThatThrownBy(() -> client.get(client.url("/second"))).isInstanceOf(ApiException.class)
                    .hasMessageContaining("Example did not answer within the check's timeout of 2s (2 requests sent, 1 answered)");
        }
    }
}
