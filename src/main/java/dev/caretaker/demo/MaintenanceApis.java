package dev.caretaker.demo;

import dev.caretaker.demo.api.RdapStandIn;
import dev.caretaker.demo.api.SentryStandIn;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What manual 001's web app keeps outside its database, planted in stand-ins of the providers' APIs: its errors in Sentry
 * (organization {@value #ORGANIZATION}, the Next.js app as project {@value #PROJECT}, environment production), and its
 * domain {@value #DOMAIN} at its registry's RDAP service.
 */
final class MaintenanceApis {
    static final String ORGANIZATION = "webapp";
    static final String PROJECT = "web";
    private static final String PROJECT_ID = "4508120";
    private static final int HOURS = 8 * 24;
    /** The example's {@code name} default of its domain check. */
    static final String DOMAIN = "app.example";

    private MaintenanceApis() {
    }

    /**
     * Eight quiet days (3 errors and 1,200 transactions an hour), then a spike in the last half hour: 70 errors, about 6 %
     * of the hour's transactions (001: critical above 5 %); and one issue Sentry saw for the first time 25 minutes ago,
     * beside an old one the daily review has seen before. The counts are planted relative to each request, so a demo left
     * serving keeps finding the spike; the new issue's id is made per start, so each demo tells of it once.
     */
    static SentryStandIn sentry(int port, String token) throws IOException {
        SentryStandIn sentry = new SentryStandIn(token, ORGANIZATION, port);
        Instant now = Instant.now();
        sentry.project(PROJECT_ID, PROJECT);
        sentry.project("4508121", "marketing-site");
        sentry.rolling(PROJECT_ID, "error", 3, HOURS, 70, 30);
        sentry.rolling(PROJECT_ID, "transaction", 1200, HOURS, 0, 0);
        sentry.issue("5104338291", PROJECT, "Error: connect ETIMEDOUT (fetching the pricing page)", "app/pricing/page.tsx in Pricing",
                "warning", now.minus(5, ChronoUnit.DAYS), 212, "production");
        String id = String.valueOf(5_200_000_000L + now.getEpochSecond() % 100_000_000L);
        sentry.issue(id, PROJECT, "TypeError: Cannot read properties of undefined (reading 'plan')",
                "app/(dashboard)/billing/page.tsx in BillingPage", "error", now.minus(25, ChronoUnit.MINUTES), 41, "production");
        return sentry;
    }

    /** The registry's RDAP service: the app's domain registered until 20 days from now (001's "renew before it lapses"). */
    static RdapStandIn rdap(int port, String token) throws IOException {
        return new RdapStandIn(port).domain(DOMAIN, Instant.now().plus(20, ChronoUnit.DAYS));
    }
}
