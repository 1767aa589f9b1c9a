package dev.caretaker.demo.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opsgenie's Alert API v2 on 127.0.0.1, as docs.opsgenie.com/docs/alert-api documents it. "Authentication": every request
 * carries {@code Authorization: GenieKey KEY}; a wrong or missing key is refused with 401 and
 * {@code {"message":"Could not authenticate","took":…,"requestId":…}}. "Create Alert": {@code POST /v2/alerts} with a JSON body —
 * {@code message} required, at most 130 characters; {@code alias} at most 512; {@code description} at most 15000;
 * {@code tags} a list of strings; {@code details} a map of string values; {@code priority} one of P1…P5 (P3 when absent); an
 * open alert with the same alias is not created again but counted ("Alert De-Duplication"). "Acknowledge Alert" and
 * "Close Alert": {@code POST /v2/alerts/{identifier}/acknowledge|close?identifierType=alias}. These are processed
 * asynchronously: a valid request is answered 202 {@code {"result":"Request will be processed","took":…,"requestId":…}}, and
 * "Get Request Status" ({@code GET /v2/alerts/requests/{requestId}}) tells what became of it ("Alert does not exist" for an
 * unknown alias). A body that breaks these rules is refused with 422 {@code {"message":"Request body is not processable. Please
 * check the errors.","errors":{field: why},"took":…,"requestId":…}}. The API's rate limit refuses with 429 (docs: "API rate
 * limiting"). The invoicing demo opens an alert here; the tests check the requests against it.
 */
public final class OpsgenieStandIn extends ApiStandIn {
    private static final Pattern ACTION = Pattern.compile("/v2/alerts/(.+)/(acknowledge|close)");
    private static final Pattern REQUEST = Pattern.compile("/v2/alerts/requests/([-0-9a-f]+)");

    /** One alert as Opsgenie keeps it: its alias, message, priority, status (open, acknowledged, closed), count and fields. */
    public record Alert(String alias, String message, String priority, String status, int count, List<String> tags,
                        Map<String, String> details, String description, String source) {
        Alert with(String newStatus, int newCount) {
            return new Alert(alias, message, priority, newStatus, newCount, tags, details, description, source);
        }
    }

    private final String key;
    private final Map<String, Alert> alerts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> requests = new ConcurrentHashMap<>();
    private final List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A stand-in that takes the API integration key {@code key}, on {@code port} (0: any free one). */
    public OpsgenieStandIn(String key, int port) throws IOException {
        super("opsgenie", port);
        this.key = key;
        start();
    }

    /** The alerts by alias, as they stand. */
    public Map<String, Alert> alerts() {
        return Map.copyOf(alerts);
    }

    /** The JSON bodies received, in order. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** Each alert as it stands, one line: its alias, priority, status and message. */
    @Override
    public List<String> messages() {
        return alerts.values().stream().sorted(java.util.Comparator.comparing(Alert::alias))
                .map(a -> "the Opsgenie stand-in has alert " + a.alias() + " (" + a.priority() + ", " + a.status() + "): " + a.message()).toList();
    }

    @Override
    protected boolean authorized(Request r) {
        return ("GenieKey " + key).equals(r.header("authorization"));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return error(401, "Could not authenticate", null);
    }

    @Override
    protected Reply rateLimited(Request r) {
        return error(429, "You are making too many requests! To avoid errors, we recommend you limit requests.", null);
    }

    @Override
    protected Reply notFound(Request r) {
        return error(404, "Could not find the requested resource", null);
    }

    @Override
    protected Reply answer(Request r) throws IOException {
        Matcher status = REQUEST.matcher(r.path());
        if (r.method().equals("GET") && status.matches()) {
            Map<String, Object> data = requests.get(status.group(1));
            return data == null ? error(404, "Request not found. It might not be processed, yet.", null)
                    : Reply.json(200, Map.of("data", data, "took", 0.01, "requestId", UUID.randomUUID().toString()));
        }
        if (!r.method().equals("POST")) {
            return null;
        }
        String type = r.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return error(415, "Unsupported Media Type: the body must be application/json", null);
        }
        bodies.add(r.body());
        JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        if (r.path().equals("/v2/alerts")) {
            return create(body);
        }
        Matcher action = ACTION.matcher(r.path());
        if (!action.matches()) {
            return null;
        }
        String identifier = action.group(1);
        boolean byAlias = "alias".equals(r.param("identifierType", "id"));
        Alert a = byAlias ? alerts.get(identifier) : null;
        String verb = action.group(2);
        boolean done = a != null && !a.status().equals("closed");
        if (done) {
            alerts.put(identifier, a.with(verb.equals("close") ? "closed" : "acknowledged", a.count()));
        }
        return accepted(verb.equals("close") ? "Close" : "Acknowledge", done, done ? (verb.equals("close") ? "Closed" : "Acknowledged")
                : "Alert does not exist", identifier);
    }

    private Reply create(JsonNode body) {
        Map<String, String> errors = new LinkedHashMap<>();
        String message = body.path("message").asText("");
        if (message.isBlank()) {
            errors.put("message", "Message can not be empty.");
        } else if (message.length() > 130) {
            errors.put("message", "Message can not be longer than 130 characters.");
        }
        String alias = body.path("alias").asText(message);
        if (alias.length() > 512) {
            errors.put("alias", "Alias can not be longer than 512 characters.");
        }
        if (body.path("description").asText("").length() > 15000) {
            errors.put("description", "Description can not be longer than 15000 characters.");
        }
        String priority = body.path("priority").asText("P3");
        if (!priority.matches("P[1-5]")) {
            errors.put("priority", "Priority should be one of these: 'P1', 'P2', 'P3', 'P4', 'P5'");
        }
        List<String> tags = new ArrayList<>();
        if (body.has("tags") && !body.get("tags").isArray()) {
            errors.put("tags", "Tags should be a list of strings.");
        }
        body.path("tags").forEach(t -> tags.add(t.asText()));
        Map<String, String> details = new LinkedHashMap<>();
        body.path("details").fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                errors.put("details", "Details should be a map of string keys and string values.");
            }
            details.put(e.getKey(), e.getValue().asText());
        });
        if (!errors.isEmpty()) {
            return error(422, "Request body is not processable. Please check the errors.", errors);
        }
        Alert open = alerts.get(alias);
        if (open != null && !open.status().equals("closed")) {
            alerts.put(alias, open.with(open.status(), open.count() + 1));
        } else {
            alerts.put(alias, new Alert(alias, message, priority, "open", 1, List.copyOf(tags), Map.copyOf(details),
                    body.path("description").asText(""), body.path("source").asText("")));
        }
        return accepted("Create", true, "Created alert", alias);
    }

    private Reply accepted(String action, boolean success, String status, String alias) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("success", success);
        data.put("action", action);
        data.put("isSuccess", success);
        data.put("status", status);
        data.put("alias", success ? alias : "");
        requests.put(id, data);
        return Reply.json(202, Map.of("result", "Request will be processed", "took", 0.02, "requestId", id));
    }

    private static Reply error(int status, String message, Map<String, String> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (errors != null) {
            body.put("errors", errors);
        }
        body.put("took", 0.001);
        body.put("requestId", UUID.randomUUID().toString());
        return Reply.json(status, body);
    }
}
