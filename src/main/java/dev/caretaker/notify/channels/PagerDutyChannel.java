package dev.caretaker.notify.channels;

import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Section;
import dev.caretaker.incident.Incident;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.ChannelKind;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.MessageKind;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.Texts;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: pagerduty}: Events API v2 — trigger (also for escalations and flapping), acknowledge and resolve,
 * deduplicated by the incident's fingerprint. It pages for incidents only: no action results, no reports.
 */
public final class PagerDutyChannel implements ChannelKind {
    public static final URI EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");

    /** The integration's routing key (a secret), and the events URL. */
    public record Settings(String routingKey, URI url) implements ChannelSettings {
    }

    @Override
    public String name() {
        return "pagerduty";
    }

    @Override
    public List<String> keys() {
        return List.of("routing_key", "url");
    }

    @Override
    public ChannelSettings read(Section s) {
        String key = ChannelKeys.required(s, "routing_key", "pagerduty", "the integration key of its service");
        s.secret(key);
        return new Settings(key, ChannelKeys.secureUrl(s, "url", "the routing key").orElse(EVENTS));
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        if (!(notice instanceof Notice.IncidentNotice n)) {
            return Optional.empty();
        }
        Incident i = n.incident();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", ((Settings) channel.settings()).routingKey());
        body.put("event_action", n.resolved() ? "resolve" : n.kind() == MessageKind.INCIDENT_ACKNOWLEDGED ? "acknowledge" : "trigger");
        body.put("dedup_key", n.system() + "|" + i.fingerprint());
        if (body.get("event_action").equals("trigger")) {
            String summary = "[" + i.priority() + "] " + i.title();
            body.put("payload", Map.of("summary", summary.length() > 1024 ? summary.substring(0, 1024) : summary,
                    "source", n.system(), "severity", i.severity().label(), "component", i.check(),
                    "custom_details", Map.of("subject", i.subject(), "incident", i.id(), "priority", i.priority().name(),
                            "audit_head", String.valueOf(n.audit()))));
        }
        return Optional.of(Map.of("body", Texts.json(body)));
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        return JsonSender.channel("pagerduty").poster(((Settings) channel.settings()).url(), JsonSender.Headers.NONE, true, false);
    }
}
