package dev.caretaker.notify.channels;

import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Section;
import dev.caretaker.incident.Incident;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.ChannelKind;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.Texts;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: webhook}: a JSON event per message, with the dedup key as {@code Idempotency-Key} and the configured headers;
 * with {@code template:}, the body is that template rendered with the message's fields ({@link WebhookTemplate}).
 */
public final class WebhookChannel implements ChannelKind {
    /** Where to post, the headers (secrets) to send, and the template of the body (null: Caretaker's own JSON event). */
    public record Settings(URI url, Map<String, String> headers, WebhookTemplate template) implements ChannelSettings {
        public Settings(URI url, Map<String, String> headers) {
            this(url, headers, null);
        }
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public List<String> keys() {
        return List.of("url", "headers", "template");
    }

    @Override
    public ChannelSettings read(Section s) {
        if (!s.has("url")) {
            s.problem("url", "a channel of type webhook needs 'url'");
        }
        Optional<URI> url = s.httpUrl("url");
        url.ifPresent(u -> s.secret(u.toString()));
        Map<String, String> headers = s.headers("headers");
        if (!headers.isEmpty()) {
            url.ifPresent(u -> dev.caretaker.config.PlainHttp.refuse(s, "url", u, "the secret headers"));
        }
        WebhookTemplate template = null;
        if (s.has("template")) {
            try {
                template = WebhookTemplate.parse(s.scalar("template"));
            } catch (IllegalArgumentException e) {
                s.problem("template", s.keyPath("template") + ": " + e.getMessage());
            }
            boolean json = headers.entrySet().stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Content-Type")
                    && !h.getValue().toLowerCase(java.util.Locale.ROOT).contains("json"));
            if (template != null && json) {
                template.jsonProblem().ifPresent(p -> s.problem("template", "'" + s.keyPath("template") + "' does not render to JSON, "
                        + "the type this channel sends (application/json unless a Content-Type header says otherwise): " + p));
            }
        }
        return new Settings(url.orElse(null), headers, template);
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        WebhookTemplate template = ((Settings) channel.settings()).template();
        if (template != null) {
            return Optional.of(Map.of("body", template.render(notice)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (notice instanceof Notice.IncidentNotice n) {
            Incident i = n.incident();
            body.put("event", n.kind().label());
            body.put("system", n.system());
            Map<String, Object> incident = new LinkedHashMap<>();
            incident.put("id", i.id());
            incident.put("state", i.state().label());
            incident.put("priority", i.priority().name());
            incident.put("severity", i.severity().label());
            incident.put("check", i.check());
            incident.put("subject", i.subject());
            incident.put("title", i.title());
            incident.put("fingerprint", i.fingerprint());
            incident.put("opened_at", i.openedAt().toString());
            body.put("incident", incident);
            body.put("detail", n.detail());
        } else if (notice instanceof Notice.ActionNotice n) {
            var o = n.outcome();
            body.put("event", n.kind().label());
            body.put("system", n.system());
            body.put("action", o.action());
            body.put("subject", o.subject());
            body.put("result", o.result().label());
            body.put("approval", o.approval() == 0 ? null : o.approval());
            body.put("incident", o.incidentId());
            body.put("detail", o.detail());
        } else {
            Notice.ReportNotice n = (Notice.ReportNotice) notice;
            body.put("event", "report");
            body.put("system", n.system());
            body.put("report", n.json());
        }
        body.put("audit_head", notice.audit());
        return Optional.of(Map.of("body", Texts.json(body)));
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        Settings s = (Settings) channel.settings();
        // a templated body is the receiver's own format: the dedup key goes as the header only
        return JsonSender.channel("webhook").poster(s.url(), JsonSender.Headers.secret(s.headers()), true, s.template() == null);
    }
}
