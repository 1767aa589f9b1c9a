package dev.caretaker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.demo.api.ApiStandIn;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The chat services' incoming webhooks on 127.0.0.1, each as its public reference documents it (the Javadoc of each names
 * the document and section). A webhook's credential is its URL: a request to another URL is refused the provider's way.
 * Each keeps the bodies it accepted ({@link Chat#bodies()}).
 */
final class ChatStandIns {
    private ChatStandIns() {
    }

    /** What every chat stand-in shares: the bodies it accepted, the credential in the path. */
    abstract static class Chat extends ApiStandIn {
        final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        final List<Map<String, List<String>>> queries = new CopyOnWriteArrayList<>();

        Chat(String name) throws IOException {
            super(name, 0);
        }

        List<JsonNode> bodies() {
            return List.copyOf(bodies);
        }

        /** The body parsed, or null when it is not JSON. */
        static JsonNode parse(String body) {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        Reply accept(Request r, JsonNode body, Reply reply) {
            bodies.add(body);
            queries.add(r.params());
            return reply;
        }

        static Reply json(int status, Object body) {
            return Reply.json(status, body);
        }
    }

    /**
     * Discord, Developer Docs: Resources → Webhook → "Execute Webhook" ({@code POST /webhooks/{webhook.id}/{webhook.token}},
     * {@code wait} "waits for server confirmation of message send before response, and returns the created message body";
     * without it 204), Resources → Message → "Embed Limits" (title 256, description 4096, 25 fields, field name 256, value
     * 1024, footer 2048, 6000 in all), Topics → Opcodes and Status Codes → "JSON Error Codes" (10015 Unknown Webhook, 50027
     * Invalid Webhook Token, 50035 Invalid Form Body, with {@code message}), Topics → Rate Limits → "Exceeding A Rate Limit"
     * (429 with {@code {"message": "You are being rate limited.", "retry_after": 42.5, "global": false}} and the
     * {@code X-RateLimit-*} headers; the base adds {@code Retry-After}).
     */
    static final class Discord extends Chat {
        final String id;
        final String token;
        volatile double retryAfter = 42.5;

        Discord(String id, String token) throws IOException {
            super("discord");
            this.id = id;
            this.token = token;
            start();
        }

        String webhook(String token) {
            return url() + "/api/webhooks/" + id + "/" + token;
        }

        @Override
        protected boolean authorized(Request r) {
            return r.path().equals("/api/webhooks/" + id + "/" + token);
        }

        @Override
        protected Reply unauthorized(Request r) {
            return r.path().startsWith("/api/webhooks/" + id + "/") ? json(401, Map.of("message", "Invalid Webhook Token", "code", 50027))
                    : json(404, Map.of("message", "Unknown Webhook", "code", 10015));
        }

        @Override
        protected Reply rateLimited(Request r) {
            return json(429, Map.of("message", "You are being rate limited.", "retry_after", retryAfter, "global", false))
                    .with("x-ratelimit-limit", "5").with("x-ratelimit-remaining", "0").with("x-ratelimit-reset-after", String.valueOf(retryAfter))
                    .with("x-ratelimit-bucket", "webhook-bucket").with("x-ratelimit-scope", "shared");
        }

        @Override
        protected Reply notFound(Request r) {
            return json(404, Map.of("message", "404: Not Found", "code", 0));
        }

        @Override
        protected Reply answer(Request r) {
            if (!r.method().equals("POST")) {
                return json(405, Map.of("message", "405: Method Not Allowed", "code", 0));
            }
            JsonNode body = parse(r.body());
            String wrong = body == null ? "not JSON" : wrong(body);
            if (wrong != null) {
                return json(400, Map.of("code", 50035, "message", "Invalid Form Body", "errors", Map.of("embeds", wrong)));
            }
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("id", "1180000000000000001");
            message.put("type", 0);
            message.put("content", "");
            message.put("channel_id", "1170000000000000001");
            message.put("webhook_id", id);
            message.put("embeds", body.get("embeds"));
            return accept(r, body, "true".equals(r.param("wait", null)) ? json(200, message) : new Reply(204, Map.of(), null));
        }

        static String wrong(JsonNode body) {
            JsonNode embeds = body.path("embeds");
            if (!body.path("content").isTextual() && (!embeds.isArray() || embeds.isEmpty())) {
                return "Cannot send an empty message";
            }
            if (embeds.size() > 10) {
                return "Must be 10 or fewer in length.";
            }
            for (JsonNode e : embeds) {
                int total = e.path("title").asText().length() + e.path("description").asText().length() + e.path("footer").path("text").asText().length();
                if (e.path("title").asText().length() > 256 || e.path("description").asText().length() > 4096
                        || e.path("footer").path("text").asText().length() > 2048) {
                    return "Must be 256 (title), 4096 (description), 2048 (footer) or fewer in length.";
                }
                if (e.has("color") && !e.get("color").isInt()) {
                    return "color: Value is not int.";
                }
                if (e.path("fields").size() > 25) {
                    return "fields: Must be 25 or fewer in length.";
                }
                for (JsonNode f : e.path("fields")) {
                    if (!f.path("name").isTextual() || !f.path("value").isTextual() || f.get("name").asText().length() > 256
                            || f.get("value").asText().length() > 1024 || f.get("value").asText().isEmpty()) {
                        return "fields: a name of 256 and a value of 1 to 1024 characters";
                    }
                    total += f.get("name").asText().length() + f.get("value").asText().length();
                }
                if (total > 6000) {
                    return "Embed size exceeds maximum size of 6000";
                }
            }
            return null;
        }
    }

    /**
     * Google Chat, "Build a Google Chat app as a webhook" (POST to
     * {@code https://chat.googleapis.com/v1/spaces/SPACE/messages?key=KEY&token=TOKEN}; "Start or reply to a message thread":
     * {@code thread.threadKey} and {@code messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD}) and the REST reference
     * {@code spaces.messages.create} (200 with the created {@code Message}: {@code name}, {@code thread.name}; its
 * {@code markupSyntax} one of the enum {@code MarkupSyntax}); errors in
     * Google's JSON error format ({@code {"error": {"code", "message", "status"}}}: 400 INVALID_ARGUMENT for a body that is
     * not a Message, 401 UNAUTHENTICATED for a bad token).
     */
    static final class GoogleChat extends Chat {
        final String key;
        final String token;
        final Map<String, String> threads = new ConcurrentHashMap<>();

        GoogleChat(String key, String token) throws IOException {
            super("google-chat");
            this.key = key;
            this.token = token;
            start();
        }

        String webhook(String token) {
            return url() + "/v1/spaces/AAAAcaretkr/messages?key=" + key + "&token=" + token;
        }

        @Override
        protected boolean authorized(Request r) {
            return key.equals(r.param("key", null)) && token.equals(r.param("token", null));
        }

        @Override
        protected Reply unauthorized(Request r) {
            return error(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid "
                    + "authentication credential.", "UNAUTHENTICATED");
        }

        @Override
        protected Reply rateLimited(Request r) {
            return error(429, "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED");
        }

        @Override
        protected Reply notFound(Request r) {
            return error(404, "Requested entity was not found.", "NOT_FOUND");
        }

        @Override
        protected Reply answer(Request r) {
            if (!r.method().equals("POST") || !r.path().equals("/v1/spaces/AAAAcaretkr/messages")) {
                return null;
            }
            JsonNode body = parse(r.body());
            if (body == null) {
                return error(400, "Invalid JSON payload received.", "INVALID_ARGUMENT");
            }
            // REST reference, enum MarkupSyntax: how the server reads the message's text field
            if (body.has("markupSyntax") && !List.of("MARKUP_SYNTAX_UNSPECIFIED", "MARKUP_SYNTAX_CHAT", "MARKUP_SYNTAX_MARKDOWN")
                    .contains(body.get("markupSyntax").asText())) {
                return error(400, "Invalid value at 'message.markup_syntax' (type.googleapis.com/google.chat.v1.MarkupSyntax), \""
                        + body.get("markupSyntax").asText() + "\"", "INVALID_ARGUMENT");
            }
            for (var names = body.fieldNames(); names.hasNext(); ) {
                String n = names.next();
                if (!List.of("text", "cardsV2", "thread", "fallbackText", "markupSyntax").contains(n)) {
                    return error(400, "Invalid JSON payload received. Unknown name \"" + n + "\" at 'message': Cannot find field.", "INVALID_ARGUMENT");
                }
            }
            for (JsonNode c : body.path("cardsV2")) {
                if (!c.path("cardId").isTextual() || !c.path("card").path("sections").isArray()) {
                    return error(400, "Invalid card: a cardsV2 item needs cardId and card.sections", "INVALID_ARGUMENT");
                }
                for (JsonNode s : c.path("card").path("sections")) {
                    if (!s.path("widgets").isArray() || s.path("widgets").isEmpty()) {
                        return error(400, "Invalid card: a section needs widgets", "INVALID_ARGUMENT");
                    }
                }
            }
            if (!body.path("text").isTextual() && body.path("cardsV2").isEmpty()) {
                return error(400, "Message cannot be empty.", "INVALID_ARGUMENT");
            }
            String threadKey = body.path("thread").path("threadKey").asText(null);
            boolean reply = "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD".equals(r.param("messageReplyOption", null));
            String thread = threadKey != null && reply ? threads.computeIfAbsent(threadKey, k -> "spaces/AAAAcaretkr/threads/t" + threads.size())
                    : "spaces/AAAAcaretkr/threads/n" + bodies.size(); // without the option a thread key is ignored: a new thread
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("name", "spaces/AAAAcaretkr/messages/m" + bodies.size());
            message.put("text", body.path("text").asText(""));
            message.put("thread", threadKey == null ? Map.of("name", thread) : Map.of("name", thread, "threadKey", threadKey));
            return accept(r, body, json(200, message));
        }

        private static Reply error(int code, String message, String status) {
            return json(code, Map.of("error", Map.of("code", code, "message", message, "status", status)));
        }
    }

    /**
     * Mattermost, developer docs "Incoming webhooks" ({@code POST /hooks/KEY}, JSON with {@code text}, {@code attachments},
     * {@code props}, {@code priority}; "A successful request will get … 200 OK, Content-Type: text/plain … ok") and
     * "Message Attachments" (fallback, color as hex, title, title_link, text, fields of short/title/value, footer); an error is
     * Mattermost's AppError JSON: {@code {"id": "web.incoming_webhook.invalid.app_error", "message": "Invalid webhook.",
     * "detailed_error": "", "request_id": …, "status_code": 400}}.
     */
    static final class Mattermost extends Chat {
        final String key;

        Mattermost(String key) throws IOException {
            super("mattermost");
            this.key = key;
            start();
        }

        String webhook(String key) {
            return url() + "/hooks/" + key;
        }

        @Override
        protected boolean authorized(Request r) {
            return r.path().equals("/hooks/" + key);
        }

        @Override
        protected Reply unauthorized(Request r) {
            return appError("web.incoming_webhook.invalid.app_error", "Invalid webhook.");
        }

        @Override
        protected Reply rateLimited(Request r) {
            return json(429, "{\"id\":\"api.context.rate_limit.app_error\",\"message\":\"Too many requests.\",\"status_code\":429}");
        }

        @Override
        protected Reply notFound(Request r) {
            return appError("web.incoming_webhook.invalid.app_error", "Invalid webhook.");
        }

        @Override
        protected Map<String, String> common(Request r, int status) {
            return Map.of("content-type", status == 200 ? "text/plain" : "application/json");
        }

        @Override
        protected Reply answer(Request r) {
            JsonNode body = parse(r.body());
            if (body == null) {
                return appError("web.incoming_webhook.parse.app_error", "Unable to parse incoming data.");
            }
            if (!body.path("text").isTextual() && body.path("attachments").isEmpty()) {
                return appError("web.incoming_webhook.text.app_error", "No text specified.");
            }
            for (JsonNode a : body.path("attachments")) {
                if (a.has("color") && !a.get("color").asText().matches("#[0-9A-Fa-f]{6}|good|warning|danger")) {
                    return appError("web.incoming_webhook.parse.app_error", "Unable to parse incoming data.");
                }
            }
            return accept(r, body, new Reply(200, Map.of(), "ok"));
        }

        private static Reply appError(String id, String message) {
            return json(400, Map.of("id", id, "message", message, "detailed_error", "", "request_id", "hoan6o9ws7rp5xj7wu9rmysrte",
                    "status_code", 400));
        }
    }

    /**
     * Rocket.Chat, "Integrations" → "Incoming webhook" ({@code POST /hooks/ID/TOKEN} with {@code text} and
     * {@code attachments}: title, title_link, text, color, fields of short/title/value); the server's incoming-webhook API
     * answers {@code {"success": true}}, and for an unknown integration or token 404
     * {@code {"success": false, "error": "Invalid integration id or token provided."}}.
     */
    static final class RocketChat extends Chat {
        final String id;
        final String token;

        RocketChat(String id, String token) throws IOException {
            super("rocketchat");
            this.id = id;
            this.token = token;
            start();
        }

        String webhook(String token) {
            return url() + "/hooks/" + id + "/" + token;
        }

        @Override
        protected boolean authorized(Request r) {
            return r.path().equals("/hooks/" + id + "/" + token);
        }

        @Override
        protected Reply unauthorized(Request r) {
            return json(404, Map.of("success", false, "error", "Invalid integration id or token provided."));
        }

        @Override
        protected Reply rateLimited(Request r) {
            return json(429, Map.of("success", false, "error", "Error, too many requests. Please slow down."));
        }

        @Override
        protected Reply notFound(Request r) {
            return unauthorized(r);
        }

        @Override
        protected Reply answer(Request r) {
            JsonNode body = parse(r.body());
            if (body == null || (!body.path("text").isTextual() && body.path("attachments").isEmpty())) {
                return json(400, Map.of("success", false, "error", "Message text or attachments are required."));
            }
            return accept(r, body, json(200, Map.of("success", true)));
        }
    }
}
