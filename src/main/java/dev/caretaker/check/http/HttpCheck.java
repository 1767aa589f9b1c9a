package dev.caretaker.check.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Condition;
import dev.caretaker.config.HttpCheckConfig;
import dev.caretaker.config.Units;
import dev.caretaker.store.BuildInfo;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** {@code type: http}: one request, then its status, latency, body and certificate against the expectations. */
public final class HttpCheck extends ConfiguredCheck<HttpCheckConfig> {
    static final int MAX_BODY_BYTES = 1 << 20;
    static final int BODY_EVIDENCE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();


    public HttpCheck(HttpCheckConfig config) {
        super(config);
    }

    /** What came back: status, latency, body (bounded) and the server certificate's expiry, if TLS. */
    record Answer(int status, Duration latency, String body, Instant certNotAfter) {
    }

    /** Findings that a retry may take back: the service did not answer, or not as expected. Slowness and certificates are judged at once. */
    static final java.util.Set<String> CONFIRMED_BY_RETRY = java.util.Set.of("http.down", "http.unexpected_response");

    /**
     * Probes the service; with {@code retries}, a probe that finds it down or answering unexpectedly is tried again after
     * {@code retry_interval} before its findings count: one dropped packet is not an incident. The attempts are in the
     * evidence: of the confirmed failure, or of an information finding {@code http.retried} when a retry answered well.
     */
    @Override
    public CheckResult run(CheckContext context) {
        long started = context.clock().millis();
        CheckResult first = probe(context);
        if (config.retries() == 0 || !failed(first)) {
            return first;
        }
        List<String> attempts = new ArrayList<>(List.of(attempt(1, first, context)));
        CheckResult last = first;
        for (int i = 1; i <= config.retries(); i++) {
            try {
                Thread.sleep(config.retryInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            last = probe(context);
            attempts.add(attempt(i + 1, last, context));
            if (!failed(last)) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("first_failure", firstFailure(first));
                evidence.put("attempts", attempts);
                evidence.put("judgement", "ok on attempt " + (i + 1) + " of " + (config.retries() + 1));
                List<Finding> findings = new ArrayList<>(last.findings());
                findings.add(new Finding("http.retried", Severity.INFO, subject(config.url()), name() + " failed ("
                        + firstFailure(first) + ") and answered on retry " + i + " of " + config.retries(), evidence));
                return with(last, findings, context.clock().millis() - started);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Finding f : last.findings()) {
            if (CONFIRMED_BY_RETRY.contains(f.code())) {
                Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
                evidence.put("first_failure", firstFailure(first));
                evidence.put("attempts", attempts);
                evidence.put("judgement", "failed " + attempts.size() + " time(s) in a row, " + Units.formatDuration(config.retryInterval())
                        + " apart");
                f = new Finding(f.code(), f.severity(), f.subject(), f.message() + " (confirmed by " + (attempts.size() - 1) + " retr"
                        + (attempts.size() == 2 ? "y" : "ies") + ")", evidence);
            }
            findings.add(f);
        }
        return with(last, findings, context.clock().millis() - started);
    }

    private static boolean failed(CheckResult r) {
        return r.findings().stream().anyMatch(f -> CONFIRMED_BY_RETRY.contains(f.code()));
    }

    private static String firstFailure(CheckResult r) {
        return r.findings().stream().filter(f -> CONFIRMED_BY_RETRY.contains(f.code())).findFirst()
                .map(f -> f.code() + ": " + f.message()).orElse("");
    }

    private String attempt(int n, CheckResult r, CheckContext context) {
        return n + " at " + context.clock().instant() + ": " + (failed(r) ? firstFailure(r) : "ok");
    }

    private static CheckResult with(CheckResult r, List<Finding> findings, long durationMs) {
        return new CheckResult(r.name(), r.type(), r.status(), durationMs, r.error(), r.measurements(), findings, r.unjudged());
    }

    private CheckResult probe(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        String subject = subject(config.url());
        java.net.http.HttpClient client;
        try {
            client = Clients.of(config.timeout(), config.caFile(), config.insecure());
        } catch (GeneralSecurityException | IOException e) {
            out.error("cannot use ca_file " + config.caFile() + ": " + e.getMessage() + "; give a readable PEM file of CA certificates");
            return out.build();
        }
        Answer answer;
        try {
            answer = send(client, context.secrets());
        } catch (HttpExchange.RedirectException e) {
            String reason = context.secrets().redact(e.getMessage());
            out.measure("http.up", 1, "check", name());
            out.find(new Finding("http.unexpected_response", Severity.CRITICAL, subject, name() + ": " + reason,
                    Map.of("url", subject, "reason", reason)));
            return out.build();
        } catch (IOException e) {
            String reason = context.secrets().redact(HttpExchange.noAnswer(e, config.url().getHost()));
            out.measure("http.up", 0, "check", name());
            out.find(new Finding("http.down", Severity.CRITICAL, subject, name() + " is down: " + reason,
                    Map.of("url", subject, "reason", reason)));
            return out.build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.error("interrupted");
            return out.build();
        }
        out.measure("http.up", 1, "check", name());
        out.measure("http.status", answer.status(), "check", name());
        out.measure("http.latency_ms", answer.latency().toMillis(), "check", name());
        judge(answer, subject, context, out);
        return out.build();
    }

    private Answer send(HttpClient client, dev.caretaker.config.Secrets secrets) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("User-Agent", "caretaker/" + BuildInfo.version());
        config.headers().forEach(rb::header);
        rb.method(config.method(), config.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(config.body()));
        HttpExchange.Answer a = HttpExchange.sendFollowing(client, rb.build(), config.timeout(), MAX_BODY_BYTES, config.maxRedirects(),
                secrets::contains);
        Instant notAfter = a.response().sslSession().flatMap(HttpCheck::leafCertificate).map(c -> c.getNotAfter().toInstant()).orElse(null);
        return new Answer(a.status(), a.latency(), a.text(), notAfter);
    }

    private static Optional<X509Certificate> leafCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(x) : Optional.empty();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private void judge(Answer a, String subject, CheckContext context, ResultBuilder out) {
        List<String> unexpected = new ArrayList<>();
        Condition latencyRule = null;
        Condition certRule = null;
        boolean statusRule = false;
        for (Condition c : config.expect()) {
            switch (c.subject()) {
                case LATENCY -> latencyRule = c;
                case CERT_EXPIRY -> certRule = c;
                default -> {
                    statusRule |= c.subject() == Condition.Subject.STATUS;
                    Optional<String> failure = evaluate(c, a);
                    failure.ifPresent(unexpected::add);
                }
            }
        }
        if (!statusRule && a.status() >= 400) {
            unexpected.add("status " + a.status() + " (expected below 400)");
        }
        if (!unexpected.isEmpty()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("url", subject);
            e.put("status", a.status());
            e.put("failed", unexpected);
            e.put("body_start", context.secrets().redact(abbreviate(a.body())));
            out.find(new Finding("http.unexpected_response", Severity.CRITICAL, subject,
                    name() + " answered, but not as expected: " + String.join("; ", unexpected), e));
        }
        judgeLatency(a, subject, latencyRule, out);
        judgeCertificate(a, subject, certRule, context, out);
    }

    private void judgeLatency(Answer a, String subject, Condition rule, ResultBuilder out) {
        long ms = a.latency().toMillis();
        boolean slow = rule == null ? ms > HttpCheckConfig.DEFAULT_SLOW.toMillis()
                : !rule.operator().compare(ms, rule.expectedDuration().toMillis());
        if (slow) {
            String expected = rule == null ? "latency <= " + Units.formatDuration(HttpCheckConfig.DEFAULT_SLOW) : rule.text();
            out.find(new Finding("http.slow", Severity.WARNING, subject, name() + " took " + ms + " ms (expected " + expected + ")",
                    Map.of("url", subject, "latency_ms", ms, "expected", expected)));
        }
    }

    private void judgeCertificate(Answer a, String subject, Condition rule, CheckContext context, ResultBuilder out) {
        if (a.certNotAfter() == null) {
            if (rule != null) {
                out.error("'" + rule.text() + "' needs an https:// URL", List.of(dev.caretaker.check.Unjudged.code("http.cert_expiring")));
            }
            return;
        }
        Instant now = context.clock().instant();
        out.measure("http.cert_days_left", CertificateExpiry.days(a.certNotAfter(), now), "check", name());
        CertificateExpiry.judge(name(), "url", subject, a.certNotAfter(), now, rule, "http.cert_expiring", out);
    }

    /** Empty when the condition holds, else what was seen instead. */
    static Optional<String> evaluate(Condition c, Answer a) {
        return switch (c.subject()) {
            case STATUS -> c.operator().compare(a.status(), Integer.parseInt(c.expected())) ? Optional.empty()
                    : Optional.of("status " + a.status() + " (expected " + c.text() + ")");
            case BODY -> textHolds(c.operator(), a.body(), c.expected()) ? Optional.empty()
                    : Optional.of("body does not satisfy '" + c.text() + "'");
            case JSON -> json(c, a.body());
            default -> Optional.empty();
        };
    }

    private static Optional<String> json(Condition c, String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            return Optional.of("body is not JSON (needed by '" + c.text() + "')");
        }
        for (String part : c.jsonPath().split("\\.")) {
            int bracket = part.indexOf('[');
            String field = bracket >= 0 ? part.substring(0, bracket) : part;
            if (!field.isEmpty()) {
                node = node == null ? null : node.get(field);
            }
            while (bracket >= 0 && node != null) {
                int close = part.indexOf(']', bracket);
                node = node.get(Integer.parseInt(part.substring(bracket + 1, close)));
                bracket = part.indexOf('[', close);
            }
        }
        if (node == null || node.isMissingNode()) {
            return Optional.of("json." + c.jsonPath() + " is missing (expected " + c.text() + ")");
        }
        String actual = node.isValueNode() ? node.asText() : node.toString();
        boolean holds;
        if (node.isNumber() && isNumber(c.expected())) {
            holds = c.operator().compare(node.asDouble(), Double.parseDouble(c.expected()));
        } else {
            holds = textHolds(c.operator(), actual, c.expected());
        }
        return holds ? Optional.empty() : Optional.of("json." + c.jsonPath() + " is " + abbreviate(actual) + " (expected " + c.text() + ")");
    }

    private static boolean textHolds(Condition.Operator op, String actual, String expected) {
        return switch (op) {
            case EQ -> actual.equals(expected);
            case NE -> !actual.equals(expected);
            case CONTAINS -> actual.contains(expected);
            case NOT_CONTAINS -> !actual.contains(expected);
            default -> isNumber(actual) && isNumber(expected) && op.compare(Double.parseDouble(actual), Double.parseDouble(expected));
        };
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** scheme://host:port/path, without the query (which may carry keys). */
    static String subject(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + (url.getPath() == null ? "" : url.getPath());
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return one.length() > BODY_EVIDENCE ? one.substring(0, BODY_EVIDENCE) + "…" : one;
    }

    /** No request is sent; only the host name is looked up. */
    @Override
    public List<dev.caretaker.check.Readiness> preflight(CheckContext context) {
        try {
            java.net.InetAddress.getAllByName(config.url().getHost());
            return List.of(dev.caretaker.check.Readiness.ok(name(), config.url().getHost() + " resolves (no request sent)"));
        } catch (UnknownHostException e) {
            return List.of(dev.caretaker.check.Readiness.problem(name(), "the host name " + config.url().getHost() + " does not resolve"));
        }
    }
}
