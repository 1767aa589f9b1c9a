package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.config.PostgresThresholds;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** postgres.long_transaction, postgres.idle_in_transaction and postgres.blocked_queries, from one look at the sessions. */
final class ActivityProbe extends Probe {
    static final int QUERY_TEXT = 200;

    ActivityProbe() {
        super("activity", "postgres/activity.sql", "postgres.blocked_queries", "postgres.idle_in_transaction", "postgres.long_transaction");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        PostgresThresholds t = ctx.thresholds();
        Map<Long, Row> byPid = new HashMap<>();
        rows.forEach(r -> byPid.put(r.lng("pid"), r));
        double longest = 0;
        double longestIdle = 0;
        int blocked = 0;
        for (Row r : rows) {
            if (!r.isNull("xact_seconds")) {
                double secs = r.dbl("xact_seconds");
                longest = Math.max(longest, secs);
                Severity s = level(secs, t.duration("long_transaction.warning"), t.duration("long_transaction.critical"));
                if (s != null) {
                    out.find(new Finding("postgres.long_transaction", s, "pid " + r.lng("pid"), "transaction of pid " + r.lng("pid")
                            + " (" + who(r) + ") has been open " + human(secs) + "; while it stays open, vacuum cannot remove the rows that died after it began, in this "
                            + "database and in the server's shared catalogs (other databases are not held back)",
                            session(r, "open_seconds", secs)));
                }
            }
            if ("idle in transaction".equals(r.str("state")) || "idle in transaction (aborted)".equals(r.str("state"))) {
                double secs = r.dbl("state_seconds");
                longestIdle = Math.max(longestIdle, secs);
                Severity s = level(secs, t.duration("idle_in_transaction.warning"), t.duration("idle_in_transaction.critical"));
                if (s != null) {
                    out.find(new Finding("postgres.idle_in_transaction", s, "pid " + r.lng("pid"), "pid " + r.lng("pid") + " ("
                            + who(r) + ") has sat idle inside a transaction for " + human(secs)
                            + "; the application forgot a COMMIT or ROLLBACK", session(r, "idle_seconds", secs)));
                }
            }
            if (!r.isNull("lock_wait_seconds")) {
                blocked++;
                double secs = r.dbl("lock_wait_seconds");
                Severity s = level(secs, t.duration("blocked_queries.warning"), t.duration("blocked_queries.critical"));
                if (s != null) {
                    out.find(blockedFinding(r, secs, s, byPid));
                }
            }
        }
        out.measure("postgres.longest_transaction_seconds", Math.round(longest), "database", ctx.database());
        out.measure("postgres.longest_idle_in_transaction_seconds", Math.round(longestIdle), "database", ctx.database());
        out.measure("postgres.lock_waits", blocked, "database", ctx.database());
    }

    private static Finding blockedFinding(Row r, double secs, Severity s, Map<Long, Row> byPid) {
        List<String> blockers = r.strings("blocked_by");
        Map<String, Object> e = session(r, "waiting_seconds", secs);
        e.put("blocked_by", blockers);
        String blockerText = "";
        if (!blockers.isEmpty()) {
            Row b = byPid.get(Long.parseLong(blockers.get(0)));
            String q = b == null ? "(not visible)" : truncate(b.str("query"));
            e.put("blocking_pid", Long.parseLong(blockers.get(0)));
            e.put("blocking_query", q);
            if (b != null) {
                e.put("blocking_state", b.str("state"));
            }
            blockerText = "; blocked by pid " + blockers.get(0) + (b == null ? "" : " (" + b.str("state") + "): " + q);
        }
        return new Finding("postgres.blocked_queries", s, "pid " + r.lng("pid"), "pid " + r.lng("pid") + " has waited "
                + human(secs) + " for a lock" + blockerText, e);
    }

    private static Map<String, Object> session(Row r, String key, double secs) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("pid", r.lng("pid"));
        e.put(key, Math.round(secs));
        e.put("user", r.str("user_name"));
        e.put("application", r.str("application_name"));
        e.put("client", r.str("client"));
        e.put("state", r.str("state"));
        e.put("query", truncate(r.str("query")));
        return e;
    }

    private static Severity level(double secs, Duration warning, Duration critical) {
        return Levels.atOrAbove(secs * 1000, warning.toMillis(), critical.toMillis());
    }

    private static String who(Row r) {
        String app = r.str("application_name");
        return (r.str("user_name") == null ? "?" : r.str("user_name")) + (app == null || app.isEmpty() ? "" : ", " + app);
    }

    private static String human(double secs) {
        return Units.humanDuration(Duration.ofMillis((long) (secs * 1000)));
    }

    private static String truncate(String q) {
        if (q == null) {
            return "";
        }
        String one = q.replaceAll("\\s+", " ").trim();
        return one.length() > QUERY_TEXT ? one.substring(0, QUERY_TEXT) + "…" : one;
    }
}
