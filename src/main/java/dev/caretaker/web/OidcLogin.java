package dev.caretaker.web;

import dev.caretaker.access.OidcAccounts;
import dev.caretaker.access.OidcProvider;
import dev.caretaker.access.Role;
import dev.caretaker.access.Sessions;
import dev.caretaker.config.OidcConfig;
import dev.caretaker.schedule.Server;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Single sign-on through {@code auth.oidc}: {@code GET /login/oidc} sends the browser to the provider (with PKCE,
 * {@code state} and {@code nonce}, bound to the browser by {@link OidcFlow}); {@code GET /login/oidc/callback} takes the
 * provider's answer, exchanges the code, validates the ID token ({@link OidcProvider}), maps the role, makes or finds the
 * user by issuer and subject ({@link OidcAccounts}) and opens a session opened {@code via oidc}. A refusal shows the login
 * page with why, in plain words.
 */
final class OidcLogin {
    /** Shows the login page with a refusal: the status and why. */
    @FunctionalInterface
    interface Refuse {
        void refuse(Context ctx, int status, String why);
    }

    private final Server server;
    private final LoginGate gate;
    private final Sessions sessions;
    private final WebCookies cookies;
    private final OidcFlow flow;
    private final OidcAccounts accounts;
    private final Refuse refuse;
    private final Clock clock;
    private volatile OidcProvider provider;

    OidcLogin(Server server, LoginGate gate, Sessions sessions, WebCookies cookies, OidcAccounts accounts, Refuse refuse, Clock clock) {
        this.server = server;
        this.gate = gate;
        this.sessions = sessions;
        this.cookies = cookies;
        this.flow = new OidcFlow(cookies, () -> server.engine().key(), clock);
        this.accounts = accounts;
        this.refuse = refuse;
        this.clock = clock;
    }

    void register(JavalinConfig config) {
        config.routes.get("/login/oidc", this::start);
        config.routes.get(OidcConfig.CALLBACK_PATH, this::callback);
    }

    /** The provider of the config of the moment (a reload that changes {@code auth.oidc} starts afresh); empty when none. */
    private Optional<OidcProvider> provider() {
        Optional<OidcConfig> c = server.config().auth().oidc();
        if (c.isEmpty()) {
            return Optional.empty();
        }
        OidcProvider p = provider;
        if (p == null || !p.config().equals(c.get())) {
            p = new OidcProvider(c.get(), clock);
            provider = p;
        }
        return Optional.of(p);
    }

    private URI callbackUri() {
        String base = server.config().auth().publicUrl().orElseThrow().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + OidcConfig.CALLBACK_PATH);
    }

    private void start(Context ctx) {
        Optional<OidcProvider> p = provider();
        if (p.isEmpty()) {
            throw new Dashboard.Refusal(404, "Single sign-on is not set up here (auth.oidc); log in with a password at /login.");
        }
        // a start may make Caretaker ask the provider (discovery): it takes a login try like the callback does
        Optional<Duration> wait = gate.admit(gate.address(ctx));
        if (wait.isPresent()) {
            ctx.header("Retry-After", String.valueOf(LoginGate.seconds(wait.get())));
            refuse.refuse(ctx, 429, "Too many logins at once; try again in " + LoginGate.seconds(wait.get()) + " s.");
            return;
        }
        try {
            OidcProvider.Start s = p.get().start(callbackUri());
            flow.begin(ctx, s.state(), s.nonce(), s.verifier(), ctx.queryParam("next"));
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(s.redirect().toString());
        } catch (OidcProvider.Failure e) {
            refuse.refuse(ctx, 502, e.getMessage());
        }
    }

    private void callback(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Optional<OidcProvider> p = provider();
        if (p.isEmpty()) {
            throw new Dashboard.Refusal(404, "Single sign-on is not set up here (auth.oidc); log in with a password at /login.");
        }
        String address = gate.address(ctx);
        Optional<Duration> wait = gate.admit(address);
        if (wait.isPresent()) {
            ctx.header("Retry-After", String.valueOf(LoginGate.seconds(wait.get())));
            refuse.refuse(ctx, 429, "Too many logins at once; try again in " + LoginGate.seconds(wait.get()) + " s.");
            return;
        }
        OidcFlow.Pending pending;
        try {
            pending = flow.end(ctx, ctx.queryParam("state"));
        } catch (OidcFlow.Mismatch e) {
            accounts.refused(address, e.getMessage());
            refuse.refuse(ctx, 400, e.getMessage());
            return;
        }
        String error = ctx.queryParam("error");
        if (error != null) {
            String description = ctx.queryParam("error_description");
            String why = "The sign-in provider did not sign you in: " + OidcProvider.plain(error)
                    + (description == null ? "" : " (" + OidcProvider.plain(description) + ")") + ".";
            accounts.refused(address, why);
            refuse.refuse(ctx, 403, why);
            return;
        }
        String code = ctx.queryParam("code");
        if (code == null || code.isBlank()) {
            refuse.refuse(ctx, 400, "The sign-in provider sent this browser back without a code; open /login and sign in again.");
            return;
        }
        try {
            OidcProvider.Verified v = p.get().finish(code, callbackUri(), pending.verifier(), pending.nonce());
            signIn(ctx, p.get().config(), v, address, pending.next());
        } catch (OidcProvider.Failure | OidcAccounts.Refused e) {
            accounts.refused(address, e.getMessage());
            refuse.refuse(ctx, 403, e.getMessage());
        }
    }

    private void signIn(Context ctx, OidcConfig c, OidcProvider.Verified v, String address, String next) {
        Object name = v.claims().containsKey(c.userClaim()) ? v.claims().get(c.userClaim()) : v.claims().get(OidcConfig.FALLBACK_USER_CLAIM);
        if (!(name instanceof String n) || n.isBlank()) {
            throw new OidcAccounts.Refused("The sign-in provider's answer names no user: it has neither the claim " + c.userClaim()
                    + " (auth.oidc.user_claim) nor " + OidcConfig.FALLBACK_USER_CLAIM + ". An admin can set auth.oidc.user_claim to a claim it has, "
                    + "or add profile or email to auth.oidc.scopes.");
        }
        Optional<Role> role = c.roleFor(v.claims().get(c.roleClaim())).map(Role::parse);
        if (role.isEmpty()) {
            throw new OidcAccounts.Refused("You signed in at the provider as " + OidcProvider.plain(n) + ", but no Caretaker role is given to "
                    + "you: your " + c.roleClaim() + " claim holds none of the values in auth.oidc.roles. Ask an admin to add you to one of "
                    + "those groups, or to set auth.oidc.default_role.");
        }
        OidcAccounts.SignedIn in = accounts.signIn(v.issuer(), v.subject(), n, role.get(), address);
        Sessions.Opened s = sessions.open(in.identity().user(), address, "oidc");
        cookies.remove(ctx, LoginForm.COOKIE);
        cookies.set(ctx, Dashboard.SESSION_COOKIE, s.cookie(), (int) Sessions.LIFETIME.toSeconds());
        // a page that moves on, not a redirect: the session cookie is SameSite=Strict, and a redirect chain that began at the
        // provider's site would leave it behind; a refresh from this page is this site's own navigation
        String to = escape(NextPath.safe(next));
        ctx.contentType("text/html; charset=utf-8").result("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"0;url=" + to + "\"><title>Signed in · Caretaker</title>"
                + "<link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body class=\"login\"><main id=\"main\"><p id=\"signed-in\">Signed in as "
                + escape(in.identity().user()) + ". <a href=\"" + to + "\">Continue</a></p></main></body></html>\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
