package dev.caretaker.check.host;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.HostCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type: host}: CPU busy over a short sample, memory in use, free space per file system and load, from this machine's
 * /proc or a node_exporter; {@code host.cpu}, {@code host.memory} and {@code host.disk} (per mount) beyond their levels. The
 * measurements feed rules, baselines and forecasts ({@code host.disk_used_percent} has a known limit: "disk full around …").
 */
public final class HostCheck implements Check {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final HostCheckConfig config;

    public HostCheck(HostCheckConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return config.type();
    }

    private HostSample sample() throws IOException, InterruptedException {
        if (config.url().isEmpty()) {
            return HostSample.local();
        }
        URI url = config.url().get();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url).timeout(config.timeout()).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode() + "; it should be node_exporter's /metrics");
        }
        HostSample s = HostSample.parse(r.body());
        if (s.cpuTotal() == 0 && Double.isNaN(s.memTotal())) {
            throw new IOException(url + " has no node_cpu_seconds_total or node_memory_* series; is it node_exporter's /metrics?");
        }
        return s;
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        HostSample first;
        HostSample second;
        try {
            first = sample();
            Thread.sleep(config.sample().toMillis());
            second = sample();
        } catch (IOException e) {
            return out.error("cannot read " + config.url().map(URI::toString).orElse("this machine's /proc") + ": " + e.getMessage()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out.error("interrupted").build();
        }
        double dt = second.cpuTotal() - first.cpuTotal();
        if (dt > 0) {
            double busy = Math.max(0, Math.min(100, 100 * (1 - (second.cpuIdle() - first.cpuIdle()) / dt)));
            out.measure("host.cpu_percent", round(busy), "check", name());
            judge(out, "host.cpu", name(), busy, config.cpu(), true, String.format(Locale.ROOT, "CPU %.1f %% busy over %s", busy,
                    Units.formatDuration(config.sample())), Map.of("cpus", second.cpus()));
        }
        if (second.memTotal() > 0 && !Double.isNaN(second.memAvailable())) {
            double used = 100 * (1 - second.memAvailable() / second.memTotal());
            out.measure("host.memory_percent", round(used), "check", name());
            out.measure("host.memory_available_bytes", second.memAvailable(), "check", name());
            judge(out, "host.memory", name(), used, config.memory(), true, String.format(Locale.ROOT, "memory %.1f %% in use (%s available of %s)",
                    used, Units.formatBytes(second.memAvailable()), Units.formatBytes(second.memTotal())), Map.of("total_bytes", second.memTotal()));
        }
        for (HostSample.Fs fs : second.filesystems()) {
            if (!config.mounts().isEmpty() && !config.mounts().contains(fs.mount())) {
                continue;
            }
            double free = 100 * fs.available() / fs.size();
            out.measure("host.disk_used_percent", round(100 - free), "check", name(), "mount", fs.mount());
            out.measure("host.disk_free_bytes", fs.available(), "check", name(), "mount", fs.mount());
            judge(out, "host.disk", fs.mount(), free, config.diskFree(), false, String.format(Locale.ROOT, "%s has %.1f %% free (%s of %s)",
                    fs.mount(), free, Units.formatBytes(fs.available()), Units.formatBytes(fs.size())), Map.of("fstype", fs.type(), "size_bytes", fs.size()));
        }
        for (String wanted : config.mounts()) {
            if (second.filesystems().stream().noneMatch(f -> f.mount().equals(wanted))) {
                out.error("no file system is mounted at " + wanted + " (mounts: " + String.join(", ", second.filesystems().stream()
                        .map(HostSample.Fs::mount).toList()) + ")", List.of());
            }
        }
        if (!Double.isNaN(second.load1())) {
            out.measure("host.load1", second.load1(), "check", name());
            if (second.cpus() > 0) {
                out.measure("host.load_per_cpu", round(second.load1() / second.cpus()), "check", name());
            }
        }
        return out.build();
    }

    /** A finding when {@code value} is beyond a level: above it for usage, below it for free space. */
    private static void judge(ResultBuilder out, String code, String subject, double value, HostCheckConfig.Level level, boolean above,
                              String message, Map<String, Object> more) {
        Severity severity = beyond(value, level.critical(), above) ? Severity.CRITICAL : beyond(value, level.warning(), above) ? Severity.WARNING : null;
        if (severity == null) {
            return;
        }
        double limit = severity == Severity.CRITICAL ? level.critical() : level.warning();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("value_percent", round(value));
        evidence.put(severity.label() + "_" + (above ? "above" : "below") + "_percent", limit);
        evidence.putAll(more);
        out.find(new Finding(code, severity, subject, message + String.format(Locale.ROOT, "; %s %s %s %%", severity.label(), above ? "above" : "below",
                (limit == Math.rint(limit) ? String.valueOf((long) limit) : String.valueOf(limit))), evidence));
    }

    private static boolean beyond(double value, double limit, boolean above) {
        return !Double.isNaN(limit) && (above ? value > limit : value < limit);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
