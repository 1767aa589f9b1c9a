package dev.caretaker.notify.channels;

import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Section;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.ChannelKind;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.Texts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: rocketchat}: a Rocket.Chat incoming webhook integration ({@code POST /hooks/ID/TOKEN}, Rocket.Chat docs,
 * Workspace administration → Integrations → "Incoming webhook"): {@code text} in Markdown and one attachment (title with its
 * link, text, color by priority, short fields). It answers {@code {"success": true}}; a refusal is
 * {@code {"success": false, "error": "…"}} — with a 4xx, and sometimes with 200, which counts as a refusal here too.
 */
public final class RocketChatChannel implements ChannelKind {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "rocketchat";
    }

    @Override
    public List<String> keys() {
        return List.of("webhook");
    }

    @Override
    public ChannelSettings read(Section s) {
        return ChatWebhook.read(s, "rocketchat", "https://chat.example.com/hooks/ID/TOKEN");
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        return ChatCard.of(notice).map(c -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", ChatWebhook.markdown(c));
            Map<String, Object> attachment = ChatWebhook.attachment(c, false);
            attachment.remove("fallback"); // a Slack field Rocket.Chat does not document
            body.put("attachments", List.of(attachment));
            return Map.of("body", Texts.json(body));
        });
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        java.net.URI url = ((ChatWebhook.Settings) channel.settings()).webhook();
        JsonSender sender = JsonSender.channel("rocketchat");
        return (m, deadline) -> {
            String answer = sender.send("POST", url, JsonSender.Headers.NONE, m.get("body"), deadline);
            try {
                var a = JSON.readTree(answer);
                if (a != null && a.path("success").isBoolean() && !a.get("success").asBoolean()) {
                    throw new DeliveryException("rocketchat answered 200 but refused: "
                            + ChatCard.cut(a.path("error").asText("no reason given"), JsonSender.EXCERPT));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // not JSON: a 2xx is taken as delivered
            }
        };
    }
}
