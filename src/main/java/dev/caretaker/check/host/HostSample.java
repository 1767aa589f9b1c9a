package dev.caretaker.check.host;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One look at a machine: CPU time counters (idle and total, in any unit), memory total and available, each file system's
 * size and space available, the one-minute load and the number of CPUs. Read from /proc here, or from node_exporter's text.
 */
record HostSample(double cpuIdle, double cpuTotal, double memTotal, double memAvailable, List<Fs> filesystems, double load1, int cpus) {
    /** A mounted file system: where, its type, its size and what unprivileged users may still write, in bytes. */
    record Fs(String mount, String type, double size, double available) {
    }

    /**
     * File systems that hold no data of the app, as node_exporter leaves them out by default — but a container's overlay
     * root is kept: in a container it is the disk that fills.
     */
    static final Pattern SKIP_MOUNTS = Pattern.compile("^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");
    static final Pattern SKIP_TYPES = Pattern.compile("^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|"
            + "iso9660|mqueue|nsfs|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs|tmpfs|ramfs|nfsd)$");

    static boolean kept(String mount, String type) {
        return !SKIP_MOUNTS.matcher(mount).find() && !SKIP_TYPES.matcher(type).matches();
    }

    /** This machine, from /proc and the file systems Java sees. */
    static HostSample local() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        double total = 0;
        for (int i = 1; i < cpu.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal; guest time is in user already
            total += Double.parseDouble(cpu[i]);
        }
        double idle = Double.parseDouble(cpu[4]);
        Map<String, Double> mem = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            String[] p = line.split("[:\\s]+");
            if (p.length >= 2) {
                mem.put(p[0], Double.parseDouble(p[1]) * 1024);
            }
        }
        List<Fs> fs = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] p = line.split(" ");
            if (p.length < 3) {
                continue;
            }
            String mount = p[1].replace("\\040", " ");
            if (!kept(mount, p[2]) || seen.put(mount, true) != null) {
                continue;
            }
            try {
                FileStore store = Files.getFileStore(Path.of(mount));
                if (store.getTotalSpace() > 0) {
                    fs.add(new Fs(mount, p[2], store.getTotalSpace(), store.getUsableSpace()));
                }
            } catch (IOException | SecurityException e) {
                // a mount this process may not look into is not one it can judge
            }
        }
        double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        return new HostSample(idle, total, mem.getOrDefault("MemTotal", 0.0), mem.getOrDefault("MemAvailable", mem.getOrDefault("MemFree", 0.0)),
                fs, load, Runtime.getRuntime().availableProcessors());
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A machine from node_exporter's text exposition (cpu, meminfo, filesystem and loadavg collectors). */
    static HostSample parse(String exposition) {
        double idle = 0;
        double total = 0;
        double memTotal = Double.NaN;
        double memAvailable = Double.NaN;
        double load = Double.NaN;
        java.util.Set<String> cpus = new java.util.HashSet<>();
        Map<String, double[]> sizes = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String name = m.group(1);
            double value;
            try {
                value = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            switch (name) {
                case "node_cpu_seconds_total" -> {
                    total += value;
                    cpus.add(labels.getOrDefault("cpu", ""));
                    if ("idle".equals(labels.get("mode"))) {
                        idle += value;
                    }
                }
                case "node_memory_MemTotal_bytes" -> memTotal = value;
                case "node_memory_MemAvailable_bytes" -> memAvailable = value;
                case "node_load1" -> load = value;
                case "node_filesystem_size_bytes", "node_filesystem_avail_bytes" -> {
                    String mount = labels.getOrDefault("mountpoint", "");
                    types.put(mount, labels.getOrDefault("fstype", ""));
                    sizes.computeIfAbsent(mount, k -> new double[] {Double.NaN, Double.NaN})[name.endsWith("size_bytes") ? 0 : 1] = value;
                }
                default -> { }
            }
        }
        List<Fs> fs = new ArrayList<>();
        sizes.forEach((mount, v) -> {
            if (!Double.isNaN(v[0]) && !Double.isNaN(v[1]) && v[0] > 0 && kept(mount, types.get(mount))) {
                fs.add(new Fs(mount, types.get(mount), v[0], v[1]));
            }
        });
        return new HostSample(idle, total, memTotal, memAvailable, fs, load, cpus.size());
    }
}
