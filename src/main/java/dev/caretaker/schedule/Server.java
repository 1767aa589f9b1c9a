package dev.caretaker.schedule;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import dev.caretaker.check.heartbeat.HeartbeatCheck;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.HeartbeatCheckConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.BuildInfo;
import dev.caretaker.store.Nodes;
import dev.caretaker.store.PingLog;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code caretaker run}: one node of a cluster on one store. It runs the config's ticks on db-scheduler (each tick exactly
 * once across the nodes, a dead node's tick taken over within {@link Options#takeover()}), delivers the outbox as soon as a
 * message is committed anywhere, says it is alive, judges heartbeats, sweeps SLAs and approvals, and keeps the metrics.
 * A new config is applied atomically ({@link #reload}); {@link #close} stops taking work, lets running ticks finish (bounded),
 * delivers what the outbox can and releases this node's claims.
 */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    /** Runs are pruned to {@code store.retention} once an hour, by the housekeeping tick of the hour's start. */
    static final Duration PRUNE_EVERY = Engine.PRUNE_EVERY;
    /** db-scheduler deletes the ticks of a task this node does not know after this: another system's on the store are not ours to. */
    static final Duration KEEP_UNRESOLVED = Duration.ofDays(365);
    /** How often the waker reads the next tick's time from the store at least: well inside a tick's slot. */
    static final Duration WAKER_LOOK = Duration.ofSeconds(1);
    /** Threads for work besides the ticks: judging a heartbeat after its ping, and a suite run now from the API. */
    static final int ASYNC_THREADS = 2;

    /** How the node behaves: its name, how long a stop waits for running ticks, and db-scheduler's timing. */
    public record Options(String node, Duration shutdownWait, Duration pollingInterval, Duration heartbeatInterval, int missedHeartbeats,
                          int threads) {
        /** How long a stop waits for running ticks to finish. */
        public static final Duration DEFAULT_SHUTDOWN_WAIT = Duration.ofSeconds(30);
        /** How often db-scheduler looks for due ticks by itself; the waker starts a due tick sooner. */
        public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(10);
        /** How often a node tells db-scheduler its picked ticks are still running. */
        public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
        /** Heartbeats a node may miss before another node takes over its ticks. */
        public static final int DEFAULT_MISSED_HEARTBEATS = 6;
        /** Ticks one node runs at once. */
        public static final int DEFAULT_THREADS = 8;

        public static Options defaults(String node) {
            return new Options(node, DEFAULT_SHUTDOWN_WAIT, DEFAULT_POLLING_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_MISSED_HEARTBEATS,
                    DEFAULT_THREADS);
        }

        /**
         * The longest a dead node's tick waits before another node runs it: its heartbeats missed, plus db-scheduler's look
         * for dead executions (every two heartbeat intervals), plus the waker's look at the next time. 17 s by default.
         */
        public Duration takeover() {
            return heartbeatInterval.multipliedBy(missedHeartbeats + 2L).plus(WAKER_LOOK);
        }

        public Options withTiming(Duration polling, Duration heartbeat) {
            return new Options(node, shutdownWait, polling, heartbeat, missedHeartbeats, threads);
        }

        public Options withShutdownWait(Duration wait) {
            return new Options(node, wait, pollingInterval, heartbeatInterval, missedHeartbeats, threads);
        }
    }

    /** Whether the node can do its work, and what is wrong when it cannot. */
    public record Readiness(boolean ready, Map<String, String> parts) {
    }

    private final Store store;
    private final Options options;
    private final Clock clock;
    private final Function<CaretakerConfig, Engine> engines;
    private final AtomicReference<Engine> engine = new AtomicReference<>();
    private final AtomicReference<Map<String, Ticks.Planned>> plan = new AtomicReference<>();
    private final ServerMetrics metrics;
    private final StoreWatch watch;
    private final PingLog pings;
    private final Nodes nodes;
    private final ExecutorService async;
    private final SelfCheck selfCheck;
    private final java.util.Set<String> runningByHand = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timers;
    private final String system;
    private volatile Scheduler scheduler;
    private volatile CustomTask<Ticks.Tick> task;
    private volatile OutboxWorker outbox;
    private volatile Thread waker;
    private final java.util.concurrent.Semaphore nudged = new java.util.concurrent.Semaphore(0);
    private volatile boolean running;
    private volatile boolean stopping;
    /** Why this node cannot work (another signing key, schema version or config than the cluster's); null while it can. */
    private volatile String problem;

    /** A node for {@code config} on {@code store}; {@code engines} makes the engine of a config (the same way every time). */
    public Server(Store store, CaretakerConfig config, Function<CaretakerConfig, Engine> engines, Options options, Clock clock) {
        this.store = store;
        this.options = options;
        this.clock = clock;
        this.engines = engines;
        this.system = config.system();
        this.engine.set(engines.apply(config));
        this.pings = engine.get().pings();
        this.nodes = engine.get().nodes(options.node());
        this.metrics = new ServerMetrics(engine::get);
        this.watch = new StoreWatch(metrics, clock);
        this.selfCheck = new SelfCheck(this::config, metrics, options.node(), () -> engine.get().runs().failing());
        this.async = Executors.newFixedThreadPool(ASYNC_THREADS, daemon("caretaker-async-" + options.node()));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("caretaker-timers-" + options.node()));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public Engine engine() {
        return engine.get();
    }

    public CaretakerConfig config() {
        return engine.get().config();
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public PingLog pings() {
        return pings;
    }

    public String node() {
        return options.node();
    }

    public Options options() {
        return options;
    }

    /** Starts the node: heartbeat tokens, the scheduler and its ticks, the outbox worker, the node's heartbeat. */
    public Server start(String address) {
        CaretakerConfig config = config();
        ensureTokens(config);
        task = Ticks.task(system, new Runner());
        scheduler = Scheduler.create(store.dataSource(), task)
                .tableName("scheduled_tasks")
                .serializer(new Ticks.Json())
                .schedulerName(new SchedulerName.Fixed(options.node()))
                .pollingInterval(options.pollingInterval())
                .heartbeatInterval(options.heartbeatInterval())
                .missedHeartbeatsLimit(options.missedHeartbeats())
                .threads(options.threads())
                .shutdownMaxWait(options.shutdownWait())
                .deleteUnresolvedAfter(KEEP_UNRESOLVED)
                .build();
        try {
            metrics.load();
        } catch (RuntimeException e) {
            LOG.warn("could not read the latest results for /metrics: {}", e.getMessage());
        }
        nodes.started(system, address, BuildInfo.version(), clock.instant());
        watch.quietScheduler();
        scheduler.pause(); // nothing is picked before the node knows it can work
        judge();
        scheduler.start();
        timers.scheduleWithFixedDelay(Guarded.loop("heartbeat", metrics, () -> watch.run(() -> nodes.beat(clock.instant()))), Nodes.HEARTBEAT.toMillis(),
                Nodes.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::judge, Nodes.HEARTBEAT.toMillis(), Nodes.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        // while the store does not answer, it is asked every second, so the node is back at work as soon as it does
        timers.scheduleWithFixedDelay(Guarded.loop("store", metrics, () -> {
            if (!watch.up()) {
                watch.run(store::ping);
            }
        }), 1, 1, TimeUnit.SECONDS);
        outbox = new OutboxWorker(engine::get, () -> metrics.loopFailed("outbox"), () -> problem == null);
        outbox.start(options.node());
        running = true;
        waker = new Thread(this::wake, "caretaker-waker-" + options.node());
        waker.setDaemon(true);
        waker.start();
        Map<String, Ticks.Planned> planned = Ticks.plan(config);
        LOG.info("node {} of {} started: {} tick(s): {}", options.node(), system, planned.size(),
                String.join(", ", planned.values().stream().map(p -> p.tick().id() + " " + p.schedule().describe()).toList()));
        return this;
    }

    /**
     * Looks whether this node can work (its key, the store's schema version, its config against the cluster's), says so in
     * its row and its log when that changes, and takes ticks only while it can: a node that cannot is paused (it picks
     * nothing, and its schedules do not touch the store's) until it can. A store that does not answer changes nothing here.
     */
    private synchronized void judge() {
        Engine e = engine.get();
        Optional<String> found;
        try {
            nodes.identity(ClusterGate.identity(e));
            found = ClusterGate.problem(e, options.node(), clock.instant());
            nodes.problem(found.orElse(null), clock.instant());
        } catch (RuntimeException x) {
            if (StoreWatch.unreachable(x)) {
                watch.lost(x);
            } else {
                LOG.warn("could not judge whether this node can work: {}", x.getMessage());
            }
            return;
        }
        String before = problem;
        problem = found.orElse(null);
        Scheduler s = scheduler;
        if (found.isPresent()) {
            if (!found.get().equals(before)) {
                LOG.error("node {} cannot work, and takes no ticks until it can: {}", options.node(), found.get());
            }
            s.pause();
            return;
        }
        Map<String, Ticks.Planned> planned = Ticks.plan(e.config());
        if (!planned.equals(plan.get())) {
            Ticks.Reconciled r = Ticks.reconcile(s, task, planned, plan.get(), clock.instant());
            plan.set(planned);
            LOG.info("{} tick(s); {} added, {} rescheduled, {} removed", planned.size(), r.added(), r.moved(), r.removed());
        }
        if (before != null) {
            LOG.info("node {} can work again: it takes ticks", options.node());
        }
        s.resume();
    }

    /**
     * Applies a new config at once: the next ticks run on it, its schedules replace the old ones, ticks it no longer has are
     * dropped. A config for another store or system is refused (that needs a restart); the old one keeps running.
     */
    public synchronized void reload(CaretakerConfig next) {
        CaretakerConfig before = config();
        if (!next.system().equals(before.system())) {
            throw new IllegalArgumentException("the new config is for system '" + next.system() + "', this node runs '" + before.system()
                    + "'; start a node for it instead");
        }
        if (!next.store().equals(before.store())) {
            throw new IllegalArgumentException("the new config changes 'store'; restart the node to use another store");
        }
        Engine fresh = engines.apply(next);
        ensureTokens(next);
        engine.set(fresh);
        metrics.retain(next.checks().keySet());
        LOG.info("config reloaded");
        judge(); // its schedules apply now, when the cluster runs it too
        Thread w = waker;
        if (w != null) {
            w.interrupt(); // a new tick may be due sooner than the one it waits for
        }
    }

    /** Whether the node can work: the config is loaded, the scheduler runs, the store answers. */
    /** Whether the scheduler runs (started, not stopping): what a liveness probe such as systemd's watchdog asks, store or not. */
    public boolean scheduling() {
        Scheduler s = scheduler;
        return running && !stopping && s != null && s.getSchedulerState().isStarted() && !s.getSchedulerState().isShuttingDown();
    }

    public Readiness readiness() {
        Map<String, String> parts = new LinkedHashMap<>();
        boolean ok = true;
        parts.put("config", config().file().toString());
        boolean scheduling = scheduling();
        parts.put("scheduler", scheduling ? "running" : stopping ? "stopping" : "not running");
        ok &= scheduling;
        String cannot = problem;
        parts.put("cluster", cannot == null ? "in step" : "cannot work: " + cannot);
        ok &= cannot == null;
        try {
            store.probe();
            parts.put("store", "reachable");
        } catch (RuntimeException e) {
            parts.put("store", "unreachable: " + config().secrets().redact(String.valueOf(e.getMessage())));
            ok = false;
        }
        return new Readiness(ok, parts);
    }

    /** A ping arrived for {@code hb}: its check runs now, on this node, so a late heartbeat turns ok at once. */
    public void pinged(PingLog.Heartbeat hb) {
        if (!hb.system().equals(system) || stopping || problem != null) {
            return;
        }
        async.submit(() -> {
            try {
                if (config().checks().get(hb.check()) instanceof HeartbeatCheckConfig) {
                    RunOutcome o = engine().run(Engine.RunRequest.checks("heartbeat", List.of(hb.check())));
                    logRun("heartbeat", hb.check(), o, null);
                    metrics.run(o.run(), Ticks.Tick.Kind.HEARTBEATS, null);
                }
            } catch (RuntimeException e) {
                LOG.error("judging heartbeat {} after its ping failed", hb.check(), e);
            }
        });
    }

    /**
     * Runs {@code suite} now, on this node, in the background (an API's "run now"); the run is recorded as any other. False
     * when this node is already running it by hand, or is stopping.
     */
    public boolean runNow(String suite, String by) {
        if (stopping || problem != null || !runningByHand.add(suite)) {
            return false;
        }
        try {
            async.submit(() -> {
                try {
                    LOG.info("suite {} run now by {}", suite, by);
                    RunOutcome o = suite(suite, () -> engine().run(Engine.RunRequest.of(suite)));
                    logRun("suite", suite, o, null);
                    metrics.run(o.run(), Ticks.Tick.Kind.SUITE, null);
                } catch (RuntimeException e) {
                    LOG.error("suite {} run by {} failed", suite, by, e);
                } finally {
                    runningByHand.remove(suite);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            runningByHand.remove(suite);
            return false;
        }
        return true;
    }

    private void ensureTokens(CaretakerConfig config) {
        for (CheckConfig c : config.checks().values()) {
            if (c instanceof HeartbeatCheckConfig hb) {
                pings.ensure(config.system(), hb.name(), hb.token(), clock.instant());
            }
        }
    }

    /**
     * Wakes the scheduler when the next tick is due rather than at its next poll, so ticks start on time on every node, not
     * only on the one that scheduled the tick: one small query per wake, at least every {@link #WAKER_LOOK} (a tick another
     * node completed has its next time then), and at once when a tick completes on this node.
     */
    private void wake() {
        while (running) {
            if (!Guarded.pass("waker", metrics, this::wakeOnce)) {
                pause(options.pollingInterval()); // a pass that keeps failing must not spin
            }
        }
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            // a stop: the loop looks at running
        }
    }

    private void wakeOnce() {
        long look = Math.min(options.pollingInterval().toMillis(), WAKER_LOOK.toMillis());
        long waitMillis = look;
        boolean due = false;
        try {
            Optional<Instant> next = store.nextDue(Ticks.taskName(system));
            if (next.isPresent()) {
                long dueIn = Duration.between(clock.instant(), next.get()).toMillis();
                due = dueIn <= look;
                waitMillis = Math.max(0, Math.min(look, dueIn));
            }
        } catch (RuntimeException e) {
            if (StoreWatch.unreachable(e)) {
                watch.lost(e); // the store's outage shows in /readyz and the log; poll as usual
            } else {
                LOG.debug("could not read the next tick's time: {}", e.getMessage());
            }
        }
        try {
            if (nudged.tryAcquire(Math.max(waitMillis, 5), TimeUnit.MILLISECONDS)) {
                nudged.drainPermits();
                return; // a tick completed here: its next time may be sooner than the one waited for
            }
            Scheduler s = scheduler;
            if (due && running && s != null) {
                s.triggerCheckForDueExecutions();
                Thread.sleep(50); // let the due tick be picked before looking again
            }
        } catch (InterruptedException e) {
            // a new plan, or a stop: look again at once (the loop ends when the node stops)
        }
    }

    /** What each tick does, on whichever node picks it. */
    private final class Runner implements Ticks.Runner {
        @Override
        public void run(Ticks.Tick tick, Instant scheduledFor) {
            Engine e = engine.get();
            CaretakerConfig config = e.config();
            Duration late = Duration.between(scheduledFor, clock.instant());
            switch (tick.kind()) {
                case SUITE -> {
                    if (config.suites().containsKey(tick.name())) {
                        RunOutcome o = suite(tick.name(), () -> e.run(Engine.RunRequest.of(tick.name()).at(scheduledFor)));
                        logRun("suite", tick.name(), o, late);
                        metrics.run(o.run(), tick.kind(), late);
                    }
                }
                case EVERY -> {
                    List<String> checks = Ticks.checksEvery(config, tick.name());
                    if (!checks.isEmpty()) {
                        RunOutcome o = e.run(Engine.RunRequest.checks("every " + tick.name(), checks).at(scheduledFor));
                        logRun("every", tick.name(), o, late);
                        metrics.run(o.run(), tick.kind(), late);
                    }
                }
                case ACTION -> {
                    var done = e.runScheduledAction(tick.name());
                    done.forEach(a -> LOG.info("action {}: {}", a.action(), a.line()));
                    metrics.lateness(tick.kind(), late);
                }
                case REPORT -> {
                    if (config.reports().containsKey(tick.name())) {
                        // made as of the tick, so a re-run after a node died covers the same period and replaces, not repeats, it
                        var made = e.reports().make(tick.name(), java.util.Optional.empty(), scheduledFor, true);
                        LOG.info("report {} stored as #{}: {}", tick.name(), made.id(), made.review().figures().get("verdict"));
                    }
                    metrics.lateness(tick.kind(), late);
                }
                case HEARTBEATS -> {
                    Guarded.pass("heartbeats", metrics, () -> heartbeats(e, scheduledFor));
                    metrics.lateness(tick.kind(), late);
                }
                case HOUSEKEEPING -> {
                    boolean prune = scheduledFor.toEpochMilli() % PRUNE_EVERY.toMillis() < Ticks.HOUSEKEEPING.toMillis();
                    Guarded.pass("housekeeping", metrics, () -> {
                        Engine.Housekeeping h = e.housekeep(prune);
                        if (h.escalated() + h.reminded() + h.approvedRuns() + h.pruned() + h.caughtUp() > 0) {
                            LOG.info("housekeeping: {} escalation(s) and {} reminder(s) sent, {} approved request(s) run, {} old row(s) pruned, "
                                    + "{} catch-up message(s) written for routes added", h.escalated(), h.reminded(), h.approvedRuns(), h.pruned(),
                                    h.caughtUp());
                        }
                    });
                    Guarded.pass("status-page announcements", metrics, () -> {
                        var told = e.subscriptions().announce();
                        if (told.messages() > 0) {
                            LOG.info("status page: {} post update(s) and {} maintenance start(s) or end(s) told in {} message(s)", told.updates(),
                                    told.maintenance(), told.messages());
                        }
                    });
                    metrics.lateness(tick.kind(), late);
                }
                case SELF_CHECK -> {
                    selfCheck.beat();
                    metrics.lateness(tick.kind(), late);
                }
                default -> LOG.warn("unknown tick kind {}", tick.kind());
            }
        }

        @Override
        public Optional<TickSchedule> schedule(Ticks.Tick tick) {
            Ticks.Planned p = Ticks.plan(config()).get(tick.id());
            return p == null ? Optional.empty() : Optional.of(p.schedule());
        }

        @Override
        public void completed(Ticks.Tick tick) {
            nudged.release();
        }

        @Override
        public void skipped(Ticks.Tick tick, long ticks) {
            metrics.skipped(tick.kind(), tick.name(), ticks);
            LOG.warn("{} {}: {} tick(s) skipped: the run before was still going", tick.kind(), tick.name(), ticks);
        }
    }

    /** Runs a suite, telling the self-check service when it starts and how it ended. */
    private RunOutcome suite(String name, java.util.function.Supplier<RunOutcome> run) {
        String rid = selfCheck.started();
        try {
            RunOutcome o = run.get();
            selfCheck.finished(rid, o.run());
            return o;
        } catch (RuntimeException ex) {
            selfCheck.failed(rid, name);
            throw ex;
        }
    }

    /** Runs the heartbeat checks whose state changed since their last result (late, failed, or back to ok). */
    private void heartbeats(Engine e, Instant scheduledFor) {
        CaretakerConfig config = e.config();
        Map<String, String> last = new LinkedHashMap<>();
        e.checks().states().forEach(s -> last.put(s.check(), s.label()));
        List<String> changed = new ArrayList<>();
        Instant now = clock.instant();
        for (CheckConfig c : config.checks().values()) {
            if (c instanceof HeartbeatCheckConfig hb) {
                PingLog.Heartbeat h = pings.ensure(system, hb.name(), hb.token(), now);
                HeartbeatCheck.State state = new HeartbeatCheck(hb).state(h.createdAt(), pings.latest(system, hb.name(), 50), now);
                String status = switch (state) {
                    case OK -> "ok";
                    case LATE -> "warning";
                    default -> "critical";
                };
                if (!status.equals(last.get(hb.name()))) {
                    changed.add(hb.name());
                }
            }
        }
        if (!changed.isEmpty()) {
            RunOutcome o = e.run(Engine.RunRequest.checks("heartbeats", changed).at(scheduledFor));
            logRun("heartbeats", String.join(",", changed), o, null);
            metrics.run(o.run(), Ticks.Tick.Kind.HEARTBEATS, null);
        }
    }

    private void logRun(String kind, String name, RunOutcome o, Duration late) {
        var run = o.run();
        long opened = o.incidents().stream().filter(c -> c.kind() == IncidentChange.Kind.OPENED || c.kind() == IncidentChange.Kind.REOPENED).count();
        long resolved = o.incidents().stream().filter(c -> c.kind() == IncidentChange.Kind.RESOLVED).count();
        LOG.info("{} {} run #{}: {} (health {}), {} check(s), {} ms{}; incidents: {} opened, {} resolved, {} open; {} action(s); {} message(s) sent",
                kind, name, run.runId(), run.status().label(), run.healthScore(), run.results().size(),
                Duration.between(run.startedAt(), run.finishedAt()).toMillis(), late == null ? "" : ", started " + late.toMillis() + " ms late",
                opened, resolved, o.open().size(), o.actions().size(), o.notifications().delivered());
    }

    /**
     * Stops the node: no new ticks; running ones get {@link Options#shutdownWait()} to finish; the outbox is delivered as far as
     * {@code notify.wait} allows; this node's message claims are released and its row marked stopped.
     */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        running = false;
        LOG.info("node {} stopping: no new ticks; running ones get {} to finish", options.node(), dev.caretaker.config.Units.formatDuration(
                options.shutdownWait()));
        Thread w = waker;
        if (w != null) {
            w.interrupt();
        }
        Scheduler s = scheduler;
        if (s != null) {
            s.stop();
        }
        OutboxWorker o = outbox;
        if (o != null) {
            o.stop();
        }
        async.shutdown();
        try {
            async.awaitTermination(options.shutdownWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        selfCheck.close();
        watch.close();
        try {
            if (problem != null) {
                throw new IllegalStateException("this node cannot work: " + problem);
            }
            var delivered = engine.get().deliveries().flushWithin(engine.get().config().notifications().deliveryWait());
            LOG.info("outbox on stop: {} delivered, {} failed, {} still pending", delivered.sent(), delivered.failed(), delivered.pending());
        } catch (RuntimeException e) {
            LOG.warn("delivering the outbox on stop failed: {}", e.getMessage());
        }
        try {
            engine.get().outbox().releaseClaims(engine.get().node());
            nodes.stopped(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("could not release this node's claims: {}", e.getMessage());
        }
        LOG.info("node {} stopped", options.node());
    }
}
