package dev.caretaker.demo;

import dev.caretaker.demo.api.StatuspageStandIn;
import dev.caretaker.demo.api.SupabaseStandIn;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The Supabase projects the demos read through a stand-in of the Management API, with what each demo plants. */
final class SupabaseDemo {
    /** The customer-signal example's {@code project_ref} default. */
    static final String CUSTOMER_SIGNAL_REF = "customersignalappdem";
    static final String AGENTIC_REF = "agenticecosystemdemo";

    private SupabaseDemo() {
    }

    /**
     * Manual 004's project: monitor-keywords failing one request in five for the last hour (the upstream API changed its
     * limits), sentiment-analysis slow (2.6 s on average, over manual 004's 2 s), send-alerts healthy, daily-digest idle
     * since 07:00; Realtime unhealthy; anonymous sign-ins left on, and the mentions_export table without row-level security.
     */
    static SupabaseStandIn customerSignal(int port, String token) throws IOException {
        SupabaseStandIn s = new SupabaseStandIn(token, CUSTOMER_SIGNAL_REF, port);
        Instant now = Instant.now();
        Duration hour = Duration.ofMinutes(58);
        for (String f : new String[] {"monitor-keywords", "sentiment-analysis", "daily-digest", "send-alerts"}) {
            s.function(f);
        }
        s.invocations("monitor-keywords", 48, 200, Duration.ofMillis(850), now, hour);
        s.invocations("monitor-keywords", 12, 500, Duration.ofMillis(1200), now, hour); // the upstream API refuses at once
        s.invocations("sentiment-analysis", 40, 200, Duration.ofMillis(2600), now, hour);
        s.invocations("send-alerts", 120, 200, Duration.ofMillis(180), now, hour);
        s.invocations("send-alerts", 3, 401, Duration.ofMillis(15), now, hour);
        s.service("realtime", "UNHEALTHY", "Realtime could not connect to the database: too many connections");
        s.lint("security", "auth_allow_anonymous_sign_ins", "Allow Anonymous Sign-Ins", "WARN", "SECURITY",
                "Detects if anonymous sign-ins are enabled for the project: anyone can get a session and the authenticated role",
                Map.of("type", "auth"));
        s.lint("security", "rls_disabled_in_public", "RLS Disabled in Public", "ERROR", "SECURITY",
                "Table \\`public.mentions_export\\` is public, but RLS has not been enabled.",
                Map.of("schema", "public", "name", "mentions_export", "type", "table"));
        return s;
    }

    /**
     * Manual 003's project: production-monitoring slow (2.05 s on average, over 003's 2 s; its 95th percentile 4.8 s), the
     * other two fast and clean; every service healthy; no lints.
     */
    static SupabaseStandIn agentic(int port, String token) throws IOException {
        SupabaseStandIn s = new SupabaseStandIn(token, AGENTIC_REF, port);
        Instant now = Instant.now();
        Duration hour = Duration.ofMinutes(58);
        for (String f : new String[] {"production-monitoring", "database-scalability", "error-tracking"}) {
            s.function(f);
        }
        s.invocations("production-monitoring", 50, 200, Duration.ofMillis(1500), now, hour);
        s.invocations("production-monitoring", 10, 200, Duration.ofMillis(4800), now, hour);
        s.invocations("database-scalability", 30, 200, Duration.ofMillis(240), now, hour);
        s.invocations("error-tracking", 200, 200, Duration.ofMillis(120), now, hour);
        s.invocations("error-tracking", 1, 500, Duration.ofMillis(90), now, hour);
        return s;
    }

    /**
     * Supabase's status page (status.supabase.com is a Statuspage page): Edge Functions with degraded performance in one region
     * and a database maintenance scheduled for next week. Degraded is not an outage: the checks that name it in
     * {@code upstream} still page for the project's own failing and slow functions.
     */
    static StatuspageStandIn status(int port, String token) throws IOException {
        Instant now = Instant.now();
        StatuspageStandIn page = new StatuspageStandIn("Supabase", port);
        for (String c : new String[] {"API Gateway", "Auth", "Connection Pooler", "Database", "Edge Functions", "Management API",
                "Realtime", "Storage", "Dashboard"}) {
            page.component(c, "operational");
        }
        return page.component("Edge Functions", "degraded_performance")
                .incident("Increased latency for Edge Functions in eu-west-2", "monitoring", "minor", now.minus(Duration.ofMinutes(40)),
                        "Edge Functions")
                .maintenance("Scheduled database maintenance in eu-west-2", "scheduled", now.plus(Duration.ofDays(6)),
                        now.plus(Duration.ofDays(6)).plus(Duration.ofHours(2)), "Database");
    }
}
