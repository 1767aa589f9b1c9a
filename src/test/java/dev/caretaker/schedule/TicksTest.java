package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tick's next time comes from the grid, not from when a re-run of it ended. */
class TicksTest {
    static final TickSchedule TEN = TickSchedule.every(Duration.ofSeconds(10));
    static final Instant T = Instant.parse("2026-12-07T06:00:00Z");

    @Test
    void a_tick_run_in_its_slot_is_followed_by_the_next_slot() {
        List<Long> skipped = new ArrayList<>();
        assertThat(Ticks.next(TEN, T, T.plusMillis(30), T.plusMillis(900), skipped::add)).isEqualTo(T.plusSeconds(10));
        assertThat(skipped).isEmpty();
    }

    @Test
    void a_re_run_after_its_node_died_is_followed_by_the_latest_slot_due_not_one_after_the_re_run() {
        List<Long> skipped = new ArrayList<>();
        // the node running the tick at T died; another took it over at T+17 s and finished at T+18 s
        Instant next = Ticks.next(TEN, T, T.plusSeconds(17), T.plusSeconds(18), skipped::add);
        assertThat(next).as("the T+10 s slot runs at once").isEqualTo(T.plusSeconds(10));
        assertThat(skipped).isEmpty();
        // a takeover later still runs the latest slot due, and counts the ones before it
        assertThat(Ticks.next(TEN, T, T.plusSeconds(25), T.plusSeconds(26), skipped::add)).isEqualTo(T.plusSeconds(20));
        assertThat(skipped).containsExactly(1L);
    }

    @Test
    void a_run_that_overran_its_period_skips_the_slots_that_came_while_it_ran() {
        List<Long> skipped = new ArrayList<>();
        assertThat(Ticks.next(TEN, T, T.plusMillis(20), T.plusSeconds(25), skipped::add)).isEqualTo(T.plusSeconds(30));
        assertThat(skipped).containsExactly(2L);
    }
}
