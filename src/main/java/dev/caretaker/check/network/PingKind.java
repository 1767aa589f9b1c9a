package dev.caretaker.check.network;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Condition;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.PingCheckConfig;
import dev.caretaker.config.Section;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/** {@code type: ping}: ICMP echo to a host, where this process may send it. */
public final class PingKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("ping.loss_percent", "percent", "echoes of the run that got no reply"),
            Metric.of("ping.rtt_ms", "milliseconds", "mean round-trip time of the echoes that got a reply"));

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public List<String> keys() {
        return List.of("host", "count", "timeout", "expect");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        return new PingCheckConfig(this, draft.name(), draft.description(), TcpKind.host(s, "router.example.com"),
                s.integer("count", PingCheckConfig.DEFAULT_COUNT, 1, 20),
                s.duration("timeout", PingCheckConfig.DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofSeconds(30)),
                NetworkConditions.read(s, "ping", EnumSet.of(Condition.Subject.LATENCY)));
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new PingCheck((PingCheckConfig) config);
    }
}
