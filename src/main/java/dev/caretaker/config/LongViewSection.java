package dev.caretaker.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code baselines:}, {@code forecasts:} and {@code reports:} — what Caretaker makes of the history it keeps. */
final class LongViewSection {
    static final List<String> BASELINE_KEYS = List.of("metric", "check", "window", "sensitivity", "for", "min_history", "direction");
    static final List<String> FORECAST_KEYS = List.of("horizon", "urgent", "window", "min_history", "series");
    static final List<String> SERIES_KEYS = List.of("metric", "check", "limit");
    static final List<String> REPORT_KEYS = List.of("type", "description", "schedule", "every", "channels", "suite", "checks", "period",
            "database", "rls_schemas");
    static final List<String> CHECKLIST_KEYS = List.of("description", "schedule", "due", "severity", "items");
    static final List<String> ITEM_KEYS = List.of("title", "check", "runbook");
    private static final Duration LONGEST = Duration.ofDays(366);

    private final ConfigReader r;
    private final Map<String, CheckConfig> checks;

    LongViewSection(ConfigReader r, Map<String, CheckConfig> checks) {
        this.r = r;
        this.checks = checks;
    }

    List<BaselineConfig> baselines(ConfigNode node) {
        List<BaselineConfig> out = new ArrayList<>();
        for (ConfigNode item : r.list(node)) {
            Map<String, ConfigNode> m = r.map(item, BASELINE_KEYS);
            Optional<String> metric = r.requiredString(m, "metric", item);
            Optional<String> check = r.string(m, "check");
            metric.ifPresent(x -> measured(m.get("metric"), x, check, m.get("check")));
            double sensitivity = r.parsed(m, "sensitivity", s -> number(s, 0.5, 100)).orElse(BaselineConfig.DEFAULT_SENSITIVITY);
            BaselineConfig.Direction direction = r.parsed(m, "direction", s -> {
                try {
                    return BaselineConfig.Direction.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + s + "' is not a direction; write both, high or low");
                }
            }).orElse(BaselineConfig.Direction.BOTH);
            Duration window = r.duration(m, "window", BaselineConfig.DEFAULT_WINDOW, Duration.ofDays(1), LONGEST);
            Duration minHistory = r.duration(m, "min_history", BaselineConfig.DEFAULT_MIN_HISTORY, Duration.ZERO, LONGEST);
            if (minHistory.compareTo(window) > 0 && m.containsKey("min_history")) {
                r.problem(m.get("min_history"), "'" + m.get("min_history").path() + "' (" + Units.formatDuration(minHistory)
                        + ") is longer than the window (" + Units.formatDuration(window) + "), so the baseline could never judge; make it shorter");
            }
            if (metric.isPresent()) {
                out.add(new BaselineConfig(metric.get(), check, window, sensitivity,
                        r.duration(m, "for", BaselineConfig.DEFAULT_FOR, Duration.ZERO, Duration.ofDays(7)), minHistory, direction));
            }
        }
        return List.copyOf(out);
    }

    ForecastsConfig forecasts(ConfigNode node) {
        Map<String, ConfigNode> m = r.map(node, FORECAST_KEYS);
        Duration horizon = r.duration(m, "horizon", ForecastsConfig.DEFAULT_HORIZON, Duration.ofDays(1), LONGEST);
        Duration urgent = r.duration(m, "urgent", ForecastsConfig.DEFAULT_URGENT, Duration.ZERO, LONGEST);
        if (urgent.compareTo(horizon) > 0) {
            r.problem(m.get("urgent"), "'forecasts.urgent' (" + Units.formatDuration(urgent) + ") is beyond 'forecasts.horizon' ("
                    + Units.formatDuration(horizon) + "); a forecast is critical within urgent, and none is made beyond the horizon");
        }
        List<ForecastsConfig.Series> series = new ArrayList<>();
        for (ConfigNode item : r.list(m.get("series"))) {
            Map<String, ConfigNode> s = r.map(item, SERIES_KEYS);
            Optional<String> metric = r.requiredString(s, "metric", item);
            Optional<String> check = r.string(s, "check");
            metric.ifPresent(x -> measured(s.get("metric"), x, check, s.get("check")));
            if (!s.containsKey("limit")) {
                r.problem(item, "'" + item.path() + "' needs 'limit', the value the series must not reach (a number, 80%, or a size such as 100GB)");
            }
            Optional<Double> limit = r.parsed(s, "limit", LongViewSection::limit);
            if (metric.isPresent() && limit.isPresent()) {
                series.add(new ForecastsConfig.Series(metric.get(), check, limit.get()));
            }
        }
        return new ForecastsConfig(horizon, urgent, r.duration(m, "window", ForecastsConfig.DEFAULT_WINDOW, Duration.ofDays(1), LONGEST),
                r.duration(m, "min_history", ForecastsConfig.DEFAULT_MIN_HISTORY, Duration.ofHours(1), LONGEST), List.copyOf(series));
    }

    Map<String, ReportConfig> reports(ConfigNode node, Map<String, SuiteConfig> suites, Set<String> channels, Map<String, DatabaseConfig> databases) {
        Map<String, ReportConfig> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            Map<String, ConfigNode> m = r.map(e.value(), REPORT_KEYS);
            if (!m.containsKey("type")) {
                r.problem(e.value(), "report '" + e.name() + "' needs 'type', one of " + String.join(", ", ReportType.labels()));
            }
            Optional<ReportType> type = r.parsed(m, "type", ReportType::parse);
            Optional<String> cron = r.parsed(m, "schedule", s -> {
                CronSyntax.validate(s);
                return s.trim();
            });
            Optional<Duration> every = Optional.ofNullable(r.duration(m, "every", null, Duration.ofMinutes(1), LONGEST));
            if (cron.isPresent() && every.isPresent()) {
                r.problem(m.get("every"), "report '" + e.name() + "' has both 'schedule' and 'every'; keep one");
            }
            List<String> to = r.stringList(m, "channels");
            for (String c : to) {
                if (!channels.contains(c)) {
                    r.problem(m.get("channels"), "report '" + e.name() + "' sends to channel '" + c + "', which 'notify.channels' does not define"
                            + Suggestions.didYouMean(c, channels));
                }
            }
            Optional<String> suite = r.string(m, "suite");
            suite.filter(s -> !suites.containsKey(s)).ifPresent(s -> r.problem(m.get("suite"), "report '" + e.name() + "' names suite '" + s
                    + "', which 'suites' does not define" + Suggestions.didYouMean(s, suites.keySet())));
            List<String> named = r.stringList(m, "checks");
            for (String c : named) {
                if (!checks.containsKey(c)) {
                    r.problem(m.get("checks"), "report '" + e.name() + "' names check '" + c + "', which 'checks' does not define"
                            + Suggestions.didYouMean(c, checks.keySet()));
                }
            }
            if (suite.isPresent() && !named.isEmpty()) {
                r.problem(m.get("checks"), "report '" + e.name() + "' has both 'suite' and 'checks'; keep one");
            }
            Optional<String> database = r.string(m, "database");
            database.filter(d -> !databases.containsKey(d)).ifPresent(d -> r.problem(m.get("database"), "report '" + e.name()
                    + "' names database '" + d + "', which 'databases' does not define" + Suggestions.didYouMean(d, databases.keySet())));
            if (type.isPresent() && type.get() == ReportType.SECURITY_AUDIT && database.isEmpty() && databases.size() > 1) {
                r.problem(e.value(), "report '" + e.name() + "' is a security audit and this file has " + databases.size()
                        + " databases; say which with 'database'");
            }
            if (type.isPresent() && type.get() == ReportType.SECURITY_AUDIT && databases.isEmpty()) {
                r.problem(e.value(), "report '" + e.name() + "' is a security audit, which reads a database, and 'databases' is empty");
            }
            ReportPeriod period = r.parsed(m, "period", ReportPeriod::parse)
                    .orElse(new ReportPeriod(type.map(t -> t.defaultPeriod).orElse("LAST_WEEK")));
            if (type.isPresent()) {
                out.put(e.name(), new ReportConfig(e.name(), r.string(m, "description", ""), type.get(), cron, every, List.copyOf(to), suite,
                        List.copyOf(named), period, database.or(() -> databases.keySet().stream().findFirst()),
                        m.containsKey("rls_schemas") ? r.stringList(m, "rls_schemas") : List.of("public")));
            }
        }
        return out;
    }

    /** {@code checklists:} — the human half of the manuals, each with its schedule, due time and items. */
    Map<String, ChecklistConfig> checklists(ConfigNode node) {
        Map<String, ChecklistConfig> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            Map<String, ConfigNode> m = r.map(e.value(), CHECKLIST_KEYS);
            if (!m.containsKey("schedule")) {
                r.problem(e.value(), "checklist '" + e.name() + "' needs 'schedule', when an instance opens (cron, e.g. \"0 9 * * *\")");
            }
            Optional<String> cron = r.parsed(m, "schedule", s -> {
                CronSyntax.validate(s);
                return s.trim();
            });
            List<ChecklistConfig.Item> items = new ArrayList<>();
            java.util.Set<String> titles = new java.util.HashSet<>();
            for (ConfigNode item : r.list(m.get("items"))) {
                String title;
                Optional<String> check = Optional.empty();
                Optional<String> runbook = Optional.empty();
                if (item.isScalar()) {
                    title = r.scalar(item, "title");
                } else {
                    Map<String, ConfigNode> im = r.map(item, ITEM_KEYS);
                    title = r.requiredString(im, "title", item).orElse(null);
                    check = r.string(im, "check");
                    check.filter(c -> !checks.containsKey(c)).ifPresent(c -> r.problem(im.get("check"), "'" + im.get("check").path() + "' names check '" + c
                            + "', which 'checks' does not define" + Suggestions.didYouMean(c, checks.keySet())));
                    runbook = im.containsKey("runbook") ? Runbooks.read(r, im, "runbook") : Optional.empty();
                }
                if (title != null && !title.isBlank()) {
                    if (!titles.add(title.strip())) {
                        r.problem(item, "checklist '" + e.name() + "' has the item '" + title.strip() + "' twice");
                    }
                    items.add(new ChecklistConfig.Item(title.strip(), check, runbook));
                }
            }
            if (items.isEmpty()) {
                r.problem(e.value(), "checklist '" + e.name() + "' needs 'items', a list of what to do (a title, or {title, check, runbook})");
            }
            Duration due = r.duration(m, "due", ChecklistConfig.DEFAULT_DUE, Duration.ofMinutes(1), Duration.ofDays(31));
            Severity severity = r.parsed(m, "severity", Severity::parse).orElse(Severity.WARNING);
            if (cron.isPresent() && !items.isEmpty()) {
                out.put(e.name(), new ChecklistConfig(e.name(), r.string(m, "description", ""), cron.get(), due, severity, List.copyOf(items)));
            }
        }
        return out;
    }

    /** A baseline or forecast that no check can feed is a config error, as a rule on an unknown measurement is. */
    private void measured(ConfigNode at, String metric, Optional<String> check, ConfigNode checkAt) {
        if (check.isPresent()) {
            CheckConfig c = checks.get(check.get());
            if (c == null) {
                r.problem(checkAt, "'" + checkAt.path() + "' names check '" + check.get() + "', which 'checks' does not define"
                        + Suggestions.didYouMean(check.get(), checks.keySet()));
            } else if (Metrics.of(c).stream().noneMatch(x -> x.name().equals(metric))) {
                r.problem(at, "check '" + c.name() + "' (type " + c.type() + ") does not record " + metric + "; it records "
                        + String.join(", ", Metrics.of(c).stream().map(Metrics.Metric::name).toList()));
            }
        } else if (Metrics.find(metric, checks.values()).isEmpty()) {
            r.problem(at, "no check records '" + metric + "'" + Suggestions.didYouMean(metric, Metrics.names(checks.values()))
                    + "; the checks of this file record " + String.join(", ", Metrics.names(checks.values())));
        }
    }

    private static double number(String s, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(s + " is out of range: write " + min + " to " + max);
        }
        return v;
    }

    /** A limit: a plain number, a percentage ({@code 80%}) or a size ({@code 100GB}). */
    static double limit(String s) {
        String t = s.trim();
        if (t.endsWith("%")) {
            return Units.parsePercent(t);
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            try {
                return Units.parseSize(t);
            } catch (IllegalArgumentException notSize) {
                throw new IllegalArgumentException("'" + s + "' is not a limit: write a number (5000), a percentage (80%) or a size (100GB)");
            }
        }
    }
}
