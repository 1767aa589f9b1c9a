package dev.caretaker.access;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Dashboard sessions in the store: a random cookie (its SHA-256 kept), a form token per session, an idle timeout and an
 * absolute lifetime. The user's role is read at each request, so a removed user is out at once; a changed password or role
 * ends all of the user's sessions ({@link Users#passwd}, {@link Users#role}).
 */
public final class Sessions {
    /** A session unused this long ends. */
    public static final Duration IDLE = Duration.ofHours(12);
    /** A session ends this long after login, used or not. */
    public static final Duration LIFETIME = Duration.ofDays(7);
    private static final Duration SEEN_GRANULARITY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A live session: who, their role now, and the token every form must carry. */
    public record Session(String user, Role role, String csrf) {
    }

    /** A new session's cookie value (shown to the browser only) and its form token. */
    public record Opened(String cookie, String csrf) {
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public Sessions(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public Opened open(String user, String address) {
        return open(user, address, "password");
    }

    /** Opens a session; {@code via}: how it was proved ({@code password}, {@code totp}: password and a second factor, {@code oidc}). */
    public Opened open(String user, String address, String via) {
        String cookie = random();
        String csrf = random();
        Instant now = clock.instant();
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM web_session WHERE expires_at < :now OR seen_at < :idle").bind("now", Timestamp.from(now))
                    .bind("idle", Timestamp.from(now.minus(IDLE))).execute();
            h.createUpdate("INSERT INTO web_session (id_hash, user_name, csrf, address, created_at, seen_at, expires_at, via) "
                            + "VALUES (:id, :u, :csrf, :a, :now, :now, :exp, :via)").bind("via", via)
                    .bind("id", Users.sha256(cookie)).bind("u", user).bind("csrf", csrf).bind("a", address).bind("now", Timestamp.from(now))
                    .bind("exp", Timestamp.from(now.plus(LIFETIME))).bind("via", via).execute();
        });
        return new Opened(cookie, csrf);
    }

    public Optional<Session> find(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String id = Users.sha256(cookie);
        return jdbi.withHandle(h -> h.createQuery("SELECT s.csrf, s.seen_at, u.name, u.role FROM web_session s JOIN app_user u ON u.name = s.user_name "
                        + "WHERE s.id_hash = :id AND s.expires_at > :now AND s.seen_at > :idle")
                .bind("id", id).bind("now", Timestamp.from(now)).bind("idle", Timestamp.from(now.minus(IDLE)))
                .map((rs, ctx) -> {
                    if (rs.getTimestamp("seen_at").toInstant().plus(SEEN_GRANULARITY).isBefore(now)) {
                        h.createUpdate("UPDATE web_session SET seen_at = :now WHERE id_hash = :id").bind("now", Timestamp.from(now)).bind("id", id).execute();
                    }
                    return new Session(rs.getString("name"), Role.parse(rs.getString("role")), rs.getString("csrf"));
                }).findOne());
    }

    /** Ends every session of {@code user} (a changed password or role, or a removed user): the next request logs in again. */
    static int endAll(org.jdbi.v3.core.Handle h, String user) {
        return h.createUpdate("DELETE FROM web_session WHERE user_name = :u").bind("u", user).execute();
    }

    public void close(String cookie) {
        if (cookie != null) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM web_session WHERE id_hash = :id").bind("id", Users.sha256(cookie)).execute());
        }
    }
}
