package dev.caretaker.action.kinds;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionFailure;
import dev.caretaker.action.ActionKind;
import dev.caretaker.action.ActionPlan;
import dev.caretaker.check.http.HttpExchange;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.ActionSettings;
import dev.caretaker.config.Section;
import dev.caretaker.config.Units;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code type: http}: a request to the app (e.g. restart a job), {@code {name}} placeholders filled from the occasion. */
public final class HttpAction implements ActionKind {
    public static final String DEFAULT_METHOD = "POST";
    public static final int DEFAULT_EXPECT_STATUS = 200;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    static final int MAX_ANSWER = 64 * 1024;

    /** The request and the status that means it worked. */
    public record Settings(String url, String method, Map<String, String> headers, String body, int expectStatus, Duration timeout,
                           int maxRedirects)
            implements ActionSettings {
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public List<String> keys() {
        return List.of("url", "method", "headers", "body", "expect_status", "timeout", "max_redirects");
    }

    @Override
    public boolean usesDatabase() {
        return false;
    }

    @Override
    public ActionSettings read(Section s, Draft draft) {
        String url = s.required("url").orElse("");
        if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
            s.problem("url", "'url' must start with http:// or https://, e.g. https://app.example.com/internal/jobs/{subject}/restart");
        }
        String method = s.string("method", DEFAULT_METHOD).toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
            s.problem("method", "'" + method + "' is not a method an action sends; write GET, POST, PUT, PATCH or DELETE");
        }
        return new Settings(url, method, s.headers("headers"), s.string("body", null), s.integer("expect_status", DEFAULT_EXPECT_STATUS, 100, 599),
                s.duration("timeout", DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(10)),
                s.integer("max_redirects", DEFAULT_MAX_REDIRECTS, 0, 20));
    }

    @Override
    public ActionPlan plan(ActionConfig a, Map<String, String> bindings) {
        Settings h = (Settings) a.settings();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("headers", new LinkedHashMap<>(h.headers()));
        if (h.body() != null) {
            settings.put("body", Bindings.fill(a, h.body(), bindings, false));
        }
        settings.put("expect_status", h.expectStatus());
        settings.put("timeout", Units.formatDuration(h.timeout()));
        settings.put("max_redirects", h.maxRedirects());
        return new ActionPlan(a.name(), name(), a.database(), Bindings.subject(bindings), h.method() + " " + Bindings.fill(a, h.url(), bindings, true),
                List.of(), settings, a.guardrails().maxRows());
    }

    @Override
    public Execution execute(ActionConfig a, ActionPlan plan, ActionContext context, boolean dryRun) {
        Settings h = (Settings) a.settings();
        String url = plan.statement().substring(plan.statement().indexOf(' ') + 1);
        if (dryRun) {
            return new Execution(-1, "would send " + context.secrets().redact(plan.statement()) + " and expect HTTP " + h.expectStatus());
        }
        Object body = plan.settings().get("body");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(h.timeout())
                .method(h.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        h.headers().forEach(b::header);
        b.header("User-Agent", "caretaker-action");
        try {
            HttpExchange.Answer r = HttpExchange.sendFollowing(HttpClient.newBuilder().connectTimeout(h.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build(), b.build(), h.timeout(), MAX_ANSWER, h.maxRedirects(), context.secrets()::contains);
            if (r.status() != h.expectStatus()) {
                String text = r.text().strip();
                throw new ActionFailure("HTTP " + r.status() + " instead of " + h.expectStatus()
                        + (text.isEmpty() ? "" : ": " + context.secrets().redact(text.length() > 200 ? text.substring(0, 200) + "…" : text)), true);
            }
            return new Execution(-1, "HTTP " + r.status());
        } catch (HttpExchange.RedirectException e) {
            throw new ActionFailure(context.secrets().redact("the request was redirected where Caretaker does not follow: " + e.getMessage()), false);
        } catch (IOException e) {
            throw new ActionFailure(context.secrets().redact("the request failed: " + e.getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailure("interrupted", true);
        }
    }
}
