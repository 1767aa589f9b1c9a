package dev.caretaker.check.network;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How this process can send ICMP echo. Java's {@code InetAddress.isReachable} sends a real ICMP echo only when it may open a
 * raw socket (on Linux: the CAP_NET_RAW capability, which root has); without it, it quietly tries a TCP connection to port 7
 * instead and counts a refusal as an answer, which is no ping at all. So Caretaker uses it only with the capability, else the
 * system's {@code ping} program (which has its own privilege, or unprivileged ICMP sockets), else it says why it cannot.
 */
final class Icmp {
    /** CAP_NET_RAW's bit in the capability sets of /proc/PID/status (linux/capability.h). */
    static final int CAP_NET_RAW = 13;

    enum Way { RAW_SOCKET, PING_PROGRAM, NONE }

    record Means(Way way, Path program, String why) {
    }

    private Icmp() {
    }

    /** The way open to a process whose /proc status is {@code procStatus} (absent off Linux) and whose PATH is {@code path}. */
    static Means choose(Optional<String> procStatus, String path) {
        if (procStatus.map(Icmp::hasNetRaw).orElse(false)) {
            return new Means(Way.RAW_SOCKET, null, "ICMP echo from this process (it has CAP_NET_RAW)");
        }
        Optional<Path> ping = program(path);
        if (ping.isPresent()) {
            return new Means(Way.PING_PROGRAM, ping.get(), "ICMP echo by " + ping.get());
        }
        return new Means(Way.NONE, null, "cannot send ICMP echo: "
                + (procStatus.isPresent() ? "this process lacks the CAP_NET_RAW privilege"
                : "this system does not say whether this process may")
                + " and no ping program is on the PATH; run Caretaker as root or give its java CAP_NET_RAW "
                + "(setcap cap_net_raw+ep), or install ping (apt-get install iputils-ping)");
    }

    /** The way open to this process. */
    static Means current() {
        Optional<String> status;
        try {
            status = Optional.of(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            status = Optional.empty();
        }
        return choose(status, System.getenv().getOrDefault("PATH", ""));
    }

    static boolean hasNetRaw(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (caps >>> CAP_NET_RAW & 1) == 1;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static Optional<Path> program(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path p = Path.of(dir, "ping");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
