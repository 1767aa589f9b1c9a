package dev.caretaker.notify.channels;

import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.Section;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the webhook-based chat kinds share: the {@code webhook:} key (the URL is the credential: it, each long part of its
 * path and each query value are secrets, so none shows even where a service quotes only its token), a query parameter
 * added to it, and the Slack-style attachment Mattermost and Rocket.Chat both take.
 */
final class ChatWebhook {
    /** A part of a webhook URL at least this long is a token (ids and tokens are; "api", "hooks", "webhooks" are not). */
    static final int TOKEN_LENGTH = 16;

    /** The settings of a kind whose only key is {@code webhook}. */
    record Settings(URI webhook) implements ChannelSettings {
    }

    private ChatWebhook() {
    }

    /** {@code webhook:} of a channel of {@code type}, its parts registered as secrets; a problem shows {@code example} when missing. */
    static Settings read(Section s, String type, String example) {
        if (!s.has("webhook")) {
            s.problem("webhook", "a channel of type " + type + " needs 'webhook', its incoming webhook URL (" + example + ")");
        }
        Optional<URI> url = ChannelKeys.secureUrl(s, "webhook", "the webhook URL, which is the channel's credential,");
        url.ifPresent(u -> secrets(s, u));
        return new Settings(url.orElse(null));
    }

    private static void secrets(Section s, URI u) {
        s.secret(u.toString());
        for (String part : (u.getRawPath() == null ? "" : u.getRawPath()).split("/")) {
            if (part.length() >= TOKEN_LENGTH) {
                s.secret(part);
            }
        }
        for (String pair : (u.getRawQuery() == null ? "" : u.getRawQuery()).split("&")) {
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.length() >= TOKEN_LENGTH) {
                s.secret(value);
                s.secret(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    /** {@code url} with {@code name=value} in its query, unless it has that parameter already (the user's choice stands). */
    static URI withParam(URI url, String name, String value) {
        String q = url.getRawQuery();
        if (q != null && java.util.Arrays.stream(q.split("&")).anyMatch(p -> p.equals(name) || p.startsWith(name + "="))) {
            return url;
        }
        String s = url.toString();
        int hash = s.indexOf('#');
        String head = hash < 0 ? s : s.substring(0, hash);
        return URI.create(head + (q == null ? "?" : "&") + name + "=" + value);
    }

    /**
     * The Slack-style attachment of a card (Mattermost's "Message Attachments" and Rocket.Chat's attachments): fallback, color,
     * title with its link, Markdown text, short fields, and the audit line as {@code footer} (Mattermost) or the text's last
     * line (Rocket.Chat documents no footer).
     */
    static Map<String, Object> attachment(ChatCard c, boolean footer) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("fallback", c.title());
        a.put("color", c.tone().hex);
        a.put("title", footer ? Markup.markdown(c.title()) : c.title()); // Mattermost renders links in a title; Rocket.Chat shows it plain
        if (c.link() != null) {
            a.put("title_link", c.link().toString());
        }
        String text = Markup.markdown(c.text());
        a.put("text", footer || c.footer().isEmpty() ? text : text + "\n_" + Markup.markdown(c.footer()) + "_");
        List<Map<String, Object>> fields = c.facts().stream().map(f -> Map.<String, Object>of("short", true, "title", f.getKey(),
                "value", Markup.markdown(f.getValue()))).toList();
        if (!fields.isEmpty()) {
            a.put("fields", fields);
        }
        if (footer && !c.footer().isEmpty()) {
            a.put("footer", c.footer());
        }
        return a;
    }

    /** The card's title in bold (its own marks escaped, so our bold holds), with the link. */
    static String markdown(ChatCard c) {
        return "**" + Markup.markdown(c.title()) + "**" + (c.link() == null ? "" : " ([open](" + c.link() + "))");
    }
}
