package dev.caretaker.bench;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.demo.api.ApiStandIn;
import dev.caretaker.demo.api.GithubStandIn;
import dev.caretaker.engine.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code type: jobs, source: github-actions} check costs GitHub's rate limit: 20 workflows with 1,000 runs in the
 * window, served by the GitHub stand-in (which answers as GitHub documents: Link pagination, ETags, 304 not counted).
 * The baseline, measured in the same run, is the pages the answer spans (what a client without conditional requests
 * spends on every run). Cold: a check with nothing cached; warm: the same check again with nothing changed; changed:
 * after one new run. Also the wall time of a warm run against a cold one (median of {@code ROUNDS}). Exits 1 when a page
 * is requested more than once in a run or a warm run spends any of the rate limit. Run with {@code bench/github-actions}.
 */
public final class GithubActionsBench {
    static final int WORKFLOWS = 20;
    static final int RUNS_PER_WORKFLOW = 50;
    static final int ROUNDS = 7;
    static final String REPO = "bench/shop";
    static final String TOKEN = "bench-token-0123456789";

    record Cost(int requests, int distinct, int full, int notModified) {
        static Cost of(List<ApiStandIn.Seen> seen) {
            int distinct = (int) seen.stream().map(s -> s.path() + s.query()).distinct().count();
            int full = (int) seen.stream().filter(s -> s.status() == 200).count();
            int notModified = (int) seen.stream().filter(s -> s.status() == 304).count();
            return new Cost(seen.size(), distinct, full, notModified);
        }
    }

    public static void main(String[] args) throws Exception {
        try (GithubStandIn gh = new GithubStandIn(TOKEN)) {
            Instant now = Instant.now();
            long id = 1;
            for (int w = 0; w < WORKFLOWS; w++) {
                String file = "workflow-" + w + ".yml";
                gh.workflow(REPO, "Workflow " + w, file);
                for (int i = 0; i < RUNS_PER_WORKFLOW; i++) {
                    boolean failed = w % 10 == 0 && i % 4 == 0; // two workflows at 75 %: their failed job is looked up
                    long runId = id++;
                    gh.run(REPO, runId, "Workflow " + w, file, failed ? "failure" : "success",
                            now.minus(20L + 28L * i + w, ChronoUnit.MINUTES), 2 + i % 5);
                    if (failed) {
                        gh.job(REPO, runId, "build", "failure", Map.of("Test", "failure"));
                    }
                }
            }
            int pages = (WORKFLOWS * RUNS_PER_WORKFLOW + 99) / 100;
            Cost cold = measure(gh, "ci");
            Cost warm = measure(gh, "ci");
            gh.run(REPO, id, "Workflow 1", "workflow-1.yml", "success", now.minus(1, ChronoUnit.MINUTES), 2);
            Cost changed = measure(gh, "ci");

            List<Long> coldNanos = new ArrayList<>();
            List<Long> warmNanos = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                coldNanos.add(time(gh, "cold-" + r)); // a check name of its own: nothing cached
                warmNanos.add(time(gh, "cold-" + r));
            }
            long coldMedian = median(coldNanos);
            long warmMedian = median(warmNanos);

            System.out.printf(Locale.ROOT, "github-actions check: %d workflows, %d runs in the window, %d pages of 100 runs (baseline)%n%n",
                    WORKFLOWS, WORKFLOWS * RUNS_PER_WORKFLOW, pages);
            System.out.println("| run | requests | distinct URLs | requests per URL | rate-limit cost (200) | 304 | cost / pages |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            row("cold (nothing cached)", cold, pages);
            row("warm (nothing changed)", warm, pages);
            row("after one new run", changed, pages);
            System.out.printf(Locale.ROOT, "%nwall time of a warm run / a cold run (median of %d each): %.2fx (%.1f ms / %.1f ms)%n", ROUNDS,
                    (double) warmMedian / coldMedian, warmMedian / 1e6, coldMedian / 1e6);
            boolean ok = cold.requests() == cold.distinct() && warm.requests() == warm.distinct() && warm.full() == 0
                    && changed.requests() == changed.distinct();
            System.out.println(ok ? "holds: each page at most once per run, nothing spent when nothing changed"
                    : "FAILS: a page was requested twice, or a warm run spent rate limit");
            System.exit(ok ? 0 : 1);
        }
    }

    private static void row(String label, Cost c, int pages) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %d | %d | %.2fx |%n", label, c.requests(), c.distinct(),
                (double) c.requests() / Math.max(1, c.distinct()), c.full(), c.notModified(), (double) c.full() / pages);
    }

    private static Cost measure(GithubStandIn gh, String name) {
        int before = gh.seen().size();
        CheckResult r = run(gh, name);
        if (r.error() != null) {
            throw new IllegalStateException("the check failed: " + r.error());
        }
        List<ApiStandIn.Seen> seen = gh.seen();
        return Cost.of(seen.subList(before, seen.size()));
    }

    private static long time(GithubStandIn gh, String name) {
        long t = System.nanoTime();
        run(gh, name);
        return System.nanoTime() - t;
    }

    private static CheckResult run(GithubStandIn gh, String name) {
        StringBuilder workflows = new StringBuilder();
        for (int w = 0; w < WORKFLOWS; w++) {
            workflows.append("      workflow-").append(w).append(".yml: {every: 30m}\n");
        }
        CaretakerConfig config = new ConfigLoader(Map.of("GH_TOKEN", TOKEN), Engine.KINDS).parse("bench.yml", Path.of("bench.yml"), """
                checks:
                  %s:
                    type: jobs
                    source: github-actions
                    base_url: %s
                    token: ${GH_TOKEN}
                    repository: %s
                    window: 24h
                    workflows:
                """.formatted(name, gh.url(), REPO) + workflows);
        return Checks.create(config.checks().get(name)).run(new CheckContext(Clock.systemUTC(), null, config.secrets()));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
