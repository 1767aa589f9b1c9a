package dev.caretaker.web;

import dev.caretaker.access.Role;
import dev.caretaker.access.Totp;
import dev.caretaker.access.TwoFactor;
import dev.caretaker.web.ui.Chrome;
import dev.caretaker.web.ui.TwoFactorModel;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The logged-in user's Two factors page ({@code /account/2fa}): start an enrolment (a new secret, shown as a QR code drawn on
 * the server and as text), confirm it with a first code (only then is it in force, and the ten recovery codes are shown, this
 * once), or turn it off with a code or a recovery code (throttled like a login). Users of an OIDC provider have none here.
 */
final class TwoFactorPages {
    private final TwoFactor twoFactor;
    private final LoginGate gate;
    private final SecondStep.Renderer renderer;
    private final Supplier<List<String>> requiredFor;
    private final Function<Instant, String> time;
    private final Function<Instant, String> until;
    private final Clock clock;

    TwoFactorPages(TwoFactor twoFactor, LoginGate gate, SecondStep.Renderer renderer, Supplier<List<String>> requiredFor, Function<Instant, String> time,
                   Function<Instant, String> until, Clock clock) {
        this.until = until;
        this.twoFactor = twoFactor;
        this.gate = gate;
        this.renderer = renderer;
        this.requiredFor = requiredFor;
        this.time = time;
        this.clock = clock;
    }

    void show(Context ctx, Chrome chrome, String user) {
        show(ctx, chrome, user, null);
    }

    private void show(Context ctx, Chrome chrome, String user, String error) {
        TwoFactor.State s = twoFactor.state(user);
        String state = s.oidc() ? "oidc" : s.enabled() ? "on" : s.pendingSecret() != null ? "pending" : "off";
        String uri = s.pendingSecret() == null ? null : Totp.uri(user, chrome.system(), s.pendingSecret());
        renderer.render(ctx, "two-factor.jte", new TwoFactorModel(chrome, state, time.apply(s.enabledAt()), s.recoveryLeft(), uri,
                s.pendingSecret() == null ? null : grouped(s.pendingSecret()), uri == null ? null : QrSvg.svg(uri, "QR code for your authenticator app"),
                List.of(), error, held(requiredFor.get())));
    }

    /**
     * Who {@code auth.require_2fa} holds, as the rule reads it ({@link TwoFactor#approvalRefusal}): the lowest listed role and
     * every role above it, "approver and above (approver, admin)"; empty when nobody is held.
     */
    static List<String> held(List<String> required) {
        Optional<Role> lowest = TwoFactor.lowestHeld(required);
        if (lowest.isEmpty()) {
            return List.of();
        }
        List<String> roles = java.util.Arrays.stream(Role.values()).filter(r -> r.atLeast(lowest.get())).map(Role::label).toList();
        return List.of(roles.size() == 1 ? roles.get(0) : lowest.get().label() + " and above (" + String.join(", ", roles) + ")");
    }

    /** A secret in groups of four, as apps accept it typed (spaces are ignored). */
    static String grouped(String secret) {
        return secret.replaceAll("(.{4})(?!$)", "$1 ");
    }

    void start(Context ctx, String user) {
        try {
            twoFactor.start(user);
        } catch (IllegalStateException e) {
            throw new Dashboard.Refusal(409, "Not started: " + e.getMessage() + ".");
        }
        ctx.redirect("/account/2fa");
    }

    void confirm(Context ctx, Chrome chrome, String user) {
        if (twoFactor.enabled(user)) {
            Notices.TWO_FACTOR_ALREADY_ON.redirect(ctx, "/account/2fa", null);
            return;
        }
        Optional<List<String>> codes = twoFactor.confirm(user, Optional.ofNullable(ctx.formParam("code")).orElse(""));
        if (codes.isEmpty()) {
            ctx.status(400);
            show(ctx, chrome, user, "That is not the code the app shows now for this key; two factors are still off. Check the phone's "
                    + "clock and try the next code.");
            return;
        }
        renderer.render(ctx, "two-factor.jte", new TwoFactorModel(chrome, "codes", null, codes.get().size(), null, null, null, codes.get(), null,
                held(requiredFor.get())));
    }

    void disable(Context ctx, Chrome chrome, String user) {
        TwoFactor.Check c = twoFactor.disable(user, Optional.ofNullable(ctx.formParam("code")).orElse(""), gate.address(ctx));
        if (c.ok()) {
            Notices.TWO_FACTOR_OFF.redirect(ctx, "/account/2fa", null);
            return;
        }
        if (c.locked()) {
            ctx.status(429).header("Retry-After", String.valueOf(LoginGate.seconds(Duration.between(clock.instant(), c.lockedUntil()))));
            show(ctx, chrome, user, "Too many wrong codes for this user; try again after " + until.apply(c.lockedUntil()) + ".");
            return;
        }
        ctx.status(401);
        show(ctx, chrome, user, "Wrong code, or one already used; two factors are still on.");
    }
}
