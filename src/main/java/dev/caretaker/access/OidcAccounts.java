package dev.caretaker.access;

import dev.caretaker.action.AuditEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Users who sign in through an OpenID Connect provider. Such a user is known by the provider's issuer and subject (which
 * stay the same when their name or e-mail changes there), never by name: a first sign-in makes the user (no password, the
 * mapped role), a later one finds them by (issuer, subject) and gives them the role the provider's claims map to now. A
 * first sign-in whose name is already a user's (a local one, or one of another provider) is refused: Caretaker never signs
 * anyone in as a user the provider did not make. Every creation, role change, sign-in and refusal goes to the audit log.
 */
public final class OidcAccounts {
    /** Who signed in, and whether this sign-in made the user. */
    public record SignedIn(Users.Identity identity, boolean created) {
    }

    /** A sign-in refused for a reason the person and the admin can act on; the message says what to do. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users.Audit audit;

    public OidcAccounts(Jdbi jdbi, Clock clock, Users.Audit audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Signs in the provider's user {@code subject} of {@code issuer}, named {@code name} there, with {@code role} from the
     * mapping; {@code address} is the browser's. Throws {@link Refused} for a name clash or a name Caretaker cannot take.
     */
    public SignedIn signIn(String issuer, String subject, String name, Role role, String address) {
        Instant now = clock.instant();
        Result r = jdbi.inTransaction(h -> {
            h.createQuery("SELECT pg_advisory_xact_lock(hashtext('caretaker-oidc'), hashtext(:s))::text").bind("s", issuer + "\n" + subject)
                    .mapTo(String.class).one();
            Optional<Map<String, Object>> known = h.createQuery("SELECT name, role FROM app_user WHERE oidc_issuer = :i AND oidc_subject = :s")
                    .bind("i", issuer).bind("s", subject).mapToMap().findOne();
            if (known.isPresent()) {
                String user = (String) known.get().get("name");
                Role was = Role.parse((String) known.get().get("role"));
                if (was != role) {
                    h.createUpdate("UPDATE app_user SET role = :r, updated_at = :at WHERE name = :n")
                            .bind("r", role.label()).bind("at", Timestamp.from(now)).bind("n", user).execute();
                }
                return new Result(user, was, false);
            }
            return new Result(create(h, issuer, subject, name, role, now), null, true);
        });
        if (r.created()) {
            audit.note(r.user(), AuditEvent.USER_ADDED, r.user(), "role " + role.label() + ", made at first sign-in through OIDC (issuer "
                    + issuer + ", subject " + subject + "); no password");
        } else if (r.was() != role) {
            audit.note(r.user(), AuditEvent.ROLE_CHANGED, r.user(), "role " + role.label() + " (was " + r.was().label()
                    + "), as the OIDC provider's claims map at sign-in");
        }
        audit.note(r.user(), AuditEvent.LOGIN, r.user(), "from " + address + " through OIDC");
        return new SignedIn(new Users.Identity(r.user(), role, "oidc"), r.created());
    }

    private record Result(String user, Role was, boolean created) {
    }

    private static String create(Handle h, String issuer, String subject, String name, Role role, Instant now) {
        try {
            Users.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new Refused("The sign-in provider names this user '" + shown(name) + "', which Caretaker cannot take as a user name "
                    + "(1 to 64 letters, digits, '.', '_', '@' or '-'). An admin can set auth.oidc.user_claim to a claim that holds such a name.");
        }
        boolean taken = h.createQuery("SELECT count(*) FROM app_user WHERE name = :n").bind("n", name).mapTo(Integer.class).one() > 0;
        if (taken) {
            throw new Refused("There is already a Caretaker user named '" + name + "' that this sign-in provider did not make, so Caretaker "
                    + "will not sign you in as them. An admin can remove that user ('caretaker users remove " + name + "') to let the "
                    + "provider's user take the name, or set auth.oidc.user_claim to a claim that names users differently.");
        }
        h.createUpdate("INSERT INTO app_user (name, role, password_hash, created_at, created_by, updated_at, oidc_issuer, oidc_subject) "
                        + "VALUES (:n, :r, NULL, :at, 'oidc', :at, :i, :s)")
                .bind("n", name).bind("r", role.label()).bind("at", Timestamp.from(now)).bind("i", issuer).bind("s", subject).execute();
        return name;
    }

    /** Notes a refused sign-in in the audit log, as failed logins are: actor {@code anonymous}, the address as subject. */
    public void refused(String address, String why) {
        audit.note("anonymous", AuditEvent.LOGIN_REFUSED, address, "through OIDC: " + why);
    }

    /** A name from outside fit for a message or the audit log: printable, short. */
    static String shown(String s) {
        String clean = s == null ? "" : s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
