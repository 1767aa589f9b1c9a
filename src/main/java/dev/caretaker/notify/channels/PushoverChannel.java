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
 *
 * <p>An emergency carries the incident's tag ({@code tags}, "Receipts and Callbacks API"), and its acknowledgement or
 * resolution first cancels the repetition with {@code POST {base_url}/1/receipts/cancel_by_tag/TAG.json} (the
 * application token as a field), so the phone stops ringing once someone took the incident in Caretaker.
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

    /**
     * The tag an emergency of this incident carries, unique per system and incident: Pushover takes letters, digits, '-'
     * and '_' here, so the system's name is cut down to those.
     */
    static String tag(String system, dev.caretaker.incident.Incident i) {
        return "caretaker-" + system.replaceAll("[^A-Za-z0-9_-]+", "_") + "-" + i.id();
    }

    /** The tags of the emergencies a notice ends: those of its P0 incidents that were acknowledged or resolved. */
    private static List<String> ended(Notice notice) {
        List<Notice.IncidentNotice> items = notice instanceof Notice.IncidentNotice n ? List.of(n)
                : notice instanceof Notice.IncidentGroupNotice g ? g.items() : List.of();
        return items.stream().filter(n -> n.incident().priority() == Priority.P0
                        && (n.resolved() || n.kind() == dev.caretaker.notify.MessageKind.INCIDENT_ACKNOWLEDGED))
                .map(n -> tag(n.system(), n.incident())).distinct().toList();
    }

    /** The tags of the emergencies a notice starts: its open P0 incidents. */
    private static List<String> started(Notice notice) {
        List<Notice.IncidentNotice> items = notice instanceof Notice.IncidentNotice n ? List.of(n)
                : notice instanceof Notice.IncidentGroupNotice g ? g.items() : List.of();
        return items.stream().filter(n -> n.incident().priority() == Priority.P0 && !n.resolved()
                        && n.kind() != dev.caretaker.notify.MessageKind.INCIDENT_ACKNOWLEDGED)
                .map(n -> tag(n.system(), n.incident())).distinct().toList();
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        List<String> cancel = ended(notice);
        if (Short.acknowledgement(notice)) {
            // people were told of the incident; only a ringing emergency needs stopping
            return cancel.isEmpty() ? Optional.empty() : Optional.of(Map.of("cancel", String.join(",", cancel)));
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
            List<String> tags = started(notice);
            if (!tags.isEmpty()) {
                form.put("tags", String.join(",", tags));
            }
        }
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("form", Texts.json(form));
        if (!cancel.isEmpty()) {
            payload.put("cancel", String.join(",", cancel));
        }
        return Optional.of(payload);
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        Settings s = (Settings) channel.settings();
        String base = s.baseUrl().toString().replaceAll("/+$", "");
        URI url = URI.create(base + "/1/messages.json");
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
                List<String> said = new java.util.ArrayList<>();
                String cancel = m.get("cancel");
                if (!cancel.isBlank()) {
                    // stopping the ringing comes first; a retry of the message cancels again, which Pushover takes
                    for (String tag : cancel.split(",")) {
                        URI cancelUrl = URI.create(base + "/1/receipts/cancel_by_tag/" + tag + ".json");
                        String answer = sender.send("POST", cancelUrl, JsonSender.Headers.NONE, Forms.TYPE, Forms.encode(Map.of("token", s.token())), deadline);
                        JsonNode canceled = JsonSender.field(answer, "canceled");
                        said.add("emergency " + tag + " cancelled" + (canceled == null ? "" : " (" + canceled.asText() + " ringing)"));
                    }
                }
                if (m.get("form").isEmpty()) {
                    return String.join("; ", said);
                }
                Map<String, String> form = new LinkedHashMap<>();
                form.put("token", s.token());
                form.put("user", s.user());
                form.putAll(Forms.stored(m.get("form")));
                String answer = sender.send("POST", url, JsonSender.Headers.NONE, Forms.TYPE, Forms.encode(form), deadline);
                JsonNode request = JsonSender.field(answer, "request");
                JsonNode receipt = JsonSender.field(answer, "receipt");
                said.add("status 1" + (request == null ? "" : ", request " + request.asText()) + (receipt == null ? "" : ", receipt " + receipt.asText()));
                return String.join("; ", said);
            }
        };
    }
}
