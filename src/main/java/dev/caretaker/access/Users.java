package dev.caretaker.access;

import dev.caretaker.action.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The people who may use the dashboard and the API, and their tokens: added, given a role or a new password, removed; tokens
 * created (shown once, kept as a SHA-256), listed, revoked; logins judged with a lockout per user and address and per user.
 * Every change and every login goes to {@link Audit}; failed logins are counted per address by the caller ({@link FailedLogins}).
 */
public final class Users {
    /** After this many failed logins of one user from one address within {@link #LOCKOUT}, that pair is refused until the window passes. */
    public static final int LOCKOUT_FAILURES = 5;
    /** After this many failed logins of one user from all addresses together within {@link #LOCKOUT}, the user is refused from any. */
    public static final int LOCKOUT_USER_FAILURES = 20;
    /** A login name is cut to this many characters before anything is done with it: no user's name is longer. */
    public static final int MAX_NAME = 64;
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    /** A token's last use is written at most this often, so reads with it do not write the store each time. */
    static final Duration USE_GRANULARITY = Duration.ofMinutes(1);
    public static final String TOKEN_PREFIX = "ct_";
    /** The longest label a token may have: it is shown in lists and the audit log. */
    public static final int MAX_LABEL = 100;
    /** The shortest life a token may be given: shorter ones would be expired before anyone used them. */
    public static final Duration MIN_LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A dummy hash verified for unknown users, so a login takes as long whether or not the name exists. */
    private static final String DUMMY = Passwords.hash("not a password of anyone".toCharArray());

    /** Where user changes and logins are recorded (the audit log, with the system that served them). */
    @FunctionalInterface
    public interface Audit {
        void note(String actor, AuditEvent event, String subject, String detail);
    }

    /** A user; {@code oidcIssuer}: the provider that signs them in (single sign-on), null for a local user. */
    public record User(String name, Role role, boolean hasPassword, Instant createdAt, String createdBy, Instant updatedAt, String oidcIssuer) {
        /** How they sign in, for lists: {@code single sign-on}, {@code password}, or {@code tokens only}. */
        public String signIn() {
            return oidcIssuer != null ? "single sign-on" : hasPassword ? "password" : "tokens only";
        }
    }

    /** An API token's row; {@code scope} null: made before scopes, acts with its user's role. */
    public record Token(long id, String user, String label, String prefix, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                        Instant revokedAt, TokenScope scope) {
        public String state(Instant now) {
            return revokedAt != null ? "revoked" : expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
        }

        /** Its scope's name; one made before scopes acts with its user's role: {@code role}. */
        public String scopeLabel() {
            return scope == null ? "role" : scope.label();
        }

        /** What lists show of it (the CLI's JSON, the API): never the token, only its first characters. */
        public java.util.Map<String, Object> view(Instant now) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("id", id);
            m.put("user", user);
            m.put("state", state(now));
            m.put("scope", scopeLabel());
            m.put("label", label);
            m.put("prefix", prefix);
            m.put("created_at", createdAt.toString());
            m.put("expires_at", expiresAt == null ? null : expiresAt.toString());
            m.put("last_used_at", lastUsedAt == null ? null : lastUsedAt.toString());
            m.put("revoked_at", revokedAt == null ? null : revokedAt.toString());
            return m;
        }
    }

    /**
     * Who is asking, and how they proved it: {@code password}, {@code token} (acting with its scope or, for a token made before
     * scopes, its user's role), {@code token-role} (a token held by its user's role of the moment: below its scope, or made before scopes), {@code totp},
     * {@code oidc}, {@code proxy} or {@code local}.
     */
    public record Identity(String user, Role role, String via) {
        public boolean may(Role needed) {
            return role.atLeast(needed);
        }
    }

    /** A new token: its row and the secret, which is shown this once and never stored. */
    public record Created(Token token, String secret) {
    }

    /**
     * A login's outcome: the identity, or why not (wrong name or password alike; locked until a time; {@code busy}: every
     * password check was taken, nothing was looked at). {@code user} is the name when it is a user's, else null;
     * {@code refused}: locked before the password was even checked.
     */
    public record Login(Optional<Identity> identity, Instant lockedUntil, String user, boolean busy, boolean refused) {
        public Login(Optional<Identity> identity, Instant lockedUntil, String user, boolean busy) {
            this(identity, lockedUntil, user, busy, false);
        }

        public boolean locked() {
            return lockedUntil != null;
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final Audit audit;

    public Users(Jdbi jdbi, Clock clock, Audit audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * A name people type: ASCII letters, digits and {@code . _ @ -}, 1 to 64 characters (ASCII only, so no two names look
     * alike: a Cyrillic "а" in place of a Latin "a" cannot pass for another user).
     */
    public static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
            throw new IllegalArgumentException("'" + name + "' is not a user name: use 1 to 64 ASCII letters (a-z, A-Z; "
                    + "no accents), digits, '.', '_', '@' or '-', starting with a letter or digit, e.g. maria-ops");
        }
        return name;
    }

    public User add(String name, Role role, char[] password, String by) {
        checkName(name);
        if (password != null) {
            Passwords.checkStrength(password);
        }
        String hash = password == null ? null : Passwords.hash(password);
        Instant now = clock.instant();
        User u = jdbi.inTransaction(h -> {
            if (get(h, name).isPresent()) {
                throw new IllegalArgumentException("there is already a user '" + name + "'; change it with 'users role' or 'users passwd'");
            }
            h.createUpdate("INSERT INTO app_user (name, role, password_hash, created_at, created_by, updated_at) "
                            + "VALUES (:n, :r, :p, :at, :by, :at)")
                    .bind("n", name).bind("r", role.label()).bind("p", hash).bind("at", Timestamp.from(now)).bind("by", by).execute();
            return get(h, name).orElseThrow();
        });
        audit.note(by, AuditEvent.USER_ADDED, name, "role " + role.label() + (password == null ? ", no password (tokens only)" : ""));
        return u;
    }

    /** Sets a password and ends every dashboard session of the user, so one opened with the old password is over. */
    public void passwd(String name, char[] password, String by) {
        Passwords.checkStrength(password);
        String hash = Passwords.hash(password);
        int[] ended = {0};
        update(name, h -> {
            h.createUpdate("UPDATE app_user SET password_hash = :p, updated_at = :at WHERE name = :n")
                    .bind("p", hash).bind("at", Timestamp.from(clock.instant())).bind("n", name).execute();
            ended[0] = Sessions.endAll(h, name);
        });
        audit.note(by, AuditEvent.PASSWORD_CHANGED, name, sessionsEnded(ended[0]));
    }

    /** Gives {@code name} a role; a change ends their dashboard sessions (setting the role they have changes nothing). */
    public void role(String name, Role role, String by) {
        int ended = jdbi.inTransaction(h -> {
            User u = required(h, name);
            if (u.role() == Role.ADMIN && role != Role.ADMIN) {
                lastAdminGuard(h, name);
            }
            h.createUpdate("UPDATE app_user SET role = :r, updated_at = :at WHERE name = :n")
                    .bind("r", role.label()).bind("at", Timestamp.from(clock.instant())).bind("n", name).execute();
            return u.role() == role ? 0 : Sessions.endAll(h, name);
        });
        audit.note(by, AuditEvent.ROLE_CHANGED, name, "role " + role.label() + (ended == 0 ? "" : "; " + sessionsEnded(ended)));
    }

    private static String sessionsEnded(int n) {
        return n == 0 ? "" : n == 1 ? "1 dashboard session ended" : n + " dashboard sessions ended";
    }

    /** Removes a user and their tokens; the last admin stays. */
    public void remove(String name, String by) {
        jdbi.useTransaction(h -> {
            User u = required(h, name);
            if (u.role() == Role.ADMIN) {
                lastAdminGuard(h, name);
            }
            h.createUpdate("DELETE FROM app_user WHERE name = :n").bind("n", name).execute();
        });
        audit.note(by, AuditEvent.USER_REMOVED, name, "");
    }

    private static void lastAdminGuard(Handle h, String name) {
        int admins = h.createQuery("SELECT name FROM app_user WHERE role = 'admin' AND name <> :n FOR UPDATE")
                .bind("n", name).mapTo(String.class).list().size();
        if (admins == 0) {
            throw new IllegalArgumentException("'" + name + "' is the last admin; make another user admin first");
        }
    }

    private void update(String name, java.util.function.Consumer<Handle> work) {
        jdbi.useTransaction(h -> {
            required(h, name);
            work.accept(h);
        });
    }

    public List<User> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM app_user ORDER BY name").map((rs, ctx) -> user(rs)).list());
    }

    public Optional<User> get(String name) {
        return jdbi.withHandle(h -> get(h, name));
    }

    private static Optional<User> get(Handle h, String name) {
        return h.createQuery("SELECT * FROM app_user WHERE name = :n").bind("n", name).map((rs, ctx) -> user(rs)).findOne();
    }

    private User required(Handle h, String name) {
        return get(h, name).orElseThrow(() -> new IllegalArgumentException("no user '" + name + "'"
                + dev.caretaker.config.Suggestions.didYouMean(name, list().stream().map(User::name).toList())));
    }

    /** Creates a token for {@code user} with the user's own role as its scope, valid for {@code lifetime} (null: until revoked). */
    public Created createToken(String user, String label, Duration lifetime, String by) {
        return createToken(user, label, lifetime, null, by);
    }

    /**
     * Creates a token for {@code user}, valid for {@code lifetime} (null: until revoked), that acts at most as
     * {@code scope} (null: the user's role when it is made). A scope above the user's role is refused: a token only narrows.
     */
    public Created createToken(String user, String label, Duration lifetime, TokenScope scope, String by) {
        if (label != null && label.length() > MAX_LABEL) {
            throw new IllegalArgumentException("a token's label is at most " + MAX_LABEL + " characters (this one has " + label.length() + ")");
        }
        if (lifetime != null && lifetime.compareTo(MIN_LIFETIME) < 0) {
            throw new IllegalArgumentException("a token must live at least " + MIN_LIFETIME.toMinutes() + " minutes (asked for "
                    + dev.caretaker.config.Units.humanDuration(lifetime) + "); give e.g. --expires 30d, or never");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        Token t = jdbi.inTransaction(h -> {
            Role role = required(h, user).role();
            TokenScope s = scope == null ? TokenScope.widest(role) : scope;
            if (!role.atLeast(s.role())) {
                throw new IllegalArgumentException(user + " is " + article(role) + "; a token acts at most with its user's role, so its "
                        + "scope may be " + narrower(role) + ", not " + s.label());
            }
            long id = h.createUpdate("INSERT INTO api_token (user_name, label, prefix, hash, created_at, expires_at, scope) "
                            + "VALUES (:u, :l, :p, :h, :at, :exp, :scope)")
                    .bind("u", user).bind("l", label == null ? "" : label).bind("p", secret.substring(0, TOKEN_PREFIX.length() + 6))
                    .bind("h", sha256(secret)).bind("at", Timestamp.from(now)).bind("exp", lifetime == null ? null : Timestamp.from(now.plus(lifetime)))
                    .bind("scope", s.label())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return token(h, id).orElseThrow();
        });
        audit.note(by, AuditEvent.TOKEN_CREATED, user, "token #" + t.id() + " " + t.prefix() + "…, scope " + t.scope().label()
                + (t.expiresAt() == null ? ", no expiry" : ", expires " + t.expiresAt()) + (t.label().isEmpty() ? "" : " (" + t.label() + ")"));
        return new Created(t, secret);
    }

    private static String article(Role role) {
        return (role == Role.ADMIN || role == Role.OPERATOR || role == Role.APPROVER ? "an " : "a ") + role.label();
    }

    private static String narrower(Role role) {
        return java.util.Arrays.stream(TokenScope.values()).filter(s -> role.atLeast(s.role())).map(TokenScope::label)
                .collect(java.util.stream.Collectors.joining(" or "));
    }

    public List<Token> tokens(String user) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_token WHERE (:u::text IS NULL OR user_name = :u) ORDER BY id")
                .bind("u", user).map((rs, ctx) -> token(rs)).list());
    }

    public void revoke(long id, String by) {
        Token t = jdbi.inTransaction(h -> {
            Token found = token(h, id).orElseThrow(() -> new IllegalArgumentException("no token #" + id + "; 'caretaker tokens list' shows them"));
            h.createUpdate("UPDATE api_token SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                    .bind("at", Timestamp.from(clock.instant())).bind("id", id).execute();
            return found;
        });
        audit.note(by, AuditEvent.TOKEN_REVOKED, t.user(), "token #" + id + " " + t.prefix() + "…");
    }

    /** The identity a bearer token proves, if it is known, not revoked and not expired. */
    public Optional<Identity> byToken(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = sha256(secret);
        return jdbi.withHandle(h -> {
            Optional<Identity> found = h.createQuery("SELECT t.id, t.expires_at, t.revoked_at, t.last_used_at, t.scope, u.name, u.role "
                            + "FROM api_token t JOIN app_user u ON u.name = t.user_name WHERE t.hash = :h")
                    .bind("h", hash).map((rs, ctx) -> {
                        Instant exp = instant(rs, "expires_at");
                        Instant used = instant(rs, "last_used_at");
                        if (rs.getTimestamp("revoked_at") != null || exp != null && !exp.isAfter(now)) {
                            return null;
                        }
                        if (used == null || used.plus(USE_GRANULARITY).isBefore(now)) {
                            h.createUpdate("UPDATE api_token SET last_used_at = :at WHERE id = :id").bind("at", Timestamp.from(now))
                                    .bind("id", rs.getLong("id")).execute();
                        }
                        Role role = Role.parse(rs.getString("role"));
                        String scope = rs.getString("scope");
                        if (scope == null) {
                            return new Identity(rs.getString("name"), role, "token-role");
                        }
                        TokenScope sc = TokenScope.parse(scope);
                        // what limits it: its scope, or its user's role when that is less (a demotion since it was made)
                        return new Identity(rs.getString("name"), sc.narrow(role), role.atLeast(sc.role()) ? "token" : "token-role");
                    }).findOne();
            return found;
        });
    }

    /**
     * Judges a login of {@code name} from {@code address}, with the password hashed on {@link PasswordChecks#SHARED}.
     * Wrong names and wrong passwords fail alike and take alike long. Each guess is counted before its password is hashed,
     * under a lock per name, so however many arrive at once, at most {@link #LOCKOUT_FAILURES} from one address (and
     * {@link #LOCKOUT_USER_FAILURES} from all) are checked within {@link #LOCKOUT}; after that the name is locked, even for
     * the right password. Failures are not audited here: the caller counts them per address ({@link FailedLogins}).
     */
    public Login login(String name, char[] password, String address) {
        return login(name, password, address, PasswordChecks.SHARED);
    }

    public Login login(String name, char[] password, String address, PasswordChecks checks) {
        String typed = cutName(name);
        Optional<PasswordChecks.Slot> admitted = checks.admit();
        if (admitted.isEmpty()) {
            return new Login(Optional.empty(), null, null, true);
        }
        try (PasswordChecks.Slot slot = admitted.get()) {
            Instant now = clock.instant();
            String key = sha256(typed);
            Guess guess = jdbi.inTransaction(h -> guess(h, typed, key, address, now));
            if (guess.refusedUntil() != null) {
                return new Login(Optional.empty(), guess.refusedUntil(), guess.user(), false, true);
            }
            boolean ok = slot.verify(password, guess.hash() == null ? DUMMY : guess.hash()) && guess.hash() != null;
            if (!ok) {
                jdbi.useHandle(h -> h.createUpdate("DELETE FROM login_failure WHERE at < :old")
                        .bind("old", Timestamp.from(now.minus(LOCKOUT.multipliedBy(4)))).execute());
                return new Login(Optional.empty(), guess.lockedAfter(), guess.user(), false);
            }
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM login_failure WHERE user_name = :k AND address = :a")
                    .bind("k", key).bind("a", address).execute());
            if (!guess.secondFactor()) {
                audit.note(typed, AuditEvent.LOGIN, typed, "from " + address); // else the second step writes it (TwoFactor)
            }
            return new Login(Optional.of(new Identity(typed, guess.role(), "password")), null, typed, false);
        }
    }

    /** A name as typed, cut to {@link #MAX_NAME} characters: no longer name can be a user's, and none is kept longer. */
    public static String cutName(String name) {
        String n = name == null ? "" : name.strip();
        return n.length() <= MAX_NAME ? n : n.substring(0, MAX_NAME);
    }

    /** A guess let through: the user's role and hash (null for no user), or the time the name is locked until. */
    private record Guess(String user, Role role, String hash, Instant refusedUntil, Instant lockedAfter, boolean secondFactor) {
    }

    /**
     * Under a lock on the name (so two guesses never count at once): refuses a locked name, else records the guess as a
     * failure before its password is checked (a success takes it back) and reads the user's hash. Names are kept as their
     * SHA-256, so what someone typed is never stored.
     */
    private Guess guess(Handle h, String typed, String key, String address, Instant now) {
        h.createQuery("SELECT pg_advisory_xact_lock(hashtext('caretaker-login'), hashtext(:k))::text").bind("k", key).mapTo(String.class).one();
        Instant since = now.minus(LOCKOUT);
        Optional<Map<String, Object>> row = h.createQuery("SELECT role, password_hash, totp_enabled_at FROM app_user WHERE name = :n").bind("n", typed)
                .mapToMap().findOne();
        String user = row.isPresent() ? typed : null;
        Instant until = lockedUntil(h, key, address, since);
        if (until != null) {
            return new Guess(user, null, null, until, null, false);
        }
        h.createUpdate("INSERT INTO login_failure (user_name, address, at) VALUES (:k, :a, :at)")
                .bind("k", key).bind("a", address).bind("at", Timestamp.from(now)).execute();
        return new Guess(user, row.map(r -> Role.parse((String) r.get("role"))).orElse(null), row.map(r -> (String) r.get("password_hash")).orElse(null),
                null, lockedUntil(h, key, address, since), row.map(r -> r.get("totp_enabled_at") != null).orElse(false));
    }

    /** Until when the name is locked: while {@link #LOCKOUT_FAILURES} guesses from the address, or {@link #LOCKOUT_USER_FAILURES} from all, are in the window. */
    static Instant lockedUntil(Handle h, String key, String address, Instant since) {
        Optional<Timestamp> pair = h.createQuery("SELECT at FROM login_failure WHERE user_name = :k AND address = :a AND at > :since "
                        + "ORDER BY at DESC OFFSET :n LIMIT 1").bind("k", key).bind("a", address).bind("since", Timestamp.from(since))
                .bind("n", LOCKOUT_FAILURES - 1).mapTo(Timestamp.class).findOne();
        Optional<Timestamp> all = h.createQuery("SELECT at FROM login_failure WHERE user_name = :k AND at > :since "
                        + "ORDER BY at DESC OFFSET :n LIMIT 1").bind("k", key).bind("since", Timestamp.from(since))
                .bind("n", LOCKOUT_USER_FAILURES - 1).mapTo(Timestamp.class).findOne();
        Instant until = null;
        for (Optional<Timestamp> t : List.of(pair, all)) {
            if (t.isPresent() && (until == null || t.get().toInstant().plus(LOCKOUT).isAfter(until))) {
                until = t.get().toInstant().plus(LOCKOUT);
            }
        }
        return until;
    }

    /** The identity of a user a trusted proxy named, if there is such a user; the login is audited as the proxy's. */
    public Optional<Identity> byProxy(String name, String address) {
        Optional<Identity> who = get(name).map(u -> new Identity(u.name(), u.role(), "proxy"));
        audit.note(name, who.isPresent() ? AuditEvent.LOGIN : AuditEvent.LOGIN_FAILED, name, "named by the trusted proxy at " + address
                + (who.isPresent() ? "" : " (no such user)"));
        return who;
    }

    /** The SHA-256 of a text's UTF-8, in hex: how tokens and sessions are kept, and the hash a plan is shown with. */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Token> token(Handle h, long id) {
        return h.createQuery("SELECT * FROM api_token WHERE id = :id").bind("id", id).map((rs, ctx) -> token(rs)).findOne();
    }

    private static Token token(ResultSet rs) throws SQLException {
        return new Token(rs.getLong("id"), rs.getString("user_name"), rs.getString("label"), rs.getString("prefix"), instant(rs, "created_at"),
                instant(rs, "expires_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"),
                rs.getString("scope") == null ? null : TokenScope.parse(rs.getString("scope")));
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("name"), Role.parse(rs.getString("role")), rs.getString("password_hash") != null, instant(rs, "created_at"),
                rs.getString("created_by"), instant(rs, "updated_at"), rs.getString("oidc_issuer"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
