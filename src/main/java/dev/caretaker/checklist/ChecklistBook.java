package dev.caretaker.checklist;

import dev.caretaker.config.ChecklistConfig;
import dev.caretaker.config.CronExpression;
import dev.caretaker.history.CheckStates;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The checklists' instances in the store: opened for every occurrence of their schedule (those missed while no node ran
 * too, so nothing goes undone unseen), ticked by Caretaker from checks or by people, and complete when every item is.
 */
public final class ChecklistBook {
    /** At most this many missed occurrences are opened at once (a month of a daily list). */
    static final int MAX_CATCH_UP = 31;
    /** The name Caretaker ticks under when a check did the item. */
    public static final String CARETAKER = "caretaker";

    private final Jdbi jdbi;
    private final String system;
    private final ZoneId zone;
    private final CheckStates checks;

    public ChecklistBook(Jdbi jdbi, String system, ZoneId zone) {
        this.jdbi = jdbi;
        this.system = system;
        this.zone = zone;
        this.checks = new CheckStates(jdbi);
    }

    /** One item of an instance, and how it stands. */
    public record Item(int position, String title, String check, String runbook, String tickedBy, Instant tickedAt, String note, boolean auto) {
        public boolean done() {
            return tickedAt != null;
        }
    }

    /** One instance of a checklist: its occurrence, when it is due, when it was completed, its items. */
    public record Instance(long id, String checklist, Instant occurrence, Instant dueAt, Instant completedAt, boolean reported, List<Item> items) {
        public boolean complete() {
            return completedAt != null;
        }

        public boolean overdue(Instant now) {
            return !complete() && now.isAfter(dueAt);
        }

        public long done() {
            return items.stream().filter(Item::done).count();
        }

        /** {@code complete}, {@code overdue} or {@code open}, as every view of a checklist says it. */
        public String state(Instant now) {
            return complete() ? "complete" : overdue(now) ? "overdue" : "open";
        }
    }

    /** The latest occurrence of {@code c}'s schedule at or before {@code now}, if any within four years. */
    public Optional<Instant> current(ChecklistConfig c, Instant now) {
        ZonedDateTime p = CronExpression.parse(c.schedule()).previous(now.atZone(zone));
        return Optional.ofNullable(p).map(ZonedDateTime::toInstant);
    }

    /**
     * Opens the instances of every occurrence up to {@code now} since the last one opened (at most {@link #MAX_CATCH_UP}):
     * those missed while no node ran too, which are then overdue. A checklist's first instance is the current occurrence
     * only while it is not yet due, else the next one.
     */
    public void open(ChecklistConfig c, Instant now) {
        open(c, now, false);
    }

    /**
     * As {@link #open(ChecklistConfig, Instant)}; with {@code current}, a checklist without instances starts with its current
     * occurrence even when it is already due (a demo that shows a list as if Caretaker had been running).
     */
    public void open(ChecklistConfig c, Instant now, boolean current) {
        Optional<Instant> latest = current(c, now);
        if (latest.isEmpty()) {
            return;
        }
        Optional<Instant> last = jdbi.withHandle(h -> h.createQuery("SELECT max(occurrence) FROM checklist_run WHERE system = :s AND checklist = :c")
                .bind("s", system).bind("c", c.name()).mapTo(Instant.class).findOne());
        List<Instant> missing = new ArrayList<>();
        if (last.isEmpty() || last.get() == null) {
            // a new checklist starts with an occurrence it can still meet, not with yesterday's list already overdue
            if (current || now.isBefore(latest.get().plus(c.due()))) {
                missing.add(latest.get());
            }
        } else {
            CronExpression cron = CronExpression.parse(c.schedule());
            ZonedDateTime t = cron.next(last.get().atZone(zone));
            while (t != null && !t.toInstant().isAfter(latest.get()) && missing.size() < MAX_CATCH_UP) {
                missing.add(t.toInstant());
                t = cron.next(t);
            }
            if (missing.size() == MAX_CATCH_UP && !missing.contains(latest.get())) {
                missing.set(MAX_CATCH_UP - 1, latest.get());
            }
        }
        jdbi.useTransaction(h -> {
            for (Instant occurrence : missing) {
                Optional<Long> id = h.createQuery("INSERT INTO checklist_run (system, checklist, occurrence, due_at) VALUES (:s, :c, :o, :d) "
                                + "ON CONFLICT (system, checklist, occurrence) DO NOTHING RETURNING id")
                        .bind("s", system).bind("c", c.name()).bind("o", Timestamp.from(occurrence)).bind("d", Timestamp.from(occurrence.plus(c.due())))
                        .mapTo(Long.class).findOne();
                if (id.isPresent()) {
                    int position = 1;
                    for (ChecklistConfig.Item item : c.items()) {
                        h.createUpdate("INSERT INTO checklist_item (run_id, position, title, check_name, runbook) VALUES (:r, :p, :t, :c, :b)")
                                .bind("r", id.get()).bind("p", position++).bind("t", item.title()).bind("c", item.check().orElse(null))
                                .bind("b", item.runbook().orElse(null)).execute();
                    }
                }
            }
        });
    }

    /**
     * How the check of each open item of an open instance stands since that instance's occurrence: check → its latest result
     * (null when it has not run since), read only.
     */
    public Map<String, CheckState> waiting(Instant now) {
        return jdbi.withHandle(h -> {
            Map<String, CheckState> states = new LinkedHashMap<>();
            for (OpenItem item : openItems(h)) {
                states.put(item.check(), latest(item, now).orElse(null));
            }
            return states;
        });
    }

    /**
     * Ticks, in the instances not complete, each item whose check's latest result since the occurrence is ok; returns the
     * results of the checks of the items still open, as {@link #waiting} does.
     */
    public Map<String, CheckState> autoTick(Instant now) {
        return jdbi.inTransaction(h -> {
            Map<String, CheckState> states = new LinkedHashMap<>();
            for (OpenItem item : openItems(h)) {
                Optional<CheckState> latest = latest(item, now);
                if (latest.isPresent() && latest.get().status().equals("ok")) {
                    tick(h, item.run(), item.position(), CARETAKER, "check " + item.check() + " ok in run #" + latest.get().run(), true, latest.get().at());
                } else {
                    states.put(item.check(), latest.orElse(null));
                }
            }
            return states;
        });
    }

    private record OpenItem(long run, int position, String check, Instant since) {
    }

    private List<OpenItem> openItems(Handle h) {
        return h.createQuery("SELECT i.run_id, i.position, i.check_name, r.occurrence FROM checklist_item i JOIN checklist_run r ON r.id = i.run_id "
                        + "WHERE r.system = :s AND r.completed_at IS NULL AND i.ticked_at IS NULL AND i.check_name IS NOT NULL")
                .bind("s", system).map((rs, ctx) -> new OpenItem(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getTimestamp(4).toInstant())).list();
    }

    private Optional<CheckState> latest(OpenItem item, Instant now) {
        return checks.latestBetween(system, item.check(), item.since(), now)
                .map(o -> new CheckState(o.status().label(), o.runId(), o.at(), o.codes()));
    }

    /** How an item's check stands since its occurrence: status, run, when, and its finding codes. */
    public record CheckState(String status, long run, Instant at, String codes) {
    }

    /** The result of a person's tick. */
    public record Ticked(Instance instance, Item item, boolean changed) {
    }

    /** Ticks item {@code item} (its number from 1, or the start of its title) of {@code checklist}'s current instance. */
    public Ticked tick(ChecklistConfig c, String item, String by, String note, Instant now) {
        open(c, now);
        Instance instance = instances(c.name(), 1).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("checklist '" + c.name() + "' has no instance yet: its schedule has not come"));
        Item target = find(instance, item);
        if (target.done()) {
            return new Ticked(instance, target, false);
        }
        jdbi.useTransaction(h -> tick(h, instance.id(), target.position(), by, note, false, now));
        Instance after = load(instance.id()).orElseThrow();
        return new Ticked(after, after.items().get(target.position() - 1), true);
    }

    private static Item find(Instance instance, String item) {
        try {
            int n = Integer.parseInt(item.trim());
            if (n >= 1 && n <= instance.items().size()) {
                return instance.items().get(n - 1);
            }
        } catch (NumberFormatException notANumber) {
            List<Item> matches = instance.items().stream().filter(i -> i.title().toLowerCase(java.util.Locale.ROOT)
                    .startsWith(item.trim().toLowerCase(java.util.Locale.ROOT))).toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw new IllegalArgumentException("'" + item + "' starts " + matches.size() + " items of " + instance.checklist()
                        + "; give more of the title or its number");
            }
        }
        throw new IllegalArgumentException("checklist " + instance.checklist() + " has no item '" + item + "'; its items: "
                + String.join("; ", instance.items().stream().map(i -> i.position() + ". " + i.title()).toList()));
    }

    private static void tick(Handle h, long run, int position, String by, String note, boolean auto, Instant at) {
        int changed = h.createUpdate("UPDATE checklist_item SET ticked_by = :by, ticked_at = :at, note = :note, auto = :auto "
                        + "WHERE run_id = :r AND position = :p AND ticked_at IS NULL")
                .bind("by", by).bind("at", Timestamp.from(at)).bind("note", note).bind("auto", auto).bind("r", run).bind("p", position).execute();
        if (changed > 0) {
            h.createUpdate("UPDATE checklist_run SET completed_at = (SELECT max(ticked_at) FROM checklist_item WHERE run_id = :r) "
                            + "WHERE id = :r AND completed_at IS NULL AND NOT EXISTS (SELECT 1 FROM checklist_item WHERE run_id = :r AND ticked_at IS NULL)")
                    .bind("r", run).execute();
        }
    }

    /** The newest {@code limit} instances of {@code checklist} (every checklist when null), newest first. */
    public List<Instance> instances(String checklist, int limit) {
        return jdbi.withHandle(h -> {
            List<Instance> heads = h.createQuery("SELECT id, checklist, occurrence, due_at, completed_at, reported FROM checklist_run WHERE system = :s "
                            + (checklist == null ? "" : "AND checklist = :c ") + "ORDER BY occurrence DESC, id DESC LIMIT :l")
                    .bind("s", system).bind("c", checklist).bind("l", limit)
                    .map((rs, ctx) -> new Instance(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(),
                            rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getBoolean(6), List.of())).list();
            List<Instance> out = new ArrayList<>();
            for (Instance i : heads) {
                out.add(new Instance(i.id(), i.checklist(), i.occurrence(), i.dueAt(), i.completedAt(), i.reported(), items(h, i.id())));
            }
            return out;
        });
    }

    /** The instances whose occurrence lies in [{@code from}, {@code to}), oldest first: what a summary counts. */
    public List<Instance> between(Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM checklist_run WHERE system = :s AND occurrence >= :f AND occurrence < :t ORDER BY occurrence, checklist")
                .bind("s", system).bind("f", Timestamp.from(from)).bind("t", Timestamp.from(to)).mapTo(Long.class).list())
                .stream().map(id -> load(id).orElseThrow()).toList();
    }

    public Optional<Instance> load(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, checklist, occurrence, due_at, completed_at, reported FROM checklist_run WHERE id = :id AND system = :s")
                .bind("id", id).bind("s", system)
                .map((rs, ctx) -> new Instance(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getBoolean(6), items(h, id))).findOne());
    }

    private static List<Item> items(Handle h, long run) {
        return h.createQuery("SELECT position, title, check_name, runbook, ticked_by, ticked_at, note, auto FROM checklist_item WHERE run_id = :r ORDER BY position")
                .bind("r", run).map((rs, ctx) -> new Item(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getBoolean(8))).list();
    }

    /** The instances overdue now and not complete: what the checklists' run reports. */
    public List<Instance> overdue(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM checklist_run WHERE system = :s AND completed_at IS NULL AND due_at < :now ORDER BY occurrence")
                .bind("s", system).bind("now", Timestamp.from(now)).mapTo(Long.class).list()).stream().map(id -> load(id).orElseThrow()).toList();
    }

    /** The instances the last checklists' run reported as overdue. */
    public List<Long> reported() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM checklist_run WHERE system = :s AND reported").bind("s", system).mapTo(Long.class).list());
    }

    /** Marks exactly {@code ids} as reported. */
    public void markReported(List<Long> ids) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE checklist_run SET reported = false WHERE system = :s AND reported").bind("s", system).execute();
            if (!ids.isEmpty()) {
                h.createUpdate("UPDATE checklist_run SET reported = true WHERE system = :s AND id = ANY(:ids)").bind("s", system)
                        .bindArray("ids", Long.class, ids).execute();
            }
        });
    }
}
