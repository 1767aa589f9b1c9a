package dev.caretaker.notify.channels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.demo.api.ApiStandIn;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Telegram's Bot API on 127.0.0.1, as core.telegram.org/bots/api documents it. "Making requests": {@code POST /bot<token>/METHOD}
 * with a JSON body; every answer is {@code {"ok":true,"result":…}} or {@code {"ok":false,"error_code":…,"description":…}}, and a
 * 429 carries {@code parameters.retry_after}. A wrong token is answered 401 "Unauthorized". "sendMessage": {@code chat_id} (an
 * unknown chat: 400 "Bad Request: chat not found"), {@code text} (1-4096 characters after entities are parsed; empty: "Bad
 * Request: message text is empty"), {@code parse_mode}. "Formatting options", MarkdownV2 style: a backslash escapes the character
 * after it; {@code *bold*} and {@code _italic_} are entities; any other of the characters {@code _*[]()~`>#+-=|{}.!} written
 * without a backslash is refused with 400 "Bad Request: can't parse entities: Character 'c' is reserved and must be escaped
 * with the preceding '\'", and an entity left open with "Can't find end of … entity". Kept: each message's text as Telegram
 * shows it (the markup parsed away).
 */
final class TelegramStandIn extends ApiStandIn {
    static final String RESERVED = "_*[]()~`>#+-=|{}.!";
    private final String token;
    private final String chat;
    final List<String> shown = new CopyOnWriteArrayList<>();
    final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger(100);

    TelegramStandIn(String token, String chat) throws IOException {
        super("telegram", 0);
        this.token = token;
        this.chat = chat;
        start();
    }

    @Override
    protected boolean authorized(Request r) {
        return r.path().startsWith("/bot" + token + "/");
    }

    @Override
    protected Reply unauthorized(Request r) {
        return failure(401, "Unauthorized", null);
    }

    @Override
    protected Reply rateLimited(Request r) {
        return failure(429, "Too Many Requests: retry after 120", Map.of("retry_after", 120));
    }

    @Override
    protected Reply notFound(Request r) {
        return failure(404, "Not Found", null);
    }

    @Override
    protected Reply answer(Request r) throws IOException {
        if (!r.path().equals("/bot" + token + "/sendMessage") || !r.method().equals("POST")) {
            return null;
        }
        if (r.header("content-type") == null || !r.header("content-type").startsWith("application/json")) {
            return failure(400, "Bad Request: message text is empty", null);
        }
        JsonNode b = JSON.readTree(r.body());
        bodies.add(b);
        if (!chat.equals(b.path("chat_id").asText())) {
            return failure(400, "Bad Request: chat not found", null);
        }
        String text = b.path("text").asText("");
        String plain = "MarkdownV2".equals(b.path("parse_mode").asText()) ? markdownV2(text) : text;
        if (plain.startsWith("!")) {
            return failure(400, plain.substring(1), null);
        }
        if (plain.isBlank()) {
            return failure(400, "Bad Request: message text is empty", null);
        }
        if (plain.length() > 4096) {
            return failure(400, "Bad Request: message is too long", null);
        }
        shown.add(plain);
        return Reply.json(200, Map.of("ok", true, "result", Map.of("message_id", ids.incrementAndGet(), "date", 1_700_000_000,
                "chat", Map.of("id", chat, "type", "group"), "text", plain)));
    }

    /** The text as Telegram shows it, or "!" and the refusal's description. */
    static String markdownV2(String text) {
        StringBuilder out = new StringBuilder();
        boolean bold = false;
        boolean italic = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 == text.length()) {
                    return "!Bad Request: can't parse entities: Character '\\' is reserved and must be escaped with the preceding '\\'";
                }
                out.append(text.charAt(++i));
            } else if (c == '*') {
                bold = !bold;
            } else if (c == '_') {
                italic = !italic;
            } else if (RESERVED.indexOf(c) >= 0) {
                return "!Bad Request: can't parse entities: Character '" + c + "' is reserved and must be escaped with the preceding '\\'";
            } else {
                out.append(c);
            }
        }
        if (bold || italic) {
            return "!Bad Request: can't parse entities: Can't find end of " + (bold ? "Bold" : "Italic") + " entity at byte offset "
                    + text.length();
        }
        return out.toString();
    }

    private static Reply failure(int code, String description, Map<String, Object> parameters) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("ok", false);
        body.put("error_code", code);
        body.put("description", description);
        if (parameters != null) {
            body.put("parameters", parameters);
        }
        return Reply.json(code, body);
    }
}
