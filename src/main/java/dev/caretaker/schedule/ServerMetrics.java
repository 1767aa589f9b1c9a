package dev.caretaker.schedule;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.Metrics;
import dev.caretaker.config.Priority;
import dev.caretaker.engine.Engine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code /metrics}: every check's latest measurements as gauges named by Prometheus conventions (prefix {@code caretaker_},
 * base units: {@code http.latency_ms} is {@code caretaker_http_latency_seconds}, a percentage a {@code _ratio}), each check's
 * status, open incidents by priority, the outbox, run durations and scheduler lag as histograms, skipped ticks, pings, and
 * the JVM's own metrics.
 */
public final class ServerMetrics {
    /** How long a count read from the store is reused, so scrapes put no load on it. */
    static final Duration CACHE = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /**
     * Each check's series (its status and its measurements), by Prometheus name and labels. A series is registered once and
     * its value replaced on each run, so a run costs what its own checks measured, however many checks the system has.
     */
    private final Map<String, Map<String, Series>> series = new ConcurrentHashMap<>();
    /** Each check's latest status, for the system's. */
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final Supplier<Engine> engine;
    private volatile Instant countsAt = Instant.EPOCH;
    private volatile Map<String, Double> counts = Map.of();

    public ServerMetrics(Supplier<Engine> engine) {
        this.engine = engine;
        // Prometheus's lint (promtool check metrics): no abbreviated units, no _count outside histograms
        registry.config().meterFilter(io.micrometer.core.instrument.config.MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (Priority p : Priority.values()) {
            Gauge.builder("caretaker_incidents_open", this, m -> m.count("incidents_" + p.name())).tag("priority", p.name())
                    .description("open incidents, by priority").register(registry);
        }
        for (String state : List.of("pending", "failed")) {
            Gauge.builder("caretaker_outbox_messages", this, m -> m.count("outbox_" + state)).tag("state", state)
                    .description("messages in the outbox, by state (failed: given up)").register(registry);
        }
        Gauge.builder("caretaker_nodes_live", this, m -> m.count("nodes")).description("server nodes heard from in the last 20 s")
                .register(registry);
        Gauge.builder("caretaker_system_status", this, ServerMetrics::systemStatus)
                .description("the worst latest status of the configured checks (critical > unknown > warning > ok): 0 ok, 1 warning, 2 critical, "
                        + "3 unknown; NaN while none has run").register(registry);
    }

    /** The text format Prometheus scrapes. */
    public String scrape() {
        return registry.scrape();
    }

    /** A finished run: its duration, how late its tick started, its checks' statuses and measurements. */
    public void run(RunResult run, Ticks.Tick.Kind kind, Duration lateness) {
        Timer.builder("caretaker_run_duration").description("how long a run took").tags("kind", kind.label(), "name", clean(run.suite()))
                .publishPercentileHistogram().register(registry).record(Duration.between(run.startedAt(), run.finishedAt()));
        if (lateness != null) {
            lateness(kind, lateness);
        }
        for (CheckResult r : run.results()) {
            update(r);
        }
    }

    /**
     * Fills the gauges from the store: each check's latest status and measurements as the last run left them, so a node that
     * just started (or took over) serves the same values as the others.
     */
    public void load() {
        engine.get().checks().latestMeasured().forEach(this::update);
    }

    /** The worst latest status of the checks the config has (of every check seen, without an engine), as its exit code. */
    private double systemStatus() {
        java.util.Set<String> configured;
        try {
            configured = engine.get().config().checks().keySet();
        } catch (RuntimeException e) {
            configured = statuses.keySet();
        }
        return configured.stream().map(statuses::get).filter(java.util.Objects::nonNull).reduce(Status::worse).map(ServerMetrics::code)
                .map(Integer::doubleValue).orElse(Double.NaN);
    }

    /** Drops the series of checks a reloaded config no longer has. */
    public synchronized void retain(java.util.Set<String> checks) {
        for (String check : List.copyOf(series.keySet())) {
            if (!checks.contains(check)) {
                statuses.remove(check);
                Map<String, Series> gone = series.remove(check);
                if (gone != null) {
                    gone.values().forEach(g -> registry.remove(g.gauge));
                }
            }
        }
    }

    /** How late a tick started after its scheduled time. */
    public void lateness(Ticks.Tick.Kind kind, Duration lateness) {
        Timer.builder("caretaker_scheduler_lag").description("how late a scheduled tick started").tag("kind", kind.label())
                .publishPercentileHistogram().register(registry).record(lateness.isNegative() ? Duration.ZERO : lateness);
    }

    public void skipped(Ticks.Tick.Kind kind, String name, long ticks) {
        Counter.builder("caretaker_ticks_skipped").description("ticks skipped because the previous run of the same thing was still going")
                .tags("kind", kind.label(), "name", clean(name)).register(registry).increment(ticks);
    }

    /** A pass of a background loop that failed and was carried on from. */
    public void loopFailed(String loop) {
        Counter.builder("caretaker_loop_failures").description("failed passes of a background loop, which carried on").tag("loop", loop)
                .register(registry).increment();
    }

    /** The store answered again after it did not: {@code caretaker_store_reconnects_total}. */
    public void reconnected() {
        Counter.builder("caretaker_store_reconnects").description("times the store answered again after it did not (a restart, a network cut)")
                .register(registry).increment();
    }

    /** A ping Caretaker sent to {@code self_check.url}: {@code caretaker_self_check_pings_total} by kind and result. */
    public void selfCheckPing(String kind, boolean ok) {
        Counter.builder("caretaker_self_check_pings").description("pings sent to the outside heartbeat service (self_check), by kind and result")
                .tags("kind", kind, "result", ok ? "ok" : "failed").register(registry).increment();
    }

    /** A ping: {@code start}, {@code success}, {@code fail}, or {@code unknown_token}. */
    public void ping(String result) {
        Counter.builder("caretaker_pings").description("pings received, by result").tag("result", result).register(registry).increment();
    }

    /** One series: a gauge reading a value the latest run set. */
    private static final class Series {
        volatile double value;
        Gauge gauge;
    }

    /** A check's latest status and measurements: values replaced, new series registered, series it no longer has removed. */
    private synchronized void update(CheckResult r) {
        statuses.put(r.name(), r.status());
        Map<String, Series> before = series.getOrDefault(r.name(), Map.of());
        Map<String, Series> after = new java.util.HashMap<>();
        set(before, after, "caretaker_check_status", "each check's latest status: 0 ok, 1 warning, 2 critical, 3 unknown",
                Tags.of("check", r.name(), "type", r.type()), code(r.status()));
        for (Measurement m : r.measurements()) {
            Named n = name(m.metric(), unitOf(m.metric(), r.type()));
            Tags tags = Tags.empty();
            for (Map.Entry<String, String> l : m.labels().entrySet()) {
                tags = tags.and(clean(l.getKey()), labelValue(l.getValue()));
            }
            if (!m.labels().containsKey("check")) {
                tags = tags.and("check", r.name());
            }
            set(before, after, n.name(), help(n.name()), tags, m.value() * n.factor());
        }
        before.forEach((key, old) -> {
            if (!after.containsKey(key)) {
                registry.remove(old.gauge);
            }
        });
        series.put(r.name(), after);
    }

    private void set(Map<String, Series> before, Map<String, Series> after, String name, String help, Tags tags, double value) {
        String key = name + tags;
        Series s = after.containsKey(key) ? after.get(key) : before.get(key);
        if (s == null) {
            Series fresh = new Series();
            fresh.gauge = Gauge.builder(name, fresh, x -> x.value).tags(tags).description(help).strongReference(true).register(registry);
            s = fresh;
        }
        s.value = value;
        after.put(key, s);
    }

    /** A measurement's Prometheus name and the factor to its base unit. */
    record Named(String name, double factor) {
    }

    /** Names Prometheus's conventions would not accept as the generic rule makes them. */
    private static final Map<String, Named> OVERRIDES = Map.of(
            "errors.count", new Named("caretaker_errors_in_window", 1),
            "errors.window_count", new Named("caretaker_errors_in_window_by_group", 1),
            "backup.count", new Named("caretaker_backup_files", 1),
            "http.cert_days_left", new Named("caretaker_http_cert_expiry_seconds", 86_400));

    static Named name(String metric, String unit) {
        Named fixed = OVERRIDES.get(metric);
        if (fixed != null) {
            return fixed;
        }
        String base = "caretaker_" + clean(metric);
        if (base.endsWith("_count")) {
            base = base.substring(0, base.length() - 6) + "_number";
        }
        return switch (unit) {
            case "milliseconds" -> new Named(base.endsWith("_ms") ? base.substring(0, base.length() - 3) + "_seconds" : base + "_seconds", 0.001);
            case "percent" -> new Named(base.endsWith("_percent") ? base.substring(0, base.length() - 8) + "_ratio" : base + "_ratio", 0.01);
            default -> new Named(base, 1);
        };
    }

    /** Every measurement of every kind of check Caretaker knows, by type: units and help texts. */
    private static final Map<String, List<Metrics.Metric>> CATALOG = Metrics.byType(Engine.KINDS);

    private static String unitOf(String metric, String type) {
        for (Metrics.Metric m : CATALOG.getOrDefault(type, List.of())) {
            if (m.name().equals(metric)) {
                return m.unit();
            }
        }
        return "";
    }

    private static final Map<String, String> HELP = new ConcurrentHashMap<>();

    private static String help(String prometheusName) {
        return HELP.computeIfAbsent(prometheusName, ServerMetrics::findHelp);
    }

    private static String findHelp(String prometheusName) {
        for (List<Metrics.Metric> list : CATALOG.values()) {
            for (Metrics.Metric m : list) {
                if (name(m.name(), m.unit()).name().equals(prometheusName)) {
                    return m.help();
                }
            }
        }
        return "a measurement of a check";
    }

    /** A label value taken from the app's data is cut to this many characters (the text format escapes {@code \ " \n}). */
    public static final int MAX_LABEL_VALUE = 120;

    /** A label value from the app's data: control characters but the newline dropped, at most {@link #MAX_LABEL_VALUE} characters. */
    static String labelValue(String v) {
        if (v == null) {
            return "";
        }
        String s = v.replaceAll("[\\p{Cntrl}&&[^\n]]", "");
        if (s.codePointCount(0, s.length()) <= MAX_LABEL_VALUE) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, MAX_LABEL_VALUE - 1)) + "…";
    }

    /** A name Prometheus accepts: letters, digits and underscores. */
    static String clean(String s) {
        String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return Character.isDigit(out.isEmpty() ? 'x' : out.charAt(0)) ? "_" + out : out;
    }

    private static int code(Status s) {
        return switch (s) {
            case OK -> 0;
            case WARNING -> 1;
            case CRITICAL -> 2;
            default -> 3;
        };
    }

    /** A count from the store, read at most once per {@link #CACHE}. */
    private double count(String key) {
        Instant now = Instant.now();
        if (now.isAfter(countsAt.plus(CACHE))) {
            try {
                counts = readCounts();
            } catch (RuntimeException e) {
                counts = Map.of();
            }
            countsAt = now;
        }
        return counts.getOrDefault(key, 0.0);
    }

    private Map<String, Double> readCounts() {
        Engine e = engine.get();
        Map<String, Double> out = new java.util.HashMap<>();
        e.incidents().activeByPriority().forEach((p, n) -> out.put("incidents_" + p.name(), n.doubleValue()));
        e.outbox().counts().forEach((state, n) -> out.put("outbox_" + state, n.doubleValue()));
        out.put("nodes", (double) e.nodes(e.node()).live(e.clock().instant()));
        return out;
    }
}
