package dev.caretaker.schedule;

import dev.caretaker.config.CronExpression;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a scheduled thing is due: a five-field cron in the config's time zone (across daylight-saving changes as Vixie cron:
 * a skipped time fires once after the jump, a repeated one once), or {@code every} a period, aligned to the epoch (plus an
 * offset within the period) so every node agrees on the ticks.
 */
public final class TickSchedule {
    private final CronExpression cron;
    private final ZoneId zone;
    private final Duration every;
    private final Duration offset;

    private TickSchedule(CronExpression cron, ZoneId zone, Duration every, Duration offset) {
        this.cron = cron;
        this.zone = zone;
        this.every = every;
        this.offset = offset;
    }

    public static TickSchedule cron(String expression, ZoneId zone) {
        return new TickSchedule(CronExpression.parse(expression), zone, null, Duration.ZERO);
    }

    public static TickSchedule every(Duration period) {
        return every(period, Duration.ZERO);
    }

    /** Every {@code period}, {@code offset} after each multiple of it since the epoch. */
    public static TickSchedule every(Duration period, Duration offset) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a period must be positive, not " + period);
        }
        if (offset.isNegative() || offset.compareTo(period) >= 0) {
            throw new IllegalArgumentException("an offset must be within its period, not " + offset);
        }
        return new TickSchedule(null, null, period, offset);
    }

    /** The schedule of a suite or an action: its cron, else its period; empty when it has neither. */
    public static Optional<TickSchedule> of(Optional<String> cron, Optional<Duration> every, ZoneId zone) {
        if (cron.isPresent()) {
            return Optional.of(cron(cron.get(), zone));
        }
        return every.map(TickSchedule::every);
    }

    /** The first tick strictly after {@code after}; {@link Instant#MAX} when a cron never fires again. */
    public Instant next(Instant after) {
        if (every != null) {
            long period = every.toMillis();
            long shift = offset.toMillis();
            long at = Math.floorDiv(after.toEpochMilli() - shift, period) * period + period + shift;
            return Instant.ofEpochMilli(at);
        }
        ZonedDateTime n = cron.next(after.atZone(zone));
        return n == null ? Instant.MAX : n.toInstant();
    }

    /** How many ticks came after {@code from} up to and including {@code to}: those a run that went on until {@code to} skipped. */
    public long ticksBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        if (every != null) {
            long period = every.toMillis();
            long shift = offset.toMillis();
            return Math.floorDiv(to.toEpochMilli() - shift, period) - Math.floorDiv(from.toEpochMilli() - shift, period);
        }
        long n = 0;
        for (Instant t = next(from); !t.isAfter(to) && n < 10_000; t = next(t)) {
            n++;
        }
        return n;
    }

    /** How it reads in the config: {@code every 5s} or {@code cron "0 2 * * SUN" (UTC)}. */
    public String describe() {
        if (every != null) {
            return "every " + Units.formatDuration(every) + (offset.isZero() ? "" : " at +" + Units.formatDuration(offset));
        }
        return "cron \"" + cron.text() + "\" (" + zone + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TickSchedule t && describe().equals(t.describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }
}
