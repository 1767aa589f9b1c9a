package dev.caretaker.config;

/** The configuration of one check; {@link #type()} picks the implementation. */
public sealed interface CheckConfig permits PostgresCheckConfig, IntegrityCheckConfig, HttpCheckConfig, JobsCheckConfig,
        ErrorsCheckConfig, SecurityCheckConfig, BackupCheckConfig, SqlCheckConfig, HeartbeatCheckConfig, CommandCheckConfig,
        HostCheckConfig {
    String name();

    String type();

    String description();

    /** The monitored database this check reads, or null for checks that read none. */
    default String database() {
        return null;
    }
}
