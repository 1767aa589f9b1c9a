package dev.caretaker.check;

import dev.caretaker.config.Secrets;
import java.time.Clock;

/** What a running check may use: the clock, the monitored databases, and the config's secrets for scrubbing errors. */
public record CheckContext(Clock clock, MonitoredDatabases databases, Secrets secrets) {
}
