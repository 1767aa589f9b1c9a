package dev.caretaker.status;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.StatusPageConfig;
import dev.caretaker.notify.ChannelKinds;
import dev.caretaker.notify.MessageKind;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.Outbox;
import dev.caretaker.notify.Texts;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Tells the status page's confirmed subscribers, once each, of every post update written with {@code notify} after they
 * confirmed (a post's first update is its opening, one that says resolved or completed its resolution) and of the start and
 * end of each maintenance that touches the page; and tells {@code notify.maintenance_to} of every maintenance start and end.
 * What was told is kept in {@code status_notice} and every message goes through the outbox under a key of its own, so a
 * second node, a restart or a second call never tells twice. The server calls it on its housekeeping tick (once across the
 * cluster); whatever writes a post may call it at once after its write.
 */
public final class Announcer {
    /** A start or end older than this when first seen is not told any more (every node was down meanwhile). */
    public static final Duration MAINTENANCE_LOOKBACK = Duration.ofHours(1);
    /** An update older than this when first seen is not told any more. */
    public static final Duration UPDATES_LOOKBACK = Duration.ofDays(1);

    /** What one pass told: post updates and maintenance starts or ends newly seen, and the messages written for them. */
    public record Told(int updates, int maintenance, int messages) {
        public static final Told NOTHING = new Told(0, 0, 0);
    }

    private final CaretakerConfig config;
    private final Outbox outbox;

    public Announcer(CaretakerConfig config, Outbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    /** One pass in a transaction of its own. */
    public Told announce(Jdbi jdbi, Instant now) {
        return jdbi.inTransaction(h -> announce(h, now));
    }

    /** One pass in the caller's transaction (a post's write: its update is told when it commits). */
    public Told announce(Handle h, Instant now) {
        StatusPageConfig page = config.statusPage();
        List<String> team = config.notifications().maintenanceTo();
        if (!page.enabled() && team.isEmpty()) {
            return Told.NOTHING;
        }
        Subscribers subscribers = new Subscribers(null, config.system());
        List<Subscribers.Subscriber> confirmed = List.of();
        if (page.enabled()) {
            subscribers.prunePending(h, now.minus(Subscribers.PENDING_KEPT));
            confirmed = subscribers.confirmed(h);
        }
        URI pageUrl = page.subscriptions().publicUrl().map(u -> URI.create(u + "/status")).orElse(null);
        int updates = 0;
        int maintenance = 0;
        int messages = 0;
        if (page.enabled()) {
            for (SubscriberTexts.Update u : unannounced(h, now)) {
                if (!claim(h, "update:" + u.updateId(), now)) {
                    continue;
                }
                updates++;
                Map<String, String> payload = SubscriberTexts.update(page.title(), u, pageUrl, config.timezone());
                for (Subscribers.Subscriber s : confirmed) {
                    if (!s.confirmedAt().isAfter(u.at())) {
                        messages += tell(h, s, MessageKind.STATUS_UPDATE, "status-update-" + u.updateId() + "-to-" + s.id(), payload, now);
                    }
                }
            }
        }
        for (MaintenanceEvents.Event e : MaintenanceEvents.due(h, config, now, MAINTENANCE_LOOKBACK)) {
            if (!claim(h, e.key(), now)) {
                continue;
            }
            maintenance++;
            if (page.enabled() && !e.components().isEmpty()) {
                Map<String, String> payload = SubscriberTexts.maintenance(page.title(), e, pageUrl, config.timezone());
                for (Subscribers.Subscriber s : confirmed) {
                    if (!s.confirmedAt().isAfter(e.at())) {
                        messages += tell(h, s, MessageKind.MAINTENANCE, e.key().replace(':', '-') + "-to-" + s.id(), payload, now);
                    }
                }
            }
            for (String channel : team) {
                NotifyConfig.Channel c = config.notifications().channels().get(channel);
                if (c == null) {
                    continue;
                }
                var payload = ChannelKinds.of(c).payload(c, teamNotice(e));
                if (payload.isPresent() && outbox.enqueue(h, channel, MessageKind.MAINTENANCE, e.key().replace(':', '-'), (String) null,
                        payload.get(), now)) {
                    messages++;
                }
            }
        }
        return new Told(updates, maintenance, messages);
    }

    /** The updates to tell: written with notify, in the lookback, due by now, not told yet; oldest first. */
    private List<SubscriberTexts.Update> unannounced(Handle h, Instant now) {
        return h.createQuery("""
                        SELECT u.id, u.post_id, u.status, u.body, u.at, p.kind, p.title, p.components,
                               NOT EXISTS (SELECT 1 FROM status_update f WHERE f.post_id = u.post_id AND (f.at, f.id) < (u.at, u.id)) AS opening
                        FROM status_update u JOIN status_post p ON p.id = u.post_id
                        WHERE p.system = :s AND u.notify AND u.at > :from AND u.at <= :now
                          AND NOT EXISTS (SELECT 1 FROM status_notice n WHERE n.system = :s AND n.key = 'update:' || u.id)
                        ORDER BY u.at, u.id""")
                .bind("s", config.system()).bind("from", Timestamp.from(now.minus(UPDATES_LOOKBACK))).bind("now", Timestamp.from(now))
                .map((rs, ctx) -> new SubscriberTexts.Update(rs.getLong("post_id"), rs.getString("kind"), rs.getString("title"),
                        Arrays.asList((String[]) rs.getArray("components").getArray()), rs.getLong("id"), rs.getString("status"),
                        rs.getString("body"), rs.getTimestamp("at").toInstant(), rs.getBoolean("opening")))
                .list();
    }

    /** Records that {@code key} is being told; false when it was (by this node or another, now or before). */
    private boolean claim(Handle h, String key, Instant now) {
        return h.createUpdate("INSERT INTO status_notice (system, key, at) VALUES (:s, :k, :at) ON CONFLICT (system, key) DO NOTHING")
                .bind("s", config.system()).bind("k", key).bind("at", Timestamp.from(now)).execute() == 1;
    }

    /** Writes one subscriber's message; its messages keep their order, and one subscriber's failing address holds back no other. */
    private int tell(Handle h, Subscribers.Subscriber s, MessageKind kind, String key, Map<String, String> payload, Instant now) {
        Map<String, String> p = new LinkedHashMap<>(payload);
        p.put("subscriber", String.valueOf(s.id()));
        return outbox.enqueue(h, NotifyConfig.STATUS_PAGE_CHANNEL, kind, key, "status-subscriber-" + s.id(), p, now) ? 1 : 0;
    }

    /** The team's words for a maintenance start or end: which window, its checks, its times. */
    private Notice.ReportNotice teamNotice(MaintenanceEvents.Event e) {
        String what = Character.toUpperCase(e.label().charAt(0)) + e.label().substring(1);
        String subject = "Maintenance " + (e.start() ? "started" : "ended") + ": " + e.label() + " — " + config.system();
        String line = e.start()
                ? what + " started at " + Texts.time(e.at(), config.timezone()) + " and is planned to end at " + Texts.time(e.endsAt(), config.timezone())
                        + ". Incidents of its checks are recorded, their notifications muted until then."
                : what + " ended at " + Texts.time(e.at(), config.timezone()) + ". Notifications of its checks are no longer muted.";
        String text = line + (e.components().isEmpty() ? "" : "\nStatus page: " + String.join(", ", e.components()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", e.start() ? "maintenance_started" : "maintenance_ended");
        json.put("window", e.label());
        json.put("starts_at", e.startsAt().toString());
        json.put("ends_at", e.endsAt().toString());
        json.put("components", e.components());
        return new Notice.ReportNotice(config.system(), config.file(), config.timezone(), 0, e.key(), subject, text, Texts.preformatted(text),
                line, json, null);
    }
}
