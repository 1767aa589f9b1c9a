package dev.caretaker.check.supabase;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.ApiSettings;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.Suggestions;
import dev.caretaker.config.SupabaseConfig;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: supabase}: a Supabase project through its Management API — service health, edge functions from the logs,
 * and the advisors' lints.
 */
public final class SupabaseKind implements CheckKind {
    public static final String NAME = "supabase";
    private static final String PROJECT_REF = "[a-z]{20}";
    private static final String SLUG = "[A-Za-z0-9_-]+";
    private static final List<Metric> METRICS = List.of(
            Metric.of("supabase.service_healthy", "boolean", "1 when Supabase reports the project's service healthy", "service"),
            Metric.of("supabase.function_requests", "requests", "requests an edge function answered in the window, from the logs",
                    "function"),
            Metric.of("supabase.function_error_rate_percent", "percent", "share of an edge function's requests in the window answered "
                    + "with a 5xx status", "function"),
            Metric.of("supabase.function_avg_ms", "milliseconds", "an edge function's mean execution time in the window", "function"),
            Metric.of("supabase.function_p95_ms", "milliseconds", "95th percentile of an edge function's execution time in the window",
                    "function"),
            Metric.of("supabase.advisor_lints", "lints", "lints an advisor reports for the project", "advisor"),
            Metric.of("api.rate_limit_remaining", "requests", "requests Supabase's Management API still allows this minute for the "
                    + "endpoint of the check's last request (X-RateLimit-Remaining)", "source"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keys() {
        List<String> keys = new ArrayList<>(List.of("project_ref", "services", "functions", "window", "max_error_rate", "min_requests",
                "max_average", "max_p95", "advisors"));
        keys.addAll(ApiSettings.KEYS);
        return keys;
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String ref = s.required("project_ref").orElse(null);
        if (ref != null && !ref.matches(PROJECT_REF)) {
            s.problem("project_ref", "'" + ref + "' is not a Supabase project ref: it is the 20 lowercase letters of the project's "
                    + "URL (https://REF.supabase.co), shown under Project Settings > General");
        }
        List<String> services = s.has("services") ? oneOf(s, "services", SupabaseConfig.SERVICES) : SupabaseConfig.DEFAULT_SERVICES;
        List<String> functions = s.isScalar("functions") && "all".equals(s.string("functions", null)) ? List.of() : s.strings("functions");
        for (String f : functions) {
            if (!f.matches(SLUG)) {
                s.problem("functions", "'" + f + "' is not an edge function's name (its slug: letters, digits, '-' and '_')");
            }
        }
        List<String> advisors = s.has("advisors") ? oneOf(s, "advisors", SupabaseConfig.ADVISORS) : SupabaseConfig.ADVISORS;
        if (!s.has("token")) {
            s.problem("'" + s.path() + "' needs 'token': a Supabase personal access token from the environment, e.g. "
                    + "token: ${SUPABASE_ACCESS_TOKEN} (the Management API answers nothing without one)");
        }
        double rate = s.parsed("max_error_rate", Units::parsePercent).orElse(SupabaseConfig.DEFAULT_MAX_ERROR_RATE);
        return new SupabaseConfig(this, draft.name(), draft.description(), ApiSettings.read(s, SupabaseConfig.DEFAULT_BASE_URL), ref,
                services, List.copyOf(functions),
                s.duration("window", SupabaseConfig.DEFAULT_WINDOW, Duration.ofMinutes(1), SupabaseConfig.MAX_WINDOW), rate,
                s.integer("min_requests", SupabaseConfig.DEFAULT_MIN_REQUESTS, 1, 1_000_000),
                s.duration("max_average", SupabaseConfig.DEFAULT_MAX_AVERAGE, Duration.ofMillis(1), Duration.ofMinutes(10)),
                s.duration("max_p95", null, Duration.ofMillis(1), Duration.ofMinutes(10)), advisors, false);
    }

    private static List<String> oneOf(Section s, String key, List<String> allowed) {
        List<String> out = new ArrayList<>();
        for (String v : s.strings(key)) {
            if (allowed.contains(v)) {
                out.add(v);
            } else {
                s.problem(key, "'" + s.keyPath(key) + "' names '" + v + "', which is not one of " + String.join(", ", allowed)
                        + Suggestions.didYouMean(v, allowed));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new SupabaseCheck((SupabaseConfig) config);
    }
}
