package dev.caretaker.notify.channels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
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
 * {@code type: telegram}: the Bot API's {@code sendMessage} (core.telegram.org/bots/api, "sendMessage" and "Formatting options",
 * MarkdownV2 style): {@code POST {base_url}/bot{bot_token}/sendMessage} with {@code chat_id}, {@code text} in MarkdownV2 with
 * every reserved character of our words escaped, and {@code disable_web_page_preview}. Telegram answers {@code {"ok":true,
 * "result":{…}}} or {@code {"ok":false,"error_code":…,"description":…}}, and {@code parameters.retry_after} with a 429; the
 * description is the error people see. The bot token is part of the address, so no error, log or status ever names it.
 */
public final class TelegramChannel implements ChannelKind {
    public static final URI API = URI.create("https://api.telegram.org");
    /** Telegram's reserved characters in MarkdownV2 text: each is written with a backslash before it. */
    static final String RESERVED = "_*[]()~`>#+-=|{}.!\\";
    /** Telegram takes up to 4096 characters of text after entities are parsed; our words stay well inside. */
    static final int MAX_TEXT = 3500;

    /** The bot's token (a secret), the chat it writes to (an id, or {@code @channelname}), and the API's address. */
    public record Settings(String botToken, String chatId, URI baseUrl) implements ChannelSettings {
    }

    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public List<String> keys() {
        return List.of("bot_token", "chat_id", "base_url");
    }

    @Override
    public ChannelSettings read(Section s) {
        String token = ChannelKeys.required(s, "bot_token", "telegram", "the token @BotFather gave the bot (123456:ABC…)");
        if (token != null && !token.matches("[0-9]+:[A-Za-z0-9_-]+")) {
            s.problem("bot_token", "'" + s.keyPath("bot_token") + "' is not a Telegram bot token: it looks like 123456789:AAE… (digits, a colon, "
                    + "letters)");
        }
        s.secret(token);
        String chat = ChannelKeys.required(s, "chat_id", "telegram", "the chat's id (-1001234567890) or a channel's @name");
        return new Settings(token, chat, ChannelKeys.secureUrl(s, "base_url", "the bot token").orElse(API));
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        if (Short.acknowledgement(notice)) {
            return Optional.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", ((Settings) channel.settings()).chatId());
        body.put("text", text(notice));
        body.put("parse_mode", "MarkdownV2");
        body.put("disable_web_page_preview", true);
        return Optional.of(Map.of("body", Texts.json(body)));
    }

    /** The message in MarkdownV2: our own markup (bold, italic) around words that are escaped. */
    static String text(Notice notice) {
        StringBuilder t = new StringBuilder();
        if (notice instanceof Notice.IncidentNotice n) {
            t.append(n.resolved() ? "✅ " : "🚨 ").append(bold(Texts.incidentSubject(n))).append('\n')
                    .append(escape(n.incident().check() + " · " + n.incident().subject()));
            if (!n.resolved() && !Short.runbookLine(n).isEmpty()) {
                t.append('\n').append(italic("Runbook:")).append(' ').append(escape(Short.runbookLine(n)));
            }
        } else if (notice instanceof Notice.IncidentGroupNotice g) {
            t.append("🚨 ").append(bold(Texts.groupSubject(g)));
            int shown = 0;
            for (Notice.IncidentNotice n : g.items()) {
                if (shown++ == 30) {
                    t.append('\n').append(escape("… and " + (g.items().size() - 30) + " more"));
                    break;
                }
                t.append('\n').append(escape("• " + (n.resolved() ? "✅ " : "") + "#" + n.incident().id() + " " + n.incident().priority()
                        + " " + n.verb() + ": " + Short.cut(n.incident().title(), 200)));
            }
        } else if (notice instanceof Notice.ActionNotice n) {
            t.append(n.pending() ? "✋ " : "🔧 ").append(bold(Texts.actionSubject(n)));
        } else {
            t.append(escape(Short.cut(((Notice.ReportNotice) notice).summary(), MAX_TEXT)));
        }
        if (notice.audit() != null && !(notice instanceof Notice.ReportNotice)) {
            t.append('\n').append(italic("audit log head " + notice.audit()));
        }
        return t.toString();
    }

    /** {@code text} with each of Telegram's reserved characters (and the backslash) escaped, as MarkdownV2 style asks. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (RESERVED.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String bold(String words) {
        return "*" + escape(Short.cut(words, 500)) + "*";
    }

    private static String italic(String words) {
        return "_" + escape(words) + "_";
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        Settings s = (Settings) channel.settings();
        URI url = URI.create(s.baseUrl().toString().replaceAll("/+$", "") + "/bot" + s.botToken() + "/sendMessage");
        JsonSender sender = JsonSender.channel("telegram").masking(s.botToken()).withErrorWords(new JsonSender.ErrorWords() {
            @Override
            public String of(int status, String body) {
                JsonNode d = JsonSender.field(body, "description");
                return d == null ? null : d.asText();
            }

            @Override
            public Duration retryAfter(int status, String body) {
                JsonNode p = JsonSender.field(body, "parameters");
                return p != null && p.path("retry_after").canConvertToLong() ? Duration.ofSeconds(p.path("retry_after").asLong()) : null;
            }
        });
        return new Channel() {
            @Override
            public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
                deliverAnswered(m, deadline);
            }

            @Override
            public String deliverAnswered(OutboxMessage m, Duration deadline) throws DeliveryException {
                String answer = sender.send("POST", url, JsonSender.Headers.NONE, m.get("body"), deadline);
                JsonNode result = JsonSender.field(answer, "result");
                return result == null ? sender.answered(answer, JsonSender.Headers.NONE)
                        : "ok: message " + result.path("message_id").asText() + " in chat " + result.path("chat").path("id").asText();
            }
        };
    }
}
