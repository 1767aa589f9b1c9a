package dev.caretaker.history;

import dev.caretaker.check.Robust;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The long view of a series: a robust trend with its interval (Theil–Sen: the median of the slopes between every two
 * points, which one spike cannot bend as it bends a least-squares line), when that trend reaches a limit, and a seasonal
 * baseline by hour of the week (median and MAD) against which a value is normal or not.
 */
public final class Trends {
    /**
     * More points than this are thinned evenly before the pairwise slopes (their number grows with the square): 30 days
     * of hourly means become one point every three hours, which still gives tens of thousands of slopes.
     */
    static final int MAX_POINTS = 240;
    /** Two-sided 90 % normal quantile: the slope interval is a 90 % one. */
    static final double Z90 = 1.6449;
    /** An hour of the week needs this many past values before its own baseline is used rather than all hours'. */
    public static final int MIN_PER_HOUR = 3;

    private Trends() {
    }

    /** One value at one time. */
    public record Point(Instant at, double value) {
    }

    /**
     * A trend: value = {@code intercept} + {@code slope} × (epoch seconds), the slope in units per second with a 90 %
     * interval [{@code slopeLow}, {@code slopeHigh}], fitted on {@code points} points.
     */
    public record Line(double slope, double intercept, double slopeLow, double slopeHigh, int points) {
        public double at(Instant t) {
            return intercept + slope * t.getEpochSecond();
        }

        public double perDay() {
            return slope * 86_400;
        }
    }

    /** The Theil–Sen line through {@code points} (at least three, not all at one time); empty otherwise. */
    public static Optional<Line> theilSen(List<Point> points) {
        List<Point> pts = thin(points, MAX_POINTS);
        int n = pts.size();
        if (n < 3) {
            return Optional.empty();
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                long dt = pts.get(j).at().getEpochSecond() - pts.get(i).at().getEpochSecond();
                if (dt != 0) {
                    slopes[k++] = (pts.get(j).value() - pts.get(i).value()) / dt;
                }
            }
        }
        if (k < 3) {
            return Optional.empty();
        }
        double[] s = Arrays.copyOf(slopes, k);
        Arrays.sort(s);
        double slope = k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2.0;
        double intercept = Robust.median(pts.stream().mapToDouble(p -> p.value() - slope * p.at().getEpochSecond()).toArray());
        // Sen's interval: the ranks of the slopes that bound it follow from Kendall's S variance (no ties assumed)
        double c = Z90 * Math.sqrt(n * (n - 1.0) * (2.0 * n + 5.0) / 18.0);
        int lower = (int) Math.max(0, Math.floor((k - c) / 2.0));
        int upper = (int) Math.min(k - 1, Math.ceil((k + c) / 2.0));
        return Optional.of(new Line(slope, intercept, s[lower], s[upper], n));
    }

    /** At most {@code max} of {@code points}, evenly taken, the first and the last kept. */
    public static <T> List<T> thin(List<T> points, int max) {
        if (points.size() <= max) {
            return points;
        }
        List<T> out = new ArrayList<>(max);
        double step = (points.size() - 1) / (double) (max - 1);
        for (int i = 0; i < max; i++) {
            out.add(points.get((int) Math.round(i * step)));
        }
        return out;
    }

    /** When a growing series reaches its limit: the trend's date, and the dates its fastest and slowest slopes give. */
    public record Projection(Instant at, Instant earliest, Instant latest, double now, double perDay) {
        public Duration in(Instant from) {
            return Duration.between(from, at);
        }
    }

    /**
     * When {@code line} reaches {@code limit} after {@code now}, if within {@code horizon}. Empty when the series is not
     * surely growing (the slope's interval reaches zero: a flat or noisy series forecasts nothing) or the date is beyond
     * the horizon. A series already at its limit is projected to reach it now.
     */
    public static Optional<Projection> reach(Line line, double limit, Instant now, Duration horizon) {
        if (line.slopeLow() <= 0 || line.slope() <= 0) {
            return Optional.empty();
        }
        double current = line.at(now);
        if (current >= limit) {
            return Optional.of(new Projection(now, now, now, current, line.perDay()));
        }
        Instant at = now.plusSeconds((long) Math.ceil((limit - current) / line.slope()));
        if (at.isAfter(now.plus(horizon))) {
            return Optional.empty();
        }
        Instant earliest = now.plusSeconds((long) Math.ceil((limit - current) / line.slopeHigh()));
        Instant latest = now.plusSeconds((long) Math.ceil((limit - current) / line.slopeLow()));
        return Optional.of(new Projection(at, earliest, latest, current, line.perDay()));
    }

    /**
     * A baseline: the centre and spread (median, and MAD scaled to a standard deviation) of the values at the same hour
     * of the week when there are enough of them ({@code seasonal}), else of all values.
     */
    public record Band(double centre, double spread, int hourOfWeek, boolean seasonal, int samples) {
    }

    /** The hour of the week of {@code t} in {@code zone}: 0 is Monday 00:00–01:00. */
    public static int hourOfWeek(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        return (z.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + z.getHour();
    }

    /** The baseline for a value at {@code at}, from {@code history} (values before {@code at} within {@code window}). */
    public static Optional<Band> baseline(List<Point> history, Instant at, ZoneId zone, Duration window) {
        Instant from = at.minus(window);
        int how = hourOfWeek(at, zone);
        List<Double> all = new ArrayList<>();
        List<Double> same = new ArrayList<>();
        for (Point p : history) {
            if (!p.at().isBefore(from) && p.at().isBefore(at)) {
                all.add(p.value());
                if (hourOfWeek(p.at(), zone) == how) {
                    same.add(p.value());
                }
            }
        }
        if (all.isEmpty()) {
            return Optional.empty();
        }
        boolean seasonal = same.size() >= MIN_PER_HOUR;
        double[] v = (seasonal ? same : all).stream().mapToDouble(Double::doubleValue).toArray();
        double centre = Robust.median(v);
        return Optional.of(new Band(centre, Robust.mad(v, centre) * Robust.MAD_TO_SIGMA, how, seasonal, v.length));
    }

    /**
     * The spread a band judges with: its own, but never less than a hundredth of its centre (or 1e-9), since a series that
     * never varied has none and any change would otherwise be infinitely far.
     */
    public static double effectiveSpread(Band band) {
        return Math.max(band.spread(), Math.max(Math.abs(band.centre()) * 0.01, 1e-9));
    }

    /** Which side of the band {@code value} falls on, beyond {@code sensitivity} spreads; empty when it is normal. */
    public static Optional<Side> outside(double value, Band band, double sensitivity) {
        double spread = effectiveSpread(band);
        double distance = (value - band.centre()) / spread;
        if (distance > sensitivity) {
            return Optional.of(Side.HIGH);
        }
        if (distance < -sensitivity) {
            return Optional.of(Side.LOW);
        }
        return Optional.empty();
    }

    /** Above or below the normal band. */
    public enum Side {
        HIGH, LOW
    }
}
