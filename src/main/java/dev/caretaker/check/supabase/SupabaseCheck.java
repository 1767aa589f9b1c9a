package dev.caretaker.check.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Unjudged;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import dev.caretaker.config.Severity;
import dev.caretaker.config.SupabaseConfig;
import dev.caretaker.config.Units;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type: supabase}: one project through Supabase's Management API, in three parts, each its own requests: the health of
 * its services ({@code supabase.service_unhealthy}), its edge functions' requests in the window from the logs
 * ({@code supabase.function_error_rate}, {@code supabase.function_slow}; manual 004: error rate under 1 %, average under
 * 2 s), and its advisors' lints ({@code supabase.advisor}). A part Supabase cannot answer leaves its findings unjudged and
 * the check unknown in Supabase's own words; the others still run unless the API is out of reach, its rate limit is spent
 * beyond the timeout, or the check is out of time.
 */
public final class SupabaseCheck extends ConfiguredCheck<SupabaseConfig> {
    static final String SERVICE_UNHEALTHY = "supabase.service_unhealthy";
    static final String FUNCTION_ERROR_RATE = "supabase.function_error_rate";
    static final String FUNCTION_SLOW = "supabase.function_slow";
    static final String FUNCTION_MISSING = "supabase.function_missing";
    static final String ADVISOR = "supabase.advisor";
    /** The error rate at this multiple of {@code max_error_rate} is critical (1 % → 5 %, manual 004's alert levels). */
    static final int CRITICAL_MULTIPLE = 5;

    private interface Part {
        void run() throws ApiException, InterruptedException;
    }

    public SupabaseCheck(SupabaseConfig config) {
        super(config);
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        ApiClient client = new ApiClient("Supabase", config.api(), SupabaseApi.HEADERS, name(), context.clock())
                .readScope("a personal access token for project " + config.projectRef() + " with read permission on its health, Edge "
                        + "Functions, logs and advisors");
        SupabaseApi api = new SupabaseApi(client, config.projectRef());
        Instant now = context.clock().instant();
        Map<List<String>, Part> parts = new LinkedHashMap<>();
        if (!config.services().isEmpty()) {
            parts.put(List.of(SERVICE_UNHEALTHY), () -> health(api, out));
        }
        parts.put(List.of(FUNCTION_ERROR_RATE, FUNCTION_SLOW, FUNCTION_MISSING), () -> functions(api, now, out));
        if (!config.advisors().isEmpty()) {
            parts.put(List.of(ADVISOR), () -> new AdvisorFindings(config.projectRef(), config.postgresCheck()).judge(api, config.advisors(), name(), out));
        }
        for (var part : parts.entrySet()) {
            try {
                part.getValue().run();
            } catch (ApiException e) {
                out.error(context.secrets().redact(e.getMessage()), part.getKey().stream().map(Unjudged::code).toList());
                if (e.status() == 0 || e.status() == 429) {
                    out.error("the rest was not asked: Supabase is out of reach, its rate limit spent or the check out of time",
                            List.of(Unjudged.ALL));
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.error("interrupted");
                break;
            }
        }
        client.rateLimitRemaining().ifPresent(n -> out.measure("api.rate_limit_remaining", n, "check", name(), "source",
                SupabaseKind.NAME));
        return out.build();
    }

    private void health(SupabaseApi api, ResultBuilder out) throws ApiException, InterruptedException {
        for (SupabaseApi.Service s : api.health(config.services())) {
            boolean ok = s.healthy() && "ACTIVE_HEALTHY".equals(s.status());
            out.measure("supabase.service_healthy", ok ? 1 : 0, "check", name(), "service", s.name());
            if (ok) {
                continue;
            }
            boolean starting = "COMING_UP".equals(s.status());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("project_ref", config.projectRef());
            evidence.put("service", s.name());
            evidence.put("status", s.status());
            if (s.error() != null) {
                evidence.put("error", s.error());
            }
            out.find(new Finding(SERVICE_UNHEALTHY, starting ? Severity.WARNING : Severity.CRITICAL, s.name(), "Supabase reports the "
                    + serviceWords(s.name()) + " of project " + config.projectRef() + (starting ? " still coming up" : " unhealthy")
                    + " (" + (s.status().isEmpty() ? "no status" : s.status()) + ")" + (s.error() == null ? "" : ": " + s.error()),
                    evidence));
        }
    }

    private void functions(SupabaseApi api, Instant now, ResultBuilder out) throws ApiException, InterruptedException {
        List<SupabaseApi.Function> deployed = api.functions();
        Map<String, SupabaseApi.Stats> byId = new LinkedHashMap<>();
        if (!deployed.isEmpty()) {
            api.functionStats(now.minus(config.window()), now).forEach(s -> byId.put(s.functionId(), s));
        }
        for (String wanted : config.functions()) {
            if (deployed.stream().noneMatch(f -> f.slug().equals(wanted))) {
                out.find(new Finding(FUNCTION_MISSING, Severity.WARNING, wanted, "edge function " + wanted + " is listed under 'functions' "
                        + "but project " + config.projectRef() + " has no function of that name; deploy it, or fix the name",
                        Map.of("project_ref", config.projectRef(), "deployed",
                                deployed.stream().map(SupabaseApi.Function::slug).toList())));
            }
        }
        for (SupabaseApi.Function f : deployed) {
            if (!config.functions().isEmpty() && !config.functions().contains(f.slug())) {
                continue;
            }
            SupabaseApi.Stats s = byId.getOrDefault(f.id(), new SupabaseApi.Stats(f.id(), 0, 0, 0, 0));
            out.measure("supabase.function_requests", s.requests(), "check", name(), "function", f.slug());
            if (s.requests() == 0) {
                continue;
            }
            out.measure("supabase.function_error_rate_percent", round(s.errorPercent()), "check", name(), "function", f.slug());
            out.measure("supabase.function_avg_ms", round(s.avgMs()), "check", name(), "function", f.slug());
            out.measure("supabase.function_p95_ms", round(s.p95Ms()), "check", name(), "function", f.slug());
            if (s.requests() >= config.minRequests()) {
                judge(f.slug(), s, out);
            }
        }
    }

    private void judge(String slug, SupabaseApi.Stats s, ResultBuilder out) {
        String window = Units.humanDuration(config.window());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("project_ref", config.projectRef());
        evidence.put("function", slug);
        evidence.put("window", Units.formatDuration(config.window()));
        evidence.put("requests", s.requests());
        evidence.put("errors", s.errors());
        evidence.put("error_rate_percent", round(s.errorPercent()));
        evidence.put("avg_ms", round(s.avgMs()));
        evidence.put("p95_ms", round(s.p95Ms()));
        if (s.errorPercent() > config.maxErrorRate()) {
            Severity sev = s.errorPercent() >= CRITICAL_MULTIPLE * config.maxErrorRate() ? Severity.CRITICAL : Severity.WARNING;
            out.find(new Finding(FUNCTION_ERROR_RATE, sev, slug, "edge function " + slug + " answered " + s.errors() + " of its "
                    + s.requests() + " requests in the last " + window + " with a server error (" + percent(s.errorPercent())
                    + "); the target is at most " + percent(config.maxErrorRate()) + ". Its errors are in the dashboard under Edge "
                    + "Functions > " + slug + " > Logs", evidence));
        }
        boolean slowAverage = s.avgMs() > config.maxAverage().toMillis();
        boolean slowP95 = config.maxP95() != null && s.p95Ms() > config.maxP95().toMillis();
        if (slowAverage || slowP95) {
            String target = (slowAverage ? "an average under " + Units.formatDuration(config.maxAverage()) : "")
                    + (slowAverage && slowP95 ? " and " : "")
                    + (slowP95 ? "a 95th percentile under " + Units.formatDuration(config.maxP95()) : "");
            out.find(new Finding(FUNCTION_SLOW, Severity.WARNING, slug, "edge function " + slug + " took " + ms(s.avgMs()) + " on average "
                    + "(95th percentile " + ms(s.p95Ms()) + ") over its " + s.requests() + " requests in the last " + window
                    + "; the target is " + target, evidence));
        }
    }

    private static String serviceWords(String service) {
        return switch (service) {
            case "db" -> "database";
            case "db_postgres_user" -> "database (as the postgres user)";
            case "rest" -> "REST API (PostgREST)";
            case "auth" -> "Auth service";
            case "pooler" -> "connection pooler (Supavisor)";
            case "pg_bouncer" -> "PgBouncer pooler";
            default -> service + " service";
        };
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v);
    }

    private static String ms(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%.1f s", v / 1000) : Math.round(v) + " ms";
    }

    /** No request is sent: the API's host name is looked up, and whether a token is set is said. */
    @Override
    public List<Readiness> preflight(CheckContext context) {
        String host = config.api().baseUrl().getHost();
        if (config.api().token() == null) {
            return List.of(Readiness.problem(name(), "no 'token': Supabase's Management API answers nothing without one; set it "
                    + "from the environment, e.g. token: ${SUPABASE_ACCESS_TOKEN}"));
        }
        try {
            java.net.InetAddress.getAllByName(host);
            return List.of(Readiness.ok(name(), host + " resolves; a token is set (no request sent)"));
        } catch (java.net.UnknownHostException e) {
            return List.of(Readiness.problem(name(), "the host name " + host + " of 'base_url' does not resolve"));
        }
    }
}
