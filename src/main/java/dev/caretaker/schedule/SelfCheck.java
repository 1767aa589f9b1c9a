package dev.caretaker.schedule;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.SelfCheckConfig;
import dev.caretaker.history.RunHistory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings {@code self_check.url} as Healthchecks' pinging API takes it (healthchecks.io/docs/http_api): {@code URL/start} when a
 * suite run starts and, when it ends, {@code URL} or {@code URL/fail}, with the run's {@code rid} so the service pairs start
 * and end; and {@code URL} or {@code URL/fail} on the fixed beat. Every ending ping tells the state of the whole system, so
 * one suite's good run or the beat never clears another suite's failure (Healthchecks would page "up" a minute after
 * "down"): it is a success only while the newest run of every suite ended ok or warning, else {@code /fail} with the run's
 * summary and the suites still failing as its body. A store that cannot be read is a {@code /fail} too: Caretaker cannot
 * work without it. Pings go straight to the service, one at a time in order on their own thread, never through the store's
 * outbox and never failing a run: a failed ping is counted on {@code /metrics} and logged when the outcome changes, never
 * with the URL.
 */
final class SelfCheck implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelfCheck.class);
    /** Healthchecks stores the first 100 kB of a ping's body; a longer summary is cut to it. */
    static final int BODY_LIMIT = 100_000;

    private final Supplier<CaretakerConfig> config;
    private final ServerMetrics metrics;
    private final ExecutorService sender;
    /** The config's suites whose newest run ended critical or unknown, read from the store. */
    private final Supplier<java.util.List<RunHistory.SuiteRun>> failing;
    private volatile HttpClient client;
    /** The last outcome logged: {@code ok}, or why the last ping failed. */
    private String last = "ok";

    SelfCheck(Supplier<CaretakerConfig> config, ServerMetrics metrics, String node, Supplier<java.util.List<RunHistory.SuiteRun>> failing) {
        this.config = config;
        this.failing = failing;
        this.metrics = metrics;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "caretaker-self-check-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** A suite run starts: its run id for {@link #finished}, or null when runs are not reported. */
    String started() {
        SelfCheckConfig c = config.get().selfCheck();
        if (!c.enabled() || !c.sendRuns()) {
            return null;
        }
        String rid = UUID.randomUUID().toString();
        send("start", "/start", rid, "");
        return rid;
    }

    /** A suite run ended: success when it and every other suite's newest run ended ok or warning, else {@code /fail}. */
    void finished(String rid, RunResult run) {
        if (rid == null || !config.get().selfCheck().enabled()) {
            return;
        }
        boolean good = run.status() == Status.OK || run.status() == Status.WARNING;
        String others = stillFailing(run.suite());
        String body = summary(run) + others;
        send(good && others.isEmpty() ? "success" : "fail", good && others.isEmpty() ? "" : "/fail", rid, body);
    }

    /** A suite run failed to run at all: {@code /fail}. */
    void failed(String rid, String suite) {
        if (rid != null && config.get().selfCheck().enabled()) {
            send("fail", "/fail", rid, "suite " + suite + ": the run failed before it had a result; see Caretaker's log\n" + stillFailing(suite));
        }
    }

    /** The fixed beat: Caretaker is alive, and a success only while no suite's newest run failed. */
    void beat() {
        if (config.get().selfCheck().enabled()) {
            String failures = stillFailing(null);
            if (failures.isEmpty()) {
                send("beat", "", null, "");
            } else {
                send("beat", "/fail", null, "Caretaker " + config.get().system() + " is running; not every suite's newest run is ok:\n" + failures);
            }
        }
    }

    /** The lines of the suites still failing but {@code except}, or why the store could not tell; empty when none. */
    private String stillFailing(String except) {
        java.util.List<RunHistory.SuiteRun> runs;
        try {
            runs = failing.get().stream().filter(r -> !r.suite().equals(except)).toList();
        } catch (RuntimeException e) {
            return config.get().secrets().redact("Caretaker could not read its store (" + e.getClass().getSimpleName()
                    + "): it cannot run checks or keep incidents until the store is back\n");
        }
        StringBuilder b = new StringBuilder();
        runs.forEach(r -> b.append("still failing: suite ").append(r.suite()).append(" run #").append(r.id()).append(": ")
                .append(r.status()).append('\n'));
        return b.toString();
    }

    /** The run's status line and counts, and the checks that were not ok, by name: no findings' texts, no secrets. */
    String summary(RunResult run) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        run.results().forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        StringBuilder b = new StringBuilder();
        b.append("Caretaker ").append(run.system()).append(": suite ").append(run.suite()).append(" run #").append(run.runId()).append(": ")
                .append(run.status().label()).append(" (health ").append(run.healthScore()).append(")\n");
        b.append(run.results().size()).append(" check(s): ");
        for (Status s : Status.values()) {
            b.append(counts.getOrDefault(s, 0)).append(' ').append(s.label()).append(s == Status.UNKNOWN ? "\n" : ", ");
        }
        for (CheckResult r : run.results()) {
            if (r.status() != Status.OK) {
                b.append(r.status().label()).append(": ").append(r.name()).append('\n');
            }
        }
        String text = config.get().secrets().redact(b.toString());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= BODY_LIMIT) {
            return text;
        }
        String cut = new String(bytes, 0, BODY_LIMIT - 200, StandardCharsets.UTF_8);
        return cut.substring(0, Math.max(0, cut.length() - 1)) + "\n… cut to Healthchecks' 100 kB limit\n";
    }

    private void send(String kind, String suffix, String rid, String body) {
        try {
            sender.execute(() -> ping(kind, suffix, rid, body));
        } catch (RejectedExecutionException e) {
            LOG.debug("self-check {} ping dropped: stopping", kind);
        }
    }

    private void ping(String kind, String suffix, String rid, String body) {
        SelfCheckConfig c = config.get().selfCheck();
        if (c.url().isEmpty()) {
            return;
        }
        String outcome;
        try {
            URI uri = pingUri(c.url().get(), suffix, rid);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(c.timeout()).header("User-Agent", "Caretaker")
                    .header("Content-Type", "text/plain; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = client(c.timeout()).send(request, HttpResponse.BodyHandlers.ofString());
            int code = response.statusCode();
            String answer = response.body() == null ? "" : response.body().strip();
            if (code / 100 == 2 && !answer.toLowerCase(java.util.Locale.ROOT).contains("not found")) {
                outcome = "ok";
            } else if (code == 404 || answer.toLowerCase(java.util.Locale.ROOT).contains("not found")) {
                outcome = "the heartbeat service does not know this check (HTTP " + code + " \"not found\"): check self_check.url";
            } else {
                outcome = "the heartbeat service answered HTTP " + code;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            outcome = "the heartbeat service could not be reached: " + unreachable(e, c.timeout());
        }
        outcome = config.get().secrets().redact(outcome);
        metrics.selfCheckPing(kind, outcome.equals("ok"));
        if (!outcome.equals(last)) {
            if (outcome.equals("ok")) {
                LOG.info("self-check pings reach the heartbeat service again");
            } else {
                LOG.warn("self-check {} ping failed: {}; runs go on, and this is logged again only when it changes", kind, outcome);
            }
            last = outcome;
        }
    }

    /**
     * {@code url} with {@code suffix} ({@code /start}, {@code /fail} or nothing) at the end of its path and {@code rid} added to
     * its query: a slug URL such as {@code https://hc-ping.com/KEY/backups?create=1} keeps its query after the suffix, so a
     * failure is never read as a success.
     */
    static URI pingUri(URI url, String suffix, String rid) {
        String path = (url.getRawPath() == null ? "" : url.getRawPath()).replaceAll("/+$", "") + suffix;
        String query = url.getRawQuery();
        if (rid != null) {
            query = (query == null || query.isEmpty() ? "" : query + "&") + "rid=" + rid;
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + path + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    /** Why a ping got no answer, in words: refused, timed out, an unknown host, or the error's own message. */
    private static String unreachable(Exception e, Duration timeout) {
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + dev.caretaker.config.Units.humanDuration(timeout) + " (self_check.timeout)";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return "its host name does not resolve";
            }
            if (t instanceof java.net.ConnectException) {
                return "the connection was refused (nothing listens there, or a firewall says no)";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private HttpClient client(Duration timeout) {
        HttpClient c = client;
        if (c == null) {
            c = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
            client = c;
        }
        return c;
    }

    /** Sends what is queued, for at most {@code wait}. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(config.get().selfCheck().timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
