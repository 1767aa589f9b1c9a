package dev.caretaker.check.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Management API endpoints the supabase check reads (Supabase's "Management API Reference", api.supabase.com/v1), each
 * one request: none of them is paginated, and none documents an {@code ETag}.
 * <ul>
 *   <li>"Gets project's service health status": {@code GET /v1/projects/{ref}/health?services=auth,db,…}, an array of
 *       {@code {name, healthy, status, info?, error?}}, status one of {@code COMING_UP}, {@code ACTIVE_HEALTHY},
 *       {@code UNHEALTHY};</li>
 *   <li>"List all functions": {@code GET /v1/projects/{ref}/functions}, an array of {@code {id, slug, name, status, …}};</li>
 *   <li>"Gets all project's logs in a single log stream": {@code GET /v1/projects/{ref}/analytics/endpoints/logs?sql=…
 *       &iso_timestamp_start=…&iso_timestamp_end=…} (at most 24 hours, rounded to the minute), ClickHouse SQL over the one
 *       {@code logs} table filtered by {@code source} ("Querying ClickHouse logs"), answering {@code {result: [...], error?}};
 *       it replaced {@code logs.all}, removed on 23 September 2026 (changelog "Migration of … logs.all … to logs");</li>
 *   <li>"Gets project security advisors" / "Gets project performance advisors" (experimental):
 *       {@code GET /v1/projects/{ref}/advisors/security|performance}, {@code {lints: [{name, title, level, facing,
 *       categories, description, detail, remediation, metadata, cache_key}]}}.</li>
 * </ul>
 */
final class SupabaseApi {
    static final Map<String, String> HEADERS = Map.of("Accept", "application/json");
    /**
     * Per edge function (its id) over the window: requests, those answered 5xx, mean and 95th percentile execution time.
     * The fields are those of {@code function_edge_logs} in {@code log_attributes} ("Logs field reference").
     */
    static final String FUNCTION_STATS_SQL = "select log_attributes['function_id'] as function_id, count() as requests, "
            + "countIf(toInt32OrZero(log_attributes['response.status_code']) >= 500) as errors, "
            + "avg(toFloat64OrZero(log_attributes['execution_time_ms'])) as avg_ms, "
            + "quantile(0.95)(toFloat64OrZero(log_attributes['execution_time_ms'])) as p95_ms "
            + "from logs where source = 'function_edge_logs' group by function_id";

    /** One service's health. */
    record Service(String name, boolean healthy, String status, String error, JsonNode info) {
    }

    /** One deployed edge function. */
    record Function(String id, String slug, String status) {
    }

    /** One function's requests in the window, from the logs. */
    record Stats(String functionId, long requests, long errors, double avgMs, double p95Ms) {
        double errorPercent() {
            return requests == 0 ? 0 : 100.0 * errors / requests;
        }
    }

    private final ApiClient api;
    private final String project;

    SupabaseApi(ApiClient api, String projectRef) {
        this.api = api;
        this.project = "/v1/projects/" + projectRef;
    }

    List<Service> health(List<String> services) throws ApiException, InterruptedException {
        JsonNode body = api.get(api.url(project + "/health?services=" + String.join(",", services))).body();
        List<Service> out = new ArrayList<>();
        for (JsonNode n : array(body, "health")) {
            String error = n.path("error").isTextual() ? n.path("error").asText() : null;
            out.add(new Service(n.path("name").asText(), n.path("healthy").asBoolean(false), n.path("status").asText(""), error,
                    n.path("info")));
        }
        return out;
    }

    List<Function> functions() throws ApiException, InterruptedException {
        List<Function> out = new ArrayList<>();
        for (JsonNode n : array(api.get(api.url(project + "/functions")).body(), "functions")) {
            out.add(new Function(n.path("id").asText(), n.path("slug").asText(), n.path("status").asText("")));
        }
        return out;
    }

    /** The window {@code from}–{@code to}, to the minute (as the endpoint rounds it). */
    List<Stats> functionStats(Instant from, Instant to) throws ApiException, InterruptedException {
        String query = "?sql=" + enc(FUNCTION_STATS_SQL) + "&iso_timestamp_start=" + enc(from.truncatedTo(ChronoUnit.MINUTES).toString())
                + "&iso_timestamp_end=" + enc(to.truncatedTo(ChronoUnit.MINUTES).toString());
        JsonNode body = api.get(api.url(project + "/analytics/endpoints/logs" + query)).body();
        JsonNode error = body.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            String said = error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
            throw new ApiException("Supabase could not query the edge functions' logs: " + said, 200);
        }
        List<Stats> out = new ArrayList<>();
        for (JsonNode r : array(body.path("result"), "logs")) {
            out.add(new Stats(r.path("function_id").asText(), (long) number(r, "requests"), (long) number(r, "errors"), number(r, "avg_ms"),
                    number(r, "p95_ms")));
        }
        return out;
    }

    /** The lints of advisor {@code kind} ({@code security} or {@code performance}). */
    List<JsonNode> advisors(String kind) throws ApiException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        array(api.get(api.url(project + "/advisors/" + kind)).body().path("lints"), kind + " advisors").forEach(out::add);
        return out;
    }

    private static JsonNode array(JsonNode n, String what) throws ApiException {
        if (n == null || !n.isArray()) {
            throw new ApiException("Supabase's answer for the " + what + " is not the list its reference documents", 200);
        }
        return n;
    }

    /** A number ClickHouse may write as a JSON number or, for 64-bit integers, as a string. */
    private static double number(JsonNode row, String field) {
        JsonNode v = row.path(field);
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
