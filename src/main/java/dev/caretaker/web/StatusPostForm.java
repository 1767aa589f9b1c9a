package dev.caretaker.web;

import dev.caretaker.engine.Engine;
import dev.caretaker.status.StatusPost;
import dev.caretaker.status.StatusPosts;
import dev.caretaker.web.ui.Chrome;
import dev.caretaker.web.ui.StatusPostsModel;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The dashboard's "Status posts" page: the posts of the last 90 days with their updates, a form to post an incident or a
 * maintenance (operators) and, per open post, one to add an update. Written as the logged-in user and audited; bad input
 * answers 400 in words, an update to a closed post 409.
 */
final class StatusPostForm {
    private StatusPostForm() {
    }

    static StatusPostsModel model(Engine engine, Chrome chrome, boolean canPost, Instant now) {
        ZoneId zone = engine.config().timezone();
        List<StatusPostsModel.Post> posts = StatusPostViews.shown(engine.statusPosts()).stream()
                .sorted(Comparator.comparing((StatusPost p) -> !p.open())).map(p -> {
                    var view = StatusPostViews.view(p, now, zone);
                    List<StatusPostsModel.Update> updates = p.updates().stream().map(u -> new StatusPostsModel.Update(StatusPost.words(u.status()),
                            u.body(), StatusPostViews.TIME.format(u.at().atZone(zone)), u.createdBy(), u.notifies())).toList();
                    return new StatusPostsModel.Post(p.id(), p.kind(), p.title(), view.components(), view.status(), view.window(), p.open(),
                            p.createdBy(), updates, p.open() ? StatusPost.statuses(p.kind())
                            : p.maintenance() ? List.of() : List.of("investigating")); // a resolved incident may only reopen
                }).toList();
        return new StatusPostsModel(chrome, engine.config().statusPage().enabled(), canPost, zone.getId(), engine.statusPosts().componentNames(),
                StatusPost.INCIDENT_STATUSES, StatusPost.MAINTENANCE_STATUSES, posts);
    }

    static void post(Context ctx, Engine engine, String by) {
        StatusPost p;
        try {
            String kind = FormFields.required(ctx, "kind");
            ZoneId zone = engine.config().timezone();
            boolean maintenance = kind.equals(StatusPost.MAINTENANCE);
            Instant from = maintenance ? at(FormFields.required(ctx, "from"), zone) : null;
            Instant to = maintenance ? at(FormFields.required(ctx, "to"), zone) : null;
            String status = maintenance ? FormFields.required(ctx, "maintenance_status") : FormFields.required(ctx, "status");
            p = engine.statusPosts().post(new StatusPosts.Draft(kind, FormFields.required(ctx, "title"), ctx.formParams("component"), status,
                    FormFields.required(ctx, "message"), from, to, ctx.formParam("quiet") == null), by);
        } catch (IllegalArgumentException e) {
            throw new Dashboard.Refusal(400, "Not posted: " + e.getMessage() + ". Go back and correct it.");
        }
        Notices.POSTED.redirect(ctx, "/status-posts", p.id());
    }

    static void update(Context ctx, Engine engine, String by) {
        long id = FormFields.id(ctx, "post");
        try {
            engine.statusPosts().update(id, FormFields.required(ctx, "status"), FormFields.required(ctx, "message"), ctx.formParam("quiet") == null, by);
        } catch (NoSuchElementException e) {
            throw new Dashboard.Refusal(404, capital(e.getMessage()) + ".");
        } catch (IllegalStateException e) {
            throw new Dashboard.Refusal(409, "Not updated: " + e.getMessage() + ".");
        } catch (IllegalArgumentException e) {
            throw new Dashboard.Refusal(400, "Not updated: " + e.getMessage() + ". Go back and correct it.");
        }
        Notices.POST_UPDATED.redirect(ctx, "/status-posts", id);
    }

    private static Instant at(String text, ZoneId zone) {
        return StatusPost.instant(text, zone);
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
