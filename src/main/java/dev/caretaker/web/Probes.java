package dev.caretaker.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.access.Users;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.MetricsConfig;
import dev.caretaker.config.StatusPageConfig;
import dev.caretaker.schedule.Server;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the unauthenticated may see of the probes. {@code /healthz} and {@code /readyz} answer their status to anyone, and their
 * details (the node, the config file, each part's state) only to a caller with a bearer token: a user's API token of any role,
 * or {@code metrics.token}. {@code /metrics} needs such a token unless {@code metrics.public: true}; a public scrape without one
 * leaves out every series of a check the status page does not show.
 */
final class Probes {
    static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final Users users;

    Probes(Server server, Users users) {
        this.server = server;
        this.users = users;
    }

    /** Whether the caller sent {@code Authorization: Bearer} with the metrics token or a valid API token. */
    boolean authenticated(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String token = header.substring(7).trim();
        String scrape = server.config().metrics().token().orElse(null);
        if (scrape != null && MessageDigest.isEqual(scrape.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        return users.byToken(token).isPresent();
    }

    void healthz(Context ctx) {
        String details = authenticated(ctx) ? "node " + server.node() + "\nversion " + dev.caretaker.store.BuildInfo.version() + "\n" : "";
        ctx.contentType("text/plain").result("ok\n" + details);
    }

    void readyz(Context ctx) throws Exception {
        Server.Readiness r = server.readiness();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", r.ready());
        if (authenticated(ctx)) {
            body.put("node", server.node());
            body.putAll(r.parts());
        }
        ctx.status(r.ready() ? 200 : 503).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    void metrics(Context ctx) {
        MetricsConfig settings = server.config().metrics();
        boolean authenticated = authenticated(ctx);
        if (!authenticated && !settings.isPublic()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"caretaker metrics\"");
            ctx.status(401).contentType("text/plain").result("/metrics needs a bearer token: metrics.token from the config, or an API token "
                    + "(caretaker tokens create); or set metrics.public: true\n");
            return;
        }
        String text = server.metrics().scrape();
        ctx.contentType(METRICS_TYPE).result(authenticated ? text : PublicMetrics.without(text, privateChecks(server.config())));
    }

    /** The checks the status page does not show (all of them when it is off). */
    static Set<String> privateChecks(CaretakerConfig config) {
        Set<String> shown = new HashSet<>();
        if (config.statusPage().enabled()) {
            for (StatusPageConfig.Group g : config.statusPage().groups()) {
                g.components().forEach(c -> shown.addAll(c.checks()));
            }
        }
        Set<String> out = new HashSet<>(config.checks().keySet());
        out.removeAll(shown);
        return out;
    }
}
