package dev.caretaker.notify.channels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Section;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.ChannelKind;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.OutboxMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code type: twilio}: an SMS per incident change through Twilio's Messages API (twilio.com/docs/messaging/api/message-resource,
 * "Create a Message resource"; twilio.com/docs/usage/twilios-response, "Errors"): {@code POST
 * {base_url}/2010-04-01/Accounts/{account_sid}/Messages.json}, form-encoded {@code To}, {@code From}, {@code Body}, with HTTP Basic
 * (account SID and auth token). One message to each number of {@code to}; a number that got the message is not sent it again when
 * another's failure makes the outbox retry (in this process). The text is kept to one SMS segment where it can be: 160
 * characters of the GSM alphabet, else 70. Twilio answers 201 with the message ({@code sid}, {@code status}); an error is
 * {@code {"code":…,"message":…,"more_info":…,"status":…}}. Incidents only: no reports or action results by SMS.
 */
public final class TwilioChannel implements ChannelKind {
    public static final URI API = URI.create("https://api.twilio.com");
    /** The numbers each message (by channel and outbox id) reached already, until all have it. */
    private static final Map<String, Set<String>> REACHED = new ConcurrentHashMap<>();

    /** The account's SID, its auth token (a secret), the sender number, the numbers written to, and the API's address. */
    public record Settings(String accountSid, String authToken, String from, List<String> to, URI baseUrl) implements ChannelSettings {
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public List<String> keys() {
        return List.of("account_sid", "auth_token", "from", "to", "base_url");
    }

    @Override
    public ChannelSettings read(Section s) {
        String sid = ChannelKeys.required(s, "account_sid", "twilio", "the account's SID (AC…) from the Twilio console");
        if (sid != null && !sid.matches("AC[0-9a-fA-F]{32}")) {
            s.problem("account_sid", "'" + s.keyPath("account_sid") + "' is not a Twilio account SID: it is AC followed by 32 hexadecimal digits");
        }
        String token = ChannelKeys.required(s, "auth_token", "twilio", "the account's auth token from the Twilio console");
        s.secret(token);
        String from = ChannelKeys.required(s, "from", "twilio", "a Twilio phone number (+15017122661) or sender id");
        List<String> to = s.items("to", t -> {
            if (!t.matches("\\+[1-9][0-9]{6,14}")) {
                throw new IllegalArgumentException("'" + t + "' is not a phone number in E.164 form: + country code and number, "
                        + "no spaces (+4915112345678)");
            }
            return t;
        });
        if (!s.has("to")) {
            s.problem("to", "a channel of type twilio needs 'to', the phone numbers to write to ([+4915112345678, …])");
        }
        return new Settings(sid, token, from, to, ChannelKeys.secureUrl(s, "base_url", "the auth token").orElse(API));
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        if (!(notice instanceof Notice.IncidentNotice n) || Short.acknowledgement(notice)) {
            return Optional.empty();
        }
        return Optional.of(Map.of("text", body(n)));
    }

    /** "[P1] opened: crm is down (shop #12)", in one SMS segment where it fits. */
    static String body(Notice.IncidentNotice n) {
        var i = n.incident();
        String head = "[" + i.priority() + "] " + n.verb() + ": ";
        String tail = " (" + n.system() + " #" + i.id() + ")";
        String title = Sms.plain(i.title());
        int room = Sms.segment(head + title + tail) - head.length() - tail.length();
        return Sms.plain(head) + Sms.cut(title, Math.max(20, room)) + Sms.plain(tail);
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        Settings s = (Settings) channel.settings();
        URI url = URI.create(s.baseUrl().toString().replaceAll("/+$", "") + "/2010-04-01/Accounts/" + s.accountSid() + "/Messages.json");
        JsonSender.Headers auth = JsonSender.Headers.secret(Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((s.accountSid() + ":" + s.authToken()).getBytes(StandardCharsets.UTF_8))));
        JsonSender sender = JsonSender.channel("twilio").masking(s.authToken()).withErrorWords((status, body) -> {
            JsonNode message = JsonSender.field(body, "message");
            JsonNode code = JsonSender.field(body, "code");
            JsonNode more = JsonSender.field(body, "more_info");
            return message == null ? null : message.asText() + (code == null ? "" : " (error " + code.asText() + (more == null ? "" : ", "
                    + more.asText()) + ")");
        });
        return new Channel() {
            @Override
            public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
                deliverAnswered(m, deadline);
            }

            @Override
            public String deliverAnswered(OutboxMessage m, Duration deadline) throws DeliveryException {
                long until = System.nanoTime() + deadline.toNanos();
                String key = m.channel() + "#" + m.id() + "#" + m.dedupKey();
                Set<String> reached = REACHED.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
                List<String> answers = new ArrayList<>();
                for (String to : s.to()) {
                    if (reached.contains(to)) {
                        continue;
                    }
                    Map<String, String> form = new LinkedHashMap<>();
                    form.put("To", to);
                    form.put("From", s.from());
                    form.put("Body", m.get("text"));
                    Duration left = Duration.ofNanos(Math.max(1_000_000, until - System.nanoTime()));
                    String answer;
                    try {
                        answer = sender.send("POST", url, auth, Forms.TYPE, Forms.encode(form), left);
                    } catch (DeliveryException e) {
                        throw new DeliveryException(e.getMessage() + " (to " + to + (reached.isEmpty() ? "" : "; sent to " + String.join(", ", reached))
                                + ")", e.retryAfter().orElse(null));
                    }
                    reached.add(to);
                    JsonNode sid = JsonSender.field(answer, "sid");
                    JsonNode status = JsonSender.field(answer, "status");
                    answers.add(to + ": " + (sid == null ? "accepted" : sid.asText()) + (status == null ? "" : " " + status.asText()));
                }
                REACHED.remove(key);
                return answers.isEmpty() ? "every number had it already" : String.join(", ", answers);
            }
        };
    }
}
