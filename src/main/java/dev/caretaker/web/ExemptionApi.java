package dev.caretaker.web;

import dev.caretaker.access.Role;
import dev.caretaker.config.IgnoreRule;
import dev.caretaker.engine.Engine;
import dev.caretaker.engine.ExemptionDesk;
import dev.caretaker.report.JsonReport;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API's exemptions: ignore the finding behind an incident (operator), list the exemptions (viewer), remove one
 * (operator). Made as the token's user and written to the audit log with that name.
 */
final class ExemptionApi {
    private final Supplier<Engine> engine;

    ExemptionApi(Supplier<Engine> engine) {
        this.engine = engine;
    }

    void register(Api api, JavalinConfig config) {
        api.route(config, HandlerType.POST, "/incidents/{id}/ignore", Role.OPERATOR, this::ignore);
        api.route(config, HandlerType.GET, "/exemptions", Role.VIEWER, (ctx, who) -> Map.of("items",
                engine.get().exemptions().list("true".equals(ctx.queryParam("all"))).stream().map(e -> JsonReport.exemption(e, zone())).toList()));
        api.route(config, HandlerType.DELETE, "/exemptions/{id}", Role.OPERATOR, (ctx, who) -> {
            ExemptionDesk.Removed r = engine.get().exemptions().remove(Api.id(ctx, "id"), who.user());
            Map<String, Object> m = new LinkedHashMap<>(JsonReport.exemption(r.exemption(), zone()));
            m.put("changed", r.changed());
            return m;
        });
    }

    private ZoneId zone() {
        return engine.get().config().timezone();
    }

    private Object ignore(Context ctx, dev.caretaker.access.Users.Identity who) {
        long id = Api.id(ctx, "id");
        String reason = Api.text(ctx, "reason", true);
        String until = Api.text(ctx, "until", false);
        Instant end = until == null ? null : IgnoreRule.until(until, zone(), engine.get().clock().instant());
        ExemptionDesk.Ignoring done;
        try {
            done = engine.get().exemptions().ignore(id, reason, end, who.user());
        } catch (ExemptionDesk.AlreadyIgnored e) {
            throw new Api.Problem(409, "Conflict", e.getMessage() + ": DELETE " + Api.PREFIX + "/exemptions/" + e.exemption().id());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exemption", JsonReport.exemption(done.exemption(), zone()));
        m.put("incident", JsonReport.incident(done.incident(), zone()));
        m.put("resolved", done.resolved());
        ctx.status(201).header("Location", Api.PREFIX + "/exemptions/" + done.exemption().id());
        return m;
    }
}
