package dev.caretaker.report;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Condition;
import dev.caretaker.config.PostgresCheckConfig;
import dev.caretaker.config.PostgresThresholds;
import dev.caretaker.config.RuleConfig;
import dev.caretaker.config.Severity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The measurements of a config that have thresholds, with their warning and critical ranges in the Nagios range syntax
 * ({@code 80} alerts above 80, {@code 95:} below 95): the {@code postgres} check's own thresholds and the rules that compare a
 * measurement with a number. {@link NagiosLine} gives these measurements as performance data.
 */
public record PerfLimits(List<Limit> limits) {
    /** The ranges of {@code metric} for check {@code check} (null: any check) and the labels a rule matches; empty range: none. */
    public record Limit(String check, String metric, Map<String, String> labels, String warn, String crit) {
        boolean covers(String checkName, String measured, Map<String, String> measuredLabels) {
            return metric.equals(measured) && (check == null || check.equals(checkName))
                    && labels.entrySet().stream().allMatch(e -> e.getKey().equals("check") ? e.getValue().equals(checkName)
                    : e.getValue().equals(measuredLabels.get(e.getKey())));
        }
    }

    public static final PerfLimits NONE = new PerfLimits(List.of());

    public PerfLimits {
        limits = List.copyOf(limits);
    }

    public static PerfLimits of(CaretakerConfig config) {
        List<Limit> out = new ArrayList<>();
        for (CheckConfig cc : config.checks().values()) {
            if (cc instanceof PostgresCheckConfig pg) {
                postgres(pg.name(), pg.thresholds(), out);
            }
        }
        // the config's own rules before the default pack's: the first range that covers a measurement is shown
        List<RuleConfig> rules = new ArrayList<>(config.rules().stream().filter(r -> !RuleConfig.DEFAULT_PACK.contains(r)).toList());
        rules.addAll(config.rules().stream().filter(RuleConfig.DEFAULT_PACK::contains).toList());
        for (RuleConfig rule : rules) {
            Condition.Operator op = rule.when().threshold().operator();
            boolean above = op == Condition.Operator.GT || op == Condition.Operator.GE;
            if (!rule.enabled() || !(above || op == Condition.Operator.LT || op == Condition.Operator.LE)) {
                continue;
            }
            String range = number(rule.when().threshold().value()) + (above ? "" : ":");
            boolean critical = rule.severity() == Severity.CRITICAL;
            if (rule.severity() != Severity.INFO) {
                out.add(new Limit(null, rule.when().metric(), rule.when().labels(), critical ? "" : range, critical ? range : ""));
            }
        }
        return new PerfLimits(out);
    }

    private static void postgres(String check, PostgresThresholds t, List<Limit> out) {
        above(out, check, "postgres.connection_usage_percent", t.percent("connection_usage.warning"), t.percent("connection_usage.critical"));
        out.add(new Limit(check, "postgres.cache_hit_percent", Map.of(), number(t.percent("cache_hit_ratio.warning")) + ":",
                number(t.percent("cache_hit_ratio.critical")) + ":"));
        above(out, check, "postgres.dead_tuple_percent", t.percent("table_bloat.warning"), t.percent("table_bloat.critical"));
        above(out, check, "postgres.sequence_used_percent", t.percent("sequence_exhaustion.warning"), t.percent("sequence_exhaustion.critical"));
        above(out, check, "postgres.xid_age_percent", t.percent("xid_wraparound.warning"), t.percent("xid_wraparound.critical"));
        above(out, check, "postgres.multixact_age_percent", t.percent("multixact_wraparound.warning"), t.percent("multixact_wraparound.critical"));
        above(out, check, "postgres.xmin_horizon_age", t.count("xmin_horizon.warning"), t.count("xmin_horizon.critical"));
        above(out, check, "postgres.longest_transaction_seconds", t.duration("long_transaction.warning").toSeconds(),
                t.duration("long_transaction.critical").toSeconds());
        above(out, check, "postgres.longest_idle_in_transaction_seconds", t.duration("idle_in_transaction.warning").toSeconds(),
                t.duration("idle_in_transaction.critical").toSeconds());
    }

    private static void above(List<Limit> out, String check, String metric, double warn, double crit) {
        out.add(new Limit(check, metric, Map.of(), number(warn), number(crit)));
    }

    /** The first warning and the first critical range that cover a measurement; null when none does. */
    String[] of(String check, String metric, Map<String, String> labels) {
        String warn = "";
        String crit = "";
        for (Limit l : limits) {
            if (l.covers(check, metric, labels)) {
                warn = warn.isEmpty() ? l.warn() : warn;
                crit = crit.isEmpty() ? l.crit() : crit;
            }
        }
        return warn.isEmpty() && crit.isEmpty() ? null : new String[] {warn, crit};
    }

    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
