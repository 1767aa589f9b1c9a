package dev.caretaker.check.backup;

import dev.caretaker.config.BackupCheckConfig;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The periods of a retention policy that hold no backup. Periods are counted back from the newest backup's own (a stopped
 * backup is {@code backup.stale}, not a gap in every period), in the config's zone: days, ISO weeks (Monday to Sunday) and
 * calendar months.
 */
final class RetentionGaps {
    private RetentionGaps() {
    }

    /** The periods of one length the policy wants, and those among them that hold no backup (oldest first, as labels). */
    record Gap(String period, int wanted, List<String> missing) {
        /** "day", "week", "month": the period's length in words. */
        String unit() {
            return switch (period) {
                case "daily" -> "day";
                case "weekly" -> "week";
                default -> "month";
            };
        }
    }

    static List<Gap> of(Collection<Instant> backups, BackupCheckConfig.Retention policy, ZoneId zone) {
        if (backups.isEmpty() || !policy.judged()) {
            return List.of();
        }
        Set<LocalDate> days = new TreeSet<>();
        backups.forEach(b -> days.add(b.atZone(zone).toLocalDate()));
        LocalDate newest = ((TreeSet<LocalDate>) days).last();
        List<Gap> out = new ArrayList<>();
        gap("daily", policy.daily(), days, newest, d -> d, 1, LocalDate::toString, out);
        gap("weekly", policy.weekly(), days, newest, d -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), 7,
                d -> d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), out);
        gap("monthly", policy.monthly(), days, newest, d -> d.withDayOfMonth(1), 0, d -> YearMonth.from(d).toString(), out);
        return out;
    }

    /**
     * Periods of {@code stepDays} days (0: calendar months), each named by the first day {@code start} gives, counted back
     * {@code wanted} periods from the newest backup's.
     */
    private static void gap(String period, int wanted, Set<LocalDate> days, LocalDate newest, Function<LocalDate, LocalDate> start,
                            int stepDays, Function<LocalDate, String> label, List<Gap> out) {
        if (wanted == 0) {
            return;
        }
        Set<LocalDate> held = new TreeSet<>();
        days.forEach(d -> held.add(start.apply(d)));
        List<String> missing = new ArrayList<>();
        LocalDate first = start.apply(newest);
        for (int i = wanted - 1; i >= 0; i--) {
            LocalDate p = stepDays == 0 ? first.minusMonths(i) : first.minusDays((long) i * stepDays);
            if (!held.contains(p)) {
                missing.add(label.apply(p));
            }
        }
        if (!missing.isEmpty()) {
            out.add(new Gap(period, wanted, List.copyOf(missing)));
        }
    }
}
