package dev.caretaker.notify;

import dev.caretaker.config.NotifyConfig;
import dev.caretaker.notify.channels.DiscordChannel;
import dev.caretaker.notify.channels.EmailChannel;
import dev.caretaker.notify.channels.GoogleChatChannel;
import dev.caretaker.notify.channels.MattermostChannel;
import dev.caretaker.notify.channels.NtfyChannel;
import dev.caretaker.notify.channels.OpsgenieChannel;
import dev.caretaker.notify.channels.PagerDutyChannel;
import dev.caretaker.notify.channels.PushoverChannel;
import dev.caretaker.notify.channels.RocketChatChannel;
import dev.caretaker.notify.channels.SlackChannel;
import dev.caretaker.notify.channels.TeamsChannel;
import dev.caretaker.notify.channels.TelegramChannel;
import dev.caretaker.notify.channels.TwilioChannel;
import dev.caretaker.notify.channels.WebhookChannel;
import dev.caretaker.notify.tickets.GitHubIssues;
import dev.caretaker.notify.tickets.JiraIssues;
import dev.caretaker.notify.tickets.TicketProvider;
import dev.caretaker.notify.tickets.WebhookTickets;
import dev.caretaker.notify.tickets.ZohoDesk;
import java.util.List;

/** Every kind of channel and ticket system Caretaker knows; a new one is one class and one line here. */
public final class ChannelKinds {
    public static final List<ChannelKind> CHANNELS = List.of(new EmailChannel(), new SlackChannel(), new WebhookChannel(), new PagerDutyChannel(),
            new TeamsChannel(), new DiscordChannel(), new GoogleChatChannel(), new MattermostChannel(), new RocketChatChannel(),
            new TelegramChannel(), new OpsgenieChannel(), new NtfyChannel(), new PushoverChannel(), new TwilioChannel());
    public static final List<TicketProvider> TICKETS = List.of(new ZohoDesk(), new GitHubIssues(), new JiraIssues(), new WebhookTickets());

    private ChannelKinds() {
    }

    public static ChannelKind of(NotifyConfig.Channel c) {
        if (c.type() instanceof ChannelKind k) {
            return k;
        }
        throw new IllegalStateException("channel '" + c.name() + "' was read with type " + c.typeName() + ", which is not a kind Caretaker sends to");
    }
}
