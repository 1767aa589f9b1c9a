package dev.caretaker.check.network;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.Condition;
import dev.caretaker.config.PingCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** {@code type: ping}: {@code count} ICMP echoes to the host, their loss and mean round trip judged; unknown where ICMP is not allowed. */
public final class PingCheck extends ConfiguredCheck<PingCheckConfig> {
    private final Supplier<Icmp.Means> means;

    public PingCheck(PingCheckConfig config) {
        this(config, Icmp::current);
    }

    /** With the way to send ICMP chosen by {@code means} (the process's own, or as a test sets it up). */
    PingCheck(PingCheckConfig config, Supplier<Icmp.Means> means) {
        super(config);
        this.means = means;
    }

    /** Round trips of the echoes that came back, in milliseconds, and why the others did not (if known). */
    record Echoes(int sent, List<Double> rtts, String trouble) {
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        Icmp.Means how = means.get();
        if (how.way() == Icmp.Way.NONE) {
            return out.error(how.why()).build();
        }
        Echoes echoes;
        try {
            echoes = how.way() == Icmp.Way.RAW_SOCKET ? raw() : PingProgram.run(how.program(), config);
        } catch (UnknownHostException e) {
            echoes = new Echoes(config.count(), List.of(), "the host name " + config.host() + " does not resolve");
        } catch (PingProgram.Unreadable e) {
            return out.error(e.getMessage()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out.error("interrupted").build();
        }
        judge(echoes, how, out);
        return out.build();
    }

    private Echoes raw() throws UnknownHostException {
        InetAddress address = InetAddress.getByName(config.host());
        List<Double> rtts = new ArrayList<>();
        String trouble = null;
        for (int i = 0; i < config.count(); i++) {
            long start = System.nanoTime();
            try {
                if (address.isReachable((int) config.timeout().toMillis())) {
                    rtts.add((System.nanoTime() - start) / 1_000_000.0);
                }
            } catch (IOException e) {
                trouble = e.getMessage(); // e.g. "Network is unreachable"
            }
        }
        return new Echoes(config.count(), rtts, trouble);
    }

    private void judge(Echoes echoes, Icmp.Means how, ResultBuilder out) {
        int lost = echoes.sent() - echoes.rtts().size();
        double lossPercent = 100.0 * lost / echoes.sent();
        out.measure("ping.loss_percent", Math.round(lossPercent * 10) / 10.0, "check", name());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("host", config.host());
        e.put("sent", echoes.sent());
        e.put("received", echoes.rtts().size());
        e.put("how", how.why());
        if (echoes.trouble() != null) {
            e.put("reason", echoes.trouble());
        }
        if (lost > 0) {
            boolean all = echoes.rtts().isEmpty();
            String reason = echoes.trouble() == null ? "" : " (" + echoes.trouble() + ")";
            out.find(new Finding("ping.loss", all ? Severity.CRITICAL : Severity.WARNING, config.host(), all
                    ? config.host() + " did not answer any of " + echoes.sent() + " pings within " + Units.formatDuration(config.timeout())
                    + reason
                    : String.format(Locale.ROOT, "%d of %d pings to %s got no reply (%.0f %% loss)%s", lost, echoes.sent(), config.host(),
                    lossPercent, reason), e));
        }
        if (echoes.rtts().isEmpty()) {
            return;
        }
        double mean = echoes.rtts().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double rounded = Math.round(mean * 10) / 10.0;
        out.measure("ping.rtt_ms", rounded, "check", name());
        Condition rule = NetworkConditions.about(config.expect(), Condition.Subject.LATENCY).orElse(null);
        boolean slow = rule == null ? mean > PingCheckConfig.DEFAULT_SLOW.toMillis()
                : !rule.operator().compare(mean, rule.expectedDuration().toMillis());
        if (slow) {
            String expected = rule == null ? "latency <= " + Units.formatDuration(PingCheckConfig.DEFAULT_SLOW) : rule.text();
            Map<String, Object> s = new LinkedHashMap<>(e);
            s.put("rtt_ms", rounded);
            s.put("expected", expected);
            out.find(new Finding("ping.slow", Severity.WARNING, config.host(), String.format(Locale.ROOT,
                    "pings to %s took %.1f ms on average (expected %s)", config.host(), mean, expected), s));
        }
    }

    /** Nothing is sent: the host name is looked up, and whether this process can send ICMP is said. */
    @Override
    public List<Readiness> preflight(CheckContext context) {
        List<Readiness> out = new ArrayList<>(Hosts.preflight(name(), config.host()));
        Icmp.Means how = means.get();
        out.add(how.way() == Icmp.Way.NONE ? Readiness.problem(name(), how.why()) : Readiness.ok(name(), how.why()));
        return out;
    }
}
