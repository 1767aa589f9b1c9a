package dev.caretaker.notify.channels;

import dev.caretaker.demo.api.ApiStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Twilio's Messages API on 127.0.0.1, as twilio.com/docs/messaging/api/message-resource ("Create a Message resource") and
 * twilio.com/docs/usage/twilios-response ("Errors") document it: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json},
 * HTTP Basic with the account SID and auth token (else 401, error 20003 "Authenticate"), form-encoded {@code To} (E.164, else
 * 400 error 21211 "Invalid 'To' Phone Number"), {@code From} (a number of the account, else 21606), {@code Body} (else 21602
 * "Message body is required"). Success: 201 with the Message resource ({@code sid} "SM…", {@code status} "queued",
 * {@code num_segments}). An error: {@code {"code":…,"message":…,"more_info":"https://www.twilio.com/docs/errors/CODE","status":…}}.
 * A number {@link #unsubscribe}d is refused with 21610 ("Attempt to send to unsubscribed recipient").
 */
final class TwilioStandIn extends ApiStandIn {
    private final String sid;
    private final String authToken;
    private final String from;
    private final Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
    final List<Map<String, List<String>>> messages = new CopyOnWriteArrayList<>();

    TwilioStandIn(String sid, String authToken, String from) throws IOException {
        super("twilio", 0);
        this.sid = sid;
        this.authToken = authToken;
        this.from = from;
        start();
    }

    void unsubscribe(String number) {
        unsubscribed.add(number);
    }

    @Override
    protected boolean authorized(Request r) {
        String basic = "Basic " + Base64.getEncoder().encodeToString((sid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        return basic.equals(r.header("authorization"));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return error(401, 20003, "Authenticate");
    }

    @Override
    protected Reply rateLimited(Request r) {
        return error(429, 20429, "Too Many Requests");
    }

    @Override
    protected Reply notFound(Request r) {
        return error(404, 20404, "The requested resource " + r.path() + " was not found");
    }

    @Override
    protected Reply answer(Request r) {
        if (!r.path().equals("/2010-04-01/Accounts/" + sid + "/Messages.json") || !r.method().equals("POST")) {
            return null;
        }
        Map<String, List<String>> f = params(r.body());
        String to = f.getOrDefault("To", List.of("")).get(0);
        String body = f.getOrDefault("Body", List.of("")).get(0);
        if (!to.matches("\\+[1-9][0-9]{6,14}")) {
            return error(400, 21211, "Invalid 'To' Phone Number: " + to);
        }
        if (!from.equals(f.getOrDefault("From", List.of("")).get(0))) {
            return error(400, 21606, "The From phone number is not a valid, SMS-capable inbound phone number or short code for your account.");
        }
        if (body.isEmpty()) {
            return error(400, 21602, "Message body is required.");
        }
        if (unsubscribed.contains(to)) {
            return error(400, 21610, "Attempt to send to unsubscribed recipient");
        }
        messages.add(f);
        return Reply.json(201, Map.of("sid", "SM" + "0123456789abcdef0123456789abcd" + String.format("%02d", messages.size() % 100),
                "account_sid", sid, "to", to, "from", from, "body", body, "status", "queued", "num_segments", String.valueOf(segments(body)),
                "api_version", "2010-04-01", "direction", "outbound-api"));
    }

    /** How many SMS segments {@code body} takes: 160 GSM characters (153 each when split), else 70 UCS-2 (67 each). */
    static int segments(String body) {
        boolean gsm = body.chars().allMatch(c -> "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
                .indexOf(c) >= 0);
        int one = gsm ? 160 : 70;
        int part = gsm ? 153 : 67;
        return body.length() <= one ? 1 : (body.length() + part - 1) / part;
    }

    private static Reply error(int status, int code, String message) {
        return Reply.json(status, Map.of("code", code, "message", message, "more_info", "https://www.twilio.com/docs/errors/" + code, "status", status));
    }
}
