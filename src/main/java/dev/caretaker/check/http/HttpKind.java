package dev.caretaker.check.http;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Condition;
import dev.caretaker.config.HttpCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code type: http}: one request to a service and the conditions its answer must meet. */
public final class HttpKind implements CheckKind {
    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final List<Metric> METRICS = List.of(
            Metric.of("http.up", "boolean", "1 when the service answered, 0 when it is down"),
            Metric.of("http.status", "status", "HTTP status of the answer"),
            Metric.of("http.latency_ms", "milliseconds", "time to the whole answer"),
            Metric.of("http.cert_days_left", "days", "days until the TLS certificate expires"));

    @Override
    public String name() {
        return "http";
    }

    @Override
    public List<String> keys() {
        return List.of("url", "method", "headers", "body", "timeout", "ca_file", "insecure", "expect", "max_redirects", "retries",
                "retry_interval");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        URI url = s.url("url", List.of("http", "https"), "https://api.example.com/health").orElse(null);
        if (!s.has("url")) {
            s.problem("'" + s.path() + "' needs 'url'");
        }
        String method = s.string("method", HttpCheckConfig.DEFAULT_METHOD).toUpperCase();
        s.oneOf("method", method, METHODS);
        List<Condition> expect = s.items("expect", Condition::parse);
        return new HttpCheckConfig(this, draft.name(), draft.description(), url, method, s.headers("headers"), s.string("body", null),
                s.duration("timeout", HttpCheckConfig.DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10)),
                s.path("ca_file").orElse(null), // read when the check runs: it may be issued later
                s.bool("insecure", false), expect,
                s.integer("max_redirects", HttpCheckConfig.DEFAULT_MAX_REDIRECTS, 0, 20),
                s.integer("retries", HttpCheckConfig.DEFAULT_RETRIES, 0, 10),
                s.duration("retry_interval", HttpCheckConfig.DEFAULT_RETRY_INTERVAL, Duration.ofMillis(100), Duration.ofMinutes(10)));
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new HttpCheck((HttpCheckConfig) config);
    }
}
