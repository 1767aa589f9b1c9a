package dev.caretaker.check.network;

import dev.caretaker.config.PingCheckConfig;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The system's {@code ping} (iputils or BusyBox), run once with {@code -c COUNT}, its reply lines read. */
final class PingProgram {
    /** A reply line: "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms". */
    private static final Pattern REPLY = Pattern.compile("time[=<]([0-9.]+) ?ms");
    private static final Pattern TRANSMITTED = Pattern.compile("(\\d+) packets transmitted");

    /** The program's output could not be read as pings. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private PingProgram() {
    }

    static PingCheck.Echoes run(Path program, PingCheckConfig config) throws UnknownHostException, Unreadable, InterruptedException {
        long waitSeconds = Math.max(1, (config.timeout().toMillis() + 999) / 1000);
        ProcessBuilder pb = new ProcessBuilder(program.toString(), "-n", "-c", String.valueOf(config.count()), "-W",
                String.valueOf(waitSeconds), config.host()).redirectErrorStream(true);
        String output;
        int exit;
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(config.count() * (waitSeconds + 1) + 5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new Unreadable(program + " did not finish in time");
            }
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = p.exitValue();
        } catch (IOException e) {
            throw new Unreadable("cannot run " + program + ": " + e.getMessage());
        }
        return parse(output, exit, config);
    }

    /** The echoes in {@code output}; exit 1 is "no reply" (iputils), 2 an error such as a name that does not resolve. */
    static PingCheck.Echoes parse(String output, int exit, PingCheckConfig config) throws UnknownHostException, Unreadable {
        List<Double> rtts = new ArrayList<>();
        Matcher m = REPLY.matcher(output);
        while (m.find()) {
            rtts.add(Double.parseDouble(m.group(1)));
        }
        Matcher t = TRANSMITTED.matcher(output);
        if (!t.find()) {
            String first = output.lines().filter(l -> !l.isBlank()).findFirst().orElse("(no output)").strip();
            if (first.contains("Name or service not known") || first.contains("unknown host") || first.contains("bad address")) {
                throw new UnknownHostException(config.host());
            }
            throw new Unreadable("ping exited " + exit + ": " + Lines.abbreviate(first));
        }
        int sent = Math.max(1, Integer.parseInt(t.group(1)));
        return new PingCheck.Echoes(sent, rtts.subList(0, Math.min(rtts.size(), sent)), null);
    }
}
