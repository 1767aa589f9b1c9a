package dev.caretaker.schedule;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.HeartbeatCheckConfig;
import dev.caretaker.config.SuiteConfig;
import dev.caretaker.config.Units;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server runs on a schedule, as db-scheduler task instances in Caretaker's store: each suite with a schedule, the
 * checks with their own {@code every} (one instance per period and slot, see {@link #offset}), each scheduled action and report, the heartbeats' evaluation, the
 * housekeeping and the self-check beat. One task per system ({@code caretaker:SYSTEM}); its instances are the ticks, picked by exactly one node each.
 *
 * <p>A tick's next time is computed when it completes, from the live config: a run still going when its next tick comes
 * skips that tick (and counts it); ticks missed while every node was down run once. A tick whose node died is revived at its
 * original time, so the re-run knows it is the same tick and sends its report once.
 */
public final class Ticks {
    private static final Logger LOG = LoggerFactory.getLogger(Ticks.class);
    /** How often heartbeats are judged, and how often the server's housekeeping runs. */
    public static final Duration HEARTBEATS = Duration.ofSeconds(10);
    public static final Duration HOUSEKEEPING = Duration.ofSeconds(30);
    /** At most this many slots a period's checks are spread over. */
    static final int SLOTS = 60;

    /** What runs: its kind, and its name (a suite, a check period and slot, an action, a report; {@code all}). */
    public record Tick(Kind kind, String name) {
        /** The kinds of tick; stored in each instance's id and data, and tagged on {@code /metrics}, by label. */
        public enum Kind {
            SUITE, EVERY, ACTION, REPORT, HEARTBEATS, HOUSEKEEPING, SELF_CHECK;

            @JsonValue
            public String label() {
                return name().toLowerCase(Locale.ROOT);
            }

            @Override
            public String toString() {
                return label(); // log lines name it as they always did
            }
        }

        public String id() {
            return kind.label() + ":" + name;
        }
    }

    /** A tick and when it is due. */
    public record Planned(Tick tick, TickSchedule schedule) {
    }

    /** What the server does on a tick, and the live schedule of a tick (empty when the config no longer has it). */
    public interface Runner {
        void run(Tick tick, Instant scheduledFor);

        Optional<TickSchedule> schedule(Tick tick);

        /** A tick was rescheduled after it ran: the node's waker looks at the next time at once. */
        default void completed(Tick tick) {
        }

        /** A tick that finished after one or more of its next ticks were due: they are skipped, not queued. */
        default void skipped(Tick tick, long ticks) {
        }
    }

    private Ticks() {
    }

    /** The task name of a system's ticks. */
    public static String taskName(String system) {
        return "caretaker:" + system;
    }

    /** Every tick of a config with its schedule, by instance id. */
    public static Map<String, Planned> plan(CaretakerConfig config) {
        Map<String, Planned> out = new LinkedHashMap<>();
        for (SuiteConfig s : config.suites().values()) {
            TickSchedule.of(s.cron(), s.every(), config.timezone()).ifPresent(t -> put(out, new Tick(Tick.Kind.SUITE, s.name()), t));
        }
        Map<String, TickSchedule> slots = new TreeMap<>();
        config.checkEvery().forEach((check, every) -> {
            Duration offset = offset(config.system(), check, every);
            slots.put(everyName(every, offset), TickSchedule.every(every, offset));
        });
        slots.forEach((name, schedule) -> put(out, new Tick(Tick.Kind.EVERY, name), schedule));
        for (ActionConfig a : config.actions().values()) {
            TickSchedule.of(a.cron(), a.every(), config.timezone()).ifPresent(t -> put(out, new Tick(Tick.Kind.ACTION, a.name()), t));
        }
        for (dev.caretaker.config.ReportConfig r : config.reports().values()) {
            TickSchedule.of(r.cron(), r.every(), config.timezone()).ifPresent(t -> put(out, new Tick(Tick.Kind.REPORT, r.name()), t));
        }
        if (config.checks().values().stream().anyMatch(c -> c instanceof HeartbeatCheckConfig)) {
            put(out, new Tick(Tick.Kind.HEARTBEATS, "all"), TickSchedule.every(HEARTBEATS));
        }
        put(out, new Tick(Tick.Kind.HOUSEKEEPING, "all"), TickSchedule.every(HOUSEKEEPING));
        if (config.selfCheck().enabled()) {
            put(out, new Tick(Tick.Kind.SELF_CHECK, "beat"), TickSchedule.every(config.selfCheck().every()));
        }
        return out;
    }

    /** The checks with their own {@code every} whose tick is {@code name} ({@code PERIOD@OFFSET}, as {@link #plan} names it). */
    public static List<String> checksEvery(CaretakerConfig config, String name) {
        List<String> out = new ArrayList<>();
        config.checkEvery().forEach((check, every) -> {
            if (everyName(every, offset(config.system(), check, every)).equals(name)) {
                out.add(check);
            }
        });
        return out;
    }

    /**
     * Where in its period a check with its own {@code every} runs. Checks are spread over the period as Prometheus spreads
     * its scrapes, so ten thousand checks every minute are not ten thousand requests in its first second: a period of S
     * seconds has min(S, 60) slots, and a check's slot comes from a hash of the system and check name, so it stays put
     * when other checks come and go and every node agrees on it. Checks of one slot run together, as one run.
     */
    public static Duration offset(String system, String check, Duration every) {
        long period = every.toMillis();
        int slots = (int) Math.max(1, Math.min(SLOTS, period / 1000));
        CRC32 crc = new CRC32();
        crc.update((system + "/" + check).getBytes(StandardCharsets.UTF_8));
        long slot = crc.getValue() % slots;
        return Duration.ofMillis(slot * period / slots);
    }

    private static String everyName(Duration every, Duration offset) {
        return Units.formatDuration(every) + "@" + Units.formatDuration(offset);
    }

    private static void put(Map<String, Planned> out, Tick tick, TickSchedule schedule) {
        out.put(tick.id(), new Planned(tick, schedule));
    }

    /** The db-scheduler task of {@code system}'s ticks. */
    public static CustomTask<Tick> task(String system, Runner runner) {
        return Tasks.custom(taskName(system), Tick.class)
                .onFailure(new FailureHandler<Tick>() {
                    @Override
                    public void onFailure(ExecutionComplete complete, ExecutionOperations<Tick> ops) {
                        LOG.warn("tick {} failed; it runs again at its next time", tickOf(complete), complete.getCause().orElse(null));
                        reschedule(runner, complete, ops);
                    }
                })
                .onDeadExecution(new DeadExecutionHandler<Tick>() {
                    @Override
                    public void deadExecution(ExecutionComplete complete, ExecutionOperations<Tick> ops) {
                        // the same tick again, at once, under its own time: the re-run knows it is that tick
                        LOG.warn("tick {} of {} was left by a node that stopped; running it again", tickOf(complete),
                                complete.getExecution().executionTime);
                        ops.reschedule(complete, complete.getExecution().executionTime);
                    }
                })
                .execute((TaskInstance<Tick> instance, com.github.kagkarlsson.scheduler.task.ExecutionContext context) -> {
                    runner.run(instance.getData(), context.getExecution().executionTime);
                    return (CompletionHandler<Tick>) (complete, ops) -> reschedule(runner, complete, ops);
                });
    }

    private static Tick tickOf(ExecutionComplete complete) {
        return (Tick) complete.getExecution().taskInstance.getData();
    }

    private static void reschedule(Runner runner, ExecutionComplete complete, ExecutionOperations<Tick> ops) {
        Tick tick = tickOf(complete);
        Optional<TickSchedule> schedule = runner.schedule(tick);
        if (schedule.isEmpty()) {
            ops.remove(); // the config no longer has it
            return;
        }
        Instant scheduled = complete.getExecution().executionTime;
        Instant done = complete.getTimeDone();
        Instant started = complete.getDuration() == null ? scheduled : done.minus(complete.getDuration());
        ops.reschedule(complete, next(schedule.get(), scheduled, started, done, n -> runner.skipped(tick, n)));
        runner.completed(tick);
    }

    /**
     * The next time of a tick scheduled for {@code scheduled} that ran from {@code started} to {@code done}, from the grid: the
     * tick after it, unless that came before this one started (its node died and this is the re-run, or the store was
     * away) — then the latest tick due by the start runs at once, the ones before it counted as skipped; and ticks that came
     * while it ran are skipped (a suite never overlaps itself) and counted.
     */
    static Instant next(TickSchedule schedule, Instant scheduled, Instant started, Instant done, java.util.function.LongConsumer skipped) {
        Instant following = schedule.next(scheduled);
        if (!following.isAfter(started)) {
            Instant latest = following;
            long missed = 0;
            for (Instant t = schedule.next(latest); !t.isAfter(started) && missed < 100_000; t = schedule.next(t)) {
                latest = t;
                missed++;
            }
            if (missed > 0) {
                skipped.accept(missed);
            }
            return latest;
        }
        Instant from = done.isAfter(scheduled) ? done : scheduled;
        long busy = schedule.ticksBetween(started.isAfter(scheduled) ? started : scheduled, from);
        if (busy > 0) {
            skipped.accept(busy);
        }
        return schedule.next(from);
    }

    /**
     * Makes the store's instances of {@code task} match {@code plan}: a new tick is scheduled for its next time, a tick whose
     * schedule changed moves to its new next time (unless it is running: it takes the new schedule when it completes), a tick
     * the config no longer has is cancelled (a running one removes itself when done).
     */
    public static Reconciled reconcile(SchedulerClient client, CustomTask<Tick> task, Map<String, Planned> plan, Map<String, Planned> before,
                                       Instant now) {
        Map<String, ScheduledExecution<Object>> existing = new LinkedHashMap<>();
        client.fetchScheduledExecutionsForTask(task.getName(), Object.class, e -> existing.put(e.getTaskInstance().getId(), e));
        int added = 0;
        int moved = 0;
        int removed = 0;
        for (Planned p : plan.values()) {
            ScheduledExecution<Object> e = existing.get(p.tick().id());
            if (e == null) {
                if (client.scheduleIfNotExists(task.instance(p.tick().id(), p.tick()), p.schedule().next(now))) {
                    added++;
                }
            } else if (!e.isPicked() && !p.schedule().next(e.getExecutionTime()).isAfter(now)) {
                // missed while every node was down: the latest missed tick runs once, not the oldest and then the latest
                moved += quietly(() -> client.reschedule(task.instance(p.tick().id()), next(p.schedule(), e.getExecutionTime(), now, now, n -> { })));
            } else if (before != null && before.containsKey(p.tick().id()) && !before.get(p.tick().id()).schedule().equals(p.schedule())
                    && !e.isPicked()) {
                moved += quietly(() -> client.reschedule(task.instance(p.tick().id()), p.schedule().next(now)));
            }
        }
        for (Map.Entry<String, ScheduledExecution<Object>> e : existing.entrySet()) {
            if (!plan.containsKey(e.getKey()) && !e.getValue().isPicked()) {
                removed += quietly(() -> client.cancel(task.instance(e.getKey())));
            }
        }
        return new Reconciled(added, moved, removed);
    }

    /**
     * 1 when {@code change} to a tick went through; 0 when the tick was picked meanwhile (it takes the new schedule when it
     * completes, from the live config).
     */
    private static int quietly(Runnable change) {
        try {
            change.run();
            return 1;
        } catch (com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException e) {
            return 0;
        }
    }

    /** What a reconciliation changed. */
    public record Reconciled(int added, int moved, int removed) {
    }

    /** Tick data as JSON in the store (not Java serialisation: readable, and safe across versions). */
    public static final class Json implements Serializer {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public byte[] serialize(Object data) {
            try {
                return data == null ? null : JSON.writeValueAsBytes(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public <T> T deserialize(Class<T> clazz, byte[] serializedData) {
            try {
                return serializedData == null ? null : JSON.readValue(serializedData, clazz);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
