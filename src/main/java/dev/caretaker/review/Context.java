package dev.caretaker.review;

import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ReportConfig;
import dev.caretaker.config.ReportPeriod;
import java.time.Instant;
import java.time.ZoneId;
import org.jdbi.v3.core.Jdbi;

/** What a report is made from: the config, the report's own settings, the period, the time now, the store and the databases. */
record Context(CaretakerConfig config, ReportConfig report, ReportPeriod.Range range, Instant now, Jdbi store, MonitoredDatabases databases) {
    String system() {
        return config.system();
    }

    ZoneId zone() {
        return config.timezone();
    }

    java.sql.Timestamp from() {
        return java.sql.Timestamp.from(range.from());
    }

    java.sql.Timestamp to() {
        return java.sql.Timestamp.from(range.to());
    }
}
