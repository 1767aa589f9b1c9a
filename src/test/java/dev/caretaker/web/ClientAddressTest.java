package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.config.AuthConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A login's client address: X-Forwarded-For believed from trusted proxies only, read from the right. */
class ClientAddressTest {
    private static final AuthConfig TRUSTED = new AuthConfig(Optional.empty(), List.of("10.0.0.0/8", "127.0.0.1"));

    @Test
    void from_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client() {
        assertThat(ClientAddress.of("10.0.0.2", "203.0.113.7", TRUSTED)).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.of("10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.9", TRUSTED)).as("a made-up left entry is not taken")
                .isEqualTo("203.0.113.7");
        assertThat(ClientAddress.of("10.0.0.2", "203.0.113.7:4711", TRUSTED)).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.of("10.0.0.2", "[2001:db8::1]:443", TRUSTED)).isEqualTo("2001:db8::1");
        assertThat(ClientAddress.of("10.0.0.2", "evil.example, 10.0.0.9", TRUSTED)).as("not an address: the last trusted hop").isEqualTo("10.0.0.9");
        assertThat(ClientAddress.of("10.0.0.2", "", TRUSTED)).isEqualTo("10.0.0.2");
    }

    @Test
    void from_anyone_else_the_header_is_ignored() {
        assertThat(ClientAddress.of("203.0.113.9", "198.51.100.1", TRUSTED)).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.of("127.0.0.1", "198.51.100.1", AuthConfig.NONE)).isEqualTo("127.0.0.1");
    }
}
