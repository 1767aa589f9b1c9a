package dev.caretaker.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Generated series with known answers: seasons, spikes, growth with noise and an outlier, flat noise. */
class TrendsTest {
    static final Instant START = Instant.parse("2026-09-28T00:00:00Z"); // a Monday
    static final ZoneId UTC = ZoneOffset.UTC;

    /** Five weeks of hourly latency with a daily season (busy at 14:00, quiet at 02:00) and noise. */
    private static List<Trends.Point> seasonal(long seed) {
        Random r = new Random(seed);
        List<Trends.Point> out = new ArrayList<>();
        for (int h = 0; h < 5 * 7 * 24; h++) {
            Instant t = START.plus(Duration.ofHours(h));
            double season = 200 + 120 * Math.sin((t.atZone(UTC).getHour() - 8) * Math.PI / 12);
            out.add(new Trends.Point(t, season + r.nextGaussian() * 8));
        }
        return out;
    }

    @Test
    void a_spike_at_a_busy_hour_is_high_a_normal_busy_hour_is_not_and_the_season_is_what_makes_the_difference() {
        List<Trends.Point> history = seasonal(7);
        Instant now = START.plus(Duration.ofDays(35)).plus(Duration.ofHours(3)); // a quiet hour, 03:00
        Trends.Band band = Trends.baseline(history, now, UTC, Duration.ofDays(28)).orElseThrow();
        assertThat(band.seasonal()).as("four weeks give four values per hour of the week").isTrue();
        assertThat(band.samples()).isEqualTo(4);
        double quiet = 200 + 120 * Math.sin((3 - 8) * Math.PI / 12);
        assertThat(band.centre()).isCloseTo(quiet, within(25.0));

        // the clean twin: a value as usual at that hour
        assertThat(Trends.outside(quiet + 5, band, 5)).isEmpty();
        // a spike: what is normal at 14:00 is an anomaly at 03:00, which a baseline over all hours would call normal
        double busyValue = 200 + 120 * Math.sin((14 - 8) * Math.PI / 12);
        assertThat(Trends.outside(busyValue + 150, band, 5)).contains(Trends.Side.HIGH);
        assertThat(Trends.outside(quiet - 200, band, 5)).contains(Trends.Side.LOW);
        Trends.Band allHours = Trends.baseline(history.subList(0, 2), now, UTC, Duration.ofDays(60)).orElseThrow();
        assertThat(allHours.seasonal()).as("too little history for the hour: all hours").isFalse();
    }

    @Test
    void growth_with_noise_and_one_outlier_is_forecast_within_ten_percent_of_the_true_date() {
        Random r = new Random(11);
        double perDay = 1.4e9;
        double start = 40e9;
        double limit = 100e9;
        List<Trends.Point> points = new ArrayList<>();
        for (int h = 0; h < 30 * 24; h += 6) { // 30 days, every 6 hours
            Instant t = START.plus(Duration.ofHours(h));
            points.add(new Trends.Point(t, start + perDay * h / 24.0 + r.nextGaussian() * 0.3e9));
        }
        points.set(60, new Trends.Point(points.get(60).at(), 400e9)); // one absurd reading, as a stats glitch gives
        Instant now = START.plus(Duration.ofDays(30));
        Trends.Line line = Trends.theilSen(points).orElseThrow();
        assertThat(line.perDay()).isCloseTo(perDay, within(perDay * 0.05));
        assertThat(line.slopeLow()).isLessThan(line.slope());
        assertThat(line.slopeHigh()).isGreaterThan(line.slope());

        Trends.Projection p = Trends.reach(line, limit, now, Duration.ofDays(60)).orElseThrow();
        double trueDays = (limit - (start + perDay * 30)) / perDay; // about 12.9 days
        double days = p.in(now).toSeconds() / 86_400.0;
        assertThat(days).isCloseTo(trueDays, within(trueDays * 0.10));
        assertThat(p.earliest()).isBeforeOrEqualTo(p.at());
        assertThat(p.latest()).isAfterOrEqualTo(p.at());
        assertThat(Trends.reach(line, limit, now, Duration.ofDays(5))).as("beyond the horizon").isEmpty();

        // what the outlier does to a least-squares line: the reason for Theil–Sen
        double meanT = points.stream().mapToLong(x -> x.at().getEpochSecond()).average().orElseThrow();
        double meanV = points.stream().mapToDouble(Trends.Point::value).average().orElseThrow();
        double cov = points.stream().mapToDouble(x -> (x.at().getEpochSecond() - meanT) * (x.value() - meanV)).sum();
        double var = points.stream().mapToDouble(x -> Math.pow(x.at().getEpochSecond() - meanT, 2)).sum();
        assertThat(Math.abs(cov / var * 86_400 - perDay)).isGreaterThan(Math.abs(line.perDay() - perDay));
    }

    @Test
    void a_flat_noisy_series_forecasts_nothing_and_a_series_at_its_limit_is_there_now() {
        Random r = new Random(3);
        List<Trends.Point> flat = new ArrayList<>();
        for (int h = 0; h < 30 * 24; h += 2) {
            flat.add(new Trends.Point(START.plus(Duration.ofHours(h)), 50 + r.nextGaussian() * 5));
        }
        Instant now = START.plus(Duration.ofDays(30));
        Trends.Line line = Trends.theilSen(flat).orElseThrow();
        assertThat(Trends.reach(line, 60, now, Duration.ofDays(3650))).isEmpty();

        List<Trends.Point> full = List.of(new Trends.Point(START, 90), new Trends.Point(START.plusSeconds(3600), 95),
                new Trends.Point(START.plusSeconds(7200), 101));
        Trends.Projection there = Trends.reach(Trends.theilSen(full).orElseThrow(), 100, START.plusSeconds(7200), Duration.ofDays(1))
                .orElseThrow();
        assertThat(there.at()).isEqualTo(START.plusSeconds(7200));
        assertThat(Trends.theilSen(full.subList(0, 2))).as("two points are not a trend").isEmpty();
    }

    @Test
    void a_long_series_is_thinned_before_the_pairwise_slopes() {
        List<Trends.Point> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(new Trends.Point(START.plusSeconds(60L * i), 3.0 * i));
        }
        Trends.Line line = Trends.theilSen(many).orElseThrow();
        assertThat(line.points()).isEqualTo(Trends.MAX_POINTS);
        assertThat(line.slope()).isCloseTo(3.0 / 60, within(1e-9));
    }
}
