package dev.caretaker.web;

import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.engine.Engine;
import dev.caretaker.engine.OncallDesk;
import dev.caretaker.oncall.OncallCalendar;
import dev.caretaker.oncall.OncallOverride;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API's on-call schedules: who is on call now per schedule (viewer), an override as the token's user (operator,
 * audited), the overrides on now or to come (viewer) and their removal (operator, audited), and each schedule's iCalendar
 * feed (viewer, or anyone with the schedule's signed feed URL).
 */
final class OncallApi {
    private final Supplier<Engine> engine;

    OncallApi(Supplier<Engine> engine) {
        this.engine = engine;
    }

    void register(Api api, JavalinConfig config) {
        api.route(config, HandlerType.GET, "/oncall", Role.VIEWER, (ctx, who) -> Map.of("items",
                engine.get().oncall().now().stream().map(OncallDesk.Standing::toMap).toList()));
        api.route(config, HandlerType.POST, "/oncall/{name}/overrides", Role.OPERATOR, this::override);
        api.route(config, HandlerType.GET, "/oncall/{name}/overrides", Role.VIEWER, (ctx, who) -> Map.of("items",
                engine.get().oncall().overrides(ctx.pathParam("name")).stream().map(OncallDesk::toMap).toList()));
        api.route(config, HandlerType.DELETE, "/oncall/{name}/overrides/{id}", Role.OPERATOR, (ctx, who) ->
                OncallDesk.toMap(engine.get().oncall().removeOverride(ctx.pathParam("name"), id(ctx.pathParam("id")), who.user())));
        api.route(config, HandlerType.GET, "/oncall/{name}.ics", Role.VIEWER, (ctx, who) ->
                new Api.Raw(OncallCalendar.CONTENT_TYPE, engine.get().oncall().calendar(ctx.pathParam("name"))),
                ctx -> engine.get().oncall().feedAccepts(ctx.pathParam("name"), ctx.queryParam("key")));
    }

    private Object override(Context ctx, Users.Identity who) {
        String name = ctx.pathParam("name");
        var zone = engine.get().oncall().schedule(name).zone();
        String person = Api.text(ctx, "who", true);
        Instant from = at("from", Api.text(ctx, "from", true), zone);
        Instant until = at("until", Api.text(ctx, "until", true), zone);
        OncallOverride o = engine.get().oncall().override(name, person, from, until, who.user());
        ctx.status(201);
        return OncallDesk.toMap(o);
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Api.Problem(404, "Not Found", "'" + text + "' is not an override id; GET /api/v1/oncall/{schedule}/overrides lists them");
        }
    }

    private static Instant at(String field, String text, java.time.ZoneId zone) {
        try {
            return OncallOverride.instant(text, zone);
        } catch (IllegalArgumentException e) {
            throw new Api.Problem(400, "Bad Request", "\"" + field + "\": " + e.getMessage());
        }
    }
}
