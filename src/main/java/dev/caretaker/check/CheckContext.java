package dev.caretaker.check;

import dev.caretaker.config.Secrets;
import java.time.Clock;

/**
 * What a running check may use: the clock, the monitored databases, the config's secrets for scrubbing errors, and (for
 * heartbeat checks) the pings in Caretaker's store with the system they belong to.
 */
public record CheckContext(Clock clock, MonitoredDatabases databases, Secrets secrets, dev.caretaker.store.PingLog pings, String system) {
    public CheckContext(Clock clock, MonitoredDatabases databases, Secrets secrets) {
        this(clock, databases, secrets, null, null);
    }
}
