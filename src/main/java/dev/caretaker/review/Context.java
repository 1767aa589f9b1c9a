package dev.caretaker.review;

import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ReportConfig;
import dev.caretaker.config.ReportPeriod;
import java.time.Instant;
import java.time.ZoneId;

/** What a report is made from: the config, the report's own settings, the period, the time now, the store's readers and the databases. */
record Context(CaretakerConfig config, ReportConfig report, ReportPeriod.Range range, Instant now, Reviews.Sources sources, MonitoredDatabases databases) {
    String system() {
        return config.system();
    }

    ZoneId zone() {
        return config.timezone();
    }
}
