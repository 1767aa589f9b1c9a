package dev.caretaker.check.heartbeat;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.CronExpression;
import dev.caretaker.config.HeartbeatCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import dev.caretaker.store.PingLog;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: heartbeat}: a job Caretaker cannot query tells it that it ran, by pinging {@code /ping/TOKEN} (Healthchecks'
 * protocol). It is late once its next ping is overdue by more than {@code grace} (a warning) and critical after three periods
 * without one; a job whose last ping reported a failure is {@code heartbeat.failed}. A start ping does not count as a run; it
 * times the run that follows.
 */
public final class HeartbeatCheck extends ConfiguredCheck<HeartbeatCheckConfig> {
    /** Pings read to judge a heartbeat: enough to find its last run and that run's start. */
    static final int RECENT = 50;
    static final int LOG_EVIDENCE = 300;

    public HeartbeatCheck(HeartbeatCheckConfig config) {
        super(config);
    }

    /** Where a heartbeat stands at {@code now}: the status it would report, for the server to tell whether it changed. */
    public enum State { OK, LATE, DOWN, FAILED }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        if (context.pings() == null) {
            out.error("a heartbeat's pings are kept in Caretaker's store: run it with caretaker check or caretaker run");
            return out.build();
        }
        Instant now = context.clock().instant();
        PingLog.Heartbeat hb;
        try {
            hb = context.pings().ensure(context.system(), name(), config.token(), now);
        } catch (IllegalArgumentException e) {
            out.error(e.getMessage());
            return out.build();
        }
        List<PingLog.Ping> pings = context.pings().latest(context.system(), name(), RECENT);
        judge(hb, pings, now, out);
        return out.build();
    }

    /** The state of a heartbeat from its pings, without running anything: what the server compares with the last result. */
    public State state(Instant createdAt, List<PingLog.Ping> pings, Instant now) {
        Optional<PingLog.Ping> last = pings.stream().filter(p -> !p.start()).findFirst();
        if (last.isPresent() && last.get().failed()) {
            return State.FAILED;
        }
        Instant base = last.map(PingLog.Ping::at).orElse(createdAt);
        if (now.isAfter(nth(base, 3))) {
            return State.DOWN;
        }
        return now.isAfter(nth(base, 1).plus(config.grace())) ? State.LATE : State.OK;
    }

    private void judge(PingLog.Heartbeat hb, List<PingLog.Ping> pings, Instant now, ResultBuilder out) {
        Optional<PingLog.Ping> last = pings.stream().filter(p -> !p.start()).findFirst();
        Instant base = last.map(PingLog.Ping::at).orElse(hb.createdAt());
        State state = state(hb.createdAt(), pings, now);
        out.measure("heartbeat.up", state == State.OK ? 1 : 0, "check", name());
        last.ifPresent(p -> out.measure("heartbeat.last_ping_age_seconds", Duration.between(p.at(), now).toSeconds(), "check", name()));
        duration(pings).ifPresent(d -> out.measure("heartbeat.duration_seconds", d.toMillis() / 1000.0, "check", name()));
        String expected = config.every().map(e -> "every " + Units.formatDuration(e)).orElse("at \"" + config.cron().orElse("") + "\"");
        if (state == State.FAILED) {
            PingLog.Ping p = last.get();
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("at", p.at().toString());
            if (p.exitCode() != null) {
                evidence.put("exit_code", p.exitCode());
            }
            if (p.body() != null && !p.body().isBlank()) {
                evidence.put("log", p.body().length() > LOG_EVIDENCE ? p.body().substring(p.body().length() - LOG_EVIDENCE) : p.body());
            }
            out.find(new Finding("heartbeat.failed", Severity.CRITICAL, name(), name() + " reported a failure"
                    + (p.exitCode() != null ? " (exit code " + p.exitCode() + ")" : "") + " at " + p.at(), evidence));
            return;
        }
        if (state == State.OK) {
            return;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("expected", expected);
        evidence.put("grace", Units.formatDuration(config.grace()));
        evidence.put("last_ping", last.map(p -> p.at().toString()).orElse(null));
        evidence.put("due", nth(base, 1).toString());
        String since = last.isPresent() ? "no ping since " + base : "no ping since it was set up (" + base + ")";
        out.find(new Finding("heartbeat.late", state == State.DOWN ? Severity.CRITICAL : Severity.WARNING, name(),
                name() + " is late: " + since + "; it pings " + expected + (state == State.DOWN ? ", and three periods have passed"
                        : ", and " + Units.formatDuration(config.grace()) + " of grace are over"), evidence));
    }

    /** The {@code n}th time the job was due after {@code base}. */
    private Instant nth(Instant base, int n) {
        if (config.every().isPresent()) {
            return base.plus(config.every().get().multipliedBy(n));
        }
        CronExpression cron = CronExpression.parse(config.cron().orElseThrow());
        java.time.ZonedDateTime t = base.atZone(config.zone());
        for (int i = 0; i < n && t != null; i++) {
            t = cron.next(t);
        }
        return t == null ? Instant.MAX : t.toInstant();
    }

    /** How long the last run took: from its start ping to the success or failure that followed it. */
    private static Optional<Duration> duration(List<PingLog.Ping> newestFirst) {
        for (int i = 0; i < newestFirst.size(); i++) {
            PingLog.Ping end = newestFirst.get(i);
            if (end.start()) {
                continue;
            }
            if (i + 1 < newestFirst.size() && newestFirst.get(i + 1).start()) {
                return Optional.of(Duration.between(newestFirst.get(i + 1).at(), end.at()));
            }
            return Optional.empty();
        }
        return Optional.empty();
    }
}
