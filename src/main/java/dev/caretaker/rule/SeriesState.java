package dev.caretaker.rule;

import dev.caretaker.config.RuleConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A rule's state for one series (a check and its labels), folded from the series' points in time order as Prometheus
 * keeps an alert's active-since: the newest point, whether it fired, when the streak of points that hold began, the
 * latest point that fired and the start of its streak, and the latest point that came after a gap longer than the
 * look-back margin. Enough to judge a run as {@link RuleEvaluator#firing} judges the history, or to say it cannot.
 */
record SeriesState(Map<String, String> labels, Instant lastAt, double lastValue, boolean lastFired, Instant streakStart,
                   Instant lastFiringAt, Instant firingStreakStart, Instant gapAt) {

    /** What a state says of its rule at a run. */
    enum Verdict {
        /** Not firing; the history would say the same. */
        QUIET,
        /** Firing; the history would say the same. */
        FIRING,
        /** The state alone cannot tell what the history says: read it. */
        UNSURE
    }

    /** The state after one more point, {@code at} no earlier than the newest before ({@code before} null: the first). */
    static SeriesState fold(SeriesState before, Map<String, String> labels, Instant at, double value, RuleConfig rule) {
        boolean holds = rule.when().threshold().holds(value);
        Instant gap = before == null ? null : before.gapAt;
        if (before != null && Duration.between(before.lastAt, at).compareTo(RuleEvaluator.LOOKBACK_MARGIN) > 0) {
            gap = at;
        }
        Instant streak = !holds ? null : before != null && before.streakStart != null ? before.streakStart : at;
        boolean fired = holds && Duration.between(streak, at).compareTo(rule.forDuration()) >= 0;
        return new SeriesState(labels, at, value, fired, streak, fired ? at : before == null ? null : before.lastFiringAt,
                fired ? streak : before == null ? null : before.firingStreakStart, gap);
    }

    /**
     * Whether the rule fires for this series at {@code now}, as {@link RuleEvaluator#firing} says over the points since
     * {@code since} (the start of the rule's look-back, as the store keeps it). The state has seen the whole series, the
     * look-back only its window; they agree unless the latest point that fired began its streak before the window and
     * the window may hold too few of that streak's points (the streak has a gap longer than the margin, or that point
     * lies more than {@code keep_firing_for} back, as a series no longer measured can): then it is {@link Verdict#UNSURE}.
     */
    Verdict judge(RuleConfig rule, Instant now, Instant since) {
        if (lastAt.isBefore(since) || lastFiringAt == null) {
            return Verdict.QUIET;
        }
        boolean kept = !rule.keepFiringFor().isZero() && Duration.between(lastFiringAt, now).compareTo(rule.keepFiringFor()) <= 0;
        if (!lastFired && !kept) {
            return Verdict.QUIET;
        }
        boolean wholeStreakInWindow = !firingStreakStart.isBefore(since);
        boolean denseStreak = gapAt == null || !gapAt.isAfter(firingStreakStart);
        // a dense streak that began before the window has a point within the margin after its start, so that point
        // begins the window's streak, and the latest firing point is at least `for` after it when it is this recent
        boolean recent = !lastFiringAt.isBefore(since.plus(RuleEvaluator.LOOKBACK_MARGIN).plus(rule.forDuration()));
        return wholeStreakInWindow || denseStreak && recent ? Verdict.FIRING : Verdict.UNSURE;
    }
}
