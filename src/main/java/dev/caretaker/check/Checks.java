package dev.caretaker.check;

import dev.caretaker.check.activity.ErrorsCheck;
import dev.caretaker.check.activity.JobsCheck;
import dev.caretaker.check.activity.SecurityCheck;
import dev.caretaker.check.backup.BackupCheck;
import dev.caretaker.check.custom.SqlCheck;
import dev.caretaker.check.http.HttpCheck;
import dev.caretaker.check.integrity.IntegrityCheck;
import dev.caretaker.check.postgres.PostgresCheck;
import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.ErrorsCheckConfig;
import dev.caretaker.config.HeartbeatCheckConfig;
import dev.caretaker.config.HttpCheckConfig;
import dev.caretaker.config.IntegrityCheckConfig;
import dev.caretaker.config.JobsCheckConfig;
import dev.caretaker.config.PostgresCheckConfig;
import dev.caretaker.config.SecurityCheckConfig;
import dev.caretaker.config.SqlCheckConfig;
import java.util.Map;
import java.util.function.Function;

/** Makes the check a config describes: one entry per check type. */
public final class Checks {
    private static final Map<Class<? extends CheckConfig>, Function<CheckConfig, Check>> FACTORIES = Map.ofEntries(
            Map.entry(PostgresCheckConfig.class, c -> new PostgresCheck((PostgresCheckConfig) c)),
            Map.entry(IntegrityCheckConfig.class, c -> new IntegrityCheck((IntegrityCheckConfig) c)),
            Map.entry(HttpCheckConfig.class, c -> new HttpCheck((HttpCheckConfig) c)),
            Map.entry(JobsCheckConfig.class, c -> new JobsCheck((JobsCheckConfig) c)),
            Map.entry(ErrorsCheckConfig.class, c -> new ErrorsCheck((ErrorsCheckConfig) c)),
            Map.entry(SecurityCheckConfig.class, c -> new SecurityCheck((SecurityCheckConfig) c)),
            Map.entry(BackupCheckConfig.class, c -> new BackupCheck((BackupCheckConfig) c)),
            Map.entry(SqlCheckConfig.class, c -> new SqlCheck((SqlCheckConfig) c)),
            Map.entry(HeartbeatCheckConfig.class, c -> new dev.caretaker.check.heartbeat.HeartbeatCheck((HeartbeatCheckConfig) c)),
            Map.entry(dev.caretaker.config.CommandCheckConfig.class, c -> new dev.caretaker.check.command.CommandCheck((dev.caretaker.config.CommandCheckConfig) c)),
            Map.entry(dev.caretaker.config.HostCheckConfig.class, c -> new dev.caretaker.check.host.HostCheck((dev.caretaker.config.HostCheckConfig) c)));

    private Checks() {
    }

    public static Check create(CheckConfig config) {
        Function<CheckConfig, Check> factory = FACTORIES.get(config.getClass());
        if (factory == null) {
            throw new IllegalArgumentException("no check for type " + config.type());
        }
        return factory.apply(config);
    }
}
