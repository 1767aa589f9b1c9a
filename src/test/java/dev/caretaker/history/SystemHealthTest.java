package dev.caretaker.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.HealthScore;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The system's health score, kept as counts by status that each run moves, equals the score over the latest state of
 * every configured check read whole (as it was computed before), whatever the config and the order runs are stored in.
 */
@ExtendWith(TestDatabases.class)
class SystemHealthTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** The score as it was computed before counts: every configured check's latest state, read. */
    private static int readWhole(Jdbi jdbi, Collection<String> configured) {
        List<Status> latest = jdbi.withHandle(h -> h.createQuery("SELECT status FROM check_state WHERE system = 'health' AND check_name IN (<checks>)")
                .bindList("checks", List.copyOf(configured)).mapTo(String.class).map(s -> Status.valueOf(s.toUpperCase(Locale.ROOT))).list());
        return HealthScore.ofStatuses(latest);
    }

    @Test
    void the_counted_score_equals_the_score_over_every_configured_checks_latest_state(TestDatabase db, Store store) {
        RunHistory history = new RunHistory(store.jdbi());
        Random random = new Random(7);
        List<String> all = List.of("a", "b", "c", "d", "e");
        List<List<String>> configs = List.of(all, List.of("a", "b", "c"), List.of("a", "b", "c", "d", "e", "f"), all);
        Instant latest = T0;
        int runs = 0;
        List<Integer> scores = new ArrayList<>();
        for (List<String> configured : configs) {
            for (int i = 0; i < 25; i++) {
                // now and then a run stored after a later one: the later state of its checks stays
                Instant at = random.nextDouble() < 0.2 ? latest.minusSeconds(30 + random.nextInt(300)) : latest.plusSeconds(60);
                latest = at.isAfter(latest) ? at : latest;
                List<CheckResult> results = new ArrayList<>();
                for (String check : List.of("a", "b", "c", "d", "e", "f", "unconfigured")) {
                    if (random.nextDouble() < 0.5) {
                        Status s = Status.values()[random.nextInt(Status.values().length)];
                        results.add(new CheckResult(check, "http", s, 1, null, List.of(), List.of()));
                    }
                }
                RunResult stored = history.save(RunResult.of("health", "watch", at.minusSeconds(1), at, results), configured);
                assertThat(stored.systemHealth()).as("run %d with %s", runs, configured).isEqualTo(readWhole(store.jdbi(), configured));
                scores.add(stored.systemHealth());
                runs++;
            }
        }
        assertThat(scores.stream().distinct().count()).as("scores that vary").isGreaterThan(10);
        assertThat(db.number("SELECT system_health FROM caretaker.run ORDER BY id DESC LIMIT 1")).isEqualTo((long) scores.get(scores.size() - 1));
    }

    @Test
    void runs_storing_the_same_checks_at_once_leave_the_counts_exact(TestDatabase db, Store store) throws Exception {
        RunHistory history = new RunHistory(store.jdbi());
        List<String> configured = List.of("a", "b", "c", "d");
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            for (int round = 0; round < 3; round++) { // the first round stores every check's first state
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Instant at = T0.plus(Duration.ofMinutes(round)).plusSeconds(i);
                    List<CheckResult> results = new ArrayList<>();
                    for (String check : configured) {
                        results.add(new CheckResult(check, "http", Status.values()[(i + check.charAt(0) + round) % 4], 1, null, List.of(), List.of()));
                    }
                    done.add(pool.submit(() -> {
                        start.await();
                        return history.save(RunResult.of("health", "watch", at, at, results), configured);
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get(120, java.util.concurrent.TimeUnit.SECONDS);
                }
                assertThat(db.number("SELECT ok * 100 + warning * 70 + unknown * 50 FROM caretaker.check_state_count WHERE system = 'health'"))
                        .as("round %d", round).isEqualTo(db.number("SELECT sum(CASE status WHEN 'ok' THEN 100 WHEN 'warning' THEN 70 "
                                + "WHEN 'unknown' THEN 50 ELSE 0 END) FROM caretaker.check_state WHERE system = 'health'"));
                assertThat(db.number("SELECT ok + warning + unknown + critical FROM caretaker.check_state_count")).isEqualTo(4);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_check_no_longer_configured_stops_counting_and_a_system_with_no_checks_scores_100(Store store) {
        RunHistory history = new RunHistory(store.jdbi());
        List<CheckResult> results = List.of(new CheckResult("web", "http", Status.OK, 1, null, List.of(), List.of()),
                new CheckResult("db", "postgres", Status.CRITICAL, 1, null, List.of(), List.of()));
        assertThat(history.save(RunResult.of("health", "watch", T0, T0, results), List.of("web", "db")).systemHealth()).isEqualTo(50);
        Instant later = T0.plus(Duration.ofMinutes(1));
        assertThat(history.save(RunResult.of("health", "watch", later, later, List.of(results.get(0))), List.of("web")).systemHealth())
                .as("db left the config").isEqualTo(100);
        assertThat(history.save(RunResult.of("health", "watch", later, later, List.of()), List.of()).systemHealth()).isEqualTo(100);
    }
}
