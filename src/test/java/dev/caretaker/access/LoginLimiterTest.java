package dev.caretaker.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.config.Rate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets per address and overall, with time set by the test. */
class LoginLimiterTest {
    @Test
    void an_address_gets_its_burst_then_one_per_refill_and_others_are_not_held_back_by_it() {
        AtomicLong now = new AtomicLong();
        LoginLimiter limiter = new LoginLimiter(Rate.parse("10/1m"), Rate.parse("60/1m"), now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.take("203.0.113.5")).isEmpty();
        }
        assertThat(limiter.take("203.0.113.5")).get().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6)));
        assertThat(limiter.take("203.0.113.6")).as("another address").isEmpty();
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(limiter.take("203.0.113.5")).as("one more after 6 s").isEmpty();
        assertThat(limiter.take("203.0.113.5")).isPresent();
    }

    @Test
    void all_addresses_together_stop_at_the_global_rate() {
        AtomicLong now = new AtomicLong();
        LoginLimiter limiter = new LoginLimiter(Rate.parse("10/1m"), Rate.parse("60/1m"), now::get);
        int let = 0;
        for (int i = 0; i < 200; i++) {
            if (limiter.take("198.51.100." + i).isEmpty()) {
                let++;
            }
        }
        assertThat(let).isEqualTo(60);
    }

    @Test
    void rates_are_written_count_slash_period() {
        assertThat(Rate.parse("10/1m")).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
        assertThat(Rate.parse("100/h")).isEqualTo(new Rate(100, Duration.ofHours(1)));
        assertThat(Rate.parse("5 / 30s").toString()).isEqualTo("5/30s");
        assertThatThrownBy(() -> Rate.parse("ten a minute")).hasMessageContaining("write COUNT/PERIOD, e.g. 10/1m");
        assertThatThrownBy(() -> Rate.parse("0/1m")).hasMessageContaining("count is 1 to");
        assertThatThrownBy(() -> Rate.parse("10/100ms")).hasMessageContaining("period is 1s to 1d");
    }
}
