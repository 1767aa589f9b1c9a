package dev.caretaker.notify.channels;

import dev.caretaker.demo.api.ApiStandIn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pushover's Message API on 127.0.0.1, as pushover.net/api documents it. "TL;DR": {@code POST /1/messages.json} with
 * {@code token} (the application's), {@code user} (the user or group key) and {@code message}, form-encoded; optional
 * {@code title} (at most 250 characters), {@code url} (512), {@code url_title}, {@code priority} -2…2. "Message Priority":
 * emergency priority 2 needs {@code retry} (at least 30 s) and {@code expire} (at most 10800 s) and is answered with a
 * {@code receipt}. "Response": {@code {"status":1,"request":…}}; an invalid input is a 4xx with {@code {"status":0,
 * "errors":[…],"request":…}} and the field named ({@code "token":"invalid"}). Pushover takes no auth header: the token is a field.
 * "Receipts and Callbacks API" (pushover.net/api/receipts): an emergency may carry {@code tags}, a comma-separated list;
 * {@code POST /1/receipts/cancel_by_tag/TAG.json} with the application's {@code token} stops every emergency of that tag
 * still repeating and answers {@code {"status":1,"canceled":N,"request":…}}.
 */
final class PushoverStandIn extends ApiStandIn {
    private final String token;
    private final String user;
    final List<Map<String, List<String>>> messages = new CopyOnWriteArrayList<>();
    /** Tags of emergencies still repeating (not cancelled). */
    final List<String> ringing = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();

    PushoverStandIn(String token, String user) throws IOException {
        super("pushover", 0);
        this.token = token;
        this.user = user;
        start();
    }

    @Override
    protected boolean authorized(Request r) {
        return true; // the token is a field of the form, checked with the rest
    }

    @Override
    protected Reply unauthorized(Request r) {
        return null;
    }

    @Override
    protected Reply rateLimited(Request r) {
        return refuse(429, null, "application is over its monthly message limit, see https://pushover.net/api#limits");
    }

    @Override
    protected Reply notFound(Request r) {
        return refuse(404, null, "resource not found");
    }

    @Override
    protected Reply answer(Request r) {
        if (r.path().startsWith("/1/receipts/cancel_by_tag/") && r.path().endsWith(".json") && r.method().equals("POST")) {
            if (!token.equals(first(params(r.body()), "token"))) {
                return refuse(400, "token", "application token is invalid, see https://pushover.net/api");
            }
            String tag = r.path().substring("/1/receipts/cancel_by_tag/".length(), r.path().length() - ".json".length());
            int n = 0;
            while (ringing.remove(tag)) {
                n++;
            }
            cancelled.add(tag);
            return Reply.json(200, Map.of("status", 1, "canceled", n, "request", UUID.randomUUID().toString()));
        }
        if (!r.path().equals("/1/messages.json") || !r.method().equals("POST")) {
            return null;
        }
        if (r.header("content-type") == null || !r.header("content-type").startsWith("application/x-www-form-urlencoded")) {
            return refuse(400, "message", "message cannot be blank");
        }
        Map<String, List<String>> f = params(r.body());
        String one = first(f, "token");
        if (!token.equals(one)) {
            return refuse(400, "token", "application token is invalid, see https://pushover.net/api");
        }
        if (!user.equals(first(f, "user"))) {
            return refuse(400, "user", "user identifier is not a valid user, group, or subscribed user key, see https://pushover.net/api#identifiers");
        }
        List<String> errors = new ArrayList<>();
        if (first(f, "message").isBlank()) {
            errors.add("message cannot be blank");
        } else if (first(f, "message").length() > 1024) {
            errors.add("message is too long");
        }
        if (first(f, "title").length() > 250) {
            errors.add("title is too long");
        }
        String priority = first(f, "priority").isEmpty() ? "0" : first(f, "priority");
        if (!priority.matches("-2|-1|0|1|2")) {
            errors.add("priority is invalid");
        }
        if (priority.equals("2")) {
            if (first(f, "retry").isEmpty() || Integer.parseInt(first(f, "retry")) < 30) {
                errors.add("retry must be supplied with priority=2 and be at least 30");
            }
            if (first(f, "expire").isEmpty() || Integer.parseInt(first(f, "expire")) > 10800) {
                errors.add("expire must be supplied with priority=2 and be at most 10800");
            }
        }
        if (!errors.isEmpty()) {
            return Reply.json(400, Map.of("errors", errors, "status", 0, "request", UUID.randomUUID().toString()));
        }
        messages.add(f);
        if (priority.equals("2") && !first(f, "tags").isEmpty()) {
            ringing.addAll(List.of(first(f, "tags").split(",")));
        }
        String request = UUID.randomUUID().toString();
        return Reply.json(200, priority.equals("2") ? Map.of("status", 1, "request", request, "receipt", "rLqVuqTRh62UzxtmqiaLzQmVcPgiCy")
                : Map.of("status", 1, "request", request));
    }

    private static String first(Map<String, List<String>> f, String key) {
        List<String> v = f.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static Reply refuse(int status, String field, String error) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        if (field != null) {
            body.put(field, "invalid");
        }
        body.put("errors", List.of(error));
        body.put("status", 0);
        body.put("request", UUID.randomUUID().toString());
        return Reply.json(status, body);
    }
}
