package dev.caretaker.check.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.config.ApiSettings;
import dev.caretaker.demo.api.MailgunStandIn;
import dev.caretaker.demo.api.SendgridStandIn;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's two ways of sending a token, and that it sends it to the base URL's host and port only. */
class ApiClientAuthTest {
    @Test
    void basic_credentials_go_to_the_base_host_and_no_token_goes_to_another() throws Exception {
        try (MailgunStandIn base = new MailgunStandIn(null); SendgridStandIn other = new SendgridStandIn(null)) {
            ApiSettings settings = new ApiSettings(URI.create(base.url()), "key-secret", Duration.ofSeconds(5));
            ApiClient client = new ApiClient("Mailgun", settings, Map.of(), "auth-test", Clock.systemUTC(), ApiClient.Auth.basic("api"));
            base.domain("mg.example.com");

            client.get(client.url("/v3/mg.example.com/stats/total?event=delivered"));
            client.get(URI.create(other.url() + "/v3/stats?start_date=2026-01-01"));

            assertThat(base.seen().get(0).header("authorization"))
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString("api:key-secret".getBytes(StandardCharsets.UTF_8)));
            assertThat(other.seen().get(0).header("authorization")).as("another host (or port) never gets the token").isNull();
        }
    }

    @Test
    void a_bearer_token_is_the_default() throws Exception {
        try (SendgridStandIn sendgrid = new SendgridStandIn("SG.k")) {
            ApiSettings settings = new ApiSettings(URI.create(sendgrid.url()), "SG.k", Duration.ofSeconds(5));
            ApiClient client = new ApiClient("SendGrid", settings, Map.of(), "auth-test-2", Clock.systemUTC());

            assertThat(client.get(client.url("/v3/stats?start_date=2026-01-01&end_date=2026-01-01")).body().isArray()).isTrue();
            assertThat(sendgrid.seen().get(0).header("authorization")).isEqualTo("Bearer SG.k");
            assertThat(client.rateLimitRemaining()).hasValue(599);
        }
    }
}
