package dev.caretaker.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
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

/**
 * The system's health score, kept as counts by status that each run moves, equals the score over the latest state of
 * every configured check read whole (as it was computed before), whatever the config and the order runs are stored in.
 */
class SystemHealthTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** The score as it was computed before counts: every configured check's latest state, read. */
    private static int readWhole(Jdbi jdbi, Collection<String> configured) {
        List<Status> latest = jdbi.withHandle(h -> h.createQuery("SELECT status FROM check_state WHERE system = 'health' AND check_name IN (<checks>)")
                .bindList("checks", List.copyOf(configured)).mapTo(String.class).map(s -> Status.valueOf(s.toUpperCase(Locale.ROOT))).list());
        return HealthScore.ofStatuses(latest);
    }

    @Test
    void the_counted_score_equals_the_score_over_every_configured_checks_latest_state() {
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
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
    }

    @Test
    void a_check_no_longer_configured_stops_counting_and_a_system_with_no_checks_scores_100() {
        try (TestDatabase db = new TestDatabase(); Store store = db.store()) {
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
}
