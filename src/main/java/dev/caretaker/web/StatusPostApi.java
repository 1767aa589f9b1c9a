package dev.caretaker.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.engine.Engine;
import dev.caretaker.engine.StatusPostDesk;
import dev.caretaker.status.StatusPost;
import dev.caretaker.status.StatusPosts;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API's status posts: the open ones, or with {@code ?all=true} those of the last 90 days (viewer); a new incident or
 * maintenance and an update to one (operator), written as the token's user and audited.
 */
final class StatusPostApi {
    private final Supplier<Engine> engine;

    StatusPostApi(Supplier<Engine> engine) {
        this.engine = engine;
    }

    void register(Api api, JavalinConfig config) {
        api.route(config, HandlerType.GET, "/status-page/posts", Role.VIEWER, (ctx, who) -> {
            Instant now = engine.get().clock().instant();
            List<StatusPost> posts = "true".equals(ctx.queryParam("all")) ? StatusPostViews.shown(engine.get().statusPosts())
                    : engine.get().statusPosts().open();
            return Map.of("items", posts.stream().map(p -> StatusPostDesk.toMap(p, true, now)).toList());
        });
        api.route(config, HandlerType.POST, "/status-page/posts", Role.OPERATOR, this::post);
        api.route(config, HandlerType.POST, "/status-page/posts/{id}/updates", Role.OPERATOR, this::update);
    }

    private Object post(Context ctx, Users.Identity who) {
        JsonNode body = body(ctx);
        var zone = engine.get().config().timezone();
        String kind = text(body, "kind", false);
        List<String> components = new ArrayList<>();
        JsonNode list = body.get("components");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new Api.Problem(400, "Bad Request", "\"components\" must be a list of component names");
            }
            list.forEach(c -> {
                if (!c.isTextual()) {
                    throw new Api.Problem(400, "Bad Request", "\"components\" must be a list of component names");
                }
                components.add(c.asText());
            });
        }
        Instant starts = at(body, "starts_at", zone);
        Instant ends = at(body, "ends_at", zone);
        StatusPosts.Draft draft = new StatusPosts.Draft(kind == null ? StatusPost.INCIDENT : kind, text(body, "title", true), components,
                text(body, "status", true), text(body, "message", true), starts, ends, flag(body));
        StatusPost p = engine.get().statusPosts().post(draft, who.user());
        ctx.status(201).header("Location", Api.PREFIX + "/status-page/posts/" + p.id());
        return StatusPostDesk.toMap(p, true, engine.get().clock().instant());
    }

    private Object update(Context ctx, Users.Identity who) {
        long id = Api.id(ctx, "id");
        JsonNode body = body(ctx);
        StatusPost p = engine.get().statusPosts().update(id, text(body, "status", true), text(body, "message", true), flag(body), who.user());
        ctx.status(201);
        return StatusPostDesk.toMap(p, true, engine.get().clock().instant());
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode node = Api.JSON.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
            if (!node.isObject()) {
                throw new Api.Problem(400, "Bad Request", "the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Api.Problem(400, "Bad Request", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String name, boolean required) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            if (required) {
                throw new Api.Problem(400, "Bad Request", "the body needs \"" + name + "\"");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new Api.Problem(400, "Bad Request", "\"" + name + "\" must be a string");
        }
        return v.asText();
    }

    private static boolean flag(JsonNode body) {
        JsonNode v = body.get("notify");
        if (v == null || v.isNull()) {
            return true;
        }
        if (!v.isBoolean()) {
            throw new Api.Problem(400, "Bad Request", "\"notify\" must be true or false");
        }
        return v.asBoolean();
    }

    private static Instant at(JsonNode body, String name, java.time.ZoneId zone) {
        String s = text(body, name, false);
        if (s == null) {
            return null;
        }
        try {
            return StatusPost.instant(s, zone);
        } catch (IllegalArgumentException e) {
            throw new Api.Problem(400, "Bad Request", "\"" + name + "\": " + e.getMessage());
        }
    }
}
