package dev.caretaker.demo;

import dev.caretaker.demo.SeedDemo.Api;
import dev.caretaker.demo.SeedDemo.BackupFile;
import dev.caretaker.demo.SeedDemo.MailServer;
import dev.caretaker.demo.SeedDemo.Profile;
import dev.caretaker.demo.SeedDemo.StandIn;
import dev.caretaker.demo.api.HealthchecksStandIn;
import dev.caretaker.demo.api.MailgunStandIn;
import dev.caretaker.demo.api.OpsgenieStandIn;
import dev.caretaker.demo.api.TeamsStandIn;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The seed systems of {@code shared/seeds} that {@code caretaker demo --profile NAME} builds. */
public final class DemoProfiles {
    static final String OK = "{\"status\":\"ok\"}";

    /**
     * Manual 000: the weekly self-check of a freelancer-invoicing app (Zoho, Authorize.net); its P0/P1 incidents go to stand-ins
     * of a Microsoft Teams workflow and of Opsgenie's Alert API; its server pings a stand-in of Healthchecks (self_check).
     */
    public static final Profile INVOICING = new Profile("invoicing", "000", "demo_invoicing", "weekly-self-check", List.of(
            StandIn.http("ZOHO_CRM_URL", 1, "/crm/v7/org", 200, OK, Duration.ZERO),
            StandIn.https("ZOHO_BILLING_URL", 2, "/billing/v1/organizations", 200, OK, Duration.ofDays(90)),
            StandIn.http("ZOHO_BOOKS_URL", 3, "/books/v3/organizations", 200, OK, Duration.ofMillis(2500)),
            StandIn.https("ZOHO_DESK_URL", 4, "/api/v1/organizations", 200, OK, Duration.ofDays(5)),
            StandIn.down("AUTHORIZE_NET_URL", 5, "/xml/v1/request.api"),
            StandIn.http("SYNC_WORKER_URL", 6, "/internal/jobs", 202, "{\"restarted\":true}", Duration.ZERO)), List.of(),
            List.of(new Api("ZOHO_STATUS_URL", null, 7, InvoicingApis::zohoStatus),
                    new Api("AUTHORIZE_NET_STATUS_URL", null, 8, InvoicingApis::authorizeNetStatus),
                    new Api("TEAMS_WEBHOOK_URL", null, 9, (port, token) -> new TeamsStandIn(token, port)),
                    new Api("OPSGENIE_URL", "OPSGENIE_API_KEY", 10, (port, token) -> new OpsgenieStandIn(token, port)),
                    new Api("CARETAKER_SELF_CHECK_URL", "HEALTHCHECKS_API_KEY", 14, HealthchecksStandIn::demo)));

    /** Manual 002: order import, fulfilment push and inventory sync for four retailers. */
    public static final Profile RETAIL = new Profile("retail", "002", "demo_retail", "daily-morning-check", List.of(
            StandIn.https("SHOPIFY_URL", 11, "/admin/api/2026-10/graphql.json", 200, "{\"data\":{\"shop\":{\"name\":\"Nationwide Plants\"}}}",
                    Duration.ofDays(60))),
            List.of(new BackupFile("retail-2026-11-17.sql", "backup.sql", Duration.ofDays(5)),
                    new BackupFile("retail-2026-11-18.sql", "backup.sql", Duration.ofDays(4)),
                    new BackupFile("retail-2026-11-19.sql", "backup.sql", Duration.ofDays(3))),
            List.of(new Api("MAILGUN_URL", "MAILGUN_API_KEY", 12, MailgunStandIn::demo),
                    new Api("GITHUB_API_URL", "GITHUB_TOKEN", 13, RetailApis::github)));

    /**
     * Manual 004: CustomerSignal on Supabase — keyword monitoring edge functions (their errors, times, the project's health
     * and advisors from a stand-in of Supabase's Management API, {@link SupabaseDemo}; Supabase's status page reporting
     * degraded Edge Functions, which is not an outage), conversations, auth log.
     */
    public static final Profile CUSTOMER_SIGNAL = new Profile("customer-signal", "004", "demo_customer_signal", "morning-health-check",
            List.of(StandIn.https("APP_URL", 23, "/", 200, "<html>CustomerSignal</html>", Duration.ofDays(45))),
            List.of(new BackupFile("customer-signal-2026-11-20.sql", "backup.sql", Duration.ofHours(50)),
                    new BackupFile("customer-signal-2026-11-21.sql", "backup.sql", Duration.ofHours(26)),
                    new BackupFile("customer-signal-2026-11-22.sql", "backup-truncated.sql", Duration.ofHours(2))),
            List.of(new Api("SUPABASE_API_URL", "SUPABASE_ACCESS_TOKEN", 24, SupabaseDemo::customerSignal),
                    new Api("SUPABASE_STATUS_URL", null, 25, SupabaseDemo::status)));

    /**
     * Manual 003: the agentic ecosystem — edge functions (the monitoring one slow now), consents, logs, eight weeks of history
     * ({@link AgenticHistory}) and its trends, security audit and capacity reports; its backups in a stand-in of Azure Blob
     * Storage ({@link AgenticBackups}).
     */
    public static final Profile AGENTIC = new Profile("agentic", "003", "demo_agentic", "daily-maintenance", List.of(
            StandIn.http("PRODUCTION_MONITORING_URL", 31, "/functions/v1/production-monitoring", 200,
                    "{\"result\":{\"overall_health_percent\":97}}", Duration.ofMillis(700)),
            StandIn.http("DATABASE_SCALABILITY_URL", 32, "/functions/v1/database-scalability", 200,
                    "{\"result\":{\"avg_query_time\":61,\"connection_pool_usage\":18}}", Duration.ZERO),
            StandIn.http("ERROR_TRACKING_URL", 33, "/functions/v1/error-tracking", 200, "{\"result\":{\"error_rate\":0.8}}", Duration.ZERO)),
            List.of(), List.of(new Api("SUPABASE_API_URL", "SUPABASE_ACCESS_TOKEN", 34, SupabaseDemo::agentic),
                    new Api("AZURE_STORAGE_ACCOUNT_URL", "AZURE_STORAGE_SAS", 35, AgenticBackups::blob)));

    /**
     * Manual 001: maintenance procedures of a web app — a slow app, an expiring certificate, a spike of errors in Sentry (a
     * 6 % error rate) and a new Sentry issue, credential
     * stuffing, outdated dependencies (a command check), this machine (a host check), the domain's registration ending in
     * 20 days (from an RDAP stand-in), its mail server with STARTTLS and a certificate good for 90 days, and its daily,
     * weekly and monthly checklists.
     */
    public static final Profile MAINTENANCE = new Profile("maintenance", "001", "demo_maintenance", "full-check", List.of(
            StandIn.http("APP_URL", 41, "/", 200, "<html>app</html>", Duration.ofMillis(2300)),
            StandIn.http("API_URL", 42, "/api/health", 200, OK, Duration.ZERO),
            StandIn.https("SSL_URL", 43, "/", 200, "<html>app</html>", Duration.ofDays(10))),
            List.of(new BackupFile("app-2026-11-22.sql", "backup.sql", Duration.ofHours(50)),
                    new BackupFile("app-2026-11-23.sql", "backup.sql", Duration.ofHours(26)),
                    new BackupFile("app-2026-11-24.sql", "backup.sql", Duration.ofHours(2))),
            List.of(new Api("SENTRY_URL", "SENTRY_TOKEN", 44, MaintenanceApis::sentry), new Api("RDAP_URL", null, 45, MaintenanceApis::rdap)),
            List.of(new MailServer("MAIL_HOST", "MAIL_PORT", 46, Duration.ofDays(90))));

    public static final List<Profile> ALL = List.of(INVOICING, RETAIL, CUSTOMER_SIGNAL, AGENTIC, MAINTENANCE);

    private DemoProfiles() {
    }

    public static Optional<Profile> named(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Profile::name).toList();
    }
}
