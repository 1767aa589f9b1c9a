package dev.caretaker.check.heartbeat;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CronSyntax;
import dev.caretaker.config.HeartbeatCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code type: heartbeat}: a job that tells Caretaker it ran ({@code /ping/TOKEN}), expected every period or at each cron fire. */
public final class HeartbeatKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("heartbeat.up", "boolean", "1 when the job pinged in time and its last run succeeded"),
            Metric.of("heartbeat.last_ping_age_seconds", "seconds", "time since the job's last run pinged (success or failure)"),
            Metric.of("heartbeat.duration_seconds", "seconds", "how long the job's last run took, from its start ping to its end"));

    @Override
    public String name() {
        return "heartbeat";
    }

    /** Its {@code every} (or {@code cron}) is how often its job pings, not how often Caretaker looks. */
    @Override
    public List<String> keys() {
        return List.of("cron", "grace", "token", "pings_per_minute");
    }

    @Override
    public boolean ownsEvery() {
        return true;
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        Optional<String> cron = s.parsed("cron", c -> {
            CronSyntax.validate(c);
            return c.trim();
        });
        Optional<Duration> period = Optional.ofNullable(s.duration("every", null, Duration.ofSeconds(10), Duration.ofDays(366)));
        if (cron.isPresent() == period.isPresent()) {
            s.problem("heartbeat '" + draft.name() + "' needs either 'every' (how often its job pings, e.g. every: 1d) or 'cron' "
                    + "(when it runs, e.g. cron: \"0 3 * * *\"), not both");
        }
        Optional<String> token = s.string("token").filter(t -> !t.isBlank()); // ${X:-} empty: Caretaker makes one
        token.ifPresent(t -> {
            s.secret(t);
            if (!t.matches("[A-Za-z0-9_-]{16,128}")) {
                s.problem("token", "a heartbeat token is 16 to 128 letters, digits, '-' or '_' (it is part of a URL); leave it out "
                        + "and Caretaker makes one");
            }
        });
        return new HeartbeatCheckConfig(this, draft.name(), draft.description(), period, cron, draft.timezone(),
                s.duration("grace", HeartbeatCheckConfig.DEFAULT_GRACE, Duration.ofSeconds(1), Duration.ofDays(30)), token,
                s.integer("pings_per_minute", HeartbeatCheckConfig.DEFAULT_PINGS_PER_MINUTE, 1, 6000));
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new HeartbeatCheck((HeartbeatCheckConfig) config);
    }
}
