package dev.caretaker.check;

import dev.caretaker.config.Secrets;
import java.time.Clock;

/**
 * What a running check may use: the clock, the monitored databases, the config's secrets for scrubbing errors, (for
 * heartbeat checks) the pings in Caretaker's store with the system they belong to, and (for API sources that tell of
 * what is new) what they told of before. The store's parts are null where a check runs without the store.
 */
public record CheckContext(Clock clock, MonitoredDatabases databases, Secrets secrets, dev.caretaker.store.PingLog pings, String system,
                           dev.caretaker.store.SourceMarks marks) {
    public CheckContext(Clock clock, MonitoredDatabases databases, Secrets secrets) {
        this(clock, databases, secrets, null, null, null);
    }

    public CheckContext(Clock clock, MonitoredDatabases databases, Secrets secrets, dev.caretaker.store.PingLog pings, String system) {
        this(clock, databases, secrets, pings, system, null);
    }
}
