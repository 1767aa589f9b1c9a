package dev.caretaker.engine;

import dev.caretaker.action.AuditEvent;
import dev.caretaker.config.StatusPageConfig;
import dev.caretaker.config.Suggestions;
import dev.caretaker.status.StatusPost;
import dev.caretaker.status.StatusPosts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The status page's posts: incidents and planned maintenance written by operators, each write audited under its author's
 * name. A post names components of the config's {@code status_page} (none: the whole page).
 */
public final class StatusPostDesk {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StatusPostDesk.class);
    /** How many days of posts the status page's history shows, today included. */
    public static final int HISTORY_DAYS = 90;

    private final Engine engine;
    private final StatusPosts posts;

    StatusPostDesk(Engine engine) {
        this.engine = engine;
        this.posts = new StatusPosts(engine.store().jdbi());
    }

    /** The names of the status page's components, in the page's order. */
    public List<String> componentNames() {
        Set<String> names = new LinkedHashSet<>();
        engine.config().statusPage().groups().forEach(g -> g.components().forEach(c -> names.add(c.name())));
        return List.copyOf(names);
    }

    /** Posts {@code draft} as {@code by}: an incident or a maintenance with its first update; audited. */
    public StatusPost post(StatusPosts.Draft draft, String by) {
        StatusPageConfig sp = engine.config().statusPage();
        if (!sp.enabled()) {
            throw new IllegalArgumentException("the config " + engine.config().file() + " has no status_page, where posts are shown; add one first");
        }
        StatusPosts.Draft d = new StatusPosts.Draft(draft.kind(), draft.title(), components(draft.components()), draft.status(), draft.message(),
                draft.startsAt(), draft.endsAt(), draft.notifies());
        Instant now = engine.clock().instant();
        StatusPost p = posts.create(engine.config().system(), d, by, now);
        engine.actions().auditLog().append(now, by, AuditEvent.STATUS_POSTED, "status-page", p.kind() + " #" + p.id(),
                "'" + p.title() + "' posted as " + StatusPost.words(p.status()) + " for " + where(p)
                        + (p.maintenance() ? ", window " + p.startsAt() + " until " + p.endsAt() : "") + (d.notifies() ? "" : ", subscribers not told"));
        tell(d.notifies());
        return p;
    }

    /** Adds an update to post {@code id} as {@code by}; audited. Refused (IllegalStateException) for a closed post. */
    public StatusPost update(long id, String status, String message, boolean notify, String by) {
        Instant now = engine.clock().instant();
        StatusPost p = posts.update(engine.config().system(), id, status, message, by, notify, now);
        engine.actions().auditLog().append(now, by, AuditEvent.STATUS_UPDATED, "status-page", p.kind() + " #" + p.id(),
                "'" + p.title() + "' now " + StatusPost.words(p.status()) + (notify ? "" : ", subscribers not told"));
        tell(notify);
        return p;
    }

    /**
     * Tells the page's subscribers of what was just written and delivers what it can within {@code notify.wait}, as an
     * acknowledgement does; a failure here loses nothing: the server's next housekeeping tick tells them (once).
     */
    private void tell(boolean notify) {
        if (!notify || !engine.config().statusPage().enabled()) {
            return;
        }
        try {
            if (engine.subscriptions().announce().messages() > 0) {
                engine.deliveries().deliverDue();
            }
        } catch (RuntimeException e) {
            LOG.warn("status page: subscribers not told yet ({}); the server's housekeeping tells them", e.getMessage());
        }
    }

    public StatusPost get(long id) {
        return posts.get(engine.config().system(), id)
                .orElseThrow(() -> new NoSuchElementException("no status post #" + id + " of " + engine.config().system()));
    }

    /** The posts not resolved or completed yet, newest first. */
    public List<StatusPost> open() {
        Instant now = engine.clock().instant();
        // a maintenance whose window is over reads completed even before anyone says so (it stays open for a "running late")
        return posts.open(engine.config().system()).stream().filter(p -> !p.statusAt(now).equals("completed")).toList();
    }

    /** The posts of the last {@link #HISTORY_DAYS} days in the config's timezone (today included), newest first. */
    public List<StatusPost> recent() {
        ZoneId zone = engine.config().timezone();
        LocalDate today = engine.clock().instant().atZone(zone).toLocalDate();
        return posts.since(engine.config().system(), today.minusDays(HISTORY_DAYS - 1).atStartOfDay(zone).toInstant());
    }

    private List<String> components(List<String> asked) {
        List<String> known = componentNames();
        List<String> out = new ArrayList<>();
        for (String c : asked == null ? List.<String>of() : asked) {
            String name = c == null ? "" : c.strip();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("no component '" + name + "' on the status page of " + engine.config().file()
                        + Suggestions.didYouMean(name, known) + "; its components: " + String.join(", ", known));
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private static String where(StatusPost p) {
        return p.components().isEmpty() ? "the whole page" : String.join(", ", p.components());
    }

    /**
     * A post as the API and {@code --format json} show it: with its authors when {@code internal}, else only what the public
     * status page shows ({@code /status.json}). Times ISO 8601 UTC.
     */
    public static Map<String, Object> toMap(StatusPost p, boolean internal, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("kind", p.kind());
        m.put("title", p.title());
        m.put("components", p.components());
        m.put("status", p.statusAt(now));
        m.put("starts_at", p.startsAt() == null ? null : p.startsAt().toString());
        m.put("ends_at", p.endsAt() == null ? null : p.endsAt().toString());
        m.put("created_at", p.createdAt().toString());
        if (internal) {
            m.put("created_by", p.createdBy());
        }
        m.put("closed_at", p.closedAt() == null ? null : p.closedAt().toString());
        m.put("updated_at", p.updatedAt().toString());
        m.put("updates", p.updates().stream().map(u -> {
            Map<String, Object> um = new LinkedHashMap<>();
            if (internal) {
                um.put("id", u.id());
            }
            um.put("status", u.status());
            um.put("message", u.body());
            um.put("at", u.at().toString());
            if (internal) {
                um.put("created_by", u.createdBy());
                um.put("notify", u.notifies());
            }
            return um;
        }).toList());
        return m;
    }
}
