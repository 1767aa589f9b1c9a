package dev.caretaker.web;

import dev.caretaker.access.Sessions;
import dev.caretaker.config.AuthConfig;
import dev.caretaker.store.SigningKey;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The login form's pre-session: {@code GET /login} sets a cookie ({@code NONCE.ISSUED}) and puts into the form a token that
 * is the signing key's MAC of that cookie; {@code POST /login} accepts only a cookie this server issued within the last hour
 * with its own token. A value another page tossed into the browser's cookie jar has no valid token, so it cannot log the
 * browser in as the tosser's account (login CSRF). A pair the attacker fetched for themselves is refused too when the
 * browser says the form was posted from another origin ({@code Sec-Fetch-Site}, else {@code Origin}): another port of the
 * same host is same-site, not same-origin.
 */
final class LoginForm {
    static final String COOKIE = "caretaker_login";
    /** How long a login form stays valid. */
    static final Duration VALID = Duration.ofHours(1);
    private static final String PURPOSE = "caretaker login form\n";

    private final WebCookies cookies;
    private final Supplier<SigningKey> key;
    private final Supplier<AuthConfig> auth;
    private final Clock clock;

    LoginForm(WebCookies cookies, Supplier<SigningKey> key, Supplier<AuthConfig> auth, Clock clock) {
        this.cookies = cookies;
        this.key = key;
        this.auth = auth;
        this.clock = clock;
    }

    /** Sets a fresh pre-session cookie; returns the token its form must carry. */
    String issue(Context ctx) {
        String cookie = Sessions.random() + "." + clock.instant().getEpochSecond();
        cookies.set(ctx, COOKIE, cookie, (int) VALID.toSeconds());
        return key.get().mac(PURPOSE + cookie);
    }

    /** Why a posted login form is refused, or null when its cookie, token and origin hold. */
    String refusal(Context ctx) {
        String cookie = cookies.read(ctx, COOKIE);
        String token = ctx.formParam("csrf");
        if (cookie == null || token == null || cookie.length() > 100 || !key.get().verify(PURPOSE + cookie, token)) {
            return "This login form is missing its token or comes from another page; open /login and try again.";
        }
        Instant issued = issuedAt(cookie);
        Instant now = clock.instant();
        if (issued == null || issued.isAfter(now.plus(Duration.ofMinutes(5))) || issued.plus(VALID).isBefore(now)) {
            return "This login form is over an hour old; open /login and try again.";
        }
        String origin = crossOrigin(ctx);
        if (origin != null) {
            return "This login form was posted from " + origin + ", not from this server; open /login here and try again. "
                    + "Behind a reverse proxy, set auth.public_url to the address people use.";
        }
        return null;
    }

    private static Instant issuedAt(String cookie) {
        int dot = cookie.lastIndexOf('.');
        try {
            return dot < 0 ? null : Instant.ofEpochSecond(Long.parseLong(cookie.substring(dot + 1)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** The other origin the browser says the form came from, or null when it is this server's (or the browser says nothing). */
    private String crossOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            String s = site.trim().toLowerCase(Locale.ROOT);
            return s.equals("same-origin") || s.equals("none") ? null : "a page of another origin (Sec-Fetch-Site: " + shown(s) + ")";
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return null; // a client that sends neither is not a browser a page could drive
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (o.equals(ownOrigin(ctx, ctx.host())) || auth.get().publicUrl().map(u -> o.equals(origin(u))).orElse(false)) {
            return null;
        }
        String forwarded = auth.get().fromTrustedProxy(ctx.ip()) ? ctx.header("X-Forwarded-Host") : null;
        if (forwarded != null && o.equals(ownOrigin(ctx, forwarded.split(",", 2)[0].trim()))) {
            return null;
        }
        return shown(o);
    }

    private String ownOrigin(Context ctx, String host) {
        return host == null ? "" : (cookies.secure(ctx) ? "https://" : "http://") + host.toLowerCase(Locale.ROOT);
    }

    private static String origin(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        boolean standard = port < 0 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (standard ? "" : ":" + port);
    }

    /** A header value fit for a message: printable, short. */
    private static String shown(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
