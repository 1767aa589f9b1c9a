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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: ntfy}: a push to an ntfy topic (docs.ntfy.sh/publish: "Publish as JSON", "Message priority", "Tags & emojis",
 * "Click action", "Authentication"): {@code POST {base_url}/} with {@code {"topic","message","title","priority","tags","click"}},
 * so titles in any language travel in JSON rather than in headers. An access token goes as {@code Authorization: Bearer},
 * a user and password as Basic. ntfy answers with the published message ({@code id}); an error is
 * {@code {"code":40301,"http":403,"error":"forbidden","link":…}}, and the {@code error} is what people see.
 */
public final class NtfyChannel implements ChannelKind {
    public static final URI SERVER = URI.create("https://ntfy.sh");

    /** The topic (on a public server as good as a password), the server, and an access token or a user and password. */
    public record Settings(String topic, URI baseUrl, String token, String user, String password) implements ChannelSettings {
    }

    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "ntfy";
    }

    @Override
    public List<String> keys() {
        return List.of("topic", "base_url", "token", "user", "password");
    }

    @Override
    public ChannelSettings read(Section s) {
        String topic = ChannelKeys.required(s, "topic", "ntfy", "the topic the phones subscribe to");
        if (topic != null && !topic.matches("[-_A-Za-z0-9]{1,64}")) {
            s.problem("topic", "'" + topic + "' is not an ntfy topic: letters, digits, - and _, at most 64 characters");
        }
        String token = s.string("token", null);
        String user = s.string("user", null);
        String password = s.string("password", null);
        s.secret(token);
        s.secret(password);
        if (token != null && (user != null || password != null)) {
            s.problem("token", "give either 'token' (an access token, tk_…) or 'user' and 'password', not both");
        } else if ((user == null) != (password == null)) {
            s.problem(user == null ? "password" : "user", "'user' and 'password' go together: give both, or a 'token' instead");
        }
        return new Settings(topic, ChannelKeys.secureUrl(s, "base_url", "the topic (whoever knows it reads and posts) and any token or password")
                .orElse(SERVER), token, user, password);
    }

    /** Our P0…P3 as ntfy's priorities: 5 urgent, 4 high, 3 default, 2 low. */
    public static int priority(Priority p) {
        return 5 - p.ordinal();
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        if (Short.acknowledgement(notice)) {
            return Optional.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", ((Settings) channel.settings()).topic());
        List<String> tags = new ArrayList<>();
        String click = null;
        if (notice instanceof Notice.IncidentNotice n) {
            var i = n.incident();
            body.put("title", Short.cut(Texts.incidentSubject(n), 250));
            body.put("message", Short.cut(i.check() + " · " + i.subject() + (n.resolved() || Short.runbookLine(n).isEmpty() ? ""
                    : "\nRunbook: " + Short.runbookLine(n)), 3500));
            body.put("priority", n.resolved() ? Math.min(3, priority(i.priority())) : priority(i.priority()));
            tags.add(n.resolved() ? "white_check_mark" : i.priority().atLeast(Priority.P1) ? "rotating_light" : "warning");
            tags.add(i.priority().name());
            click = n.resolved() ? null : Short.runbookLink(n);
        } else if (notice instanceof Notice.IncidentGroupNotice g) {
            body.put("title", Short.cut(Texts.groupSubject(g), 250));
            body.put("message", Short.cut(Texts.groupText(g), 3500));
            body.put("priority", priority(Short.top(g)));
            tags.add("rotating_light");
            tags.add(Short.top(g).name());
        } else if (notice instanceof Notice.ActionNotice n) {
            body.put("title", Short.cut(Texts.actionSubject(n), 250));
            body.put("message", Short.cut(n.outcome().line(), 3500));
            body.put("priority", n.pending() ? 4 : 3);
            tags.add(n.pending() ? "raised_hand" : "wrench");
        } else {
            Notice.ReportNotice r = (Notice.ReportNotice) notice;
            body.put("title", Short.cut(r.subject(), 250));
            body.put("message", Short.cut(r.summary(), 3500));
            body.put("priority", 2);
            tags.add("memo");
        }
        tags.add("caretaker");
        body.put("tags", tags);
        if (click != null) {
            body.put("click", click);
        }
        return Optional.of(Map.of("body", Texts.json(body)));
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        Settings s = (Settings) channel.settings();
        URI url = URI.create(s.baseUrl().toString().replaceAll("/+$", "") + "/");
        Map<String, String> auth = s.token() != null ? Map.of("Authorization", "Bearer " + s.token())
                : s.user() != null ? Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((s.user() + ":" + s.password()).getBytes(StandardCharsets.UTF_8))) : Map.of();
        JsonSender.Headers headers = JsonSender.Headers.secret(auth);
        JsonSender sender = JsonSender.channel("ntfy").withErrorWords((status, body) -> {
            JsonNode error = JsonSender.field(body, "error");
            JsonNode link = JsonSender.field(body, "link");
            return error == null ? null : error.asText() + (link == null ? "" : " (see " + link.asText() + ")");
        });
        return new Channel() {
            @Override
            public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
                deliverAnswered(m, deadline);
            }

            @Override
            public String deliverAnswered(OutboxMessage m, Duration deadline) throws DeliveryException {
                String answer = sender.send("POST", url, headers, m.get("body"), deadline);
                JsonNode id = JsonSender.field(answer, "id");
                return id == null ? sender.answered(answer, headers) : "published as message " + id.asText();
            }
        };
    }
}
