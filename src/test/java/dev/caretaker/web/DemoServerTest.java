package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./caretaker demo} as a server, as an operator tries it with curl: it answers /healthz and /readyz, its /metrics pass
 * Prometheus's own {@code promtool check metrics}, its weekly suite waits for Sunday 02:00 UTC, a ping turns its late heartbeat
 * back to ok, and Ctrl-C (SIGTERM) stops it with exit 0.
 */
class DemoServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> get(String url) throws Exception {
        return get(url, null);
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Process caretaker(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.caretaker.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CARETAKER_HOME", TestPostgres.HOME.toString());
        pb.environment().put("CARETAKER_DEMO_PORT_BASE", "0");
        return pb.start();
    }

    @Test
    void the_demo_server_answers_curl_passes_promtool_and_a_ping_turns_its_late_heartbeat_to_ok() throws Exception {
        TestPostgres.server(); // the demo joins the test server
        Path log = dir.resolve("demo.log");
        Process demo = caretaker(log, "demo", "--port", "0");
        try {
            Pattern serving = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+)");
            Pattern printed = Pattern.compile("API and /metrics token: (\\S+)");
            String[] base = new String[2];
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                Matcher m = serving.matcher(Files.readString(log));
                Matcher t = printed.matcher(Files.readString(log));
                if (m.find() && t.find()) {
                    base[0] = m.group(1);
                    base[1] = t.group(1);
                    return true;
                }
                assertThat(demo.isAlive()).as(Files.readString(log)).isTrue();
                return false;
            });
            assertThat(Files.readString(log)).contains("heartbeat.late").contains("scheduled-function");
            assertThat(get(base[0] + "/healthz").body()).isEqualTo("ok\n");
            HttpResponse<String> ready = get(base[0] + "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).as("the status only, to anyone").isEqualTo("{\"ready\":true}");
            assertThat(get(base[0] + "/readyz", base[1]).body()).contains("\"ready\":true").contains("\"scheduler\":\"running\"");

            assertThat(get(base[0] + "/metrics").statusCode()).as("/metrics without the token").isEqualTo(401);
            String metrics = get(base[0] + "/metrics", base[1]).body();
            assertThat(metrics).contains("caretaker_check_status{check=\"scheduled-function\",type=\"heartbeat\"} 1.0")
                    .contains("caretaker_incidents_open{priority=\"P1\"}").contains("jvm_memory_used_bytes");
            Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
            promtool.getOutputStream().close();
            String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(promtool.exitValue()).as("promtool check metrics: " + verdict).isZero();

            // the weekly self-check waits for its Sunday, 02:00 UTC
            Path listing = dir.resolve("heartbeats.log");
            Path envFile = TestPostgres.HOME.resolve("demo/invoicing.env");
            Process hb = caretaker(listing, "heartbeats", "-c", "examples/invoicing/caretaker.yml", "--env-file", envFile.toString(),
                    "--base-url", base[0]);
            assertThat(hb.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Matcher url = Pattern.compile("scheduled-function  (\\S+)").matcher(Files.readString(listing));
            assertThat(url.find()).as(Files.readString(listing)).isTrue();
            HttpResponse<String> ping = HTTP.send(HttpRequest.newBuilder(URI.create(url.group(1))).POST(HttpRequest.BodyPublishers.ofString("ran\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ping.body()).isEqualTo("OK\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> get(base[0] + "/metrics", base[1]).body()
                    .contains("caretaker_check_status{check=\"scheduled-function\",type=\"heartbeat\"} 0.0"));
            assertThat(Files.readString(log)).contains("heartbeat scheduled-function run #");

            // the demo watches itself: its server pings a stand-in of Healthchecks, which sees the check down, as the weekly run
            // it made is critical (a beat says so with /fail until a run of that suite ends ok)
            Matcher watched = Pattern.compile("curl -H 'X-Api-Key: \\$HEALTHCHECKS_API_KEY' (\\S+)").matcher(Files.readString(log));
            assertThat(watched.find()).as(Files.readString(log)).isTrue();
            String key = Files.readAllLines(envFile).stream().filter(l -> l.startsWith("HEALTHCHECKS_API_KEY=")).findFirst().orElseThrow()
                    .substring("HEALTHCHECKS_API_KEY=".length()).replace("'", "").replace("\"", "");
            HttpRequest.Builder asked = HttpRequest.newBuilder(URI.create(watched.group(1))).header("X-Api-Key", key);
            await().atMost(Duration.ofSeconds(90)).until(() -> !HTTP.send(asked.build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("\"n_pings\":0"));
            assertThat(HTTP.send(asked.build(), HttpResponse.BodyHandlers.ofString()).body()).contains("\"status\":\"down\"");
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(watched.group(1))).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("the Management API needs the key").isEqualTo(401);

            try (var c = TestPostgres.server().connect(dev.caretaker.store.Store.EMBEDDED_DATABASE, "test"); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT execution_time FROM caretaker.scheduled_tasks WHERE task_name = 'caretaker:freelancer-invoicing' "
                         + "AND task_instance = 'suite:weekly-self-check'")) {
                assertThat(rs.next()).isTrue();
                ZonedDateTime next = rs.getTimestamp(1).toInstant().atZone(ZoneOffset.UTC);
                assertThat(next.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
                assertThat(next.getHour()).isEqualTo(2);
                assertThat(next.getMinute()).isZero();
                assertThat(next.toInstant()).isAfter(java.time.Instant.now()).isBefore(java.time.Instant.now().plus(Duration.ofDays(7)));
            }
        } finally {
            demo.destroy(); // SIGTERM, as Ctrl-C
            assertThat(demo.waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(demo.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("stopped");
    }
}
