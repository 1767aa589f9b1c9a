package dev.caretaker.engine;

import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.PlainHttp;
import dev.caretaker.config.StatusPageConfig;
import dev.caretaker.notify.MessageKind;
import dev.caretaker.status.Announcer;
import dev.caretaker.status.SubscriberLinks;
import dev.caretaker.status.SubscriberTexts;
import dev.caretaker.status.Subscribers;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page's subscriptions: sign-up by email with a confirmation link (double opt-in), the signed confirm and
 * unsubscribe links, the subscribers an admin adds or removes, and the announcer that tells them of posts and maintenance.
 * Logs name a subscriber by its id, never its address.
 */
public final class SubscriptionDesk {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionDesk.class);
    private final Engine engine;

    SubscriptionDesk(Engine engine) {
        this.engine = engine;
    }

    private StatusPageConfig page() {
        return engine.config().statusPage();
    }

    private Subscribers subscribers() {
        return new Subscribers(engine.store().jdbi(), engine.config().system());
    }

    private SubscriberLinks links() {
        return new SubscriberLinks(engine.key(), engine.config().system());
    }

    /** Whether the page offers email sign-up: a status page with {@code subscriptions.email_channel} and {@code public_url}. */
    public boolean emailSignUp() {
        return page().enabled() && page().subscriptions().email();
    }

    /** An email address as a person would write it, alone (no name, no list): stored normalised; else a plain refusal. */
    public static String email(String text) {
        String a = text == null ? "" : text.strip();
        try {
            InternetAddress parsed = new InternetAddress(a, true);
            if (a.length() > 254 || !parsed.getAddress().equals(a) || !a.contains("@") || a.contains(",")) {
                throw new AddressException(a);
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("that is not an email address (write it as name@example.com)");
        }
        return Subscribers.normalEmail(a);
    }

    /**
     * A sign-up from the page: a pending subscriber and a confirmation mail with its signed link (at most one an hour per
     * address). An address already confirmed gets nothing; the page answers the same either way, so it tells no one who is
     * subscribed.
     */
    public void signUp(String text) {
        if (!emailSignUp()) {
            throw new IllegalStateException("this status page offers no email subscriptions");
        }
        String address = email(text);
        Instant now = engine.clock().instant();
        StatusPageConfig page = page();
        URI pageUrl = URI.create(page.subscriptions().publicUrl().orElseThrow() + "/status");
        engine.store().jdbi().useTransaction(h -> {
            Subscribers.Subscriber s = subscribers().signUp(h, address, now);
            if (s.confirmed()) {
                return;
            }
            Map<String, String> payload = new LinkedHashMap<>(SubscriberTexts.confirmation(page.title(), pageUrl));
            payload.put("subscriber", String.valueOf(s.id()));
            if (engine.outbox().enqueue(h, NotifyConfig.STATUS_PAGE_CHANNEL, MessageKind.STATUS_CONFIRMATION,
                    "status-confirm-" + s.id() + "-" + now.getEpochSecond() / 3600, "status-subscriber-" + s.id(), payload, now)) {
                LOG.info("status page: a sign-up is waiting for its confirmation (subscriber #{})", s.id());
            }
        });
    }

    /** What following a confirmation link did. */
    public enum Confirmed {
        CONFIRMED, ALREADY, EXPIRED, FORGED
    }

    /** Follows a confirmation link: subscriber {@code id}'s, valid until {@code expires} (epoch seconds), signed {@code mac}. */
    public Confirmed confirm(long id, long expires, String mac) {
        return confirm(id, expires, mac, true);
    }

    /**
     * Judges a confirmation link and, when {@code act}, confirms: opening the link only asks (a mail scanner that opens links
     * confirms no one), the page's button confirms. Without {@code act}, a valid link for a pending subscriber is CONFIRMED
     * in the sense "would confirm".
     */
    public Confirmed confirm(long id, long expires, String mac, boolean act) {
        Optional<Subscribers.Subscriber> s = subscribers().get(id);
        Instant now = engine.clock().instant();
        if (s.isEmpty()) {
            return Confirmed.FORGED;
        }
        return switch (links().check(SubscriberLinks.Purpose.CONFIRM, s.get(), expires, mac, now)) {
            case FORGED -> Confirmed.FORGED;
            case EXPIRED -> s.get().confirmed() ? Confirmed.ALREADY : Confirmed.EXPIRED;
            case VALID -> {
                if (!act) {
                    yield s.get().confirmed() ? Confirmed.ALREADY : Confirmed.CONFIRMED;
                }
                if (subscribers().confirm(id, now)) {
                    LOG.info("status page: subscriber #{} confirmed", id);
                    yield Confirmed.CONFIRMED;
                }
                yield Confirmed.ALREADY;
            }
        };
    }

    /** The subscriber an unsubscribe link names, when the link is its own. */
    public Optional<Subscribers.Subscriber> unsubscribing(long id, String mac) {
        return subscribers().get(id).filter(s -> links().check(SubscriberLinks.Purpose.UNSUBSCRIBE, s, 0, mac, engine.clock().instant())
                == SubscriberLinks.Verdict.VALID);
    }

    /** Unsubscribes by a signed link; false when the link is not valid (or the subscriber is gone already). */
    public boolean unsubscribe(long id, String mac) {
        if (unsubscribing(id, mac).isEmpty()) {
            return false;
        }
        boolean removed = subscribers().remove(id);
        if (removed) {
            LOG.info("status page: subscriber #{} unsubscribed", id);
        }
        return removed;
    }

    /** Every subscriber. */
    public List<Subscribers.Subscriber> list() {
        return subscribers().list();
    }

    /** Adds an email subscriber on an admin's word: confirmed at once, no confirmation mail. */
    public Subscribers.Subscriber addEmail(String text, String by) {
        requirePage();
        if (!page().subscriptions().email()) {
            throw new IllegalStateException("status_page.subscriptions has no email_channel and public_url, so no mail goes to subscribers; "
                    + "add them to the config first");
        }
        return audited(subscribers().add("email", email(text), by, engine.clock().instant()), by, dev.caretaker.action.AuditEvent.SUBSCRIBER_ADDED);
    }

    /** Adds a webhook subscriber (https, or http only to this machine), when {@code status_page.subscriptions.webhooks} allows. */
    public Subscribers.Subscriber addWebhook(String text, String by) {
        requirePage();
        if (!page().subscriptions().webhooks()) {
            throw new IllegalStateException("status_page.subscriptions.webhooks is false: this page takes no webhook subscribers");
        }
        URI url;
        try {
            url = new URI(text == null ? "" : text.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("the webhook is not a URL; write it as https://hooks.example.com/…");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw new IllegalArgumentException("the webhook must be an https:// URL with a host, e.g. https://hooks.example.com/…");
        }
        if (scheme.equals("http") && !PlainHttp.loopback(url.getHost())) {
            throw new IllegalArgumentException("the webhook is plain http to " + url.getHost() + ": its URL, itself the credential, would cross "
                    + "the network in clear text; use https, or http only to 127.0.0.1/localhost");
        }
        return audited(subscribers().add("webhook", url.toString(), by, engine.clock().instant()), by, dev.caretaker.action.AuditEvent.SUBSCRIBER_ADDED);
    }

    /** Removes subscriber {@code id} on {@code by}'s word (audited); throws when there is none. */
    public Subscribers.Subscriber remove(long id, String by) {
        Subscribers.Subscriber s = subscribers().get(id).orElseThrow(() -> new NoSuchElementException("no status-page subscriber #" + id));
        subscribers().remove(id);
        return audited(s, by, dev.caretaker.action.AuditEvent.SUBSCRIBER_REMOVED);
    }

    /**
     * Writes who added or removed a subscriber to the audit log: its number and kind, never its address or URL — the log is
     * append-only and would keep personal data (or a webhook's secret URL) for good.
     */
    private Subscribers.Subscriber audited(Subscribers.Subscriber s, String by, dev.caretaker.action.AuditEvent event) {
        engine.actions().auditLog().append(engine.clock().instant(), by, event, "status-page", "subscriber #" + s.id(),
                s.kind() + " subscriber #" + s.id() + (event == dev.caretaker.action.AuditEvent.SUBSCRIBER_ADDED ? " added" : " removed"));
        return s;
    }

    private void requirePage() {
        if (!page().enabled()) {
            throw new IllegalStateException("the config has no status_page, so it has no subscribers");
        }
    }

    /** Tells subscribers and {@code notify.maintenance_to} what is new, once (see {@link Announcer}). */
    public Announcer.Told announce() {
        return new Announcer(engine.config(), engine.outbox()).announce(engine.store().jdbi(), engine.clock().instant());
    }

    /** As {@link #announce()}, in the caller's transaction: what writes a post calls after its write. */
    public Announcer.Told announce(Handle h) {
        return new Announcer(engine.config(), engine.outbox()).announce(h, engine.clock().instant());
    }
}
