package dev.caretaker.demo;

import dev.caretaker.demo.api.StatuspageStandIn;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The status pages of manual 000's providers, planted: Zoho reports every service operational (so Zoho Books being slow
 * is the app's to look into), Authorize.net reports a major outage of its payment gateway (so the gateway not answering is
 * Authorize.net's one incident, in its words, and pages nobody).
 */
final class InvoicingApis {
    private InvoicingApis() {
    }

    static StatuspageStandIn zohoStatus(int port, String token) throws IOException {
        return new StatuspageStandIn("Zoho", port).component("Zoho CRM", "operational").component("Zoho Billing", "operational")
                .component("Zoho Books", "operational").component("Zoho Desk", "operational").component("Zoho Mail", "operational");
    }

    static StatuspageStandIn authorizeNetStatus(int port, String token) throws IOException {
        return new StatuspageStandIn("Authorize.net", port).component("Payment Gateway", "major_outage")
                .component("Merchant Interface", "operational").component("Account Updater", "operational")
                .incident("Payment gateway not accepting connections", "identified", "critical",
                        Instant.now().minus(25, ChronoUnit.MINUTES), "Payment Gateway");
    }
}
