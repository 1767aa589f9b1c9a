package dev.caretaker.notify.channels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Priority;
import dev.caretaker.config.Section;
import dev.caretaker.incident.Incident;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.ChannelKind;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.MessageKind;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.notify.Texts;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: opsgenie}: the Alert API v2 (docs.opsgenie.com/docs/alert-api: "Create Alert", "Acknowledge Alert", "Close
 * Alert") with {@code Authorization: GenieKey KEY}. An incident opens an alert whose {@code alias} is the incident's dedup key
 * (the same as PagerDuty's), so Opsgenie folds repeats into one alert; our acknowledgement acknowledges it and our resolve
 * closes it, both by alias ({@code identifierType=alias}, the alias URL-encoded in the path). Opsgenie answers 202 with a
 * {@code requestId}; an error is {@code {"message":…,"took":…,"requestId":…}} (422 adds {@code errors}). Incidents only.
 */
public final class OpsgenieChannel implements ChannelKind {
    public static final URI API = URI.create("https://api.opsgenie.com");
    /** Opsgenie's limits (Create Alert): message 130 characters, alias 512, description 15000, a tag 50. */
    static final int MESSAGE = 130;
    static final int ALIAS = 512;
    static final int DESCRIPTION = 15000;

    /** The API integration's key (a secret) and the API's address (EU accounts: https://api.eu.opsgenie.com). */
    public record Settings(String apiKey, URI baseUrl) implements ChannelSettings {
    }

    @Override
    public String name() {
        return "opsgenie";
    }

    @Override
    public List<String> keys() {
        return List.of("api_key", "base_url");
    }

    @Override
    public ChannelSettings read(Section s) {
        String key = ChannelKeys.required(s, "api_key", "opsgenie", "the key of an API integration in Opsgenie");
        s.secret(key);
        return new Settings(key, ChannelKeys.secureUrl(s, "base_url", "the API key").orElse(API));
    }

    /** Our P0…P3 as Opsgenie's P1…P4 (P5, informational, is not used). */
    public static String priority(Priority p) {
        return "P" + (p.ordinal() + 1);
    }

    /** The alert's alias: the incident's dedup key, or a digest of it when it is longer than Opsgenie takes. */
    static String alias(Notice.IncidentNotice n) {
        String key = n.system() + "|" + n.incident().fingerprint();
        return key.length() <= ALIAS ? key : "caretaker-" + dev.caretaker.action.ActionPlan.sha256(key);
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        if (!(notice instanceof Notice.IncidentNotice n)) {
            return Optional.empty();
        }
        Incident i = n.incident();
        String alias = alias(n);
        if (n.resolved() || n.kind() == MessageKind.INCIDENT_ACKNOWLEDGED) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("source", "caretaker");
            if (!n.resolved() && i.acknowledgedBy() != null) {
                body.put("user", Short.cut(i.acknowledgedBy(), 100));
            }
            body.put("note", n.resolved() ? "Resolved in Caretaker (" + n.system() + ")" : "Acknowledged in Caretaker (" + n.system() + ")");
            return Optional.of(Map.of("action", n.resolved() ? "close" : "acknowledge", "alias", alias, "body", Texts.json(body)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", Short.cut("[" + i.priority() + "] " + i.title(), MESSAGE));
        body.put("alias", alias);
        body.put("description", Short.cut(Texts.incidentText(n), DESCRIPTION));
        List<String> tags = new ArrayList<>(List.of("caretaker", i.priority().name(), i.severity().label()));
        tags.add(Short.cut(i.check(), 50));
        body.put("tags", tags);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("system", n.system());
        details.put("check", i.check());
        details.put("subject", Short.cut(i.subject(), 1000));
        details.put("incident", String.valueOf(i.id()));
        details.put("caretaker_priority", i.priority().name());
        details.put("event", n.verb());
        if (n.audit() != null) {
            details.put("audit_head", n.audit());
        }
        body.put("details", details);
        body.put("entity", Short.cut(i.subject(), 512));
        body.put("source", "caretaker");
        body.put("priority", priority(i.priority()));
        return Optional.of(Map.of("action", "create", "alias", alias, "body", Texts.json(body)));
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        Settings s = (Settings) channel.settings();
        String base = s.baseUrl().toString().replaceAll("/+$", "");
        JsonSender sender = new JsonSender("opsgenie", JsonSender.CHANNEL, true).withErrorWords((status, body) -> {
            JsonNode message = JsonSender.field(body, "message");
            JsonNode errors = JsonSender.field(body, "errors");
            StringBuilder words = new StringBuilder(message == null ? "" : message.asText());
            if (errors != null) {
                errors.fields().forEachRemaining(e -> words.append(words.length() == 0 ? "" : " ").append(e.getKey()).append(": ")
                        .append(e.getValue().asText()));
            }
            return words.length() == 0 ? null : words.toString();
        });
        JsonSender.Headers headers = JsonSender.Headers.secret(Map.of("Authorization", "GenieKey " + s.apiKey()));
        return new Channel() {
            @Override
            public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
                deliverAnswered(m, deadline);
            }

            @Override
            public String deliverAnswered(OutboxMessage m, Duration deadline) throws DeliveryException {
                String action = m.get("action");
                URI url = action.equals("create") ? URI.create(base + "/v2/alerts")
                        : URI.create(base + "/v2/alerts/" + segment(m.get("alias")) + "/" + action + "?identifierType=alias");
                String answer = sender.send("POST", url, headers, m.get("body"), deadline);
                JsonNode result = JsonSender.field(answer, "result");
                JsonNode request = JsonSender.field(answer, "requestId");
                return answered(result, request);
            }
        };
    }

    /** What Opsgenie said: its {@code result} with the request id, or "accepted, requestId …" when it gave no result. */
    static String answered(JsonNode result, JsonNode request) {
        String words = result == null || !result.isTextual() ? "" : result.asText().strip();
        String id = request == null ? "" : request.asText().strip();
        if (words.isEmpty()) {
            return "accepted" + (id.isEmpty() ? "" : ", requestId " + id);
        }
        return words + (id.isEmpty() ? "" : " (requestId " + id + ")");
    }

    /** {@code text} as one path segment: every character but the unreserved ones percent-encoded (a slash too). */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
