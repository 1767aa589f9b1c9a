package dev.caretaker.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code self_check:}: its defaults, its URL a secret, and clear errors that never show the URL. */
class SelfCheckConfigTest {
    @TempDir
    Path dir;

    private CaretakerConfig load(String yaml, Map<String, String> env) throws Exception {
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, yaml);
        return Engine.configLoader(env).read(f);
    }

    private List<String> problems(String yaml) throws Exception {
        try {
            load(yaml, Map.of());
        } catch (ConfigException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    @Test
    void defaults_and_the_url_is_a_secret() throws Exception {
        String url = "https://hc-ping.com/0b6a8b3e-5f1c-4c8e-9d0e-7a1f2b3c4d5e";
        CaretakerConfig c = load("self_check: {url: \"${HC_URL}\"}\n", Map.of("HC_URL", url));
        assertThat(c.selfCheck().enabled()).isTrue();
        assertThat(c.selfCheck().every()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.selfCheck().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.selfCheck().sendRuns()).isTrue();
        assertThat(c.secrets().redact("pinging " + url + "/fail")).doesNotContain("0b6a8b3e");
        assertThat(load("system: x\n", Map.of()).selfCheck().enabled()).as("off without the section").isFalse();
    }

    @Test
    void a_bad_url_or_key_is_refused_by_name_without_showing_the_url() throws Exception {
        assertThat(problems("self_check: {url: \"hc-ping.com/secret-uuid-123\"}\n"))
                .anyMatch(p -> p.contains("self_check.url must be an http(s) ping URL") && !p.contains("secret-uuid-123"));
        assertThat(problems("self_check: {url: \"https://hc-ping.com/u\", beat: 1m}\n")).anyMatch(p -> p.contains("beat"));
        assertThat(problems("self_check: {url: \"https://hc-ping.com/u\", every: 0s}\n")).anyMatch(p -> p.contains("every"));
    }

    @Test
    void a_timeout_not_shorter_than_the_beat_a_fragment_and_an_empty_url() throws Exception {
        assertThat(problems("self_check: {url: \"https://hc-ping.com/u\", every: 5s, timeout: 10s}\n"))
                .anyMatch(p -> p.contains("self_check.timeout (10s) must be shorter than self_check.every (5s)"));
        assertThat(problems("self_check: {url: \"https://hc-ping.com/u\", every: 5s}\n")).as("the default timeout is 10s")
                .anyMatch(p -> p.contains("must be shorter than self_check.every"));
        assertThat(problems("self_check: {url: \"https://hc-ping.com/u#frag\"}\n")).anyMatch(p -> p.contains("without a #fragment"));
        assertThat(load("self_check: {url: \"${HC_URL:-}\"}\n", Map.of()).selfCheck().enabled()).as("empty: off").isFalse();
    }
}
