package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code reports:}: a periodic report of a {@link ReportType}, made on its {@code schedule} (cron) or
 * {@code every} by the server and on demand by {@code caretaker report NAME}, sent to {@code channels}. {@code suite} or
 * {@code checks} narrow it to some checks; {@code database} and {@code rls_schemas} say what a security audit reads.
 */
public record ReportConfig(String name, String description, ReportType type, Optional<String> cron, Optional<Duration> every,
                           List<String> channels, Optional<String> suite, List<String> checks, ReportPeriod period,
                           Optional<String> database, List<String> rlsSchemas) {

    /** The checks this report covers among {@code all}: its own list, its suite's, or every check. */
    public List<String> checksOf(CaretakerConfig config) {
        if (!checks.isEmpty()) {
            return checks;
        }
        if (suite.isPresent() && config.suites().containsKey(suite.get())) {
            return config.suites().get(suite.get()).checks();
        }
        return List.copyOf(config.checks().keySet());
    }
}
