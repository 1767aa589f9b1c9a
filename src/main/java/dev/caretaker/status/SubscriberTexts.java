package dev.caretaker.status;

import dev.caretaker.notify.Texts;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words subscribers get: plain, with the page's title, the post's title, status, message and components, and where to
 * unsubscribe; never an incident's internal title or a check's name. Mail text holds {@link #UNSUBSCRIBE} where the signed
 * link goes: it is made when the mail is sent, so the outbox never holds one.
 */
public final class SubscriberTexts {
    /** Where the sender puts the subscriber's own unsubscribe link. */
    static final String UNSUBSCRIBE = "{unsubscribe}";
    /** Where the sender puts the confirmation link. */
    static final String CONFIRM = "{confirm}";

    private SubscriberTexts() {
    }

    /** One update of a post, as the announcer read it. */
    record Update(long postId, String kind, String title, List<String> components, long updateId, String status, String body, Instant at,
                  boolean opening) {
        boolean resolution() {
            return status.equals("resolved") || status.equals("completed");
        }

        String statusWords() {
            String s = status.replace('_', ' ').replace('-', ' ');
            return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
        }
    }

    static Map<String, String> update(String page, Update u, URI pageUrl, ZoneId zone) {
        boolean maintenance = u.kind().equals("maintenance");
        String what = u.opening() ? (maintenance ? "Planned maintenance" : "New incident")
                : u.resolution() ? (maintenance ? "Maintenance completed" : "Resolved") : "Update";
        String subject = "[" + page + "] " + what + ": " + u.title() + (u.opening() || u.resolution() ? "" : " (" + u.statusWords().toLowerCase(Locale.ROOT) + ")");
        String text = String.join("\n",
                page,
                "",
                u.title(),
                "Status:   " + u.statusWords(),
                u.components().isEmpty() ? "" : "Affects:  " + String.join(", ", u.components()),
                "Posted:   " + Texts.time(u.at(), zone),
                "",
                u.body(),
                "",
                footer(pageUrl));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", "status_update");
        json.put("page", page);
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("id", u.postId());
        post.put("kind", u.kind());
        post.put("title", u.title());
        post.put("components", u.components());
        json.put("post", post);
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("id", u.updateId());
        update.put("status", u.status());
        update.put("message", u.body());
        update.put("at", u.at().toString());
        update.put("opening", u.opening());
        update.put("resolution", u.resolution());
        json.put("update", update);
        json.put("url", pageUrl == null ? null : pageUrl.toString());
        return payload(subject, text, json);
    }

    static Map<String, String> maintenance(String page, MaintenanceEvents.Event e, URI pageUrl, ZoneId zone) {
        String what = e.title() != null ? e.title() : "Maintenance of " + String.join(", ", e.components());
        String subject = "[" + page + "] " + (e.start() ? "Maintenance started: " : "Maintenance ended: ") + what;
        String text = String.join("\n",
                page,
                "",
                e.start() ? what + " has started. It is planned to end at " + Texts.time(e.endsAt(), zone) + "."
                        : what + " has ended at " + Texts.time(e.at(), zone) + ".",
                "Affects:  " + String.join(", ", e.components()),
                "",
                footer(pageUrl));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", e.start() ? "maintenance_started" : "maintenance_ended");
        json.put("page", page);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", what);
        m.put("components", e.components());
        m.put("starts_at", e.startsAt().toString());
        m.put("ends_at", e.endsAt().toString());
        json.put("maintenance", m);
        json.put("url", pageUrl == null ? null : pageUrl.toString());
        return payload(subject, text, json);
    }

    public static Map<String, String> confirmation(String page, URI pageUrl) {
        String text = String.join("\n",
                "Someone, probably you, asked to be told by email when " + page + " posts an incident, an update or maintenance.",
                "",
                "To confirm, open this link within 48 hours:",
                CONFIRM,
                "",
                "If it was not you, ignore this mail: nothing is sent to this address unless the link is opened.",
                "",
                "Status page: " + pageUrl);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("subject", "[" + page + "] Confirm your subscription");
        p.put("text", text);
        return p;
    }

    private static String footer(URI pageUrl) {
        return (pageUrl == null ? "" : "Status page: " + pageUrl + "\n") + "Unsubscribe: " + UNSUBSCRIBE;
    }

    private static Map<String, String> payload(String subject, String text, Map<String, Object> json) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("subject", subject);
        p.put("text", text.replaceAll("\n{3,}", "\n\n"));
        p.put("body", Texts.json(json));
        return p;
    }

    /** The plain text as HTML, links made clickable: what the sender puts beside the text once the links are in. */
    static String html(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        String linked = escaped.replaceAll("(https?://[^\\s<]+)", "<a href=\"$1\">$1</a>");
        return "<div style=\"font:15px/1.5 sans-serif;white-space:pre-wrap\">" + linked + "</div>";
    }
}
