package dev.caretaker.check.network;

import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.PingCheckConfig;
import dev.caretaker.config.Severity;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code type: ping}: real ICMP echo to 127.0.0.1 (the tests run as root, as in CI, so this process may send it) and to an
 * address that never answers; and the way a process without the privilege and without a ping program is told why.
 */
class PingCheckTest {
    @TempDir
    Path dir;

    @Test
    void this_process_may_send_icmp_and_127_0_0_1_answers_every_echo() {
        assertThat(Icmp.current().way()).as("the tests run as root (CAP_NET_RAW) or with a ping program").isNotEqualTo(Icmp.Way.NONE);
        CheckResult r = Run.check("ping", "host: 127.0.0.1");
        assertThat(r.findings()).isEmpty();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.measurements()).extracting(Measurement::metric).containsExactly("ping.loss_percent", "ping.rtt_ms");
        assertThat(r.measurements().get(0).value()).isZero();
    }

    @Test
    void an_address_that_never_answers_loses_every_echo_and_is_critical() {
        // 198.51.100.1 is TEST-NET-2 (RFC 5737): never assigned, so no echo reply comes (a router may say "unreachable")
        CheckResult r = Run.check("ping", "host: 198.51.100.1\ncount: 2\ntimeout: 300ms");
        Finding f = one(r, "ping.loss");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).startsWith("198.51.100.1 did not answer any of 2 pings within 300ms");
        assertThat(r.measurements()).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(100.0));
    }

    @Test
    void a_round_trip_over_the_latency_condition_is_slow() {
        // no round trip is shorter than nothing: the condition cannot hold, so the judgement is not a matter of timing
        Finding f = one(Run.check("ping", "host: 127.0.0.1\ncount: 1\nexpect: ['latency < 0ms']"), "ping.slow");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.message()).contains("(expected latency < 0ms)");
        assertThat(Run.check("ping", "host: 127.0.0.1\ncount: 1\nexpect: ['latency < 5s']").findings()).isEmpty();
    }

    @Test
    void without_the_privilege_or_a_ping_program_the_check_is_unknown_and_says_why() throws Exception {
        Path emptyPath = Files.createDirectories(dir.resolve("bin"));
        CaretakerConfig c = Run.load("checks:\n  gw: {type: ping, host: 127.0.0.1}");
        // the /proc status of an unprivileged process: no capability at all
        PingCheck check = new PingCheck((PingCheckConfig) c.checks().get("gw"),
                () -> Icmp.choose(Optional.of("Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t0000000000000000\n"), emptyPath.toString()));
        CheckResult r = check.run(new CheckContext(Clock.systemUTC(), null, c.secrets()));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.findings()).isEmpty();
        assertThat(r.error()).contains("cannot send ICMP echo: this process lacks the CAP_NET_RAW privilege and no ping program is on "
                + "the PATH").contains("setcap cap_net_raw+ep").contains("iputils-ping");
        assertThat(check.preflight(new CheckContext(Clock.systemUTC(), null, c.secrets())))
                .anySatisfy(x -> assertThat(x.toString()).contains("level=PROBLEM", "cannot send ICMP echo"));
    }

    @Test
    void without_the_privilege_the_ping_program_is_used_where_there_is_one() {
        Optional<Path> ping = Stream.of("/usr/bin/ping", "/bin/ping").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(ping.isPresent(), "no ping program on this machine (iputils-ping)");
        CaretakerConfig c = Run.load("checks:\n  gw: {type: ping, host: 127.0.0.1, count: 2}\n  none: {type: ping, host: 198.51.100.1, count: 1, timeout: 1s}");
        Supplier<Icmp.Means> unprivileged = () -> Icmp.choose(Optional.of("CapEff:\t0000000000000000\n"),
                ping.get().getParent().toString());
        assertThat(unprivileged.get().way()).isEqualTo(Icmp.Way.PING_PROGRAM);
        CheckContext ctx = new CheckContext(Clock.systemUTC(), null, c.secrets());
        CheckResult fine = new PingCheck((PingCheckConfig) c.checks().get("gw"), unprivileged).run(ctx);
        assertThat(fine.findings()).isEmpty();
        assertThat(fine.measurements()).extracting(Measurement::metric).containsExactly("ping.loss_percent", "ping.rtt_ms");
        Finding lost = one(new PingCheck((PingCheckConfig) c.checks().get("none"), unprivileged).run(ctx), "ping.loss");
        assertThat(lost.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(lost.evidence()).containsEntry("how", "ICMP echo by " + ping.get());
    }

    @Test
    void the_capability_is_read_from_the_proc_status() {
        assertThat(Icmp.hasNetRaw("CapEff:\t000001ffffffffff\n")).isTrue();
        assertThat(Icmp.hasNetRaw("CapEff:\t0000000000002000\n")).as("CAP_NET_RAW alone").isTrue();
        assertThat(Icmp.hasNetRaw("CapEff:\t0000000000001000\n")).isFalse();
    }

    @Test
    void the_ping_programs_output_is_read_as_echoes() throws Exception {
        PingCheckConfig config = (PingCheckConfig) Run.load("checks:\n  gw: {type: ping, host: 10.0.0.1}").checks().get("gw");
        // iputils ping -n -c 3 -W 2 10.0.0.1, one echo lost
        String iputils = """
                PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.
                64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.412 ms
                64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=0.388 ms

                --- 10.0.0.1 ping statistics ---
                3 packets transmitted, 2 received, 33.3333% packet loss, time 2031ms
                rtt min/avg/max/mdev = 0.388/0.400/0.412/0.012 ms
                """;
        PingCheck.Echoes e = PingProgram.parse(iputils, 1, config);
        assertThat(e.sent()).isEqualTo(3);
        assertThat(e.rtts()).containsExactly(0.412, 0.388);
        assertThatThrownBy(() -> PingProgram.parse("ping: nosuch.invalid: Name or service not known\n", 2, config))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void bad_keys_are_named() {
        assertThatThrownBy(() -> Run.load("""
                checks:
                  a: {type: ping, count: 0}
                  b: {type: ping, host: gw.example.com, expect: ['cert_expiry > 3d']}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'checks.a' needs 'host'")
                .hasMessageContaining("count")
                .hasMessageContaining("a check of type ping takes only latency conditions, e.g. 'latency < 200ms'");
    }
}
