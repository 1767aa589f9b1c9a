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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: teams}: Microsoft Teams through a Workflows (Power Automate) webhook, the "Send webhook alerts to a channel"
 * workflow whose trigger is "When a Teams webhook request is received". The body is the message envelope that trigger takes
 * (Microsoft Learn, "Create and send messages" → "Microsoft Teams - Webhook"): {@code {"type": "message", "attachments":
 * [{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": null, "content": CARD}]}}, with an Adaptive Card
 * of schema 1.4: the title as a bold TextBlock coloured by priority, the text, a FactSet, the audit line, and an
 * {@code Action.OpenUrl} to the incident when {@code auth.public_url} is set. The trigger answers 202 Accepted. TextBlocks and facts
 * render a CommonMark subset (Adaptive Cards, "Text features": bold, italic, lists, links), so every text from app data is
 * escaped ({@link Markup#markdown}): a title shows as written and never becomes a link.
 */
public final class TeamsChannel implements ChannelKind {
    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "teams";
    }

    @Override
    public List<String> keys() {
        return List.of("webhook");
    }

    @Override
    public ChannelSettings read(Section s) {
        return ChatWebhook.read(s, "teams", "the URL of the workflow's \"When a Teams webhook request is received\" trigger");
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        return ChatCard.of(notice).map(c -> Map.of("body", Texts.json(envelope(card(c)))));
    }

    /** The envelope the Workflows trigger takes around one Adaptive Card. */
    static Map<String, Object> envelope(Map<String, Object> card) {
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "message");
        body.put("attachments", List.of(attachment));
        return body;
    }

    static Map<String, Object> card(ChatCard c) {
        List<Map<String, Object>> body = new ArrayList<>();
        body.add(Map.of("type", "TextBlock", "text", Markup.markdown(c.title()), "weight", "Bolder", "size", "Medium", "color", c.tone().emphasis, "wrap", true));
        for (String line : c.lines()) {
            body.add(Map.of("type", "TextBlock", "text", Markup.markdown(line), "wrap", true));
        }
        if (!c.facts().isEmpty()) {
            body.add(Map.of("type", "FactSet", "facts", c.facts().stream().map(f -> Map.of("title", f.getKey(), "value", Markup.markdown(f.getValue()))).toList()));
        }
        if (!c.footer().isEmpty()) {
            body.add(Map.of("type", "TextBlock", "text", Markup.markdown(c.footer()), "isSubtle", true, "size", "Small", "wrap", true));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("msteams", Map.of("width", "Full"));
        card.put("body", body);
        if (c.link() != null) {
            card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open in Caretaker", "url", c.link().toString())));
        }
        return card;
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        return JsonSender.channel("teams").poster(((ChatWebhook.Settings) channel.settings()).webhook(), JsonSender.Headers.NONE, false, false);
    }
}
