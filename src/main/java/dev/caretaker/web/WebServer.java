package dev.caretaker.web;

import dev.caretaker.access.FailedLogins;
import dev.caretaker.config.HeartbeatCheckConfig;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.PingLog;
import dev.caretaker.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's HTTP endpoints: {@code /healthz} (the process answers), {@code /readyz} (config loaded, scheduler running,
 * store reachable), {@code /metrics} (Prometheus text, behind a bearer token unless public; see {@link Probes}), and {@code /ping/TOKEN[/start|/fail|/EXIT_CODE]} for heartbeat
 * checks, as Healthchecks answers them (GET, POST or HEAD; the body, up to 10 kB, kept as the run's log). An unknown token is
 * a 404 and a count, never an exception; a token past its {@code pings_per_minute} is a 429 and a count, not stored.
 * Requests read the store through a pool of their own, and a client gets {@link HeaderDeadline#DEFAULT} to send its
 * request headers.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Server server;
    private final Clock clock;
    private final PingLimiter pingLimiter;
    private Javalin app;
    private Api api;
    private HeaderDeadline headerDeadline;
    private FailedLogins failedLogins;
    private ScheduledExecutorService loginAudit;

    public WebServer(Server server, Clock clock) {
        this.server = server;
        this.clock = clock;
        this.pingLimiter = new PingLimiter(clock);
    }

    /** Listens on {@code host:port} (port 0: any free one); returns the port. */
    public int start(String host, int port) {
        failedLogins = new FailedLogins(clock, audit(server, clock));
        LoginGate gate = new LoginGate(() -> server.config().auth(), failedLogins);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 1_000_000L;
            // a request's store connections come from the web server's own pool, never from the one ticks and heartbeats use
            config.routes.before(ctx -> Store.serveWeb());
            config.routes.after(ctx -> Store.serveWork());
            dev.caretaker.access.Users users = users(server, clock);
            Probes probes = new Probes(server, users);
            config.routes.get("/healthz", probes::healthz);
            config.routes.get("/readyz", probes::readyz);
            config.routes.get("/metrics", probes::metrics);
            for (HandlerType method : new HandlerType[] {HandlerType.GET, HandlerType.POST, HandlerType.HEAD}) {
                config.routes.addHttpHandler(method, "/ping/{token}", ctx -> ping(ctx, null));
                config.routes.addHttpHandler(method, "/ping/{token}/{what}", ctx -> ping(ctx, ctx.pathParam("what")));
            }
            api = new Api(server, users, clock);
            api.register(config);
            new Dashboard(server, users, gate, clock).register(config);
            new StatusPage(server, clock).register(config);
            new StatusSubscriptions(server, clock).register(config);
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (storeBusy(e)) {
                    // every connection of the web pool is taken: a busy server, not a failure of this request
                    LOG.warn("{} {}: no store connection for web requests was free in time", ctx.method(), ctx.path());
                    ctx.header("Retry-After", "5");
                    if (ctx.path().startsWith(Api.PREFIX)) {
                        Api.problem(ctx, 503, "Service Unavailable", "the server is busy; try again in a few seconds");
                    } else {
                        ctx.status(503).contentType("text/plain").result("busy; try again in a few seconds\n");
                    }
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                if (ctx.path().startsWith(Api.PREFIX)) {
                    Api.problem(ctx, 500, "Internal Server Error", "the server failed; its log has the details");
                } else {
                    ctx.status(500).contentType("text/plain").result("internal error\n");
                }
            });
        }).start(host, port);
        headerDeadline = new HeaderDeadline(app.jettyServer().server(), HeaderDeadline.DEFAULT).start();
        loginAudit = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caretaker-login-audit");
            t.setDaemon(true);
            return t;
        });
        loginAudit.scheduleWithFixedDelay(() -> {
            try {
                failedLogins.flushIfDue();
            } catch (RuntimeException e) {
                LOG.error("writing failed logins to the audit log failed; it goes on", e);
                server.metrics().loopFailed("login-audit");
            }
        }, 5, 5, TimeUnit.SECONDS);
        return app.port();
    }

    /** Whether {@code e} comes from waiting in vain for a store connection (the pool's timeout). */
    static boolean storeBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** Healthchecks' protocol: no suffix or {@code 0} is a success, {@code start}, {@code fail}, or an exit code 1–255 (a failure). */
    private void ping(Context ctx, String what) {
        String token = ctx.pathParam("token");
        String kind;
        Integer exit = null;
        if (what == null) {
            kind = "success";
        } else if (what.equals("start")) {
            kind = "start";
        } else if (what.equals("fail")) {
            kind = "fail";
        } else if (what.matches("\\d{1,3}") && Integer.parseInt(what) <= 255) {
            exit = Integer.parseInt(what);
            kind = exit == 0 ? "success" : "fail";
        } else {
            ctx.status(400).contentType("text/plain").result("not a ping: use /ping/TOKEN, /ping/TOKEN/start, /ping/TOKEN/fail or /ping/TOKEN/EXIT_CODE\n");
            return;
        }
        Optional<PingLog.Heartbeat> hb = server.pings().byToken(token);
        var config = server.config(); // one config for this ping, though it may reload meanwhile
        // a token of another system sharing the store, or of a check no longer a heartbeat, is not ours to judge
        if (hb.isEmpty() || !hb.get().system().equals(config.system())
                || !(config.checks().get(hb.get().check()) instanceof HeartbeatCheckConfig check)) {
            server.metrics().ping("unknown_token");
            ctx.status(404).contentType("text/plain").result("not found\n");
            return;
        }
        int perMinute = check.pingsPerMinute();
        if (!pingLimiter.take(hb.get().system() + "\n" + hb.get().check(), perMinute)) {
            server.metrics().ping("rate_limited"); // counted, not stored
            ctx.status(429).header("Retry-After", String.valueOf(PingLimiter.retryAfterSeconds(perMinute))).contentType("text/plain")
                    .result("too many pings: this check takes " + perMinute + " a minute (pings_per_minute)\n");
            return;
        }
        byte[] raw = ctx.method() == HandlerType.HEAD ? new byte[0] : ctx.bodyAsBytes();
        String body = PingLog.body(raw);
        server.pings().record(hb.get(), kind, exit, clock.instant(), body.isEmpty() ? null : body, ctx.ip());
        server.metrics().ping(kind);
        if (!kind.equals("start")) {
            server.pinged(hb.get());
        }
        ctx.contentType("text/plain").result("OK\n");
    }

    /** The store's users, with their changes and logins written to the audit log of the system this node serves. */
    public static dev.caretaker.access.Users users(Server server, Clock clock) {
        return server.engine().users(clock, audit(server, clock));
    }

    /** The users single sign-on makes and finds, their changes and sign-ins audited like {@link #users}'. */
    static dev.caretaker.access.OidcAccounts oidcAccounts(Server server, Clock clock) {
        return server.engine().oidcAccounts(clock, audit(server, clock));
    }

    private static dev.caretaker.access.Users.Audit audit(Server server, Clock clock) {
        // the engine of the moment: a reloaded config's secrets are scrubbed from what is written
        return (actor, event, subject, detail) ->
                server.engine().actions().auditLog().append(clock.instant(), actor, event, "user", subject, detail);
    }

    /** The API's routes (for tests that hold them against the OpenAPI file). */
    public Api api() {
        return api;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (headerDeadline != null) {
            headerDeadline.close();
        }
        if (app != null) {
            app.stop();
        }
        if (loginAudit != null) {
            loginAudit.shutdownNow();
            try {
                failedLogins.flush();
            } catch (RuntimeException e) {
                LOG.warn("could not write the last failed logins to the audit log: {}", e.getMessage());
            }
        }
    }
}
