package dev.caretaker.status;

import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.PlainHttp;
import dev.caretaker.config.StatusPageConfig;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.MessageKind;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.notify.channels.EmailChannel;
import dev.caretaker.store.SigningKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Sends the outbox channel {@code status-page}: each message names its subscriber by id, whose address is read when it is
 * sent (a subscriber gone meanwhile gets nothing), so the outbox and {@code notify status} never hold an address or a
 * webhook URL. Mail goes through the SMTP server of {@code notify.email} from its sender address (the channel
 * {@code status_page.subscriptions.email_channel} names), with its signed unsubscribe link and RFC 8058's headers made
 * here; a webhook subscriber gets the message's JSON by POST. Errors name the subscriber by its id, never its address.
 */
public final class SubscriberSender implements Channel {
    private final Jdbi jdbi;
    private final String system;
    private final StatusPageConfig.Subscriptions subscriptions;
    private final NotifyConfig notify;
    private final Path emlDir;
    private final Supplier<SigningKey> key;

    public SubscriberSender(Jdbi jdbi, String system, StatusPageConfig.Subscriptions subscriptions, NotifyConfig notify, Path emlDir,
                            Supplier<SigningKey> key) {
        this.jdbi = jdbi;
        this.system = system;
        this.subscriptions = subscriptions;
        this.notify = notify;
        this.emlDir = emlDir;
        this.key = key;
    }

    @Override
    public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
        long id;
        try {
            id = Long.parseLong(m.get("subscriber"));
        } catch (NumberFormatException e) {
            throw new DeliveryException("a status-page message without its subscriber");
        }
        Optional<Subscribers.Subscriber> found = new Subscribers(jdbi, system).get(id);
        if (found.isEmpty()) {
            return; // unsubscribed or removed since: nothing to send
        }
        Subscribers.Subscriber s = found.get();
        if (s.webhook()) {
            webhook(s, m, deadline);
        } else {
            email(s, m, deadline);
        }
    }

    private void webhook(Subscribers.Subscriber s, OutboxMessage m, Duration deadline) throws DeliveryException {
        URI url = URI.create(s.address());
        if ("http".equalsIgnoreCase(url.getScheme()) && !PlainHttp.loopback(url.getHost())) {
            throw new DeliveryException("webhook subscriber #" + s.id() + " is plain http to another machine; not sent");
        }
        JsonSender.channel("webhook subscriber #" + s.id()) // its host is for admins only (the outbox is a viewer's).masking(s.address())
                .send("POST", url, JsonSender.Headers.NONE.withPlain("Idempotency-Key", m.dedupKey()), m.get("body"), deadline);
    }

    private void email(Subscribers.Subscriber s, OutboxMessage m, Duration deadline) throws DeliveryException {
        if (subscriptions.publicUrl().isEmpty()) {
            throw new DeliveryException("status_page.subscriptions has no public_url for the links of subscriber mail");
        }
        URI base = subscriptions.publicUrl().get();
        SubscriberLinks links = new SubscriberLinks(key.get(), system);
        String unsubscribe = links.unsubscribe(base, s).toString();
        String text = m.get("text").replace(SubscriberTexts.UNSUBSCRIBE, unsubscribe);
        boolean confirmation = m.kind().equals(MessageKind.STATUS_CONFIRMATION.label());
        if (confirmation) {
            text = text.replace(SubscriberTexts.CONFIRM, links.confirm(base, s, m.createdAt()).toString());
        }
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("subject", m.get("subject"));
        payload.put("text", text);
        payload.put("html", SubscriberTexts.html(text));
        if (!confirmation) {
            payload.put("list_unsubscribe", unsubscribe);
        }
        OutboxMessage mail = new OutboxMessage(m.id(), m.channel(), m.kind(), m.dedupKey(), m.orderingKeys(), payload, m.state(), m.attempts(),
                m.createdAt(), m.nextAttemptAt(), m.sentAt(), m.lastError());
        try {
            EmailChannel.sender(notify.email().orElse(null), List.of(s.address()), emlDir).deliver(mail, deadline);
        } catch (DeliveryException e) {
            String said = String.valueOf(e.getMessage()).replace(s.address(), "subscriber #" + s.id());
            throw new DeliveryException("mail to subscriber #" + s.id() + ": " + said, e.retryAfter().orElse(null));
        }
    }
}
