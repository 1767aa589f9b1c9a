package dev.caretaker.check.email;

import java.time.Instant;
import java.util.Map;

/**
 * The messages of a window as the provider counted them. {@code failed} are those that failed for good (hard bounces, and
 * messages the provider dropped or the receiver blocked), {@code bounced} the hard bounces among them, {@code deferred} those
 * still being retried (not settled, so in no rate), {@code failures} the failed ones by the provider's own reasons; the
 * window the provider counted starts at {@code from} (its buckets are whole hours or days).
 */
record DeliveryCounts(long delivered, long failed, long bounced, long complained, long deferred, Map<String, Long> failures,
                      Instant from) {
    /** Messages whose fate is known: delivered or failed for good. */
    long settled() {
        return delivered + failed;
    }

    double deliveryRate() {
        return 100.0 * delivered / settled();
    }

    double bounceRate() {
        return 100.0 * bounced / settled();
    }
}
