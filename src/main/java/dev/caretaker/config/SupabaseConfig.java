package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code type: supabase}: one Supabase project read through Supabase's Management API — the health of its services, its edge
 * functions' error rate and response times from its logs over {@code window}, and its advisors' lints. {@code functions}
 * empty: every function the project has. {@code maxP95} null: the 95th percentile is measured, not judged.
 * {@code postgresCheck}: whether the config also has a {@code type: postgres} check (set by the loader once every check is
 * read), which runs some of the advisors' lints itself; only then are those lints filed here at info, so one problem does not
 * page twice.
 */
public record SupabaseConfig(CheckType kind, String name, String description, ApiSettings api, String projectRef, List<String> services,
                             List<String> functions, Duration window, double maxErrorRate, int minRequests, Duration maxAverage,
                             Duration maxP95, List<String> advisors, boolean postgresCheck) implements CheckConfig {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.supabase.com");
    /** What {@code GET /v1/projects/{ref}/health} reports on ({@code services}), the default being all but the legacy ones. */
    public static final List<String> SERVICES = List.of("auth", "db", "db_postgres_user", "pooler", "realtime", "rest", "storage", "pg_bouncer");
    public static final List<String> DEFAULT_SERVICES = List.of("auth", "db", "pooler", "realtime", "rest", "storage");
    public static final List<String> ADVISORS = List.of("security", "performance");
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** The logs endpoint answers for at most 24 hours. */
    public static final Duration MAX_WINDOW = Duration.ofHours(24);
    /** Manual 004: "Error rate < 1 %". */
    public static final double DEFAULT_MAX_ERROR_RATE = 1.0;
    public static final int DEFAULT_MIN_REQUESTS = 10;
    /** Manual 004: "average duration < 2 s". */
    public static final Duration DEFAULT_MAX_AVERAGE = Duration.ofSeconds(2);

    /** This check in a config that has a {@code type: postgres} check too. */
    public SupabaseConfig withPostgresCheck() {
        return new SupabaseConfig(kind, name, description, api, projectRef, services, functions, window, maxErrorRate, minRequests,
                maxAverage, maxP95, advisors, true);
    }
}
