package dev.caretaker.check.postgres;

import dev.caretaker.config.PostgresThresholds;
import java.time.Instant;

/** What every probe of one run knows: thresholds, the server, the config's name for the database, and now. */
record ProbeContext(PostgresThresholds thresholds, Server server, String database, Instant now) {

    /** The server; {@code pgStatStatementsSchema} is the quoted schema pg_stat_statements is installed in (Supabase: extensions). */
    record Server(int versionNum, String version, boolean hasPgStatStatements, String pgStatStatementsSchema) {
    }
}
