package dev.caretaker.notify.channels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Priority;
import dev.caretaker.config.Section;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.ChannelKind;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.notify.Texts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: pushover}: Pushover's Message API (pushover.net/api: "TL;DR", "Message Priority", "Supplementary URLs",
 * "Response"): {@code POST {base_url}/1/messages.json}, form-encoded {@code token}, {@code user}, {@code message},
 * {@code title}, {@code priority}, {@code url}. P0 goes as emergency priority 2, which Pushover repeats until someone
 * acknowledges it on the phone: every {@link #RETRY} seconds for at most {@link #EXPIRE} seconds. Pushover answers
 * {@code {"status":1,"request":…}}; an error is {@code {"status":0,"errors":[…],"request":…}}, whose errors people see. The
 * application token and user key are secrets: they are added when sending, never stored with the message.
 */
public final class PushoverChannel implements ChannelKind {
    public static final URI API = URI.create("https://api.pushover.net");
    /** Emergency priority: repeated every minute (Pushover's least is 30 s) for an hour (its most is 3 hours). */
    public static final int RETRY = 60;
    public static final int EXPIRE = 3600;

    /** The user (or group) key and the application's API token, both secrets, and the API's address. */
    public record Settings(String user, String token, URI baseUrl) implements ChannelSettings {
    }

    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "pushover";
    }

    @Override
    public List<String> keys() {
        return List.of("user", "token", "base_url");
    }

    @Override
    public ChannelSettings read(Section s) {
        String user = ChannelKeys.required(s, "user", "pushover", "the user or group key from the Pushover dashboard");
        String token = ChannelKeys.required(s, "token", "pushover", "the API token of an application registered at pushover.net");
        s.secret(user);
        s.secret(token);
        return new Settings(user, token, ChannelKeys.secureUrl(s, "base_url", "the user key and the API token").orElse(API));
    }

    /** Our P0…P3 as Pushover's priorities: 2 emergency, 1 high, 0 normal, -1 quiet. */
    public static int priority(Priority p) {
        return 2 - p.ordinal();
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        if (Short.acknowledgement(notice)) {
            return Optional.empty();
        }
        Map<String, String> form = new LinkedHashMap<>();
        int priority;
        if (notice instanceof Notice.IncidentNotice n) {
            var i = n.incident();
            form.put("title", Short.cut(Texts.incidentSubject(n), 250));
            form.put("message", Short.cut(i.check() + " · " + i.subject() + (n.resolved() || Short.runbookLine(n).isEmpty() ? ""
                    : "\nRunbook: " + Short.runbookLine(n)), 1024));
            priority = n.resolved() ? Math.min(0, priority(i.priority())) : priority(i.priority());
            String link = n.resolved() ? null : Short.runbookLink(n);
            if (link != null) {
                form.put("url", link);
                form.put("url_title", "Runbook");
            }
        } else if (notice instanceof Notice.IncidentGroupNotice g) {
            form.put("title", Short.cut(Texts.groupSubject(g), 250));
            form.put("message", Short.cut(Texts.groupText(g), 1024));
            priority = priority(Short.top(g));
        } else if (notice instanceof Notice.ActionNotice n) {
            form.put("title", Short.cut(Texts.actionSubject(n), 250));
            form.put("message", Short.cut(n.outcome().line(), 1024));
            priority = n.pending() ? 1 : 0;
        } else {
            Notice.ReportNotice r = (Notice.ReportNotice) notice;
            form.put("title", Short.cut(r.subject(), 250));
            form.put("message", Short.cut(r.summary(), 1024));
            priority = -1;
        }
        form.put("priority", String.valueOf(priority));
        if (priority == 2) {
            form.put("retry", String.valueOf(RETRY));
            form.put("expire", String.valueOf(EXPIRE));
        }
        return Optional.of(Map.of("form", Texts.json(form)));
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        Settings s = (Settings) channel.settings();
        URI url = URI.create(s.baseUrl().toString().replaceAll("/+$", "") + "/1/messages.json");
        JsonSender sender = JsonSender.channel("pushover").masking(s.token(), s.user()).withErrorWords((status, body) -> {
            JsonNode errors = JsonSender.field(body, "errors");
            if (errors == null || !errors.isArray()) {
                return null;
            }
            List<String> words = new java.util.ArrayList<>();
            errors.forEach(e -> words.add(e.asText()));
            return String.join("; ", words);
        });
        return new Channel() {
            @Override
            public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
                deliverAnswered(m, deadline);
            }

            @Override
            public String deliverAnswered(OutboxMessage m, Duration deadline) throws DeliveryException {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("token", s.token());
                form.put("user", s.user());
                form.putAll(Forms.stored(m.get("form")));
                String answer = sender.send("POST", url, JsonSender.Headers.NONE, Forms.TYPE, Forms.encode(form), deadline);
                JsonNode request = JsonSender.field(answer, "request");
                JsonNode receipt = JsonSender.field(answer, "receipt");
                return "status 1" + (request == null ? "" : ", request " + request.asText()) + (receipt == null ? "" : ", receipt " + receipt.asText());
            }
        };
    }
}
