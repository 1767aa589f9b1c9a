package dev.caretaker.notify;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.incident.Incident;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * A route added to the config (or whose channel is new) is told once of the incidents already open that it matches: one
 * catch-up message per channel that groups (email, chat), or each incident's "opened" event for a pager or webhook, under
 * the dedup key the incident's own "opened" message has. A route is known by its channel's name and kind and by what it
 * matches (priorities, checks); the routes a system has known are kept in the store, so a restart, a reload or another node
 * does not tell them again. Incidents a channel was told of already (any message about them in its outbox) are left out, and so
 * are muted ones. Runs inside the caller's transaction, after the system's incidents are locked.
 */
public final class CatchUp {
    private final CaretakerConfig config;
    private final Outbox outbox;

    public CatchUp(CaretakerConfig config, Outbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    /** The routes of the config as the store knows them: a channel and what it matches, by route key. */
    static Map<String, Route> routes(NotifyConfig n) {
        Map<String, Route> out = new LinkedHashMap<>();
        if (n.routes().isEmpty()) {
            n.channels().values().forEach(c -> add(out, c, new NotifyConfig.Route(List.of(), List.of(), List.of(c.name()))));
        }
        for (NotifyConfig.Route r : n.routes()) {
            for (String channel : r.channels()) {
                NotifyConfig.Channel c = n.channels().get(channel);
                if (c != null) {
                    add(out, c, r);
                }
            }
        }
        return out;
    }

    private static void add(Map<String, Route> out, NotifyConfig.Channel c, NotifyConfig.Route r) {
        String key = c.name() + "|" + c.typeName() + "|priorities=" + String.join(",", new TreeSet<>(r.priorities().stream().map(Enum::name).toList()))
                + "|checks=" + String.join(",", new TreeSet<>(r.checks()));
        out.put(key, new Route(c, r));
    }

    /** One channel of one route. */
    record Route(NotifyConfig.Channel channel, NotifyConfig.Route match) {
    }

    /**
     * Records the config's routes the store did not know, and tells each of them of the {@code active} incidents it matches and
     * its channel has not heard of; returns the messages written.
     */
    public List<Outbox.Queued> tell(Handle h, List<Incident> active, String audit, Instant now) {
        Map<String, Route> routes = routes(config.notifications());
        if (routes.isEmpty()) {
            return List.of();
        }
        Set<String> known = new HashSet<>(h.createQuery("SELECT route FROM notify_route WHERE system = :s").bind("s", config.system())
                .mapTo(String.class).list());
        Map<String, List<Incident>> byChannel = new LinkedHashMap<>();
        for (Map.Entry<String, Route> e : routes.entrySet()) {
            if (known.contains(e.getKey()) || h.createUpdate("INSERT INTO notify_route (system, route, added_at) VALUES (:s, :r, :at) "
                    + "ON CONFLICT DO NOTHING").bind("s", config.system()).bind("r", e.getKey()).bind("at", Timestamp.from(now)).execute() == 0) {
                continue; // known, or another node recorded it first (and told it)
            }
            List<Incident> told = byChannel.computeIfAbsent(e.getValue().channel().name(), k -> new ArrayList<>());
            active.stream().filter(i -> !i.muted() && e.getValue().match().matches(i.priority(), i.check()) && !told.contains(i)).forEach(told::add);
        }
        List<Outbox.Queued> added = new ArrayList<>();
        for (Map.Entry<String, List<Incident>> e : byChannel.entrySet()) {
            List<Incident> untold = untold(h, e.getKey(), e.getValue());
            if (!untold.isEmpty()) {
                added.addAll(enqueue(h, config.notifications().channels().get(e.getKey()), untold, audit, now));
            }
        }
        return added;
    }

    /** Those of {@code incidents} that {@code channel} has no message about. */
    private List<Incident> untold(Handle h, String channel, List<Incident> incidents) {
        if (incidents.isEmpty()) {
            return incidents;
        }
        String[] keys = incidents.stream().map(i -> "incident-" + i.id()).toArray(String[]::new);
        Set<String> told = new HashSet<>(h.createQuery("SELECT DISTINCT k FROM outbox, unnest(ordering_keys) AS k WHERE system = :s "
                        + "AND channel = :c AND ordering_keys && CAST(:keys AS text[])")
                .bind("s", config.system()).bind("c", channel).bind("keys", keys).mapTo(String.class).list());
        return incidents.stream().filter(i -> !told.contains("incident-" + i.id())).toList();
    }

    private List<Outbox.Queued> enqueue(Handle h, NotifyConfig.Channel ch, List<Incident> incidents, String audit, Instant now) {
        ChannelKind kind = ChannelKinds.of(ch);
        List<Notice.IncidentNotice> items = incidents.stream().map(i -> new Notice.IncidentNotice(config.system(), config.file(), config.timezone(),
                MessageKind.INCIDENT_OPENED, "already open", i,
                "already open when this route was added; open since " + Texts.time(i.openedAt(), config.timezone()), audit,
                config.runbooks().of(i.check(), i.source()).orElse(""), Notice.IncidentNotice.link(config.auth().publicUrl(), i.id()))).toList();
        List<Outbox.Queued> added = new ArrayList<>();
        if (!kind.groups()) {
            for (Notice.IncidentNotice n : items) {
                String dedup = "incident-" + n.incident().id() + "-opened-" + n.incident().reopened();
                Optional<Map<String, String>> p = kind.payload(ch, n);
                if (p.isPresent() && outbox.enqueue(h, ch.name(), MessageKind.INCIDENT_OPENED, dedup, "incident-" + n.incident().id(), p.get(), now)) {
                    added.add(new Outbox.Queued(ch.name(), MessageKind.INCIDENT_OPENED, dedup));
                }
            }
            return added;
        }
        String intro = incidents.size() == 1 ? "1 incident was already open when this route was added"
                : incidents.size() + " incidents were already open when this route was added";
        Notice.IncidentGroupNotice notice = new Notice.IncidentGroupNotice(config.system(), config.file(), config.timezone(), items, audit, intro);
        String dedup = "catch-up-" + dev.caretaker.action.ActionPlan.sha256(String.join("\n", incidents.stream()
                .map(i -> i.id() + "-" + i.reopened()).sorted().toList())).substring(0, 24);
        List<String> orders = incidents.stream().map(i -> "incident-" + i.id()).toList();
        Optional<Map<String, String>> p = kind.payload(ch, notice);
        if (p.isPresent() && outbox.enqueue(h, ch.name(), MessageKind.INCIDENT_CATCH_UP, dedup, orders, p.get(), now)) {
            added.add(new Outbox.Queued(ch.name(), MessageKind.INCIDENT_CATCH_UP, dedup));
        }
        return added;
    }
}
