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
 * {@code type: google-chat}: a Google Chat incoming webhook (Google Workspace → Chat → "Build a Google Chat app as a webhook";
 * the body is a {@code Message} of the REST reference, {@code spaces.messages.create}): {@code text} as the fallback that
 * notifications show (Markdown, {@code markupSyntax: MARKUP_SYNTAX_MARKDOWN}, every mark of the title escaped, so a title can
 * neither mention everyone with {@code <users/all>} nor turn bold), and one {@code cardsV2} card — header (title, subtitle), a section of widgets (a
 * {@code textParagraph}, one {@code decoratedText} per fact, a {@code buttonList} opening the incident). Every message of an
 * incident carries {@code thread.threadKey} {@code caretaker-SYSTEM-incident-ID} and the URL gets
 * {@code messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD}, so its updates go to one thread. Card text is Chat's
 * HTML subset: the priority shows in its colour ({@code <font color>}), every value escaped.
 */
public final class GoogleChatChannel implements ChannelKind {
    public static final String REPLY_OPTION = "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    /**
     * How Chat reads {@code text} ({@code Message.markupSyntax}): CommonMark, said outright rather than left to the app's
     * default (Chat's own markup, which has no escapes), so the title's marks can be escaped with backslashes.
     */
    static final String MARKUP_SYNTAX = "MARKUP_SYNTAX_MARKDOWN";

    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "google-chat";
    }

    @Override
    public List<String> keys() {
        return List.of("webhook");
    }

    @Override
    public ChannelSettings read(Section s) {
        return ChatWebhook.read(s, "google-chat", "https://chat.googleapis.com/v1/spaces/SPACE/messages?key=KEY&token=TOKEN");
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        return ChatCard.of(notice).map(c -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", Markup.markdown(c.title()));
            body.put("markupSyntax", MARKUP_SYNTAX);
            body.put("cardsV2", List.of(Map.of("cardId", "caretaker", "card", card(c))));
            thread(notice).ifPresent(key -> body.put("thread", Map.of("threadKey", key)));
            return Map.of("body", Texts.json(body));
        });
    }

    /** The thread of an incident's messages (an action's too, when it belongs to one); none for a group or a report. */
    static Optional<String> thread(Notice notice) {
        Long id = notice instanceof Notice.IncidentNotice n ? Long.valueOf(n.incident().id())
                : notice instanceof Notice.ActionNotice a ? a.outcome().incidentId() : null;
        return Optional.ofNullable(id).map(i -> "caretaker-" + notice.system() + "-incident-" + i);
    }

    private static Map<String, Object> card(ChatCard c) {
        List<Map<String, Object>> widgets = new ArrayList<>();
        if (!c.lines().isEmpty()) {
            widgets.add(Map.of("textParagraph", Map.of("text", String.join("<br>", c.lines().stream().map(GoogleChatChannel::html).toList()))));
        }
        for (Map.Entry<String, String> f : c.facts()) {
            String value = html(f.getValue());
            if (f.getKey().equals("Priority")) {
                value = "<font color=\"" + c.tone().hex + "\"><b>" + value + "</b></font>";
            }
            widgets.add(Map.of("decoratedText", Map.of("topLabel", f.getKey(), "text", value)));
        }
        if (c.link() != null) {
            widgets.add(Map.of("buttonList", Map.of("buttons", List.of(Map.of("text", "Open in Caretaker",
                    "onClick", Map.of("openLink", Map.of("url", c.link().toString())))))));
        }
        if (!c.footer().isEmpty()) {
            widgets.add(Map.of("textParagraph", Map.of("text", "<i>" + html(c.footer()) + "</i>")));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("header", Map.of("title", c.title(), "subtitle", c.tone().label()));
        card.put("sections", List.of(Map.of("widgets", widgets)));
        return card;
    }

    private static String html(String text) {
        return Markup.html(text);
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        return JsonSender.channel("google-chat").poster(ChatWebhook.withParam(((ChatWebhook.Settings) channel.settings()).webhook(),
                "messageReplyOption", REPLY_OPTION), JsonSender.Headers.NONE, false, false);
    }
}
