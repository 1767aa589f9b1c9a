package dev.caretaker.check;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A health score, 0–100: the mean of its checks' scores, where a check scores {@value #OK} when ok, {@value #WARNING}
 * with a warning, {@value #UNKNOWN} when it could not judge and {@value #CRITICAL} when critical. No checks score 100.
 */
public final class HealthScore {
    public static final int OK = 100;
    public static final int WARNING = 70;
    public static final int UNKNOWN = 50;
    public static final int CRITICAL = 0;

    private HealthScore() {
    }

    public static int of(List<CheckResult> results) {
        return ofStatuses(results.stream().map(CheckResult::status).toList());
    }

    public static int ofStatuses(Collection<Status> statuses) {
        if (statuses.isEmpty()) {
            return OK;
        }
        double sum = 0;
        for (Status s : statuses) {
            sum += score(s);
        }
        return (int) Math.round(sum / statuses.size());
    }

    /** The score of checks counted by status: the same as {@link #ofStatuses} over that many of each. */
    public static int ofCounts(Map<Status, Integer> counts) {
        long checks = 0;
        double sum = 0;
        for (Map.Entry<Status, Integer> e : counts.entrySet()) {
            checks += e.getValue();
            sum += (double) score(e.getKey()) * e.getValue();
        }
        return checks == 0 ? OK : (int) Math.round(sum / checks);
    }

    private static int score(Status s) {
        return switch (s) {
            case OK -> OK;
            case WARNING -> WARNING;
            case UNKNOWN -> UNKNOWN;
            case CRITICAL -> CRITICAL;
        };
    }
}
