package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Ticks: cron in the config's zone across daylight-saving changes, and epoch-aligned periods every node agrees on. */
class TickScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void a_time_the_clock_skips_fires_once_after_the_jump_and_a_time_it_passes_twice_fires_once() {
        TickSchedule nightly = TickSchedule.cron("30 2 * * *", BERLIN);
        // 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:30 never happens that night
        Instant spring = nightly.next(ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, BERLIN).toInstant());
        assertThat(spring).isEqualTo(ZonedDateTime.of(2026, 3, 29, 3, 0, 0, 0, BERLIN).toInstant());
        assertThat(nightly.next(spring)).isEqualTo(ZonedDateTime.of(2026, 3, 30, 2, 30, 0, 0, BERLIN).toInstant());
        // 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens twice, the job once
        Instant autumn = nightly.next(ZonedDateTime.of(2026, 10, 24, 12, 0, 0, 0, BERLIN).toInstant());
        assertThat(autumn).isEqualTo(Instant.parse("2026-10-25T00:30:00Z")); // 02:30 CEST
        assertThat(nightly.next(autumn)).isEqualTo(Instant.parse("2026-10-26T01:30:00Z")); // the next night, 02:30 CET
        assertThat(nightly.ticksBetween(Instant.parse("2026-10-24T12:00:00Z"), Instant.parse("2026-10-26T12:00:00Z"))).isEqualTo(2);
    }

    @Test
    void the_seeds_cadences_fall_where_their_manuals_say() {
        TickSchedule sunday = TickSchedule.cron("0 2 * * SUN", ZoneId.of("UTC"));
        assertThat(sunday.next(Instant.parse("2026-11-23T10:00:00Z"))).isEqualTo(Instant.parse("2026-11-29T02:00:00Z"));
        TickSchedule firstSunday = TickSchedule.cron("0 3 1-7 * SUN", ZoneId.of("UTC"));
        assertThat(firstSunday.next(Instant.parse("2026-11-23T10:00:00Z"))).as("Vixie cron: day of month or day of week")
                .isEqualTo(Instant.parse("2026-11-29T03:00:00Z"));
    }

    @Test
    void a_period_ticks_on_an_epoch_aligned_grid_and_counts_what_an_overrun_skipped() {
        TickSchedule five = TickSchedule.every(Duration.ofSeconds(5));
        assertThat(five.next(Instant.parse("2026-11-23T10:00:03.200Z"))).isEqualTo(Instant.parse("2026-11-23T10:00:05Z"));
        assertThat(five.next(Instant.parse("2026-11-23T10:00:05Z"))).isEqualTo(Instant.parse("2026-11-23T10:00:10Z"));
        assertThat(five.ticksBetween(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:00:12Z"))).isEqualTo(2);
        assertThat(five.ticksBetween(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:00:04Z"))).isZero();
        assertThat(five.describe()).isEqualTo("every 5s");
        assertThat(TickSchedule.cron("0 2 * * SUN", ZoneId.of("UTC")).describe()).isEqualTo("cron \"0 2 * * SUN\" (UTC)");
    }

    @Test
    void an_offset_shifts_the_grid_within_its_period() {
        TickSchedule shifted = TickSchedule.every(Duration.ofMinutes(1), Duration.ofSeconds(17));
        assertThat(shifted.next(Instant.parse("2026-11-23T10:00:03Z"))).isEqualTo(Instant.parse("2026-11-23T10:00:17Z"));
        assertThat(shifted.next(Instant.parse("2026-11-23T10:00:17Z"))).isEqualTo(Instant.parse("2026-11-23T10:01:17Z"));
        assertThat(shifted.ticksBetween(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:02:00Z"))).isEqualTo(2);
        assertThat(shifted.ticksBetween(Instant.parse("2026-11-23T10:00:20Z"), Instant.parse("2026-11-23T10:01:10Z"))).isZero();
        assertThat(shifted.describe()).isEqualTo("every 1m at +17s");
    }

    @Test
    void checks_with_their_own_period_are_spread_over_it_and_keep_their_slot_when_others_come() {
        StringBuilder yaml = new StringBuilder("system: spread\nchecks:\n");
        for (int i = 0; i < 600; i++) {
            yaml.append("  c").append(i).append(": {type: http, url: \"http://127.0.0.1:9/").append(i).append("\", every: 60s}\n");
        }
        dev.caretaker.config.CaretakerConfig many = config(yaml.toString());
        var plan = Ticks.plan(many);
        long slots = plan.keySet().stream().filter(k -> k.startsWith("every:1m@")).count();
        assertThat(slots).as("600 checks over a minute use all 60 one-second slots").isEqualTo(60);
        int total = plan.keySet().stream().filter(k -> k.startsWith("every:")).mapToInt(k -> Ticks.checksEvery(many, k.substring(6)).size()).sum();
        assertThat(total).as("each check in exactly one slot").isEqualTo(600);
        Duration c7 = Ticks.offset("spread", "c7", Duration.ofMinutes(1));
        assertThat(c7).isLessThan(Duration.ofMinutes(1)).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(Ticks.offset("spread", "c7", Duration.ofMinutes(1))).as("stable").isEqualTo(c7);
        assertThat(Ticks.offset("spread", "c7", Duration.ofMillis(500))).as("under a second: one slot").isZero();
        dev.caretaker.config.CaretakerConfig two = config("system: spread\nchecks:\n"
                + "  c7: {type: http, url: \"http://127.0.0.1:9/7\", every: 60s}\n");
        assertThat(Ticks.checksEvery(two, "1m@" + dev.caretaker.config.Units.formatDuration(c7))).containsExactly("c7");
    }

    @Test
    void a_tick_is_stored_as_it_always_was_its_kind_by_label() {
        Ticks.Json json = new Ticks.Json();
        Ticks.Tick weekly = new Ticks.Tick(Ticks.Tick.Kind.SUITE, "weekly");
        byte[] stored = json.serialize(weekly);
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"kind\":\"suite\",\"name\":\"weekly\"}");
        assertThat(json.deserialize(Ticks.Tick.class, stored)).isEqualTo(weekly);
        assertThat(weekly.id()).isEqualTo("suite:weekly");
        assertThat(json.deserialize(Ticks.Tick.class, "{\"kind\":\"housekeeping\",\"name\":\"all\"}".getBytes(StandardCharsets.UTF_8)).kind())
                .as("a tick an earlier version stored").isEqualTo(Ticks.Tick.Kind.HOUSEKEEPING);
    }

    private static dev.caretaker.config.CaretakerConfig config(String yaml) {
        return dev.caretaker.engine.Engine.configLoader(java.util.Map.of()).parse("spread.yml", java.nio.file.Path.of("spread.yml"), yaml);
    }
}
