package dev.caretaker.config;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code status_page.subscriptions}: {@code email_channel} (an email channel of {@code notify.channels}: its SMTP server
 * and sender address send subscriber mail), {@code public_url} (where the page is reached; links in mails point there),
 * {@code signup_limit} (sign-ups per client address an hour) and {@code webhooks} (whether admins may add webhook subscribers).
 */
final class StatusSubscriptionsSection {
    static final List<String> KEYS = List.of("email_channel", "public_url", "signup_limit", "webhooks");

    private final ConfigReader r;

    StatusSubscriptionsSection(ConfigReader r) {
        this.r = r;
    }

    /** The subscriptions; {@code serverUrl} ({@code auth.public_url}) is where links point when {@code public_url} is not set. */
    StatusPageConfig.Subscriptions read(ConfigNode node, Map<String, NotifyConfig.Channel> channels, Optional<URI> serverUrl) {
        if (node == null || node.isNull()) {
            return StatusPageConfig.Subscriptions.DEFAULT;
        }
        Map<String, ConfigNode> m = r.map(node, KEYS);
        Optional<String> email = r.string(m, "email_channel");
        if (email.isPresent()) {
            NotifyConfig.Channel c = channels.get(email.get());
            List<String> emailChannels = channels.values().stream().filter(x -> x.typeName().equals("email")).map(NotifyConfig.Channel::name).toList();
            if (c == null) {
                r.problem(m.get("email_channel"), "'status_page.subscriptions.email_channel' names channel '" + email.get()
                        + "', which 'notify.channels' does not define" + Suggestions.didYouMean(email.get(), emailChannels)
                        + "; name a channel of type email: its SMTP server and from address send subscriber mail");
            } else if (!c.typeName().equals("email")) {
                r.problem(m.get("email_channel"), "'status_page.subscriptions.email_channel' names channel '" + email.get() + "' of type "
                        + c.typeName() + "; subscriber mail needs a channel of type email"
                        + (emailChannels.isEmpty() ? " (notify.channels has none)" : ", e.g. " + String.join(", ", emailChannels)));
            }
        }
        Optional<URI> publicUrl = r.parsed(m, "public_url", s -> Urls.base(s, List.of("http", "https"), "https://status.example.com",
                "/status and the confirm and unsubscribe links in subscriber mail"));
        boolean own = publicUrl.isPresent();
        if (!own && !m.containsKey("public_url")) {
            publicUrl = serverUrl;
        }
        if (publicUrl.isPresent() && "http".equalsIgnoreCase(publicUrl.get().getScheme()) && !PlainHttp.loopback(publicUrl.get().getHost())) {
            r.problem(own ? m.get("public_url") : node, "'" + (own ? "status_page.subscriptions.public_url" : "auth.public_url")
                    + "' (where links in subscriber mail point) is plain http to " + publicUrl.get().getHost()
                    + ": the confirmation and unsubscribe links in mails would cross the network in clear text; use https, or http only "
                    + "to 127.0.0.1/localhost");
        }
        if (email.isPresent() && publicUrl.isEmpty() && !m.containsKey("public_url")) {
            r.problem(node, "'status_page.subscriptions' with 'email_channel' needs 'public_url' (or 'auth.public_url'), the page's address people reach "
                    + "(e.g. https://status.example.com): the confirmation and unsubscribe links in mails point there");
        }
        int limit = r.integer(m, "signup_limit", StatusPageConfig.Subscriptions.DEFAULT_SIGNUP_LIMIT, 1, 1000);
        boolean webhooks = r.bool(m, "webhooks", true);
        return new StatusPageConfig.Subscriptions(email, publicUrl.map(StatusSubscriptionsSection::withoutSlash), limit, webhooks);
    }

    private static URI withoutSlash(URI u) {
        return URI.create(u.toString().replaceAll("/+$", ""));
    }
}
