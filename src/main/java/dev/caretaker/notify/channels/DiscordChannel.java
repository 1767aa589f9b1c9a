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
 * {@code type: discord}: Discord's "Execute Webhook" ({@code POST /api/webhooks/{webhook.id}/{webhook.token}}, Discord
 * Developer Docs, Resources → Webhook) with {@code ?wait=true}, so a message Discord does not save is an error rather than a
 * silent 204. One embed per message (Resources → Message → Embed Object): title, description, colour by priority (resolved
 * green), fields, timestamp, the incident's link and the audit line as footer, cut to the documented limits (title 256,
 * description 4096, 25 fields of 256/1024, footer 2048, 6000 in all); {@code allowed_mentions} empty, so a title with
 * {@code @everyone} pings no one. Title, description and field values render Discord's markdown, so our texts go escaped with
 * backslashes ({@link Markup#markdown}): a title with {@code [text](url)} shows as written, not as a masked link. A 429's {@code retry_after} (Topics → Rate Limits) is how long the outbox waits.
 */
public final class DiscordChannel implements ChannelKind {
    static final int TITLE = 256;
    static final int DESCRIPTION = 4096;
    static final int FIELDS = 25;
    static final int FIELD_NAME = 256;
    static final int FIELD_VALUE = 1024;
    static final int FOOTER = 2048;
    static final int TOTAL = 6000;

    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "discord";
    }

    @Override
    public List<String> keys() {
        return List.of("webhook");
    }

    @Override
    public ChannelSettings read(Section s) {
        return ChatWebhook.read(s, "discord", "https://discord.com/api/webhooks/ID/TOKEN");
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        return ChatCard.of(notice).map(c -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("embeds", List.of(embed(c)));
            body.put("allowed_mentions", Map.of("parse", List.of()));
            return Map.of("body", Texts.json(body));
        });
    }

    static Map<String, Object> embed(ChatCard c) {
        Map<String, Object> e = new LinkedHashMap<>();
        String title = ChatCard.cut(Markup.markdown(c.title()), TITLE);
        String footer = ChatCard.cut(c.footer(), FOOTER);
        List<Map<String, Object>> fields = c.facts().stream().limit(FIELDS).map(f -> Map.<String, Object>of(
                "name", ChatCard.cut(f.getKey(), FIELD_NAME), "value", ChatCard.cut(f.getValue().isEmpty() ? "—" : Markup.markdown(f.getValue()), FIELD_VALUE),
                "inline", true)).toList();
        int used = title.length() + footer.length()
                + fields.stream().mapToInt(f -> ((String) f.get("name")).length() + ((String) f.get("value")).length()).sum();
        String description = ChatCard.cut(Markup.markdown(c.text()), Math.max(1, Math.min(DESCRIPTION, TOTAL - used)));
        e.put("title", title);
        if (!description.isEmpty()) {
            e.put("description", description);
        }
        if (c.link() != null) {
            e.put("url", c.link().toString());
        }
        e.put("color", c.tone().rgb());
        if (!fields.isEmpty()) {
            e.put("fields", fields);
        }
        if (c.at() != null) {
            e.put("timestamp", c.at().toString());
        }
        if (!footer.isEmpty()) {
            e.put("footer", Map.of("text", footer));
        }
        return e;
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        return JsonSender.channel("discord").poster(ChatWebhook.withParam(((ChatWebhook.Settings) channel.settings()).webhook(), "wait", "true"),
                JsonSender.Headers.NONE, false, false);
    }
}
