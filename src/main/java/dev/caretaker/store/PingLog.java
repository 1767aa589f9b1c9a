package dev.caretaker.store;

import dev.caretaker.config.HeartbeatCheckConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Push monitors in Caretaker's store: each heartbeat check, the SHA-256 of its ping token (configured, or made by
 * {@link #issue} and shown once), and the pings its job sent to {@code /ping/TOKEN}: start, success, or failure with an exit
 * code, and up to 10 kB of log. The store never holds a working token.
 */
public final class PingLog {
    /** A heartbeat check and the hash of its token (null until one is configured or made). */
    public record Heartbeat(String system, String check, String tokenHash, Instant createdAt) {
        public boolean hasToken() {
            return tokenHash != null;
        }

        /** Whether {@code token} is this heartbeat's. */
        public boolean matches(String token) {
            return tokenHash != null && tokenHash.equals(hash(token));
        }
    }

    /** One ping: {@code start}, {@code success} or {@code fail}, its exit code when one was sent, when, and its body. */
    public record Ping(String kind, Integer exitCode, Instant at, String body) {
        public boolean start() {
            return kind.equals("start");
        }

        public boolean failed() {
            return kind.equals("fail");
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Jdbi jdbi;

    public PingLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The heartbeat of {@code check}, registered on first use; with {@code configured}, that token (its hash) from then on. A
     * configured token another check already uses is refused. Without one, the heartbeat keeps the token {@link #issue} made,
     * or has none yet.
     */
    public Heartbeat ensure(String system, String check, Optional<String> configured, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<Heartbeat> known = get(h, system, check);
            if (known.isPresent() && (configured.isEmpty() || known.get().matches(configured.get()))) {
                return known.get();
            }
            String hash = configured.map(PingLog::hash).orElse(null);
            if (hash != null) {
                Optional<Heartbeat> other = h.createQuery("SELECT * FROM heartbeat WHERE token_hash = :hash").bind("hash", hash)
                        .map((rs, ctx) -> heartbeat(rs)).findOne();
                if (other.isPresent() && !(other.get().system().equals(system) && other.get().check().equals(check))) {
                    throw new IllegalArgumentException("heartbeat '" + check + "': its token is already the token of heartbeat '"
                            + other.get().check() + "' of " + other.get().system() + "; give each heartbeat its own");
                }
            }
            h.createUpdate("INSERT INTO heartbeat (system, check_name, token_hash, created_at) VALUES (:system, :check, :hash, :now) "
                            + "ON CONFLICT (system, check_name) DO UPDATE SET token_hash = coalesce(EXCLUDED.token_hash, heartbeat.token_hash)")
                    .bind("system", system).bind("check", check).bind("hash", hash).bind("now", Timestamp.from(now)).execute();
            return get(h, system, check).orElseThrow();
        });
    }

    /**
     * Makes a new random token for {@code check} (registering it if need be), keeps its hash and returns it: the one time it is
     * seen. A token made before stops working.
     */
    public String issue(String system, String check, Instant now) {
        String token = newToken();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO heartbeat (system, check_name, token_hash, created_at) VALUES (:system, :check, "
                        + ":hash, :now) ON CONFLICT (system, check_name) DO UPDATE SET token_hash = EXCLUDED.token_hash")
                .bind("system", system).bind("check", check).bind("hash", hash(token)).bind("now", Timestamp.from(now)).execute());
        return token;
    }

    /** The heartbeat whose token this is. */
    public Optional<Heartbeat> byToken(String token) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM heartbeat WHERE token_hash = :hash").bind("hash", hash(token))
                .map((rs, ctx) -> heartbeat(rs)).findOne());
    }

    /** The SHA-256 of a token, as kept (hex), as API tokens are. */
    static String hash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Heartbeat> get(String system, String check) {
        return jdbi.withHandle(h -> get(h, system, check));
    }

    /**
     * A ping's body as kept: at most {@link HeartbeatCheckConfig#MAX_BODY} bytes of UTF-8, cut at a character boundary, without
     * NUL characters (which PostgreSQL's text cannot hold).
     */
    public static String body(byte[] raw) {
        int end = Math.min(raw.length, HeartbeatCheckConfig.MAX_BODY);
        while (end > 0 && end < raw.length && (raw[end] & 0xC0) == 0x80) {
            end--; // the first byte cut off continues a character: cut before that character
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8).replace("\u0000", "");
    }

    /** Records a ping of {@code hb}. */
    public void record(Heartbeat hb, String kind, Integer exitCode, Instant at, String body, String remote) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO ping (system, check_name, kind, exit_code, at, body, remote) "
                        + "VALUES (:system, :check, :kind, :exit, :at, :body, :remote)")
                .bind("system", hb.system()).bind("check", hb.check()).bind("kind", kind).bind("exit", exitCode)
                .bind("at", Timestamp.from(at)).bind("body", body).bind("remote", remote).execute());
    }

    /** The newest {@code limit} pings of a heartbeat, newest first. */
    public List<Ping> latest(String system, String check, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT kind, exit_code, at, body FROM ping WHERE system = :system AND check_name = :check "
                        + "ORDER BY at DESC, id DESC LIMIT :limit")
                .bind("system", system).bind("check", check).bind("limit", limit)
                .map((rs, ctx) -> new Ping(rs.getString(1), (Integer) rs.getObject(2), rs.getTimestamp(3).toInstant(), rs.getString(4))).list());
    }

    /** Pings older than {@code before} go; the newest of each heartbeat stays, whatever its age. */
    public int prune(String system, Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM ping p WHERE system = :system AND at < :before AND id <> "
                        + "(SELECT max(id) FROM ping q WHERE q.system = p.system AND q.check_name = p.check_name)")
                .bind("system", system).bind("before", Timestamp.from(before)).execute());
    }

    private static Optional<Heartbeat> get(org.jdbi.v3.core.Handle h, String system, String check) {
        return h.createQuery("SELECT * FROM heartbeat WHERE system = :system AND check_name = :check")
                .bind("system", system).bind("check", check).map((rs, ctx) -> heartbeat(rs)).findOne();
    }

    private static Heartbeat heartbeat(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Heartbeat(rs.getString("system"), rs.getString("check_name"), rs.getString("token_hash"),
                rs.getTimestamp("created_at").toInstant());
    }

    /** 22 URL-safe characters of randomness (128 bits). */
    static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
