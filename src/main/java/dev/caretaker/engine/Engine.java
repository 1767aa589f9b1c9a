package dev.caretaker.engine;

import dev.caretaker.action.ActionKinds;
import dev.caretaker.action.AuditLog;
import dev.caretaker.action.Remediation;
import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKinds;
import dev.caretaker.check.Checks;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.config.Kinds;
import dev.caretaker.history.LongView;
import dev.caretaker.history.Rollups;
import dev.caretaker.history.RunHistory;
import dev.caretaker.incident.Exemptions;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.incident.IncidentListener;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.incident.IncidentTracker;
import dev.caretaker.notify.CatchUp;
import dev.caretaker.notify.ChannelKinds;
import dev.caretaker.notify.Delivery;
import dev.caretaker.notify.Messages;
import dev.caretaker.notify.Outbox;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.rule.Alert;
import dev.caretaker.rule.RuleEvaluator;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.SigningKey;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The composition root: built once from a config, a store and a clock, it owns the pipeline's stages and runs them in
 * order — checks, history, rules, incidents (with their messages in the same transaction), remediation, the report's
 * messages, delivery. The CLI, the server and the tests call it; nothing else wires stages together. Operations on
 * incidents, actions and the outbox hang off it as desks.
 */
public final class Engine {
    /** Every kind of check, action, channel and ticket system Caretaker knows: what a config may name. */
    public static final Kinds KINDS = Kinds.of(CheckKinds.ALL, ActionKinds.ALL, ChannelKinds.CHANNELS, ChannelKinds.TICKETS);

    private final CaretakerConfig config;
    private final Store store;
    private final Clock clock;
    private final String node;
    private final boolean typedNames;
    private final SuiteRunner.Progress progress;
    private final Remediation.Sleeper sleeper;
    private final int parallelism;
    private final Function<CheckConfig, Check> checks;
    private final EmbeddedPostgres embedded;
    private final Messages messages;
    private final Outbox outbox;
    private final java.util.function.Supplier<SigningKey> keySource;
    private volatile SigningKey key;

    private Engine(Builder b) {
        this.config = b.config;
        this.store = b.store;
        this.clock = b.clock;
        this.node = b.node;
        this.typedNames = b.typedNames;
        this.progress = b.progress;
        this.sleeper = b.sleeper;
        this.parallelism = b.parallelism;
        this.checks = b.checks;
        this.embedded = b.embedded != null ? b.embedded : store.embedded().orElse(null);
        this.outbox = new Outbox(store.jdbi(), config.system());
        this.messages = new Messages(config, outbox);
        this.keySource = b.key != null ? () -> b.key : () -> SigningKey.load(System.getenv(), config.store().home());
        dev.caretaker.check.api.EtagCache.keepIn(config.store().home().resolve("api-cache"));
    }

    /** A loader that knows every kind of check, action, channel and ticket system. */
    public static ConfigLoader configLoader(Map<String, String> environment) {
        return new ConfigLoader(environment, KINDS);
    }

    public static Builder builder(CaretakerConfig config, Store store) {
        return new Builder(config, store);
    }

    /** How an engine is made; every setting has a default. */
    public static final class Builder {
        public static final String DEFAULT_NODE = defaultNode();
        private final CaretakerConfig config;
        private final Store store;
        private Clock clock = Clock.systemUTC();
        private String node = DEFAULT_NODE;
        private SuiteRunner.Progress progress = SuiteRunner.Progress.NONE;
        private Remediation.Sleeper sleeper = Remediation.Sleeper.REAL;
        private int parallelism = SuiteRunner.DEFAULT_PARALLELISM;
        private Function<CheckConfig, Check> checks = Checks::create;
        private EmbeddedPostgres embedded;
        private SigningKey key;
        private boolean typedNames;

        private Builder(CaretakerConfig config, Store store) {
            this.config = Objects.requireNonNull(config);
            this.store = Objects.requireNonNull(store);
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        /** This process's name in claims and logs; default host name and pid. */
        public Builder node(String n) {
            node = n;
            return this;
        }

        public Builder progress(SuiteRunner.Progress p) {
            progress = p;
            return this;
        }

        /** What waits between action attempts; tests pass one that only records. */
        public Builder sleeper(Remediation.Sleeper s) {
            sleeper = s;
            return this;
        }

        public Builder parallelism(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + n);
            }
            parallelism = n;
            return this;
        }

        /** Another way to make checks from their config (tests plant a broken one). */
        public Builder checks(Function<CheckConfig, Check> factory) {
            checks = factory;
            return this;
        }

        /** The server {@code embedded:NAME} databases live on (default: the store's own embedded server). */
        public Builder embedded(EmbeddedPostgres server) {
            embedded = server;
            return this;
        }

        /**
         * The key approvals and the audit log are signed with (default: {@code CARETAKER_SECRET_KEY}, else {@code secret.key}
         * under the store's home, made on first use).
         */
        public Builder signingKey(SigningKey k) {
            key = k;
            return this;
        }

        /**
         * The names this engine is given were typed ({@code --by} on the command line), not authenticated: audit rows by a name
         * that is no user of the store are marked so.
         */
        public Builder typedNames(boolean typed) {
            typedNames = typed;
            return this;
        }

        public Engine build() {
            return new Engine(this);
        }

        private static String defaultNode() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            return host + ":" + ProcessHandle.current().pid();
        }
    }

    public CaretakerConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    /** This process's name in claims and logs. */
    public String node() {
        return node;
    }

    /**
     * The signing key, loaded on first need and checked against the fingerprint the store was first signed with, so a node
     * holding another key says so instead of calling every approval and audit row forged.
     */
    public SigningKey key() {
        SigningKey k = key;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (key == null) {
                SigningKey loaded = keySource.get();
                String known = store.jdbi().withHandle(h -> {
                    h.createUpdate("INSERT INTO signing_key (id, fingerprint, created_at) VALUES (1, :f, now()) ON CONFLICT DO NOTHING")
                            .bind("f", loaded.fingerprint()).execute();
                    return h.createQuery("SELECT fingerprint FROM signing_key WHERE id = 1").mapTo(String.class).one();
                });
                if (!known.equals(loaded.fingerprint())) {
                    throw new IllegalStateException("the signing key from " + loaded.source() + " (fingerprint " + loaded.fingerprint()
                            + ") is not the key this store's approvals and audit log are signed with (fingerprint " + known + "); give every "
                            + "node of a store the same key: set " + SigningKey.ENVIRONMENT_VARIABLE + ", or copy " + SigningKey.FILE_NAME
                            + " from the home of the first node");
                }
                key = loaded;
            }
            return key;
        }
    }

    /**
     * What a run asks for: the suite (null: every check), a dry run of the actions, a deadline (null: the suite's timeout);
     * or named {@code checks} run as one run called {@code label} (a check's own {@code every}, heartbeats); and the
     * {@code tick} a scheduler started it for (null when started by hand).
     */
    public record RunRequest(String suite, boolean dryRun, Duration timeout, List<String> checks, String label, java.time.Instant tick,
                             boolean report) {
        public RunRequest(String suite, boolean dryRun, Duration timeout) {
            this(suite, dryRun, timeout, null, null, null, true);
        }

        public static RunRequest of(String suite) {
            return new RunRequest(suite, false, null);
        }

        /** These checks as one run named {@code label}; its report goes to nobody (it is no suite of the manual). */
        public static RunRequest checks(String label, List<String> checks) {
            return new RunRequest(null, false, null, List.copyOf(checks), label, null, false);
        }

        /** The same request for the scheduler's tick at {@code at}. */
        public RunRequest at(java.time.Instant at) {
            return new RunRequest(suite, dryRun, timeout, checks, label, at, report);
        }
    }

    /** One run of a suite through every stage; the outcome is what the reports show. */
    public RunOutcome run(RunRequest request) {
        if (request.tick() != null) {
            String label = request.checks() != null ? request.label() : request.suite() == null ? SuiteRunner.ALL : request.suite();
            java.util.Optional<Long> stored = new RunHistory(store.jdbi()).storedTick(config.system(), label, request.tick());
            if (stored.isPresent()) {
                return finish(stored.get(), request.tick(), request.report());
            }
        }
        Duration timeout = request.timeout() != null ? request.timeout() : SuiteRunner.timeoutOf(config, request.suite());
        try (MonitoredDatabases databases = databases()) {
            SuiteRunner runner = new SuiteRunner(clock, parallelism, progress, checks).pings(new dev.caretaker.store.PingLog(store.jdbi()))
                    .marks(new dev.caretaker.store.SourceMarks(store.jdbi()));
            RunResult result = request.checks() != null
                    ? runner.run(config, request.label(), request.checks().stream().map(config.checks()::get).filter(Objects::nonNull).toList(),
                    databases, timeout)
                    : runner.run(config, request.suite(), databases, timeout);
            return record(result, request.dryRun(), databases, request.tick(), request.report());
        }
    }

    /** Every stage after the checks, for results made elsewhere (and by tests that plant them). */
    public RunOutcome record(RunResult result, boolean dryRun) {
        try (MonitoredDatabases databases = databases()) {
            return record(result, dryRun, databases, null, true);
        }
    }

    MonitoredDatabases databases() {
        return new MonitoredDatabases(config.databases(), embedded, config.secrets());
    }

    private RunOutcome record(RunResult result, boolean dryRun, MonitoredDatabases databases, java.time.Instant tick, boolean report) {
        RunHistory history = new RunHistory(store.jdbi());
        Rollups rollups = new Rollups(store.jdbi());
        Ignores ignores = new Ignores(config.ignores(), new Exemptions(store.jdbi()).current(config.system(), result.finishedAt()), result.finishedAt());
        RunResult judged = Upstreams.apply(ignores.apply(new LongView(rollups, history).judge(result, config)), config);
        RuleEvaluator rules = new RuleEvaluator(history);
        List<Outbox.Queued> queued = new ArrayList<>();
        IncidentListener announce = announcer(queued);
        IncidentRepository incidents = new IncidentRepository(store.jdbi());
        // the rules judge the run, and its incidents change with their messages, in the transaction that stores it: a tick's
        // run stored means its incidents and messages are too, so a re-run of the tick has only the rest to finish
        Judged stored;
        try {
            stored = history.save(judged.redacted(config.secrets()), config.checks().keySet(), tick, (h, saved) -> {
                List<Alert> a = ignores.alerts(rules.evaluate(h, saved, config.rules()));
                List<IncidentChange> c = new IncidentTracker(incidents).apply(h, config, saved, a, saved.finishedAt());
                announce.changed(h, c);
                catchUp(h, queued);
                return new Judged(saved, a, c);
            });
        } catch (RuntimeException e) {
            if (tick != null && RunHistory.isSecondRunOfTick(e)) {
                // another node stored this tick's run meanwhile: this one is not kept, and that one's rest is finished
                return finish(history.storedTick(config.system(), result.suite(), tick).orElseThrow(() -> e), tick, report);
            }
            throw e;
        }
        RunResult run = stored.run();
        List<Alert> alerts = stored.alerts();
        pruneIfDue(run.finishedAt());
        List<IncidentChange> changes = new ArrayList<>(stored.changes());
        Remediation.Result done = new Remediation(config, store, databases, key(), clock, sleeper, progress::note, dryRun, announce)
                .respond(alerts, changes);
        changes.addAll(done.incidents());
        RunOutcome draft = new RunOutcome(run, config.timezone(), alerts, changes, incidents.active(config.system()), done.actions(),
                store.jdbi().withHandle(AuditLog::head), tick, RunOutcome.Notifications.NONE);
        return draft.withNotifications(respond(draft, queued, report));
    }

    /** A stored run, its alerts and the incident changes it made. */
    private record Judged(RunResult run, List<Alert> alerts, List<IncidentChange> changes) {
    }

    /**
     * A tick whose run is stored already (its node stopped before it was done, or another node stored it first): its checks
     * do not run again, and its incidents changed with it; what is left is its report, queued once under the tick's key, and
     * delivering the outbox. Remediation is not repeated (the next run responds to what is still wrong).
     */
    private RunOutcome finish(long runId, java.time.Instant tick, boolean report) {
        RunResult run = new RunHistory(store.jdbi()).load(config.system(), runId)
                .orElseThrow(() -> new IllegalStateException("run #" + runId + " of the tick at " + tick + " is gone"));
        org.slf4j.LoggerFactory.getLogger(Engine.class).info("{} tick at {} was stored before as run #{}: finishing what it left, "
                + "not running its checks again", run.suite(), tick, runId);
        List<Alert> alerts = new ArrayList<>();
        run.results().forEach(r -> r.findings().forEach(f -> alerts.add(new Alert(f.code(), Alert.Kind.FINDING, r.name(), f.subject(),
                f.severity(), null, f.message(), f.evidence()))));
        RunOutcome draft = new RunOutcome(run, config.timezone(), alerts, List.of(), new IncidentRepository(store.jdbi()).active(config.system()),
                List.of(), store.jdbi().withHandle(AuditLog::head), tick, RunOutcome.Notifications.NONE);
        return draft.withNotifications(respond(draft, new ArrayList<>(), report));
    }

    /**
     * The SQL that creates Caretaker's roles on {@code database} (all databases when null), read through a session as
     * {@link RolesRun} says, with the passwords it made for new roles.
     */
    public RolesRun.Output rolesSql(String database, RolesRun.Options options) throws java.sql.SQLException {
        List<dev.caretaker.config.DatabaseConfig> scope = database == null ? List.copyOf(config.databases().values())
                : List.of(databaseConfig(database));
        return RolesRun.write(config, embedded, scope, options);
    }

    /** The whole script for every database, read with the config's settings (the demo applies it as the superuser). */
    public String rolesSql() throws java.sql.SQLException {
        return rolesSql(null, new RolesRun.Options(null, null, null, null, null, RolesRun.Part.BOTH)).sql();
    }

    private dev.caretaker.config.DatabaseConfig databaseConfig(String name) {
        dev.caretaker.config.DatabaseConfig db = config.databases().get(name);
        if (db == null) {
            throw new IllegalArgumentException("no database '" + name + "' in " + config.file()
                    + dev.caretaker.config.Suggestions.didYouMean(name, config.databases().keySet())
                    + (config.databases().isEmpty() ? "; the file defines no databases" : "; databases: " + String.join(", ", config.databases().keySet())));
        }
        return db;
    }

    /** What one housekeeping pass did; {@code caughtUp}: the catch-up messages it wrote for routes added since the last run. */
    public record Housekeeping(int escalated, int reminded, int approvedRuns, int pruned, int caughtUp) {
    }

    /**
     * The server's work between runs, once per cluster: incidents past their response time escalated (and announced), the
     * reminders and escalation steps now due sent,
     * approval requests past their expiry closed, approved requests whose run never started run now, and with
     * {@code prune}, runs, pings and delivered messages older than {@code store.retention} deleted.
     */
    public Housekeeping housekeep(boolean prune) {
        java.time.Instant now = clock.instant();
        IncidentRepository incidents = new IncidentRepository(store.jdbi());
        List<Outbox.Queued> queued = new ArrayList<>();
        IncidentListener announce = announcer(queued);
        int[] caughtUp = {0};
        List<IncidentChange> escalated = incidents.inTransaction(h -> {
            List<IncidentChange> c = new IncidentTracker(incidents).housekeep(h, config, now);
            announce.changed(h, c);
            int before = queued.size();
            catchUp(h, queued);
            caughtUp[0] = queued.size() - before;
            return c;
        });
        List<dev.caretaker.action.ActionOutcome> ran;
        try (MonitoredDatabases dbs = databases()) {
            Remediation r = remediation(dbs, false);
            r.expireApprovals();
            ran = r.runApproved();
        }
        if (!ran.isEmpty() && config.notifications().active()) {
            store.jdbi().useTransaction(h -> queued.addAll(messages.enqueueActions(h, ran, clock.instant())));
        }
        if (!config.checklists().isEmpty()) {
            checklists().review();
        }
        int reminded = (int) escalated.stream().filter(c -> c.kind() == IncidentChange.Kind.REMINDED).count();
        return new Housekeeping(escalated.size() - reminded, reminded, ran.size(), prune ? prune(now) : 0, caughtUp[0]);
    }

    /** How often this engine prunes the store after its runs: the README's "once an hour". */
    public static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> prunedAt = new java.util.concurrent.atomic.AtomicReference<>();

    /** Prunes after a run when this engine has not pruned within {@link #PRUNE_EVERY} (so a one-shot check always does). */
    private void pruneIfDue(java.time.Instant now) {
        java.time.Instant last = prunedAt.get();
        if ((last == null || !now.isBefore(last.plus(PRUNE_EVERY))) && prunedAt.compareAndSet(last, now)) {
            prune(now);
        }
    }

    /**
     * The one place the store is pruned: runs (with their results, raw measurements and findings), pings and delivered
     * messages older than {@code store.retention}, rollups older than {@code store.retention.rollups}; returns how many runs,
     * pings and messages went.
     */
    public int prune(java.time.Instant now) {
        java.time.Instant before = now.minus(config.store().retention());
        int pruned = new RunHistory(store.jdbi()).prune(config.system(), before) + pings().prune(config.system(), before) + outbox.prune(before);
        new dev.caretaker.history.Rollups(store.jdbi()).prune(config.system(), now, now.minus(config.store().rollupRetention()));
        return pruned;
    }

    /** A scheduled action's current slot (the server's tick for it), with its messages. */
    public List<dev.caretaker.action.ActionOutcome> runScheduledAction(String name) {
        dev.caretaker.config.ActionConfig a = config.actions().get(name);
        if (a == null || !a.scheduled()) {
            return List.of();
        }
        Remediation.Result done;
        try (MonitoredDatabases dbs = databases()) {
            done = remediation(dbs, false).scheduled(a);
        }
        if (!done.actions().isEmpty() && config.notifications().active()) {
            store.jdbi().useTransaction(h -> messages.enqueueActions(h, done.actions(), clock.instant()));
        }
        return done.actions();
    }

    /** Writes the messages of incident changes in the transaction that makes them, collecting what it wrote. */
    IncidentListener announcer(List<Outbox.Queued> queued) {
        return (h, changes) -> {
            PageAudit.append(() -> actions().auditLog(), h, changes, clock.instant());
            if (config.notifications().active()) {
                queued.addAll(messages.enqueueIncidents(h, changes, clock.instant()));
            }
        };
    }

    /**
     * Tells the routes added since the store last saw the config of the incidents already open, once (see {@link CatchUp}); in
     * the caller's transaction, which holds the system's incidents locked.
     */
    private void catchUp(org.jdbi.v3.core.Handle h, List<Outbox.Queued> queued) {
        if (config.notifications().active()) {
            queued.addAll(new CatchUp(config, outbox).tell(h, new IncidentRepository(store.jdbi()).active(h, config.system()),
                    AuditLog.head(h).label(), clock.instant()));
        }
    }

    Remediation remediation(MonitoredDatabases databases, boolean dryRun) {
        Remediation r = new Remediation(config, store, databases, key(), clock, sleeper, progress::note, dryRun, announcer(new ArrayList<>()));
        return typedNames ? r.typedNames(this::userNames) : r;
    }

    /** Whether the names this engine is given were typed rather than authenticated (see {@link Builder#typedNames}). */
    boolean typedNames() {
        return typedNames;
    }

    /** The names of the store's users. */
    List<String> userNames() {
        return users(clock, (actor, event, subject, detail) -> { }).list().stream().map(dev.caretaker.access.Users.User::name).toList();
    }

    /** The run's action messages and report go into the outbox, then as much as can be delivered within {@code notify.wait}. */
    private RunOutcome.Notifications respond(RunOutcome outcome, List<Outbox.Queued> queued, boolean report) {
        if (!config.notifications().active()) {
            return RunOutcome.Notifications.NONE;
        }
        store.jdbi().useTransaction(h -> {
            queued.addAll(messages.enqueueActions(h, outcome.actions(), clock.instant()));
            if (report && !config.notifications().reportTo().isEmpty()) {
                queued.addAll(RunReportGate.enqueue(h, config, messages, outcome, clock.instant()));
            }
        });
        return deliveries().ofRun(queued);
    }

    /** Delivery of this engine's outbox, through the config's channels. */
    Delivery delivery() {
        Map<String, dev.caretaker.notify.Channel> channels = new java.util.LinkedHashMap<>(Delivery.channels(config.notifications(), emlFolder(),
                new IncidentRepository(store.jdbi()), clock));
        if (config.statusPage().enabled()) {
            channels.put(dev.caretaker.config.NotifyConfig.STATUS_PAGE_CHANNEL, new dev.caretaker.status.SubscriberSender(store.jdbi(),
                    config.system(), config.statusPage().subscriptions(), config.notifications(), emlFolder(), this::key));
        }
        return new Delivery(outbox, channels, config.secrets(), clock, node);
    }

    /** Where email goes as .eml files when no SMTP server is configured: under Caretaker's home. */
    public Path emlFolder() {
        return config.store().home().resolve("outbox");
    }

    boolean writesEmailToFiles() {
        return config.notifications().email().isEmpty()
                && config.notifications().channels().values().stream().anyMatch(c -> c.typeName().equals("email"));
    }

    Messages messages() {
        return messages;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Incidents: list, show, acknowledge, resolve. */
    public IncidentDesk incidents() {
        return new IncidentDesk(this);
    }

    /** Actions, approvals and the audit log. */
    public ActionDesk actions() {
        return new ActionDesk(this);
    }

    /** Checklists: open, tick, review overdue ones. */
    public ChecklistDesk checklists() {
        return new ChecklistDesk(this);
    }

    /** Periodic reports: make, send, list, show. */
    public ReportDesk reports() {
        return new ReportDesk(this);
    }

    /** How the system and its checks stand: overview, one check, its series and forecasts. */
    public CheckDesk checks() {
        return new CheckDesk(this);
    }

    /** The store's users and API tokens, their changes and logins told to {@code audit}. */
    public dev.caretaker.access.Users users(Clock at, dev.caretaker.access.Users.Audit audit) {
        return new dev.caretaker.access.Users(store.jdbi(), at, audit);
    }

    /** Two factors of the store's local users, their changes told to {@code audit}. */
    public dev.caretaker.access.TwoFactor twoFactor(Clock at, dev.caretaker.access.Users.Audit audit) {
        return new dev.caretaker.access.TwoFactor(store.jdbi(), at, audit);
    }

    /** The users single sign-on ({@code auth.oidc}) makes and finds by issuer and subject, their changes told to {@code audit}. */
    public dev.caretaker.access.OidcAccounts oidcAccounts(Clock at, dev.caretaker.access.Users.Audit audit) {
        return new dev.caretaker.access.OidcAccounts(store.jdbi(), at, audit);
    }

    /** The dashboard's login sessions. */
    public dev.caretaker.access.Sessions sessions(Clock at) {
        return new dev.caretaker.access.Sessions(store.jdbi(), at);
    }

    /** The stored runs. */
    public ExemptionDesk exemptions() {
        return new ExemptionDesk(this);
    }

    public RunDesk runs() {
        return new RunDesk(this);
    }

    /** On-call schedules: who is on call, their shifts, overrides. */
    public OncallDesk oncall() {
        return new OncallDesk(this);
    }

    /** The status page's subscribers and what they are told. */
    public SubscriptionDesk subscriptions() {
        return new SubscriptionDesk(this);
    }

    /** The status page's posts: incidents and planned maintenance written by operators, with their updates. */
    public StatusPostDesk statusPosts() {
        return new StatusPostDesk(this);
    }

    /** Maintenance windows: the config's and those set at run time. */
    public MaintenanceDesk maintenance() {
        return new MaintenanceDesk(this);
    }

    /** The server nodes of this store, as node {@code name} writes and reads them. */
    public dev.caretaker.store.Nodes nodes(String name) {
        return new dev.caretaker.store.Nodes(store.jdbi(), name);
    }

    /** The heartbeats' pings. */
    public dev.caretaker.store.PingLog pings() {
        return new dev.caretaker.store.PingLog(store.jdbi());
    }

    /** The outbox: flush, status. */
    public Deliveries deliveries() {
        return new Deliveries(this);
    }
}
