package dev.caretaker.web;

import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/v1/tokens}: the caller's own API tokens with scope, state and last use (never a token itself); an admin
 * may ask for another user's ({@code ?user=NAME}) or everyone's ({@code ?user=*}). Tokens and users are made only from the
 * command line, so no request, whatever its token's scope, can make a token or a user.
 */
final class TokensApi {
    private final Users users;
    private final Clock clock;

    TokensApi(Users users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    void register(Api api, JavalinConfig config) {
        api.route(config, HandlerType.GET, "/tokens", Role.VIEWER, (ctx, who) -> {
            String user = ctx.queryParam("user");
            String whose = user == null || user.isBlank() ? who.user() : user.equals("*") ? null : user;
            if (!who.user().equals(whose) && !who.may(Role.ADMIN)) {
                throw new Api.Problem(403, "Forbidden", who.via().startsWith("token")
                        ? "listing another user's tokens needs a token that acts as admin (an admin's, made with --scope admin); this one "
                        + "acts as " + who.role().label() + "; leave out ?user= for your own"
                        : "only an admin may list another user's tokens; leave out ?user= for your own");
            }
            Instant now = clock.instant();
            return Map.of("items", users.tokens(whose).stream().map(t -> t.view(now)).toList());
        });
    }
}
