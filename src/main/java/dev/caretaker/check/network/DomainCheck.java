package dev.caretaker.check.network;

import dev.caretaker.check.http.CertificateExpiry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.http.HttpExchange;
import dev.caretaker.config.DomainCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import dev.caretaker.store.BuildInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: domain}: asks the RDAP service for the domain object (RFC 9082 §3.1.3, {@code GET BASE/domain/NAME}, following
 * the redirect a bootstrap service such as rdap.org answers with, RFC 7480 §5.2) and judges the {@code eventDate} of its
 * {@code expiration} event (RFC 9083 §4.5, §5.3).
 */
public final class DomainCheck extends ConfiguredCheck<DomainCheckConfig> {
    static final String RDAP_JSON = "application/rdap+json";
    private static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Redirects are followed by hand, within the one deadline. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30)).build();

    public DomainCheck(DomainCheckConfig config) {
        super(config);
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        URI query = config.query();
        HttpRequest request = HttpRequest.newBuilder(query).timeout(config.timeout()).header("Accept", RDAP_JSON + ", application/json")
                .header("User-Agent", "caretaker/" + BuildInfo.version()).GET().build();
        HttpExchange.Answer a;
        try {
            a = HttpExchange.sendFollowing(CLIENT, request, config.timeout(), MAX_BODY, 5, v -> false);
        } catch (IOException e) {
            return out.error("cannot read " + config.domain() + " from the RDAP service " + config.baseUrl() + ": "
                    + HttpExchange.noAnswer(e, config.baseUrl().getHost())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out.error("interrupted").build();
        }
        if (a.status() == 404) {
            return out.error("the RDAP service " + config.baseUrl() + " has no record of " + config.domain() + " (404 Not Found): the "
                    + "name may be misspelt, not registered (or deleted after it expired), or its TLD may have no RDAP service").build();
        }
        if (a.status() != 200) {
            return out.error("the RDAP service " + config.baseUrl() + " answered " + a.status() + " for " + config.domain()
                    + RdapErrors.describe(a.text())).build();
        }
        JsonNode domain;
        try {
            domain = JSON.readTree(a.text());
        } catch (IOException e) {
            return out.error("the RDAP service " + config.baseUrl() + " did not answer JSON for " + config.domain()).build();
        }
        if (domain == null || !"domain".equals(domain.path("objectClassName").asText())) {
            return out.error("the RDAP service " + config.baseUrl() + " answered something other than a domain object for "
                    + config.domain() + " (objectClassName '" + (domain == null ? "" : domain.path("objectClassName").asText())
                    + "')").build();
        }
        Instant expires;
        try {
            expires = expiration(domain);
        } catch (DateTimeParseException e) {
            return out.error("the expiration date the registry gives for " + config.domain() + " is not a date: "
                    + e.getParsedString()).build();
        }
        if (expires == null) {
            return out.error("the registry publishes no expiration date for " + config.domain() + " (no 'expiration' event in its "
                    + "RDAP answer; some country-code registries leave it out), so it cannot be judged").build();
        }
        judge(expires, context.clock().instant(), out);
        return out.build();
    }

    /** The date of the domain's {@code expiration} event, or null when it has none. */
    static Instant expiration(JsonNode domain) {
        for (JsonNode e : domain.path("events")) {
            if ("expiration".equals(e.path("eventAction").asText())) {
                return OffsetDateTime.parse(e.path("eventDate").asText()).toInstant();
            }
        }
        return null;
    }

    private void judge(Instant expires, Instant now, ResultBuilder out) {
        Duration left = Duration.between(now, expires);
        double days = CertificateExpiry.days(expires, now);
        out.measure("domain.days_left", days, "check", name());
        if (left.compareTo(config.warning()) >= 0) {
            return;
        }
        Severity s = left.compareTo(config.critical()) < 0 ? Severity.CRITICAL : Severity.WARNING;
        String when = CertificateExpiry.when(left);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("domain", config.domain());
        e.put("expires", expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        e.put("days_left", days);
        e.put("warning", Units.formatDuration(config.warning()));
        e.put("critical", Units.formatDuration(config.critical()));
        e.put("rdap", config.query().toString());
        out.find(new Finding("domain.expiring", s, config.domain(), "the registration of " + config.domain() + " " + when + " ("
                + expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "); renew it with the registrar, or turn on auto-renew", e));
    }

    /** No request is sent; only the RDAP service's host name is looked up. */
    @Override
    public List<Readiness> preflight(CheckContext context) {
        return Hosts.preflight(name(), config.baseUrl().getHost());
    }
}
