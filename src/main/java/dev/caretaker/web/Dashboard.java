package dev.caretaker.web;

import dev.caretaker.action.Approvals;
import dev.caretaker.action.AuditLog;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.engine.CheckDesk;
import dev.caretaker.engine.Engine;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentFilter;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.schedule.Server;
import dev.caretaker.schedule.Ticks;
import dev.caretaker.access.Role;
import dev.caretaker.access.Sessions;
import dev.caretaker.access.Users;
import dev.caretaker.web.ui.ApprovalRow;
import dev.caretaker.web.ui.ApprovalsModel;
import dev.caretaker.web.ui.Charts;
import dev.caretaker.web.ui.OncallRow;
import dev.caretaker.web.ui.CheckRow;
import dev.caretaker.web.ui.Chrome;
import dev.caretaker.web.ui.EventRow;
import dev.caretaker.web.ui.FindingView;
import dev.caretaker.web.ui.IncidentModel;
import dev.caretaker.web.ui.IncidentRow;
import dev.caretaker.web.ui.IncidentsModel;
import dev.caretaker.web.ui.LoginModel;
import dev.caretaker.web.ui.OverviewModel;
import dev.caretaker.web.ui.TableModel;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard: server-rendered pages (JTE templates compiled at build time) for the overview, incidents, approvals, runs,
 * the audit log, the outbox and the nodes, behind a login. Sessions live in the store; every form carries the session's
 * token; every write checks the role on the server and is made under the user's name. Pages send a strict Content Security
 * Policy (only this server's own stylesheet and script), refuse framing, and poll a small pulse endpoint to stay live.
 */
public final class Dashboard {
    /** The session cookie's name over plain http; over https it is {@code __Host-caretaker_session} ({@link WebCookies}). */
    static final String SESSION_COOKIE = "caretaker_session";
    static final String REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", java.util.Locale.ROOT);

    private final Server server;
    private final Users users;
    private final LoginGate gate;
    private final Sessions sessions;
    private final Clock clock;
    private final WebCookies cookies;
    private final LoginForm loginForm;
    private final dev.caretaker.access.TwoFactor twoFactor;
    private final SecondStep secondStep;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    public Dashboard(Server server, Users users, LoginGate gate, Clock clock) {
        this.server = server;
        this.users = users;
        this.gate = gate;
        this.sessions = server.engine().sessions(clock);
        this.clock = clock;
        this.cookies = new WebCookies(() -> server.config().auth());
        this.loginForm = new LoginForm(cookies, () -> server.engine().key(), () -> server.config().auth(), clock);
        this.twoFactor = server.engine().twoFactor(clock, (actor, event, subject, detail) ->
                server.engine().actions().auditLog().append(clock.instant(), actor, event, "user", subject, detail));
        this.secondStep = new SecondStep(cookies, () -> server.engine().key(), loginForm, gate, twoFactor, sessions, clock, this::system,
                this::render, this::until);
    }

    /** Who is looking, with the form token of their session. */
    record Viewer(String user, Role role, String csrf) {
    }

    /** Thrown to answer with a status and a short text page (403 for a missing form token, 404 for a missing record). */
    static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @FunctionalInterface
    interface Page {
        void handle(Context ctx, Viewer who) throws Exception;
    }

    public void register(JavalinConfig config) {
        config.routes.before(ctx -> {
            if (!ctx.path().startsWith(Api.PREFIX) && !ctx.path().startsWith("/ping/")) {
                ctx.header("Content-Security-Policy", CSP);
                ctx.header("X-Frame-Options", "DENY");
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "same-origin");
            }
        });
        config.routes.get("/assets/app.css", ctx -> asset(ctx, "app.css", "text/css; charset=utf-8"));
        config.routes.get("/assets/app.js", ctx -> asset(ctx, "app.js", "text/javascript; charset=utf-8"));
        config.routes.get("/login", this::loginPage);
        config.routes.post("/login", this::login);
        config.routes.get("/login/code", SecondStep::reload);
        config.routes.post("/login/code", secondStep::submit);
        TwoFactorPages account = new TwoFactorPages(twoFactor, gate, this::render, () -> config().auth().require2fa(), this::time, this::until, clock);
        page(config, "/account/2fa", Role.VIEWER, (ctx, who) -> account.show(ctx, chrome(ctx, who, "Two factors", "account"), who.user()));
        post(config, "/account/2fa/start", Role.VIEWER, (ctx, who) -> account.start(ctx, who.user()));
        post(config, "/account/2fa/confirm", Role.VIEWER, (ctx, who) -> account.confirm(ctx, chrome(ctx, who, "Two factors", "account"), who.user()));
        post(config, "/account/2fa/disable", Role.VIEWER, (ctx, who) -> account.disable(ctx, chrome(ctx, who, "Two factors", "account"), who.user()));
        new OidcLogin(server, gate, sessions, cookies, WebServer.oidcAccounts(server, clock),
                (ctx, status, why) -> refuseLogin(ctx, status, null, why), clock).register(config);
        config.routes.post("/logout", ctx -> {
            Optional<Viewer> who = viewer(ctx);
            if (who.isPresent()) {
                checkCsrf(ctx, who.get());
                sessions.close(cookies.read(ctx, SESSION_COOKIE));
            }
            cookies.remove(ctx, SESSION_COOKIE);
            ctx.redirect("/login");
        });
        page(config, "/", Role.VIEWER, this::overview);
        page(config, "/checks/{name}", Role.VIEWER, this::check);
        page(config, "/incidents", Role.VIEWER, this::incidents);
        page(config, "/incidents/{id}", Role.VIEWER, this::incident);
        post(config, "/incidents/{id}/ack", Role.OPERATOR, (ctx, who) -> {
            long id = ownIncident(ctx);
            var d = server.engine().incidents().acknowledge(id, who.user());
            (d.changed() ? Notices.ACKNOWLEDGED : Notices.ALREADY_ACKNOWLEDGED).redirect(ctx, "/incidents/" + id, null);
        });
        post(config, "/incidents/{id}/resolve", Role.OPERATOR, (ctx, who) -> {
            long id = ownIncident(ctx);
            String note = ctx.formParam("note");
            server.engine().incidents().resolve(id, who.user(), note == null || note.isBlank() ? null : note);
            Notices.RESOLVED.redirect(ctx, "/incidents/" + id, null);
        });
        post(config, "/oncall/{name}/override", Role.OPERATOR, (ctx, who) -> OverrideForm.submit(ctx, server.engine(), who.user()));
        post(config, "/oncall/{name}/overrides/{id}/remove", Role.OPERATOR, (ctx, who) -> OverrideForm.remove(ctx, server.engine(), who.user()));
        post(config, "/incidents/{id}/ignore", Role.OPERATOR, (ctx, who) -> IgnoreForm.submit(ctx, server.engine(), ownIncident(ctx), who.user()));
        page(config, "/status-posts", Role.VIEWER, (ctx, who) -> render(ctx, "status-posts.jte", StatusPostForm.model(engine(),
                chrome(ctx, who, "Status posts", "status-posts"), who.role().atLeast(Role.OPERATOR), clock.instant())));
        post(config, "/status-posts", Role.OPERATOR, (ctx, who) -> StatusPostForm.post(ctx, engine(), who.user()));
        post(config, "/status-posts/{id}/updates", Role.OPERATOR, (ctx, who) -> StatusPostForm.update(ctx, engine(), who.user()));
        page(config, "/approvals", Role.VIEWER, this::approvals);
        post(config, "/approvals/{id}/approve", Role.APPROVER, this::approve);
        post(config, "/approvals/{id}/reject", Role.APPROVER, (ctx, who) -> {
            long id = number(ctx.pathParam("id"));
            Approvals.Approval a = ownApproval(id);
            if (needsTwoFactors(who).isPresent()) {
                Notices.NEEDS_2FA.redirect(ctx, "/approvals", null);
                return;
            }
            String reason = ctx.formParam("reason");
            if (reason == null || reason.isBlank()) {
                Notices.REASON_NEEDED.redirect(ctx, "/approvals", null);
                return;
            }
            try {
                server.engine().actions().reject(a.id(), who.user(), reason);
            } catch (dev.caretaker.action.Remediation.AlreadyDecided e) {
                Notices.ALREADY_DECIDED.redirect(ctx, "/approvals", id);
                return;
            }
            Notices.REJECTED.redirect(ctx, "/approvals", id);
        });
        page(config, "/runs", Role.VIEWER, this::runs);
        page(config, "/runs/{id}", Role.VIEWER, this::run);
        page(config, "/checklists", Role.VIEWER, this::checklists);
        post(config, "/checklists/{name}/items/{item}/tick", Role.OPERATOR, (ctx, who) -> {
            String name = ctx.pathParam("name");
            if (!server.engine().config().checklists().containsKey(name)) {
                throw new Refusal(404, "No checklist '" + name + "' in " + system() + ".");
            }
            var t = server.engine().checklists().tick(name, String.valueOf(number(ctx.pathParam("item"))), who.user(), ctx.formParam("note"));
            if (t.changed()) {
                Notices.ticked(ctx, "/checklists", name, t.item().position());
            } else {
                Notices.ALREADY_TICKED.redirect(ctx, "/checklists", null);
            }
        });
        page(config, "/reports", Role.VIEWER, this::reports);
        page(config, "/reports/{id}", Role.VIEWER, (ctx, who) -> {
            long id = number(ctx.pathParam("id"));
            var stored = server.engine().reports().load(id).orElseThrow(() -> new Refusal(404, "No stored report #" + id + " of " + system() + "."));
            // a stored report is one self-contained page: its own styles and data: images, and no script at all
            ctx.header("Content-Security-Policy", REPORT_CSP);
            ctx.contentType("text/html; charset=utf-8").result(dev.caretaker.review.Renderer.html(stored.review()));
        });
        page(config, "/audit", Role.VIEWER, (ctx, who) -> audit(ctx, who, null));
        post(config, "/audit/verify", Role.VIEWER, (ctx, who) -> {
            AuditLog.Verification v = auditLog().verify(null);
            audit(ctx, who, v.intact() ? "The chain is intact: " + v.rows() + (v.rows() == 1 ? " row" : " rows") + ", head " + v.head().label() + "."
                    : "BROKEN at row #" + v.brokenAt() + ": " + v.problem());
        });
        page(config, "/outbox", Role.VIEWER, this::outbox);
        page(config, "/nodes", Role.VIEWER, this::nodes);
        config.routes.get("/ui/pulse", ctx -> {
            if (viewer(ctx).isEmpty()) {
                ctx.status(401).json(Map.of("error", "log in"));
                return;
            }
            ctx.json(Map.of("version", pulse()));
        });
        config.routes.exception(Refusal.class, (e, ctx) -> ctx.status(e.status).contentType("text/plain; charset=utf-8").result(e.getMessage() + "\n"));
    }

    private void asset(Context ctx, String name, String type) throws IOException {
        try (InputStream in = Dashboard.class.getResourceAsStream("/web/assets/" + name)) {
            ctx.header("Cache-Control", "max-age=300").contentType(type).result(in.readAllBytes());
        }
    }

    private void page(JavalinConfig config, String path, Role role, Page page) {
        config.routes.get(path, ctx -> {
            Optional<Viewer> who = viewer(ctx);
            if (who.isEmpty()) {
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8));
                return;
            }
            if (!who.get().role().atLeast(role)) {
                throw new Refusal(403, "This page needs the " + role.label() + " role.");
            }
            ctx.header("Cache-Control", "no-store");
            page.handle(ctx, who.get());
        });
    }

    private void post(JavalinConfig config, String path, Role role, Page page) {
        config.routes.post(path, ctx -> {
            Optional<Viewer> who = viewer(ctx);
            if (who.isEmpty()) {
                throw new Refusal(401, "Log in first: the session is missing or over.");
            }
            checkCsrf(ctx, who.get());
            if (!who.get().role().atLeast(role)) {
                throw new Refusal(403, "This needs the " + role.label() + " role; " + who.get().user() + " is " + who.get().role().label() + ".");
            }
            page.handle(ctx, who.get());
        });
    }

    private static void checkCsrf(Context ctx, Viewer who) {
        String sent = ctx.formParam("csrf");
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), who.csrf().getBytes(StandardCharsets.UTF_8))) {
            throw new Refusal(403, "This form is missing its token or comes from another page; reload the page and try again.");
        }
    }

    /**
     * Who is looking: the session's user, or, from a trusted proxy that names a user in {@code auth.proxy_header}, that user
     * (a session is opened for them, so their forms carry a token like anyone's). The header from anywhere else is ignored.
     */
    private Optional<Viewer> viewer(Context ctx) {
        Optional<Sessions.Session> session = sessions.find(cookies.read(ctx, SESSION_COOKIE));
        dev.caretaker.config.AuthConfig auth = server.config().auth();
        String proxied = auth.trusts(ctx.ip()) ? ctx.header(auth.proxyHeader().orElseThrow()) : null;
        if (proxied == null || proxied.isBlank()) {
            return session.map(s -> new Viewer(s.user(), s.role(), s.csrf()));
        }
        if (session.isPresent() && session.get().user().equals(proxied)) {
            return session.map(s -> new Viewer(s.user(), s.role(), s.csrf()));
        }
        Optional<Users.Identity> who = users.byProxy(proxied, ctx.ip());
        if (who.isEmpty()) {
            throw new Refusal(403, "The proxy names user '" + proxied + "', who is not a Caretaker user; 'caretaker users add' adds them.");
        }
        Sessions.Opened opened = sessions.open(proxied, ctx.ip());
        cookies.set(ctx, SESSION_COOKIE, opened.cookie(), (int) Sessions.LIFETIME.toSeconds());
        return Optional.of(new Viewer(proxied, who.get().role(), opened.csrf()));
    }

    private void loginPage(Context ctx) {
        render(ctx, "login.jte", loginModel(loginForm.issue(ctx), null, NextPath.safe(ctx.queryParam("next"))));
    }

    /** The login page's model: the password form unless {@code auth.local_login} is false, the single sign-on button when set. */
    private LoginModel loginModel(String token, String error, String next) {
        var auth = config().auth();
        return new LoginModel(system(), token, error, next, auth.oidc().map(o -> o.label()).orElse(null),
                auth.oidc().isEmpty() ? null : "/login/oidc" + (next.equals("/") ? "" : "?next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8)),
                auth.localLogin());
    }

    private void login(Context ctx) {
        String address = gate.address(ctx);
        Optional<Duration> wait = gate.admit(address);
        if (wait.isPresent()) {
            refuseLogin(ctx, 429, wait.get(), "Too many logins at once; try again in " + LoginGate.seconds(wait.get()) + " s.");
            return;
        }
        if (!config().auth().localLogin()) {
            refuseLogin(ctx, 403, null, "Logging in with a password is turned off here (auth.local_login: false); use single sign-on.");
            return;
        }
        String refusal = loginForm.refusal(ctx);
        if (refusal != null) {
            throw new Refusal(403, refusal);
        }
        String user = Users.cutName(ctx.formParam("user"));
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Users.Login result = users.login(user, password.toCharArray(), address);
        if (result.identity().isEmpty()) {
            gate.failed(address, result);
            if (result.busy()) {
                refuseLogin(ctx, 429, Duration.ofSeconds(1), "The server is checking too many logins at once; try again in a moment.");
            } else if (result.locked()) {
                refuseLogin(ctx, 429, Duration.between(clock.instant(), result.lockedUntil()), "Too many failed logins for this user; try again after "
                        + time(result.lockedUntil()) + ".");
            } else {
                refuseLogin(ctx, 401, null, "Wrong user or password.");
            }
            return;
        }
        if (secondStep.begin(ctx, result.identity().get().user())) {
            return;
        }
        Sessions.Opened s = sessions.open(result.identity().get().user(), address);
        cookies.remove(ctx, LoginForm.COOKIE);
        cookies.set(ctx, SESSION_COOKIE, s.cookie(), (int) Sessions.LIFETIME.toSeconds());
        ctx.redirect(NextPath.safe(ctx.formParam("next")));
    }

    /** The login form again, bound to a fresh pre-session, with {@code status}, a {@code Retry-After} when {@code retry} is given, and why. */
    private void refuseLogin(Context ctx, int status, Duration retry, String why) {
        String token = loginForm.issue(ctx);
        ctx.status(status);
        if (retry != null) {
            ctx.header("Retry-After", String.valueOf(LoginGate.seconds(retry)));
        }
        render(ctx, "login.jte", loginModel(token, why, NextPath.safe(ctx.formParam("next"))));
    }

    private void render(Context ctx, String template, Object model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    private Chrome chrome(Context ctx, Viewer who, String title, String section) {
        String notice = Notices.text(ctx, config());
        if (notice == null && !section.equals("account") && needsTwoFactors(who).isPresent()) {
            notice = "Your role needs two factors to approve or reject here: set them up under Two factors (top right).";
        }
        // the Two factors page does not reload itself: the recovery codes it shows once must not vanish under the reader
        return new Chrome(title, system(), who.user(), who.role().label(), who.csrf(), section, notice, section.equals("account") ? "" : "/ui/pulse");
    }

    /** Why {@code auth.require_2fa} keeps {@code who} from approving and rejecting, or empty. */
    private Optional<String> needsTwoFactors(Viewer who) {
        List<String> required = config().auth().require2fa();
        return required.isEmpty() ? Optional.empty() : twoFactor.approvalRefusal(who.user(), who.role(), required);
    }

    private CaretakerConfig config() {
        return server.config();
    }

    private String system() {
        return config().system();
    }

    private ZoneId zone() {
        return config().timezone();
    }

    private String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone()));
    }

    /** The end of a lock as people read it: rounded up to the minute (never a minute still refused), with the zone. */
    private String until(Instant t) {
        Instant up = t.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return UNTIL.format((up.equals(t) ? up : up.plusSeconds(60)).atZone(zone()));
    }

    private AuditLog auditLog() {
        return server.engine().actions().auditLog();
    }

    private Engine engine() {
        return server.engine();
    }

    /** Approval requests the Approvals page shows, pending ones first. */
    static final int APPROVALS_SHOWN = 100;

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Refusal(404, "No such page: '" + s + "' is not a number.");
        }
    }

    /** What changes when anything worth a reload changes: the newest run, incident change and approval. */
    private String pulse() {
        return engine().checks().pulse();
    }

    private void overview(Context ctx, Viewer who) {
        Instant now = clock.instant();
        CheckDesk.Overview o = engine().checks().overview();
        Map<String, Instant> next = nextRuns(now);
        List<CheckRow> checks = o.checks().stream().map(s -> new CheckRow(s.check(), s.type(), s.label(), s.pending() ? "never" : time(s.finishedAt()),
                next.containsKey(s.check()) ? time(next.get(s.check())) : "by hand")).toList();
        List<Double> values = engine().checks().health(now.minus(Duration.ofDays(1)));
        Integer health = values.isEmpty() ? null : (int) Math.round(values.get(values.size() - 1));
        Map<String, Integer> byPriority = new LinkedHashMap<>();
        o.openIncidents().forEach((p, n) -> byPriority.put(p.name(), n));
        String svg = Charts.sparkline(values, 0, 100, "Health score over the last day: " + (health == null ? "no runs yet" : "now " + health));
        List<FindingView> wrong = new FindingViews(engine()).wrong(engine());
        render(ctx, "overview.jte", new OverviewModel(chrome(ctx, who, "Overview", "overview"), o.status(), health, svg,
                byPriority, o.pendingApprovals(), wrong.subList(0, Math.min(WRONG_SHOWN, wrong.size())), Math.max(0, wrong.size() - WRONG_SHOWN), checks,
                OncallRow.of(engine().oncall(), this::time, who.role().atLeast(Role.OPERATOR) ? publicBase(ctx) : null),
                List.copyOf(engine().config().oncall().people().keySet()), who.role().atLeast(Role.OPERATOR)));
    }

    /** The address people open Caretaker at: {@code auth.public_url}, else the origin this request came to. */
    private String publicBase(Context ctx) {
        return config().auth().publicUrl().map(java.net.URI::toString)
                .orElseGet(() -> (cookies.secure(ctx) ? "https://" : "http://") + ctx.host());
    }

    /** The findings the overview lists under "What is wrong now"; the rest are counted. */
    static final int WRONG_SHOWN = 10;

    private void check(Context ctx, Viewer who) {
        String name = ctx.pathParam("name");
        CheckConfig c = config().checks().get(name);
        if (c == null) {
            throw new Refusal(404, "No check '" + name + "' in " + system() + ".");
        }
        render(ctx, "check.jte", new CheckPage(engine(), zone(), this::time).model(chrome(ctx, who, name, "overview"), c, ctx.queryParam("range"),
                clock.instant()));
    }

    /** When each check runs next: the soonest of the suites that name it and its own {@code every}. */
    private Map<String, Instant> nextRuns(Instant now) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (Ticks.Planned p : Ticks.plan(config()).values()) {
            List<String> checks = switch (p.tick().kind()) {
                case SUITE -> config().suites().containsKey(p.tick().name())
                        ? config().suites().get(p.tick().name()).checks() : List.of();
                case EVERY -> Ticks.checksEvery(config(), p.tick().name());
                default -> List.of();
            };
            Instant at = p.schedule().next(now);
            for (String c : checks) {
                out.merge(c, at, (x, y) -> x.isBefore(y) ? x : y);
            }
        }
        return out;
    }

    private IncidentRow row(Incident i) {
        return new IncidentRow(i.id(), i.priority().name(), i.state().label(), i.title(), i.check(), time(i.openedAt()), i.muted());
    }

    private void incidents(Context ctx, Viewer who) {
        IncidentFilter filter = IncidentFilter.lenient(ctx.queryParam("state"), ctx.queryParam("priority"));
        Paged<Incident> page = Paged.read((before, n) -> engine().incidents().page(filter, before, n), before(ctx), PAGE, Incident::id);
        String next = page.nextBefore() == null ? null : "/incidents?before=" + page.nextBefore()
                + (filter.state() == null ? "" : "&state=" + filter.state().label()) + (filter.priority() == null ? "" : "&priority=" + filter.priority().name());
        render(ctx, "incidents.jte", new IncidentsModel(chrome(ctx, who, "Incidents", "incidents"), page.items().stream().map(this::row).toList(), next));
    }

    /** Rows per page of the dashboard's lists. */
    static final int PAGE = 50;

    private Long before(Context ctx) {
        return ctx.queryParam("before") == null ? null : number(ctx.queryParam("before"));
    }

    private long ownIncident(Context ctx) {
        long id = number(ctx.pathParam("id"));
        try {
            return engine().incidents().own(id).id();
        } catch (java.util.NoSuchElementException e) {
            throw new Refusal(404, "No incident #" + id + " of " + system() + ".");
        }
    }

    private void incident(Context ctx, Viewer who) {
        long id = ownIncident(ctx);
        var d = server.engine().incidents().show(id);
        List<EventRow> timeline = d.timeline().stream().map(e -> new EventRow(time(e.at()), e.kind(), e.actor(), e.detail())).toList();
        render(ctx, "incident.jte", new IncidentModel(chrome(ctx, who, "Incident #" + id, "incidents"), row(d.incident()),
                d.incident().severity().label(), timeline, who.role().atLeast(Role.OPERATOR), d.runbook(),
                dev.caretaker.config.Runbooks.isLink(d.runbook()), d.nextText()));
    }

    private Approvals.Approval ownApproval(long id) {
        try {
            return engine().actions().approval(id);
        } catch (java.util.NoSuchElementException e) {
            throw new Refusal(404, "No approval request #" + id + " of " + system() + ".");
        }
    }

    private void approvals(Context ctx, Viewer who) {
        List<Approvals.Approval> all = new ArrayList<>(engine().actions().approvals(false, APPROVALS_SHOWN));
        all.sort((a, b) -> Boolean.compare(b.state() == Approvals.State.PENDING, a.state() == Approvals.State.PENDING));
        List<ApprovalRow> rows = all.stream().map(a -> new ApprovalRow(a.id(), a.state().label(), a.action(), a.subject(), a.requestedBy(),
                time(a.requestedAt()), time(a.expiresAt()), a.plan(), Users.sha256(a.plan()), a.decidedBy(), a.reason(), a.result(),
                who.role().atLeast(Role.APPROVER), dev.caretaker.action.Identity.same(a.requestedBy(), who.user()))).toList();
        render(ctx, "approvals.jte", new ApprovalsModel(chrome(ctx, who, "Approvals", "approvals"), rows,
                who.role().atLeast(Role.APPROVER) && needsTwoFactors(who).isPresent()));
    }

    private void approve(Context ctx, Viewer who) {
        long id = number(ctx.pathParam("id"));
        ownApproval(id);
        if (needsTwoFactors(who).isPresent()) {
            Notices.NEEDS_2FA.redirect(ctx, "/approvals", null);
            return;
        }
        try {
            server.engine().actions().approve(id, who.user());
            Notices.APPROVED.redirect(ctx, "/approvals", id);
        } catch (dev.caretaker.action.Remediation.SelfApproval e) {
            throw new Refusal(403, e.getMessage());
        } catch (dev.caretaker.action.Remediation.AlreadyDecided e) {
            Notices.ALREADY_DECIDED.redirect(ctx, "/approvals", id);
        } catch (IllegalArgumentException | IllegalStateException e) {
            Notices.NOT_RUN.redirect(ctx, "/approvals", id);
        }
    }

    private void runs(Context ctx, Viewer who) {
        Paged<Map<String, Object>> page = Paged.read(engine().runs()::page, before(ctx), PAGE, m -> ((Number) m.get("id")).longValue());
        List<List<TableModel.Cell>> rows = page.items().stream().map(r -> List.of(TableModel.Cell.link("#" + r.get("id"), "/runs/" + r.get("id")),
                TableModel.Cell.of(r.get("suite")), TableModel.Cell.of(r.get("status")), TableModel.Cell.of(r.get("health_score")),
                TableModel.Cell.of(time(Instant.parse((String) r.get("finished_at")))))).toList();
        render(ctx, "table.jte", new TableModel(chrome(ctx, who, "Runs", "runs"), "Runs", "Each stored run, newest first; a run's number opens its report.",
                List.of("Run", "Suite", "Status", "Health", "Finished"), rows, null, null,
                page.nextBefore() == null ? null : "/runs?before=" + page.nextBefore()));
    }

    /** A stored run as the HTML report has it: one self-contained page, like a stored report. */
    private void run(Context ctx, Viewer who) {
        long id = number(ctx.pathParam("id"));
        var run = engine().runs().load(id).orElseThrow(() -> new Refusal(404, "No run #" + id + " of " + system() + "."));
        ctx.header("Content-Security-Policy", REPORT_CSP);
        ctx.contentType("text/html; charset=utf-8").result(dev.caretaker.report.ReportFormat.HTML.render(
                new dev.caretaker.report.RunOutcome(run, zone(), List.of(), List.of(), List.of(), List.of(), null, null,
                        dev.caretaker.report.RunOutcome.Notifications.NONE), false));
    }

    private void audit(Context ctx, Viewer who, String notice) {
        Paged<AuditLog.Entry> page = Paged.read(auditLog()::page, before(ctx), PAGE, AuditLog.Entry::id);
        List<List<TableModel.Cell>> rows = page.items().stream().map(e -> List.of(TableModel.Cell.of(e.id()), TableModel.Cell.of(time(e.at())),
                TableModel.Cell.of(e.actor()), TableModel.Cell.of(e.event()), TableModel.Cell.of(e.action()), TableModel.Cell.of(e.subject()),
                TableModel.Cell.of(e.detail()))).toList();
        Chrome chrome = chrome(ctx, who, "Audit", "audit");
        if (notice != null) {
            chrome = new Chrome(chrome.title(), chrome.system(), chrome.user(), chrome.role(), chrome.csrf(), chrome.section(), notice, chrome.pulse());
        }
        render(ctx, "table.jte", new TableModel(chrome, "Audit log", "Every request, approval, run and user change, signed and chained.",
                List.of("#", "At", "Actor", "Event", "Action", "Subject", "Detail"), rows, "/audit/verify", "Verify the chain",
                page.nextBefore() == null ? null : "/audit?before=" + page.nextBefore()));
    }

    private void checklists(Context ctx, Viewer who) {
        var desk = server.engine().checklists();
        var today = desk.today();
        Instant now = clock.instant();
        List<dev.caretaker.web.ui.ChecklistsModel.Current> current = new ArrayList<>();
        for (var i : today.current()) {
            var c = server.engine().config().checklists().get(i.checklist());
            current.add(new dev.caretaker.web.ui.ChecklistsModel.Current(c.name(), c.description(), time(i.occurrence()), time(i.dueAt()), i.state(now),
                    i.items().stream().map(x -> {
                        var state = x.check() == null ? null : today.waiting().get(x.check());
                        String waiting = x.check() == null || x.done() ? null : state == null ? "check " + x.check() + " has not run since it opened"
                                : "check " + x.check() + " is " + state.status() + (state.codes() == null ? "" : " (" + state.codes() + ")");
                        String by = !x.done() ? null : x.auto() ? "by Caretaker (" + x.note() + ")" : x.tickedBy() + " at " + time(x.tickedAt());
                        return new dev.caretaker.web.ui.ChecklistsModel.Item(x.position(), x.title(), x.done(), by, x.auto() ? null : x.note(), waiting,
                                x.runbook(), dev.caretaker.config.Runbooks.isLink(x.runbook()));
                    }).toList()));
        }
        List<dev.caretaker.web.ui.ChecklistsModel.Past> history = desk.book().instances(null, 30).stream().map(i -> new dev.caretaker.web.ui.ChecklistsModel.Past(
                i.checklist(), time(i.occurrence()), i.complete() && i.completedAt().isAfter(i.dueAt()) ? "completed late" : i.state(now),
                i.done() + "/" + i.items().size(), i.completedAt() == null ? "" : time(i.completedAt()))).toList();
        render(ctx, "checklists.jte", new dev.caretaker.web.ui.ChecklistsModel(chrome(ctx, who, "Checklists", "checklists"), current, history,
                who.role().atLeast(Role.OPERATOR)));
    }

    private void reports(Context ctx, Viewer who) {
        List<List<TableModel.Cell>> rows = server.engine().reports().list(200).stream().map(r -> List.of(TableModel.Cell.link("#" + r.id(), "/reports/" + r.id()),
                TableModel.Cell.of(r.name()), TableModel.Cell.of(r.type()), TableModel.Cell.of(time(r.from()) + " – " + time(r.to())),
                TableModel.Cell.of(time(r.madeAt())), TableModel.Cell.of(r.verdict()))).toList();
        render(ctx, "table.jte", new TableModel(chrome(ctx, who, "Reports", "reports"), "Reports", "The periodic reports of 'reports:', as the "
                + "scheduler or caretaker report made them, newest first; kept as long as runs.",
                List.of("Report", "Name", "Type", "Period", "Made", "Verdict"), rows, null, null, null));
    }

    private void outbox(Context ctx, Viewer who) {
        Paged<OutboxMessage> page = Paged.read((before, n) -> engine().outbox().list(null, before, n), before(ctx), PAGE, OutboxMessage::id);
        List<List<TableModel.Cell>> rows = page.items().stream().map(m -> List.of(TableModel.Cell.of(m.id()), TableModel.Cell.of(m.state()),
                TableModel.Cell.of(m.channel()), TableModel.Cell.of(m.kind()), TableModel.Cell.of(m.attempts()), TableModel.Cell.of(time(m.createdAt())),
                TableModel.Cell.of(m.lastError()))).toList();
        render(ctx, "table.jte", new TableModel(chrome(ctx, who, "Outbox", "outbox"), "Outbox", "Messages to channels and ticket systems, newest first.",
                List.of("#", "State", "Channel", "Kind", "Attempts", "Created", "Last error"), rows, null, null,
                page.nextBefore() == null ? null : "/outbox?before=" + page.nextBefore()));
    }

    private void nodes(Context ctx, Viewer who) {
        Instant now = clock.instant();
        List<List<TableModel.Cell>> rows = engine().nodes(server.node()).recent(now, Api.NODES_WITHIN).stream().map(n -> List.of(TableModel.Cell.of(n.name()),
                TableModel.Cell.of(Views.nodeState(n, now)), TableModel.Cell.of(n.address()), TableModel.Cell.of(n.version()),
                TableModel.Cell.of(time(n.heartbeatAt().truncatedTo(ChronoUnit.SECONDS))), TableModel.Cell.of(time(n.startedAt())))).toList();
        render(ctx, "table.jte", new TableModel(chrome(ctx, who, "Nodes", "nodes"), "Nodes", "The server nodes of this store heard from within a day.",
                List.of("Node", "State", "Address", "Version", "Heartbeat", "Up since"), rows, null, null, null));
    }
}
