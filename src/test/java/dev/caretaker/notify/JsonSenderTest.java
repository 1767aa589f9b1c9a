package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Receiver;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON-over-HTTP sender of channels and ticket systems, against a real HTTP server on 127.0.0.1. */
class JsonSenderTest {
    static final Duration DEADLINE = Duration.ofSeconds(5);

    @Test
    void a_refusal_names_the_status_the_call_and_an_excerpt_of_the_answer_without_the_secret_headers() throws Exception {
        try (Receiver api = new Receiver(401)) {
            api.answer = "{\"message\": \"Bad credentials: Bearer ghp_tok-123456\",\n \"padding\": \"" + "x".repeat(1000) + "\"}";
            JsonSender sender = new JsonSender("GitHub", JsonSender.TICKETS, true);
            JsonSender.Headers headers = new JsonSender.Headers(Map.of("Accept", "application/vnd.github+json"),
                    Map.of("Authorization", "Bearer ghp_tok-123456"));
            assertThatThrownBy(() -> sender.send("POST", URI.create(api.url("/repos/acme/app/issues")), headers, "{}", DEADLINE))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageStartingWith("GitHub answered 401 to POST /repos/acme/app/issues: {\"message\": \"Bad credentials: ********\", \"padding\"")
                    .hasMessageNotContaining("ghp_tok-123456")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(
                            "GitHub answered 401 to POST /repos/acme/app/issues: ".length() + JsonSender.EXCERPT));
            Receiver.Request sent = api.requests.get(0);
            assertThat(sent.header("Authorization")).isEqualTo("Bearer ghp_tok-123456");
            assertThat(sent.header("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(sent.header("Content-Type")).isEqualTo("application/json");
            assertThat(sent.header("User-Agent")).startsWith("caretaker/");
        }
    }

    @Test
    void a_channels_error_does_not_name_its_address_which_is_its_credential() throws Exception {
        try (Receiver hook = new Receiver(404)) {
            hook.answer = "no_service";
            Channel slack = JsonSender.channel("slack").poster(URI.create(hook.url("/services/T0/B0/s3cr3t")), JsonSender.Headers.NONE, false);
            assertThatThrownBy(() -> slack.deliver(message("{\"text\": \"hi\"}"), DEADLINE)).isInstanceOf(DeliveryException.class)
                    .hasMessage("slack answered 404: no_service");
            assertThat(hook.requests.get(0).body()).isEqualTo("{\"text\": \"hi\"}");
            assertThat(hook.requests.get(0).header("Idempotency-Key")).isNull();
            assertThat(hook.requests.get(0).header("Upgrade")).as("HTTP/1.1: no h2c upgrade offered to a plain-http receiver").isNull();
        }
    }

    @Test
    void a_refused_connection_says_where_and_what_to_check_not_a_class_name() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        Channel hook = JsonSender.channel("webhook").poster(URI.create("http://127.0.0.1:" + port + "/hooks/s3cr3t"), JsonSender.Headers.NONE, false);
        assertThatThrownBy(() -> hook.deliver(message("{}"), DEADLINE)).isInstanceOf(DeliveryException.class)
                .hasMessage("webhook: could not connect to 127.0.0.1:" + port + " (its name does not resolve, nothing listens there, or a firewall refuses)");
    }

    @Test
    void a_redirect_is_not_followed_but_reported_as_the_answer() throws Exception {
        try (Receiver hook = new Receiver(200)) {
            hook.redirects.put("/old", hook.url("/new"));
            Channel webhook = JsonSender.channel("webhook").poster(URI.create(hook.url("/old")), JsonSender.Headers.NONE, true);
            assertThatThrownBy(() -> webhook.deliver(message("{}"), DEADLINE)).hasMessageStartingWith("webhook answered 302");
            assertThat(hook.requests).extracting(Receiver.Request::path).containsExactly("/old");
        }
    }

    @Test
    void configured_headers_go_with_the_dedup_key_and_their_values_stay_out_of_the_headers_text() throws Exception {
        try (Receiver hook = new Receiver(200)) {
            JsonSender.Headers headers = JsonSender.Headers.secret(Map.of("X-Token", "hook-secret-1"));
            JsonSender.channel("webhook").poster(URI.create(hook.url("/hook")), headers, true).deliver(message("{}"), DEADLINE);
            assertThat(hook.requests.get(0).header("X-Token")).isEqualTo("hook-secret-1");
            assertThat(hook.requests.get(0).header("Idempotency-Key")).isEqualTo("incident-7-opened-0");
            assertThat(headers.toString()).contains("X-Token").doesNotContain("hook-secret-1");
        }
    }

    @Test
    void the_answer_is_read_up_to_its_bound_and_a_slow_service_ends_at_the_timeout() throws Exception {
        try (Receiver api = new Receiver(200)) {
            api.answer = "{\"id\": \"" + "7".repeat(500) + "\"}";
            JsonSender small = new JsonSender("ticket webhook", new JsonSender.Limits(Duration.ofMillis(800), 64), true);
            assertThat(small.send("POST", URI.create(api.url("/t")), JsonSender.Headers.NONE, "{}", DEADLINE)).hasSize(64);
            api.delayMillis = 3000;
            long start = System.nanoTime();
            assertThatThrownBy(() -> small.send("POST", URI.create(api.url("/t")), JsonSender.Headers.NONE, "{}", DEADLINE))
                    .hasMessageStartingWith("ticket webhook: timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the limit's timeout, not the caller's deadline").isLessThan(Duration.ofSeconds(2));
        }
    }

    private static OutboxMessage message(String body) {
        return new OutboxMessage(1, "ops", "incident_opened", "incident-7-opened-0", List.of("incident-7"), Map.of("body", body), OutboxMessage.State.PENDING, 0,
                Instant.EPOCH, Instant.EPOCH, null, null);
    }
}
