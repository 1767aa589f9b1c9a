package dev.caretaker.check.postgres;

import dev.caretaker.config.PostgresThresholds;
import java.time.Instant;

/** What every probe of one run knows: thresholds, the server, the config's name for the database, and now. */
record ProbeContext(PostgresThresholds thresholds, Server server, String database, Instant now) {

    record Server(int versionNum, String version, boolean hasPgStatStatements) {
    }
}
