package dev.caretaker.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.SettableClock;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigProblem;
import dev.caretaker.config.OncallConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rotations worked out with a settable clock: weekly and daily turns, handoffs at midnight, across Berlin's DST changes. */
class RotationTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static String config(String oncall) {
        return """
                system: shop
                notify:
                  channels:
                    alice-hook: {type: webhook, url: "http://127.0.0.1:9/alice"}
                    bob-hook: {type: webhook, url: "http://127.0.0.1:9/bob"}
                    carol-hook: {type: webhook, url: "http://127.0.0.1:9/carol"}
                people:
                  alice: {channels: [alice-hook]}
                  bob: {channels: [bob-hook]}
                  carol: {channels: [carol-hook]}
                oncall:
                """ + oncall.indent(2);
    }

    static CaretakerConfig parse(String yaml) {
        return dev.caretaker.engine.Engine.configLoader(Map.of()).parse("caretaker.yml", Path.of("caretaker.yml"), yaml);
    }

    static Rotation rotation(String oncall, String name) {
        return new Rotation(parse(config(oncall)).oncall().schedules().get(name), List.of());
    }

    static Instant berlin(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @Test
    void weekly_handoff_stays_at_nine_local_across_the_march_change() {
        Rotation r = rotation("""
                support:
                  zone: Europe/Berlin
                  layers: [{members: [alice, bob], rotation: weekly, handoff: "MON 09:00"}]
                """, "support");
        SettableClock clock = new SettableClock(berlin("2026-03-30T08:59:59"));
        // 2026-03-29 is the last Sunday of March: clocks go 02:00 -> 03:00; the handoff on Monday 30th is still 09:00 local
        String before = r.who(clock.instant()).orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        String after = r.who(clock.instant()).orElseThrow();
        assertThat(before).isNotEqualTo(after);
        Instant handoff = r.nextHandoff(berlin("2026-03-27T12:00")).orElseThrow();
        assertThat(handoff.atZone(BERLIN).toLocalDateTime()).hasToString("2026-03-30T09:00");
        assertThat(Duration.between(berlin("2026-03-23T09:00"), handoff)).as("the week of the change is an hour short").isEqualTo(Duration.ofHours(167));
        // counted from the anchor Monday 2026-01-05 (alice): week 12 starting 2026-03-30 is alice's again
        assertThat(after).isEqualTo("alice");
    }

    @Test
    void daily_handoff_at_midnight_across_the_october_change() {
        Rotation r = rotation("""
                night:
                  zone: Europe/Berlin
                  start: 2026-10-20
                  layers: [{members: [alice, bob, carol], rotation: daily, handoff: "00:00"}]
                """, "night");
        // 2026-10-25 is the last Sunday of October: clocks go 03:00 -> 02:00, so that day is 25 hours long
        List<Shift> shifts = r.shifts(berlin("2026-10-24T00:00"), berlin("2026-10-27T00:00"));
        assertThat(shifts).extracting(s -> s.from().atZone(BERLIN).toLocalDateTime().toString())
                .containsExactly("2026-10-24T00:00", "2026-10-25T00:00", "2026-10-26T00:00");
        assertThat(shifts).extracting(s -> Duration.between(s.from(), s.until()).toHours()).containsExactly(24L, 25L, 24L);
        assertThat(shifts).extracting(Shift::who).containsExactly("bob", "carol", "alice");
        SettableClock clock = new SettableClock(berlin("2026-10-25T23:59:59"));
        assertThat(r.who(clock.instant())).contains("carol");
        clock.advance(Duration.ofSeconds(1));
        assertThat(r.who(clock.instant())).as("midnight in Berlin, 23:00 UTC").contains("alice");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
    }

    @Test
    void weekly_handoff_at_midnight_in_the_zone_not_in_utc() {
        Rotation r = rotation("""
                support:
                  zone: Europe/Berlin
                  layers: [{members: [alice, bob], rotation: weekly, handoff: "MON 00:00"}]
                """, "support");
        Instant midnight = berlin("2026-03-30T00:00");
        assertThat(midnight).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(r.who(midnight.minusSeconds(1))).contains("bob");
        assertThat(r.who(midnight)).contains("alice");
        assertThat(r.nextHandoff(midnight)).contains(berlin("2026-04-06T00:00"));
    }

    @Test
    void a_weekend_layer_covers_saturday_and_sunday_and_an_override_covers_both() {
        String yaml = """
                support:
                  zone: Europe/Berlin
                  layers:
                    - {members: [alice, bob], rotation: weekly}
                    - {members: [carol], rotation: weekly, restrict: {days: [SAT, SUN]}}
                """;
        Rotation r = rotation(yaml, "support");
        assertThat(r.who(berlin("2026-03-06T12:00"))).as("a Friday").contains("alice");
        assertThat(r.who(berlin("2026-03-07T00:00"))).as("Saturday from midnight").contains("carol");
        assertThat(r.who(berlin("2026-03-09T08:00"))).as("Monday before the handoff").contains("alice");
        List<Shift> week = r.shifts(berlin("2026-03-02T09:00"), berlin("2026-03-09T09:00"));
        assertThat(week).extracting(Shift::who).containsExactly("alice", "carol", "alice");
        OncallOverride friday = new OncallOverride(1, "support", "bob", berlin("2026-03-06T00:00"), berlin("2026-03-07T00:00"), "bob", Instant.EPOCH);
        Rotation taken = new Rotation(r.schedule(), List.of(friday));
        assertThat(taken.who(berlin("2026-03-06T12:00"))).contains("bob");
        assertThat(taken.shifts(berlin("2026-03-02T09:00"), berlin("2026-03-09T09:00"))).extracting(Shift::who, Shift::override)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", false), org.assertj.core.groups.Tuple.tuple("bob", true),
                        org.assertj.core.groups.Tuple.tuple("carol", false), org.assertj.core.groups.Tuple.tuple("alice", false));
    }

    @Test
    void defaults_weekly_monday_nine_from_the_fixed_start_in_the_config_zone() {
        CaretakerConfig c = parse(config("support: {layers: [{members: [alice, bob]}]}").replace("system: shop", "system: shop\ntimezone: Europe/Berlin"));
        OncallConfig.Schedule s = c.oncall().schedules().get("support");
        assertThat(s.zone()).isEqualTo(BERLIN);
        assertThat(s.start()).isEqualTo(OncallConfig.DEFAULT_START);
        assertThat(s.layers().get(0).length()).isEqualTo(Duration.ofDays(7));
        assertThat(new Rotation(s, List.of()).nextHandoff(berlin("2026-01-05T10:00"))).contains(berlin("2026-01-12T09:00"));
        assertThat(rotation("s: {layers: [{members: [alice, bob], rotation: 12h, handoff: '08:00'}]}", "s")
                .nextHandoff(Instant.parse("2026-01-05T09:00:00Z"))).contains(Instant.parse("2026-01-05T20:00:00Z"));
    }

    @Test
    void bad_schedules_name_the_key() {
        List<String> p = problems(config("""
                support:
                  zone: Mars/Olympus
                  start: next monday
                  layers:
                    - {members: [alice, dave], rotation: fortnightly, handoff: "FUNDAY 9", restrict: {days: [SAT, XYZ]}}
                """));
        assertThat(String.join("\n", p)).contains("'oncall.support.zone': 'Mars/Olympus' is not a time zone")
                .contains("'oncall.support.start': 'next monday' is not a date")
                .contains("'oncall.support.layers[0].members' names 'dave', who is not under 'people'")
                .contains("'oncall.support.layers[0].rotation': 'fortnightly' is not a rotation; write daily, weekly or")
                .contains("'oncall.support.layers[0].restrict.days': 'XYZ' is not a weekday");
        assertThat(p).as("the key is named once per problem").noneSatisfy(x -> assertThat(x).contains("': 'oncall."));
        assertThat(problems(config("support: {layers: [{members: [alice, bob], rotation: fortnightly, handoff: 'MON 09:00'}]}")))
                .as("a rotation that did not read is one problem, not a second one about its weekday handoff").singleElement()
                .satisfies(x -> assertThat(x).contains("'fortnightly' is not a rotation"));
        assertThat(problems(config("support: {layers: [{members: [alice], handoff: 'MON 25:00'}]}")))
                .anySatisfy(s -> assertThat(s).contains("'oncall.support.layers[0].handoff': 'MON 25:00' is not a handoff time"));
        assertThat(problems(config("support: {layers: [{members: [alice], rotation: 30m}]}")))
                .anySatisfy(s -> assertThat(s).contains("'30m' is not a rotation"));
        assertThat(problems(config("support: {layers: [{members: [alice]}], lenght: 1}")))
                .anySatisfy(s -> assertThat(s).contains("lenght"));
        assertThat(problems(config("support: {layers: [{members: [alice]}]}").replace("alice: {channels: [alice-hook]}",
                "alice: {channels: [alice-mail]}"))).anySatisfy(s -> assertThat(s).contains("'people.alice.channels' names channel 'alice-mail'"));
    }

    @Test
    void a_route_to_a_schedule_must_name_one() {
        String yaml = config("support: {layers: [{members: [alice]}]}").replace("people:", """
                  routes:
                    - {priorities: [P0], channels: ["oncall:suport"]}
                people:""");
        assertThat(problems(yaml)).anySatisfy(s -> assertThat(s).contains("route channel 'oncall:suport' names schedule 'suport', which is not defined under 'oncall'"));
        assertThat(parse(yaml.replace("oncall:suport", "oncall:support")).notifications().routes().get(0).channels()).containsExactly("oncall:support");
    }

    static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }
}
