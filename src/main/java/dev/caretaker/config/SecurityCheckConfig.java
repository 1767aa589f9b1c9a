package dev.caretaker.config;

import java.time.Duration;
import java.util.List;

/** {@code type: security} — failed-login bursts from one address, and row-level security and superusers. */
public record SecurityCheckConfig(CheckType kind, String name, String description, String database, String table, String timeColumn,
                                  String ipColumn, String successColumn, String userColumn, Duration window,
                                  int maxFailuresPerIp, List<String> rlsSchemas, String source, int maxAccountsPerIp) implements CheckConfig {
    /** {@code source: supabase-auth}: Supabase Auth's own log, {@code auth.audit_log_entries}, instead of the app's table. */
    public static final String SUPABASE_AUTH = "supabase-auth";
    public static final String SUPABASE_AUTH_TABLE = "auth.audit_log_entries";
    public static final int DEFAULT_MAX_ACCOUNTS_PER_IP = 5;

    public boolean supabaseAuth() {
        return SUPABASE_AUTH.equals(source);
    }

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_FAILURES_PER_IP = 20;
    public static final int CRITICAL_FACTOR = 5;
}
