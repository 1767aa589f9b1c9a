package dev.caretaker.web;

import dev.caretaker.config.AuthConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The dashboard's cookies and how they are sent. A request counts as https when it arrived over TLS, when
 * {@code auth.public_url} is https, or when it came from one of {@code auth.trusted_proxies} saying
 * {@code X-Forwarded-Proto: https} (the header from anywhere else is ignored). Then every cookie is {@code Secure} and its name
 * carries the {@code __Host-} prefix, so a page on another port or subdomain of the same host cannot set or replace it
 * (browsers accept a {@code __Host-} cookie only with {@code Secure}, {@code Path=/} and no {@code Domain}). Over plain http the
 * plain name is used: browsers would drop a {@code __Host-} cookie that is not {@code Secure}, and the login would not work.
 * Every cookie is {@code HttpOnly} and {@code SameSite=Strict}, but a single sign-on's flow cookie ({@code Lax}, see {@link OidcFlow}).
 */
final class WebCookies {
    static final String HOST_PREFIX = "__Host-";

    private final Supplier<AuthConfig> auth;

    WebCookies(Supplier<AuthConfig> auth) {
        this.auth = auth;
    }

    /** Whether the browser reached Caretaker over https, as far as this request can tell. */
    boolean secure(Context ctx) {
        if ("https".equalsIgnoreCase(ctx.scheme()) || auth.get().publicHttps()) {
            return true;
        }
        String proto = ctx.header("X-Forwarded-Proto");
        if (proto == null || !auth.get().fromTrustedProxy(ctx.ip())) {
            return false;
        }
        // a chain of proxies lists each hop's scheme, the browser's first
        return proto.split(",", 2)[0].trim().toLowerCase(Locale.ROOT).equals("https");
    }

    /** The name a cookie has on this request: {@code __Host-NAME} over https, {@code NAME} otherwise. */
    String name(Context ctx, String base) {
        return secure(ctx) ? HOST_PREFIX + base : base;
    }

    /** The cookie's value, read under the name this request uses (a plain-named cookie is ignored over https). */
    String read(Context ctx, String base) {
        return ctx.cookie(name(ctx, base));
    }

    void set(Context ctx, String base, String value, int maxAgeSeconds) {
        ctx.cookie(new Cookie(name(ctx, base), value, "/", maxAgeSeconds, secure(ctx), true, null, SameSite.STRICT));
    }

    /**
     * A cookie sent along on a top-level navigation from another site too ({@code SameSite=Lax}): only for a single
     * sign-on's flow, whose callback is the provider's redirect back.
     */
    void setLax(Context ctx, String base, String value, int maxAgeSeconds) {
        ctx.cookie(new Cookie(name(ctx, base), value, "/", maxAgeSeconds, secure(ctx), true, null, SameSite.LAX));
    }

    void removeLax(Context ctx, String base) {
        setLax(ctx, base, "", 0);
    }

    /** Removes the cookie (with the same attributes, or browsers keep a {@code __Host-} one). */
    void remove(Context ctx, String base) {
        set(ctx, base, "", 0);
    }
}
