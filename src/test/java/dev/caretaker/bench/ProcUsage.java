package dev.caretaker.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a group of processes has used, read from /proc: CPU time (utime + stime; for a parent that reaps its children, such
 * as PostgreSQL's postmaster, also cutime + cstime, so backends and autovacuum workers that came and went are counted),
 * resident memory (the sum of VmRSS, which counts shared memory once per process) and proportional memory (the sum of Pss
 * from smaps_rollup, which shares each shared page out among the processes that map it).
 */
record ProcUsage(long cpuMillis, long rssKb, long pssKb, int processes) {
    static final ProcUsage NONE = new ProcUsage(0, 0, 0, 0);
    /** USER_HZ: what /proc/PID/stat counts CPU time in, 100 on every Linux this runs on. */
    private static final long MILLIS_PER_TICK = 10;

    ProcUsage plus(ProcUsage other) {
        return new ProcUsage(cpuMillis + other.cpuMillis, rssKb + other.rssKb, pssKb + other.pssKb, processes + other.processes);
    }

    double cpuSeconds() {
        return cpuMillis / 1000.0;
    }

    /** One process, its threads included; NONE when it has gone. */
    static ProcUsage of(long pid) {
        return read(pid, false);
    }

    /**
     * A parent and its live children, with what the children that already exited used (the parent's cutime and cstime,
     * counted when it reaped them): PostgreSQL's postmaster and every backend and worker it forked.
     */
    static ProcUsage tree(long parent) throws IOException {
        ProcUsage sum = read(parent, true);
        for (long child : children(parent)) {
            sum = sum.plus(read(child, false));
        }
        return sum;
    }

    static List<Long> children(long parent) throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                String[] f = statFields(Long.parseLong(p.getFileName().toString()));
                if (f != null && Long.parseLong(f[1]) == parent) {
                    found.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        }
        return found;
    }

    /** The start time of a process in clock ticks since boot: with its pid, what tells it from a later one given the same pid. */
    static long startTime(long pid) {
        String[] f = statFields(pid);
        return f == null ? -1 : Long.parseLong(f[19]);
    }

    private static ProcUsage read(long pid, boolean withReapedChildren) {
        String[] f = statFields(pid);
        if (f == null) {
            return NONE;
        }
        // the fields after the command's closing parenthesis: f[0] is field 3 (state), so field k is f[k - 3]
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + (withReapedChildren ? Long.parseLong(f[13]) + Long.parseLong(f[14]) : 0);
        return new ProcUsage(ticks * MILLIS_PER_TICK, kb(pid, "status", "VmRSS:"), kb(pid, "smaps_rollup", "Pss:"), 1);
    }

    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // gone between listing and reading
        }
    }

    private static long kb(long pid, String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or a kernel thread without the file
        }
        return 0;
    }

    /** The whole machine's busy and total jiffies from /proc/stat, for its busy share over an interval. */
    static long[] machine() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        long total = 0;
        for (int i = 1; i <= 8 && i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] {total - idle, total};
    }
}
