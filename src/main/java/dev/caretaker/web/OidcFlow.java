package dev.caretaker.web;

import dev.caretaker.store.SigningKey;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A single sign-on's flow, bound to the browser that started it: its {@code state}, {@code nonce}, PKCE verifier and the
 * path to go to after, in a cookie signed with Caretaker's key and good for {@link #VALID}. The callback is taken only with
 * that cookie and the same {@code state}, and only once: a callback opened in another browser has no cookie, one forged
 * has no valid signature, and one replayed finds its {@code state} used (this node remembers used ones until they expire;
 * the provider refuses a code twice anyway). The cookie is {@code SameSite=Lax}: the provider's redirect back is a
 * top-level navigation from another site, which a {@code Strict} cookie would not ride along.
 */
final class OidcFlow {
    static final String COOKIE = "caretaker_oidc";
    static final Duration VALID = Duration.ofMinutes(10);
    private static final String PURPOSE = "caretaker oidc flow\n";
    /** Used states remembered at most; past this the oldest are forgotten (they expire within {@link #VALID} anyway). */
    private static final int REMEMBERED = 10_000;

    /** What the cookie carries. */
    record Pending(String state, String nonce, String verifier, String next, Instant issued) {
    }

    private final WebCookies cookies;
    private final Supplier<SigningKey> key;
    private final Clock clock;
    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    OidcFlow(WebCookies cookies, Supplier<SigningKey> key, Clock clock) {
        this.cookies = cookies;
        this.key = key;
        this.clock = clock;
    }

    void begin(Context ctx, String state, String nonce, String verifier, String next) {
        String payload = String.join("\n", state, nonce, verifier, NextPath.safe(next), String.valueOf(clock.instant().getEpochSecond()));
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        cookies.setLax(ctx, COOKIE, key.get().seal(PURPOSE, encoded), (int) VALID.toSeconds());
    }

    /** Thrown when a callback does not belong to a flow this browser started; the message says what to do. */
    static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }

    /**
     * The flow this callback ends, checked against its {@code state} and used up (the cookie is removed and the state
     * remembered); throws {@link Mismatch} when the cookie is missing, forged, too old, for another state, or used.
     */
    Pending end(Context ctx, String state) {
        String cookie = cookies.read(ctx, COOKIE);
        cookies.removeLax(ctx, COOKIE);
        Pending p = parse(cookie);
        if (p == null) {
            throw new Mismatch("This sign-in was not started in this browser, or its cookie is missing (a browser that blocks cookies "
                    + "cannot sign in). Open /login and sign in again.");
        }
        Instant now = clock.instant();
        if (p.issued().plus(VALID).isBefore(now) || p.issued().isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw new Mismatch("This sign-in took more than " + VALID.toMinutes() + " minutes; open /login and sign in again.");
        }
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), p.state().getBytes(StandardCharsets.UTF_8))) {
            throw new Mismatch("This sign-in answer does not belong to the sign-in this browser started (its state does not match); "
                    + "open /login and sign in again.");
        }
        forgetOld(now);
        if (used.putIfAbsent(p.state(), p.issued()) != null) {
            throw new Mismatch("This sign-in answer was already used; open /login and sign in again.");
        }
        return p;
    }

    private Pending parse(String cookie) {
        Optional<String> encoded = key.get().unseal(PURPOSE, cookie, 2000);
        if (encoded.isEmpty()) {
            return null;
        }
        try {
            String[] f = new String(Base64.getUrlDecoder().decode(encoded.get()), StandardCharsets.UTF_8).split("\n", -1);
            return f.length != 5 ? null : new Pending(f[0], f[1], f[2], NextPath.safe(f[3]), Instant.ofEpochSecond(Long.parseLong(f[4])));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return null;
        }
    }

    private void forgetOld(Instant now) {
        Instant old = now.minus(VALID.plusMinutes(5));
        used.values().removeIf(at -> at.isBefore(old));
        if (used.size() > REMEMBERED) {
            Iterator<String> it = used.keySet().iterator();
            while (used.size() > REMEMBERED && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
    }
}
