package dev.caretaker.engine;

import dev.caretaker.action.AuditEvent;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.checklist.ChecklistBook;
import dev.caretaker.config.ChecklistConfig;
import dev.caretaker.config.Suggestions;
import dev.caretaker.config.Units;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checklists as operators and the server use them: opened on their occurrences, ticked by checks and by people, and an
 * instance overdue is a {@code checklist.overdue} finding of Caretaker's own check {@code (checklists)}, so it opens an
 * incident (routed, prioritised, sent like any other) that resolves when the instance is complete.
 */
public final class ChecklistDesk {
    /** Caretaker's own check that carries the overdue checklists. */
    public static final String CHECK = "(checklists)";

    private final Engine engine;

    ChecklistDesk(Engine engine) {
        this.engine = engine;
    }

    public ChecklistBook book() {
        return new ChecklistBook(engine.store().jdbi(), engine.config().system(), engine.config().timezone());
    }

    public ChecklistConfig named(String name) {
        ChecklistConfig c = engine.config().checklists().get(name);
        if (c == null) {
            var names = engine.config().checklists().keySet();
            throw new IllegalArgumentException("no checklist '" + name + "' in " + engine.config().file() + Suggestions.didYouMean(name, names)
                    + (names.isEmpty() ? "; the file defines no checklists" : "; checklists: " + String.join(", ", names)));
        }
        return c;
    }

    /** What one review did: instances ticked by checks, and whether a run was recorded for the overdue ones. */
    public record Review(Map<String, ChecklistBook.CheckState> waiting, List<ChecklistBook.Instance> overdue, boolean recorded) {
    }

    /**
     * Opens due instances, ticks what checks did, and when the set of overdue instances changed, records a run of
     * {@code (checklists)} with one finding per overdue instance (none: the incidents resolve). The server does this in its
     * housekeeping; every checklist command does it first.
     */
    public Review review() {
        Instant now = engine.clock().instant();
        ChecklistBook book = book();
        for (ChecklistConfig c : engine.config().checklists().values()) {
            book.open(c, now);
        }
        Map<String, ChecklistBook.CheckState> waiting = book.autoTick(now);
        List<ChecklistBook.Instance> overdue = book.overdue(now).stream().filter(i -> engine.config().checklists().containsKey(i.checklist())).toList();
        List<Long> ids = overdue.stream().map(ChecklistBook.Instance::id).sorted().toList();
        List<Long> before = book.reported().stream().sorted().toList();
        if (ids.equals(before)) {
            return new Review(waiting, overdue, false);
        }
        List<Finding> findings = new ArrayList<>();
        for (ChecklistBook.Instance i : overdue) {
            ChecklistConfig c = engine.config().checklists().get(i.checklist());
            List<String> open = i.items().stream().filter(x -> !x.done()).map(ChecklistBook.Item::title).toList();
            String when = Units.formatMinute(i.occurrence(), engine.config().timezone());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("checklist", i.checklist());
            evidence.put("occurrence", i.occurrence().toString());
            evidence.put("due_at", i.dueAt().toString());
            evidence.put("open_items", open);
            findings.add(new Finding("checklist.overdue", c.severity(), i.checklist() + " " + when, "checklist " + i.checklist() + " of " + when
                    + " is overdue since " + Units.formatMinute(i.dueAt(), engine.config().timezone()) + ": " + open.size() + " of " + i.items().size()
                    + " item(s) open (" + String.join("; ", open) + ")", evidence));
        }
        Status status = Status.OK;
        for (Finding f : findings) {
            status = status.worse(Status.of(f.severity()));
        }
        CheckResult result = new CheckResult(CHECK, "checklist", status, 0, null,
                List.of(Measurement.of("checklist.overdue", findings.size(), "check", CHECK)), findings);
        engine.record(RunResult.of(engine.config().system(), "checklists", now, now, List.of(result)), false);
        book.markReported(ids);
        return new Review(waiting, overdue, true);
    }

    /**
     * Each configured checklist's current instance (opening what is due, which is idempotent) and how the checks of its open
     * items stand — read for a page or an API answer, without ticking or recording anything: the server's housekeeping
     * review does that, once per cluster.
     */
    public record Today(List<ChecklistBook.Instance> current, Map<String, ChecklistBook.CheckState> waiting) {
    }

    public Today today() {
        Instant now = engine.clock().instant();
        ChecklistBook book = book();
        List<ChecklistBook.Instance> current = new ArrayList<>();
        for (ChecklistConfig c : engine.config().checklists().values()) {
            book.open(c, now);
            book.instances(c.name(), 1).stream().findFirst().ifPresent(current::add);
        }
        return new Today(current, book.waiting(now));
    }

    /** A person ticks an item of the checklist's current instance; the overdue incident resolves if that completed it. */
    public ChecklistBook.Ticked tick(String checklist, String item, String by, String note) {
        ChecklistConfig c = named(checklist);
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("say who ticks it (--by NAME): a checklist keeps who did each item");
        }
        review();
        ChecklistBook.Ticked t = book().tick(c, item, by.strip(), note == null || note.isBlank() ? null : dev.caretaker.store.Note.cut(note), engine.clock().instant());
        if (t.changed()) {
            // who did what, when, in the signed log beside the approvals and actions
            engine.actions().auditLog().append(engine.clock().instant(), by.strip(), AuditEvent.TICKED, "checklist " + checklist,
                    Units.formatMinute(t.instance().occurrence(), engine.config().timezone()) + " #" + t.item().position(),
                    t.item().title() + (t.item().note() == null ? "" : ": " + t.item().note()));
            review();
        }
        return t;
    }
}
