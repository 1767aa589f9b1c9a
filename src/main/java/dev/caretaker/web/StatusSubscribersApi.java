package dev.caretaker.web;

import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.engine.Engine;
import dev.caretaker.status.Subscribers;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API's status-page subscribers, for admins only (an address is personal data): list, add an email address (confirmed
 * at once, on the admin's word) or a webhook, remove. A webhook URL is a secret: only its host is shown.
 */
final class StatusSubscribersApi {
    private final Supplier<Engine> engine;

    StatusSubscribersApi(Supplier<Engine> engine) {
        this.engine = engine;
    }

    void register(Api api, JavalinConfig config) {
        api.route(config, HandlerType.GET, "/status-page/subscribers", Role.ADMIN, (ctx, who) -> Map.of("items",
                engine.get().subscriptions().list().stream().map(StatusSubscribersApi::view).toList()));
        api.route(config, HandlerType.POST, "/status-page/subscribers", Role.ADMIN, this::add);
        api.route(config, HandlerType.DELETE, "/status-page/subscribers/{id}", Role.ADMIN, (ctx, who) ->
                view(engine.get().subscriptions().remove(Api.id(ctx, "id"), who.user())));
    }

    private Object add(Context ctx, Users.Identity who) {
        String email = Api.text(ctx, "email", false);
        String webhook = Api.text(ctx, "webhook", false);
        if ((email == null) == (webhook == null)) {
            throw new Api.Problem(400, "Bad Request", "send either \"email\" (an address, confirmed at once) or \"webhook\" (an https URL)");
        }
        Subscribers.Subscriber s = email != null ? engine.get().subscriptions().addEmail(email, who.user())
                : engine.get().subscriptions().addWebhook(webhook, who.user());
        ctx.status(201);
        return view(s);
    }

    static Map<String, Object> view(Subscribers.Subscriber s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("kind", s.kind());
        m.put("address", s.shown());
        m.put("confirmed", s.confirmed());
        m.put("created_at", s.createdAt().toString());
        m.put("confirmed_at", s.confirmedAt() == null ? null : s.confirmedAt().toString());
        m.put("created_by", s.createdBy());
        return m;
    }
}
