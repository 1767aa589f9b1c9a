package dev.caretaker.web;

import dev.caretaker.access.Sessions;
import dev.caretaker.access.TwoFactor;
import dev.caretaker.store.SigningKey;
import dev.caretaker.web.ui.LoginCodeModel;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The second step of a login for a user with two factors in force. After the right password no session exists yet: the
 * browser gets a cookie ({@code USER.ISSUED.MAC}, the MAC by Caretaker's signing key) that names the user and is good for
 * {@link #VALID}, and a form for a code of the authenticator app or a recovery code. The form is bound to a fresh login
 * pre-session ({@link LoginForm}), so it is CSRF- and origin-checked like the password form; each post passes the login rate
 * limits, and wrong codes count toward the user's lockout ({@link TwoFactor#verify}). A right code opens the session, marked
 * {@code totp}.
 */
final class SecondStep {
    static final String COOKIE = "caretaker_2fa";
    /** How long after the right password the code may be given. */
    static final Duration VALID = Duration.ofMinutes(5);
    private static final String PURPOSE = "caretaker second step\n";

    /** Renders a template with a model (the dashboard's). */
    @FunctionalInterface
    interface Renderer {
        void render(Context ctx, String template, Object model);
    }

    private final WebCookies cookies;
    private final Supplier<SigningKey> key;
    private final LoginForm form;
    private final LoginGate gate;
    private final TwoFactor twoFactor;
    private final Sessions sessions;
    private final Clock clock;
    private final Supplier<String> system;
    private final Renderer renderer;
    private final Function<Instant, String> time;

    SecondStep(WebCookies cookies, Supplier<SigningKey> key, LoginForm form, LoginGate gate, TwoFactor twoFactor, Sessions sessions, Clock clock,
               Supplier<String> system, Renderer renderer, Function<Instant, String> time) {
        this.cookies = cookies;
        this.key = key;
        this.form = form;
        this.gate = gate;
        this.twoFactor = twoFactor;
        this.sessions = sessions;
        this.clock = clock;
        this.system = system;
        this.renderer = renderer;
        this.time = time;
    }

    /** After the right password of {@code user}: true, with the code form sent, when the user has two factors in force. */
    boolean begin(Context ctx, String user) {
        if (!twoFactor.enabled(user)) {
            return false;
        }
        String payload = user + "." + clock.instant().getEpochSecond();
        cookies.set(ctx, COOKIE, key.get().seal(PURPOSE, payload), (int) VALID.toSeconds());
        page(ctx, 200, null, null);
        return true;
    }

    /** {@code GET /login/code} (a reload, Back, a bookmark): the form is only ever the answer to a password, so back to the login. */
    static void reload(Context ctx) {
        String next = NextPath.safe(ctx.queryParam("next"));
        ctx.redirect(next.equals("/") ? "/login" : "/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code POST /login/code}: the code (or a recovery code) for the user the cookie names. */
    void submit(Context ctx) {
        String address = gate.address(ctx);
        Optional<Duration> wait = gate.admit(address);
        if (wait.isPresent()) {
            page(ctx, 429, wait.get(), "Too many logins at once; try again in " + LoginGate.seconds(wait.get()) + " s.");
            return;
        }
        String refusal = form.refusal(ctx);
        if (refusal != null) {
            throw new Dashboard.Refusal(403, refusal);
        }
        String user = pendingUser(ctx);
        if (user == null) {
            cookies.remove(ctx, COOKIE);
            throw new Dashboard.Refusal(401, "This login waited more than " + VALID.toMinutes() + " minutes for its code, or its cookie is "
                    + "missing; open /login and log in again.");
        }
        TwoFactor.Check c = twoFactor.login(user, Optional.ofNullable(ctx.formParam("code")).orElse(""), address);
        if (!c.ok()) {
            gate.failedCode(address, user, c.refused());
            if (c.locked()) {
                page(ctx, 429, Duration.between(clock.instant(), c.lockedUntil()), "Too many wrong codes for this user; try again after "
                        + time.apply(c.lockedUntil()) + ".");
            } else {
                page(ctx, 401, null, "Wrong code, or one already used. Type the 6 digits your app shows now, or an unused recovery code.");
            }
            return;
        }
        Sessions.Opened s = sessions.open(user, address, "totp");
        cookies.remove(ctx, LoginForm.COOKIE);
        cookies.remove(ctx, COOKIE);
        cookies.set(ctx, Dashboard.SESSION_COOKIE, s.cookie(), (int) Sessions.LIFETIME.toSeconds());
        ctx.redirect(NextPath.safe(ctx.formParam("next")));
    }

    /** The user this browser's cookie names, if this server signed it within {@link #VALID}; else null. */
    String pendingUser(Context ctx) {
        String payload = key.get().unseal(PURPOSE, cookies.read(ctx, COOKIE), 300).orElse(null);
        int issuedAt = payload == null ? -1 : payload.lastIndexOf('.');
        if (issuedAt <= 0) {
            return null;
        }
        Instant issued;
        try {
            issued = Instant.ofEpochSecond(Long.parseLong(payload.substring(issuedAt + 1)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
        Instant now = clock.instant();
        if (issued.plus(VALID).isBefore(now) || issued.isAfter(now.plus(Duration.ofMinutes(1)))) {
            return null;
        }
        return payload.substring(0, issuedAt);
    }

    private void page(Context ctx, int status, Duration retry, String error) {
        String token = form.issue(ctx);
        ctx.status(status);
        if (retry != null) {
            ctx.header("Retry-After", String.valueOf(LoginGate.seconds(retry)));
        }
        renderer.render(ctx, "login-code.jte", new LoginCodeModel(system.get(), token, error, NextPath.safe(ctx.formParam("next"))));
    }
}
