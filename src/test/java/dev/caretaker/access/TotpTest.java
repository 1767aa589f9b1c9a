package dev.caretaker.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** TOTP against RFC 6238's own test vectors, the skew window, one use per code, base32 and the otpauth URI. */
class TotpTest {
    /** RFC 6238 Appendix B: SHA-1 mode, T0 = 0, X = 30, 8 digits, the ASCII secret "12345678901234567890". */
    @Test
    void codes_match_rfc_6238_appendix_b_sha1_vectors() {
        byte[] key = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] codes = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        for (int i = 0; i < times.length; i++) {
            assertThat(Totp.code(key, Totp.step(Instant.ofEpochSecond(times[i])), 8)).as("T = %d", times[i]).isEqualTo(codes[i]);
        }
        // six digits are the last six of the eight (the same truncation, modulo 10^6), as authenticator apps show them
        assertThat(Totp.code(key, Totp.step(Instant.ofEpochSecond(59)), 6)).isEqualTo("287082");
        assertThat(Totp.code(Totp.base32(key), Instant.ofEpochSecond(1111111109L))).isEqualTo("081804");
    }

    @Test
    void a_code_is_good_for_the_step_before_and_after_and_once() {
        String secret = Totp.newSecret();
        assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
        assertThat(Totp.unbase32(secret)).hasSize(20);
        Instant now = Instant.parse("2026-12-07T22:00:10Z");
        long step = Totp.step(now);
        assertThat(Totp.accepts(secret, Totp.code(secret, now), now, null)).hasValue(step);
        assertThat(Totp.accepts(secret, Totp.code(secret, now.minusSeconds(30)), now, null)).as("the step before").hasValue(step - 1);
        assertThat(Totp.accepts(secret, Totp.code(secret, now.plusSeconds(30)), now, null)).as("the step after").hasValue(step + 1);
        assertThat(Totp.accepts(secret, Totp.code(secret, now.minusSeconds(60)), now, null)).as("two steps back").isEmpty();
        assertThat(Totp.accepts(secret, Totp.code(secret, now), now, step)).as("a code already used").isEmpty();
        assertThat(Totp.accepts(secret, Totp.code(secret, now.minusSeconds(30)), now, step)).as("an older one after a newer was used").isEmpty();
        String c = Totp.code(secret, now);
        assertThat(Totp.accepts(secret, c.substring(0, 3) + " " + c.substring(3), now, null)).as("spaces ignored").hasValue(step);
        assertThat(Totp.accepts(secret, "12345", now, null)).isEmpty();
        assertThat(Totp.accepts(secret, null, now, null)).isEmpty();
    }

    @Test
    void base32_round_trips_and_the_uri_follows_the_key_uri_format() {
        assertThat(Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII))).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).as("RFC 4648 section 10, padding left out").isEqualTo("MZXW6YTBOI");
        assertThat(new String(Totp.unbase32("mzxw 6ytb oi======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThat(Totp.uri("rita@ops", "JBSWY3DPEHPK3PXP"))
                .isEqualTo("otpauth://totp/Caretaker:rita%40ops?secret=JBSWY3DPEHPK3PXP&issuer=Caretaker");
        assertThat(Totp.uri("rita@ops", "ledgerly", "JBSWY3DPEHPK3PXP")).as("the system tells two installations apart")
                .isEqualTo("otpauth://totp/Caretaker:rita%40ops%20%28ledgerly%29?secret=JBSWY3DPEHPK3PXP&issuer=Caretaker");
    }
}
