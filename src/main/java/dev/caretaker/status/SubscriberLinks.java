package dev.caretaker.status;

import dev.caretaker.store.SigningKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * The signed links of subscriber mail: confirm a sign-up (valid 48 hours) and unsubscribe (valid while the subscriber is).
 * Each is an HMAC-SHA256 with Caretaker's signing key over the purpose, the system, the subscriber's id and address and the
 * expiry, so a link changed in any part, made for another purpose or another subscriber, or past its time, is refused. The key
 * never lives in the store: write access to the store does not make links.
 */
public final class SubscriberLinks {
    /** How long a confirmation link holds. */
    public static final Duration CONFIRM_FOR = Duration.ofHours(48);

    /** What a link is for; part of what is signed. */
    public enum Purpose {
        CONFIRM, UNSUBSCRIBE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a link checked out as. */
    public enum Verdict {
        VALID, EXPIRED, FORGED
    }

    private final SigningKey key;
    private final String system;

    public SubscriberLinks(SigningKey key, String system) {
        this.key = key;
        this.system = system;
    }

    /** The signature of {@code purpose} for {@code s} until {@code expires} (epoch seconds; 0: never). */
    public String sign(Purpose purpose, Subscribers.Subscriber s, long expires) {
        return key.mac(text(purpose, s, expires));
    }

    private String text(Purpose purpose, Subscribers.Subscriber s, long expires) {
        return "caretaker status-page link\n" + purpose.label() + "\n" + system + "\n" + s.id() + "\n" + s.kind() + "\n" + s.address()
                + "\n" + expires;
    }

    /** Whether {@code mac} signs {@code purpose} for {@code s} until {@code expires}, and that time has not passed at {@code now}. */
    public Verdict check(Purpose purpose, Subscribers.Subscriber s, long expires, String mac, Instant now) {
        if (mac == null || !mac.matches("[0-9a-f]{64}") || !key.verify(text(purpose, s, expires), mac)) {
            return Verdict.FORGED;
        }
        if (purpose == Purpose.CONFIRM && (expires == 0 || now.getEpochSecond() >= expires)) {
            return Verdict.EXPIRED;
        }
        return Verdict.VALID;
    }

    /** {@code BASE/status/confirm?s=ID&e=EXPIRES&t=MAC}: follows a sign-up, valid {@link #CONFIRM_FOR} from {@code from}. */
    public URI confirm(URI base, Subscribers.Subscriber s, Instant from) {
        long expires = from.plus(CONFIRM_FOR).getEpochSecond();
        return URI.create(base + "/status/confirm?s=" + s.id() + "&e=" + expires + "&t=" + sign(Purpose.CONFIRM, s, expires));
    }

    /** {@code BASE/status/unsubscribe?s=ID&t=MAC}: in every subscriber mail, and its List-Unsubscribe header. */
    public URI unsubscribe(URI base, Subscribers.Subscriber s) {
        return URI.create(base + "/status/unsubscribe?s=" + s.id() + "&t=" + sign(Purpose.UNSUBSCRIBE, s, 0));
    }
}
