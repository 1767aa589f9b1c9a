package dev.caretaker.notify.channels;

import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Section;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.ChannelKind;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.Texts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: mattermost}: a Mattermost incoming webhook ({@code POST /hooks/KEY}, Mattermost developer docs,
 * "Incoming webhooks"): {@code text} in Markdown, one Slack-style attachment ("Message Attachments": fallback, color by
 * priority, title with its link, text, short fields, footer), {@code props.card} with the whole text (shown in the side
 * panel), and for P0 and P1 the message priority ("Message Priority": {@code urgent} for P0, {@code important} for P1). It
 * answers 200 with {@code ok}, an error as {@code {"id": …, "message": …, "status_code": …}}.
 */
public final class MattermostChannel implements ChannelKind {
    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "mattermost";
    }

    @Override
    public List<String> keys() {
        return List.of("webhook");
    }

    @Override
    public ChannelSettings read(Section s) {
        return ChatWebhook.read(s, "mattermost", "https://mattermost.example.com/hooks/KEY");
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        return ChatCard.of(notice).map(c -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", ChatWebhook.markdown(c));
            body.put("attachments", List.of(ChatWebhook.attachment(c, true)));
            body.put("props", Map.of("card", Markup.markdown(c.title()) + "\n\n" + Markup.markdown(c.text())
                    + c.facts().stream().map(f -> "\n| " + f.getKey() + " | " + Markup.markdown(f.getValue()) + " |")
                    .reduce(c.facts().isEmpty() ? "" : "\n\n| | |\n|---|---|", String::concat)));
            switch (c.tone()) {
                case P0 -> body.put("priority", Map.of("priority", "urgent"));
                case P1 -> body.put("priority", Map.of("priority", "important"));
                default -> {
                }
            }
            return Map.of("body", Texts.json(body));
        });
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        return JsonSender.channel("mattermost").poster(((ChatWebhook.Settings) channel.settings()).webhook(), JsonSender.Headers.NONE, false, false);
    }
}
