package dev.caretaker.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU, memory and disk of this machine, of a real node_exporter, and of a planted exposition with a full disk and its twin. */
class HostCheckTest {
    @TempDir
    Path dir;

    private CaretakerConfig config(String checks) throws Exception {
        Path file = dir.resolve("caretaker.yml");
        Files.writeString(file, "checks:\n" + checks.indent(2));
        return Engine.configLoader(new HashMap<>(System.getenv())).read(file);
    }

    private static CheckResult run(CaretakerConfig config, String check) {
        try (MonitoredDatabases dbs = new MonitoredDatabases(Map.of(), null, config.secrets())) {
            return Checks.create(config.checks().get(check)).run(new CheckContext(Clock.systemUTC(), dbs, config.secrets()));
        }
    }

    private static double value(CheckResult r, String metric) {
        return r.measurements().stream().filter(m -> m.metric().equals(metric)).findFirst().orElseThrow(() -> new AssertionError("no " + metric)).value();
    }

    @Test
    void this_machine_is_measured_and_judged_by_its_levels() throws Exception {
        CaretakerConfig c = config("""
                here: {type: host, sample: 200ms, memory: {warning: "0.5%", critical: none}, disk_free: {warning: "100%", critical: none}}
                calm: {type: host, sample: 200ms, cpu: {warning: none, critical: none}, memory: {warning: none, critical: none},
                       disk_free: {warning: none, critical: none}}
                missing: {type: host, sample: 200ms, mounts: [/no/such/mount], cpu: {warning: none, critical: none},
                          memory: {warning: none, critical: none}}
                """);
        CheckResult r = run(c, "here");
        assertThat(r.error()).isNull();
        assertThat(value(r, "host.cpu_percent")).isBetween(0.0, 100.0);
        assertThat(value(r, "host.memory_percent")).isBetween(0.5, 100.0);
        assertThat(value(r, "host.load1")).isGreaterThanOrEqualTo(0.0);
        assertThat(r.measurements()).as("every real file system, a container's root included")
                .anySatisfy(m -> assertThat(m.metric()).isEqualTo("host.disk_used_percent"))
                .noneSatisfy(m -> assertThat(m.labels().getOrDefault("mount", "")).startsWith("/proc"));
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo("host.memory");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("% in use").endsWith("warning above 0.5 %");
        }).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo("host.disk");
            assertThat(f.message()).contains("% free (").endsWith("warning below 100 %");
        });
        CheckResult calm = run(c, "calm");
        assertThat(calm.findings()).as("every level switched off").isEmpty();
        assertThat(calm.status()).isEqualTo(Status.OK);
        CheckResult missing = run(c, "missing");
        assertThat(missing.status()).isEqualTo(Status.UNKNOWN);
        assertThat(missing.error()).startsWith("no file system is mounted at /no/such/mount (mounts: ");
    }

    @Test
    void a_real_node_exporter_is_read_as_this_machine_is() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus-node-exporter");
        assertThat(binary).as("scripts/test installs prometheus-node-exporter").isExecutable();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process exporter = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port, "--collector.disable-defaults",
                "--collector.cpu", "--collector.meminfo", "--collector.filesystem", "--collector.loadavg").redirectErrorStream(true)
                .redirectOutput(dir.resolve("exporter.log").toFile()).start();
        try {
            String url = "http://127.0.0.1:" + port + "/metrics";
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            CaretakerConfig c = config("node: {type: host, source: \"" + url + "\", sample: 500ms}\n");
            CheckResult r = run(c, "node");
            assertThat(r.error()).as(Files.readString(dir.resolve("exporter.log"))).isNull();
            assertThat(value(r, "host.cpu_percent")).isBetween(0.0, 100.0);
            assertThat(value(r, "host.memory_percent")).isBetween(0.0, 100.0);
            assertThat(value(r, "host.load1")).isGreaterThanOrEqualTo(0.0);
            assertThat(value(r, "host.load_per_cpu")).isGreaterThanOrEqualTo(0.0);
        } finally {
            exporter.destroy();
            exporter.waitFor();
        }
    }

    /** node_exporter's text with a CPU that was busy {@code busy} of each 100 ticks and a /data file system {@code usedPercent} full. */
    private static HttpServer exporter(int busy, int usedPercent) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger scrapes = new AtomicInteger();
        server.createContext("/metrics", x -> {
            int n = scrapes.getAndIncrement();
            String body = """
                    # HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
                    # TYPE node_cpu_seconds_total counter
                    node_cpu_seconds_total{cpu="0",mode="idle"} %d
                    node_cpu_seconds_total{cpu="0",mode="user"} %d
                    node_memory_MemTotal_bytes 1.6e+10
                    node_memory_MemAvailable_bytes 8e+09
                    node_filesystem_size_bytes{device="/dev/sdb1",fstype="ext4",mountpoint="/data"} 1e+11
                    node_filesystem_avail_bytes{device="/dev/sdb1",fstype="ext4",mountpoint="/data"} %d
                    node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1e+09
                    node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1
                    node_load1 3.5
                    """.formatted(1000 + n * (100 - busy), 1000 + n * busy, (100 - usedPercent) * 1_000_000_000L);
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        return server;
    }

    @Test
    void a_full_disk_and_a_busy_cpu_are_found_and_their_healthy_twin_passes() throws Exception {
        HttpServer sick = exporter(93, 97);
        HttpServer healthy = exporter(10, 50);
        try {
            CaretakerConfig c = config("""
                    sick: {type: host, source: "http://127.0.0.1:%d/metrics", sample: 100ms}
                    healthy: {type: host, source: "http://127.0.0.1:%d/metrics", sample: 100ms}
                    """.formatted(sick.getAddress().getPort(), healthy.getAddress().getPort()));
            CheckResult r = run(c, "sick");
            assertThat(value(r, "host.cpu_percent")).isEqualTo(93.0);
            assertThat(r.findings()).extracting(Finding::code, Finding::severity, Finding::subject).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("host.cpu", Severity.WARNING, "sick"),
                    org.assertj.core.groups.Tuple.tuple("host.disk", Severity.CRITICAL, "/data"));
            assertThat(r.findings()).filteredOn(f -> f.code().equals("host.disk")).singleElement()
                    .satisfies(f -> assertThat(f.message()).isEqualTo("/data has 3.0 % free (2.8 GB of 93.1 GB); critical below 5 %"));
            assertThat(r.measurements()).as("tmpfs is no disk of the app").noneSatisfy(m -> assertThat(m.labels()).containsEntry("mount", "/run"));
            assertThat(value(r, "host.load1")).isEqualTo(3.5);
            assertThat(value(r, "host.load_per_cpu")).isEqualTo(3.5);
            assertThat(value(r, "host.memory_percent")).isEqualTo(50.0);
            CheckResult twin = run(c, "healthy");
            assertThat(twin.findings()).isEmpty();
            assertThat(value(twin, "host.cpu_percent")).isEqualTo(10.0);
            assertThat(twin.measurements()).anySatisfy(m -> {
                assertThat(m.metric()).isEqualTo("host.disk_used_percent");
                assertThat(m.value()).isEqualTo(50.0);
            });
        } finally {
            sick.stop(0);
            healthy.stop(0);
        }
    }
}
