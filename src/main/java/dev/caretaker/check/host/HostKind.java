package dev.caretaker.check.host;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.HostCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.Units;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code type: host}: CPU, memory, disk and load of this machine, or of one with node_exporter. */
public final class HostKind implements CheckKind {
    /** The keys of one level ({@code cpu}, {@code memory}, {@code disk_free}). */
    public static final List<String> LEVEL_KEYS = List.of("warning", "critical");
    private static final List<Metric> METRICS = List.of(
            Metric.of("host.cpu_percent", "percent", "CPU busy over the sample"),
            Metric.of("host.memory_percent", "percent", "memory in use (total less available)"),
            Metric.of("host.memory_available_bytes", "bytes", "memory available to new work"),
            Metric.of("host.disk_used_percent", "percent", "space used of a file system", "mount"),
            Metric.of("host.disk_free_bytes", "bytes", "space free to unprivileged users on a file system", "mount"),
            Metric.of("host.load1", "load", "one-minute load average"),
            Metric.of("host.load_per_cpu", "load", "one-minute load average per CPU"));

    @Override
    public String name() {
        return "host";
    }

    @Override
    public List<String> keys() {
        return List.of("source", "sample", "timeout", "cpu", "memory", "disk_free", "mounts");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String source = s.string("source", "local");
        Optional<URI> url = source.equals("local") ? Optional.empty()
                : s.url("source", List.of("http", "https"), "local, or node_exporter's http://db-host:9100/metrics");
        List<String> mounts = s.strings("mounts");
        for (String mount : mounts) {
            if (!mount.startsWith("/")) {
                s.problem("mounts", "'" + mount + "' is not a mount point; write absolute paths such as / or /var/lib/postgresql");
            }
        }
        return new HostCheckConfig(this, draft.name(), draft.description(), url,
                s.duration("sample", HostCheckConfig.DEFAULT_SAMPLE, Duration.ofMillis(100), Duration.ofSeconds(60)),
                s.duration("timeout", HostCheckConfig.DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(5)),
                level(s, "cpu", HostCheckConfig.DEFAULT_CPU, true), level(s, "memory", HostCheckConfig.DEFAULT_MEMORY, true),
                level(s, "disk_free", HostCheckConfig.DEFAULT_DISK_FREE, false), List.copyOf(mounts));
    }

    /** {@code {warning: 80%, critical: 95%}}; {@code none} switches a level off. Above for usage, below for free space. */
    private static HostCheckConfig.Level level(Section s, String key, HostCheckConfig.Level fallback, boolean above) {
        Section l = s.section(key, LEVEL_KEYS);
        double warning = l.parsed("warning", HostKind::percentOrNone).orElse(fallback.warning());
        double critical = l.parsed("critical", HostKind::percentOrNone).orElse(fallback.critical());
        if (!Double.isNaN(warning) && !Double.isNaN(critical) && (above ? critical < warning : critical > warning)) {
            s.problem(key, "'" + s.keyPath(key) + "': critical (" + critical + " %) must be " + (above ? "above" : "below")
                    + " warning (" + warning + " %)");
        }
        return new HostCheckConfig.Level(warning, critical);
    }

    private static double percentOrNone(String s) {
        return s.trim().equalsIgnoreCase("none") ? Double.NaN : Units.parsePercent(s);
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new HostCheck((HostCheckConfig) config);
    }
}
