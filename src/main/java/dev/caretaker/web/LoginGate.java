package dev.caretaker.web;

import dev.caretaker.access.FailedLogins;
import dev.caretaker.access.LoginLimiter;
import dev.caretaker.access.Users;
import dev.caretaker.config.AuthConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a login passes before its password is looked at: the client's address (proxy-aware), the rate limits per address
 * and overall ({@code auth.login_rate}, {@code auth.login_rate_global}), and the count of failed logins the audit log gets
 * per address and window.
 */
final class LoginGate {
    private final Supplier<AuthConfig> auth;
    private final FailedLogins failed;
    private volatile LoginLimiter limiter;

    LoginGate(Supplier<AuthConfig> auth, FailedLogins failed) {
        this.auth = auth;
        this.failed = failed;
    }

    String address(Context ctx) {
        return ClientAddress.of(ctx.ip(), ctx.header("X-Forwarded-For"), auth.get());
    }

    /** Empty when a login from {@code address} may go on; else how long until one may (and the refusal is counted). */
    Optional<Duration> admit(String address) {
        Optional<Duration> wait = limiter().take(address);
        if (wait.isPresent()) {
            failed.limited(address);
        }
        return wait;
    }

    /** A login that did not log in. */
    void failed(String address, Users.Login result) {
        failed.failed(address, result);
    }

    /** A wrong code at the second step of {@code user}'s login, or one the wrong-code lock refused unchecked. */
    void failedCode(String address, String user, boolean refused) {
        failed.failedCode(address, user, refused);
    }

    FailedLogins failures() {
        return failed;
    }

    /** The buckets of the config of the moment: a reload that changes a rate starts them afresh. */
    private LoginLimiter limiter() {
        AuthConfig a = auth.get();
        LoginLimiter l = limiter;
        if (l == null || !l.perClient().equals(a.loginRate()) || !l.overall().equals(a.loginRateGlobal())) {
            synchronized (this) {
                l = limiter;
                if (l == null || !l.perClient().equals(a.loginRate()) || !l.overall().equals(a.loginRateGlobal())) {
                    l = new LoginLimiter(a.loginRate(), a.loginRateGlobal());
                    limiter = l;
                }
            }
        }
        return l;
    }

    /** Whole seconds for a {@code Retry-After} header, at least 1. */
    static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
