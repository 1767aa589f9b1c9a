package dev.caretaker.notify.channels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.demo.api.ApiStandIn;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An ntfy server on 127.0.0.1, as docs.ntfy.sh/publish documents it. "Publish as JSON": {@code POST /} with {@code topic}
 * (required), {@code message}, {@code title}, {@code tags} (a list), {@code priority} (1-5), {@code click}; the answer is the
 * published message ({@code id}, {@code time}, {@code event: "message"}, {@code topic} …). "Authentication": an access token as
 * {@code Authorization: Bearer tk_…} or a user and password as Basic; a topic that needs them refuses others with 403
 * {@code {"code":40301,"http":403,"error":"forbidden","link":"https://ntfy.sh/docs/publish/#authentication"}}, a wrong
 * credential with 401 ({@code 40101}, "unauthorized"). A bad priority: 400 ({@code 40007}, "invalid priority"); the rate limit:
 * 429 ({@code 42901}, "limit reached: too many requests").
 */
final class NtfyStandIn extends ApiStandIn {
    private final String authorization;
    final List<JsonNode> published = new CopyOnWriteArrayList<>();

    /** A server whose topics need {@code authorization} (a whole header value), or none (null). */
    NtfyStandIn(String authorization) throws IOException {
        super("ntfy", 0);
        this.authorization = authorization;
        start();
    }

    @Override
    protected boolean authorized(Request r) {
        return authorization == null || authorization.equals(r.header("authorization"));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return r.header("authorization") == null ? error(403, 40301, "forbidden", "https://ntfy.sh/docs/publish/#authentication")
                : error(401, 40101, "unauthorized", "https://ntfy.sh/docs/publish/#authentication");
    }

    @Override
    protected Reply rateLimited(Request r) {
        return error(429, 42901, "limit reached: too many requests", "https://ntfy.sh/docs/publish/#limitations");
    }

    @Override
    protected Reply notFound(Request r) {
        return error(404, 40401, "page not found", null);
    }

    @Override
    protected Reply answer(Request r) throws IOException {
        if (!r.path().equals("/") || !r.method().equals("POST")) {
            return null;
        }
        JsonNode b = JSON.readTree(r.body());
        if (!b.path("topic").asText("").matches("[-_A-Za-z0-9]{1,64}")) {
            return error(400, 40009, "invalid request: topic invalid", "https://ntfy.sh/docs/publish/#publish-as-json");
        }
        if (b.has("priority") && (!b.get("priority").isInt() || b.get("priority").asInt() < 1 || b.get("priority").asInt() > 5)) {
            return error(400, 40007, "invalid priority", "https://ntfy.sh/docs/publish/#message-priority");
        }
        if (b.has("tags") && !b.get("tags").isArray()) {
            return error(400, 40009, "invalid request: tags must be a list", "https://ntfy.sh/docs/publish/#publish-as-json");
        }
        published.add(b);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", "sPs71M8A2T" + published.size());
        m.put("time", 1_700_000_000L);
        m.put("expires", 1_700_043_200L);
        m.put("event", "message");
        m.put("topic", b.path("topic").asText());
        m.put("title", b.path("title").asText(null));
        m.put("message", b.path("message").asText("triggered"));
        m.put("priority", b.path("priority").asInt(3));
        return Reply.json(200, m);
    }

    private static Reply error(int http, int code, String error, String link) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("code", code);
        body.put("http", http);
        body.put("error", error);
        if (link != null) {
            body.put("link", link);
        }
        return Reply.json(http, body);
    }
}
