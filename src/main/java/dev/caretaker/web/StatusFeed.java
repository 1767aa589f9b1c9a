package dev.caretaker.web;

import dev.caretaker.config.AuthConfig;
import dev.caretaker.status.StatusPost;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The status page's posts as an Atom feed ({@code /status/feed.atom}, RFC 4287): one entry per post of the last 90 days
 * (and any older one still open), its updates newest first in its content. A feed's and an entry's id are name-based UUIDs
 * of the system (and the post's number), so they stay the same from one fetch, node or address to the next; an entry's
 * {@code updated} is its newest update.
 */
final class StatusFeed {
    static final String CONTENT_TYPE = "application/atom+xml; charset=utf-8";

    private StatusFeed() {
    }

    /** Where the page is reached: {@code auth.public_url} when set, else the scheme and host the request came to. */
    static String base(Context ctx, AuthConfig auth) {
        String url = auth.publicUrl().map(Object::toString).orElse(ctx.scheme() + "://" + ctx.host());
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String atom(String title, String system, String base, List<StatusPost> posts, Instant now, ZoneId zone) {
        Instant updated = posts.stream().map(StatusPost::updatedAt).max(Instant::compareTo).orElse(now);
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        x.append("  <id>").append(id(system, null)).append("</id>\n");
        x.append("  <title>").append(xml(dev.caretaker.web.ui.StatusModel.named(title))).append("</title>\n");
        x.append("  <updated>").append(time(updated)).append("</updated>\n");
        x.append("  <link rel=\"self\" type=\"application/atom+xml\" href=\"").append(xml(base + "/status/feed.atom")).append("\"/>\n");
        x.append("  <link rel=\"alternate\" type=\"text/html\" href=\"").append(xml(base + "/status")).append("\"/>\n");
        x.append("  <author><name>").append(xml(title)).append("</name></author>\n");
        for (StatusPost p : posts) {
            x.append("  <entry>\n");
            x.append("    <id>").append(id(system, p.id())).append("</id>\n");
            x.append("    <title>").append(xml((p.maintenance() ? "Maintenance: " : "") + p.title())).append("</title>\n");
            x.append("    <published>").append(time(p.createdAt())).append("</published>\n");
            x.append("    <updated>").append(time(p.updatedAt())).append("</updated>\n");
            x.append("    <link rel=\"alternate\" type=\"text/html\" href=\"").append(xml(base + "/status#" + (p.open() ? "post-" : "past-") + p.id())).append("\"/>\n");
            x.append("    <content type=\"html\">").append(xml(html(p, now, zone))).append("</content>\n");
            x.append("  </entry>\n");
        }
        return x.append("</feed>\n").toString();
    }

    /** A post's content: its window, the components it names, then each update with its time and status. */
    private static String html(StatusPost p, Instant now, ZoneId zone) {
        StringBuilder h = new StringBuilder();
        var view = StatusPostViews.view(p, now, zone);
        if (!view.window().isEmpty()) {
            h.append("<p>").append(xml(view.window())).append("</p>");
        }
        h.append("<p>Affects: ").append(xml(p.components().isEmpty() ? "all components" : String.join(", ", p.components()))).append("</p>");
        for (var u : view.updates()) {
            h.append("<p><small>").append(xml(u.at())).append("</small><br><strong>").append(xml(u.status())).append("</strong> - ")
                    .append(xml(u.message()).replace("\r\n", "\n").replace("\n", "<br>")).append("</p>");
        }
        return h.toString();
    }

    private static String id(String system, Long post) {
        String name = "caretaker status page\n" + system + (post == null ? "" : "\npost " + post);
        return "urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Text for XML content or an attribute: the five special characters escaped and control characters XML forbids dropped. */
    static String xml(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
