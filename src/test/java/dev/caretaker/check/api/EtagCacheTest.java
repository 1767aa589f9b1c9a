package dev.caretaker.check.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.demo.api.ApiStandIn;
import dev.caretaker.demo.api.GithubStandIn;
import dev.caretaker.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answers a check was given are kept on disk too, so the next process asks conditionally and pays nothing for "no change". */
class EtagCacheTest {
    static final String TOKEN = "ghp_etagCacheTestToken0123456789abcdef";

    @AfterEach
    void forget() {
        EtagCache.clear();
    }

    @Test
    void a_new_process_asks_with_the_etags_the_last_one_kept_and_pays_nothing_when_nothing_changed(@TempDir Path home) throws Exception {
        try (GithubStandIn gh = new GithubStandIn(TOKEN)) {
            for (int i = 0; i < 150; i++) {
                gh.run("acme/shop", 100 + i, "CI", "ci.yml", "success", Instant.now().minus(5 + 9L * i, ChronoUnit.MINUTES), 2);
            }
            Path dir = home.resolve("api-cache");
            EtagCache.clear();
            EtagCache.keepIn(dir);
            assertThat(run(gh).error()).isNull();
            assertThat(gh.seen()).extracting(ApiStandIn.Seen::status).containsExactly(200, 200);

            EtagCache.clear(); // what a new process starts with: nothing in memory
            EtagCache.keepIn(dir);
            CheckResult again = run(gh);

            assertThat(again.error()).isNull();
            List<ApiStandIn.Seen> second = gh.seen().subList(2, gh.seen().size());
            assertThat(second).extracting(ApiStandIn.Seen::status).containsExactly(304, 304);
            assertThat(second).allSatisfy(s -> assertThat(s.header("if-none-match")).isNotBlank());
            assertThat(again.measurements()).filteredOn(m -> m.metric().equals("jobs.runs")).singleElement()
                    .satisfies(m -> assertThat(m.value()).isEqualTo(150.0));
            try (var files = Files.list(dir)) {
                List<Path> answers = files.toList();
                assertThat(answers).hasSize(2).allSatisfy(f -> {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
                    assertThat(f.getFileName().toString()).matches("[0-9a-f]{64}\\.answer");
                    assertThat(Files.readString(f)).doesNotContain(TOKEN);
                });
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }

    @Test
    void without_a_folder_nothing_is_written_and_a_new_process_starts_cold(@TempDir Path home) throws Exception {
        try (GithubStandIn gh = new GithubStandIn(TOKEN)) {
            gh.run("acme/shop", 1, "CI", "ci.yml", "success", Instant.now().minus(5, ChronoUnit.MINUTES), 2);
            EtagCache.clear();
            run(gh);
            EtagCache.clear();
            run(gh);
            assertThat(gh.seen()).extracting(ApiStandIn.Seen::status).containsExactly(200, 200);
            try (var files = Files.list(home)) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    private static CheckResult run(GithubStandIn gh) {
        CaretakerConfig config = new ConfigLoader(Map.of("GH_TOKEN", TOKEN), Engine.KINDS).parse("t.yml", Path.of("t.yml"), """
                checks:
                  ci:
                    type: jobs
                    source: github-actions
                    base_url: %s
                    token: ${GH_TOKEN}
                    repository: acme/shop
                    workflows: [ci.yml]
                """.formatted(gh.url()));
        return Checks.create(config.checks().get("ci")).run(new CheckContext(Clock.systemUTC(), null, config.secrets()));
    }
}
