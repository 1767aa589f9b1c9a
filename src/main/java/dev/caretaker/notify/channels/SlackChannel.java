package dev.caretaker.notify.channels;

import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Section;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.ChannelKind;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.Texts;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: slack}: a Slack incoming webhook; short lines with the incident, the action or the report's summary. Slack's
 * mrkdwn reads {@code <…>} as links and mentions, so every text of ours has {@code &}, {@code <}, {@code >} as entities (Slack,
 * "Formatting text", "Escaping text"); an asterisk is dropped from a bold title (Slack has no escape for it).
 */
public final class SlackChannel implements ChannelKind {
    /** The incoming webhook URL: a credential, never shown. */
    public record Settings(URI webhook) implements ChannelSettings {
    }

    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public List<String> keys() {
        return List.of("webhook");
    }

    @Override
    public ChannelSettings read(Section s) {
        if (!s.has("webhook")) {
            s.problem("webhook", "a channel of type slack needs 'webhook', its incoming webhook URL (https://hooks.slack.com/services/…)");
        }
        Optional<URI> url = ChannelKeys.secureUrl(s, "webhook", "the webhook URL, which is the channel's credential,");
        url.ifPresent(u -> s.secret(u.toString()));
        return new Settings(url.orElse(null));
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        if (notice instanceof Notice.IncidentNotice ack && ack.kind() == dev.caretaker.notify.MessageKind.INCIDENT_ACKNOWLEDGED) {
            return Optional.empty(); // an acknowledgement stops a page; people were told of the incident already
        }
        String text;
        if (notice instanceof Notice.IncidentNotice n) {
            text = (n.resolved() ? ":white_check_mark: " : ":rotating_light: ") + "*" + Markup.slack(Texts.incidentSubject(n).replace("*", "")) + "*\n"
                    + Markup.slack(n.incident().check() + " · " + n.incident().subject())
                    + (n.resolved() || n.runbook().isEmpty() ? "" : "\n_Runbook:_ " + Markup.slack(n.runbook().lines().findFirst().orElse(""))
                    + (n.runbook().lines().count() > 1 ? " …" : ""));
        } else if (notice instanceof Notice.IncidentGroupNotice g) {
            StringBuilder t = new StringBuilder(":rotating_light: *" + Markup.slack(Texts.groupSubject(g).replace("*", "")) + "*");
            g.items().forEach(n -> t.append("\n• ").append(n.resolved() ? ":white_check_mark: " : "").append('#').append(n.incident().id())
                    .append(' ').append(n.incident().priority()).append(' ').append(n.verb()).append(": ")
                    .append(Markup.slack(n.incident().title().replace("*", ""))));
            text = t.toString();
        } else if (notice instanceof Notice.ActionNotice n) {
            text = (n.pending() ? ":raised_hand: " : ":wrench: ") + "*" + Markup.slack(Texts.actionSubject(n).replace("*", "")) + "*";
        } else {
            text = Markup.slack(((Notice.ReportNotice) notice).summary());
        }
        if (notice.audit() != null && !(notice instanceof Notice.ReportNotice)) {
            text += "\n_audit log head " + notice.audit() + "_";
        }
        return Optional.of(Map.of("body", Texts.json(Map.of("text", text))));
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        return JsonSender.channel("slack").poster(((Settings) channel.settings()).webhook(), JsonSender.Headers.NONE, true, false);
    }
}
