package dev.caretaker.action.kinds;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionFailure;
import dev.caretaker.action.ActionKind;
import dev.caretaker.action.ActionPlan;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.ActionSettings;
import dev.caretaker.config.Section;
import dev.caretaker.config.Units;
import dev.caretaker.guard.ActionGrants;
import dev.caretaker.guard.StatementGuard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: retention}: rows older than {@code older_than} deleted (after copying them to {@code archive_to}) in batches,
 * each its own short transaction, refusing up front when more than {@code max_rows} are due.
 */
public final class Retention implements ActionKind {
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    public static final long DEFAULT_MAX_ROWS = 1_000_000;

    /** Which rows, where they go, and how many at a time. */
    public record Settings(String table, String timeColumn, Duration olderThan, Optional<String> archiveTo, int batchSize)
            implements ActionSettings {
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public List<String> keys() {
        return List.of("database", "table", "time_column", "older_than", "archive_to", "batch_size", "max_rows");
    }

    @Override
    public boolean verifiesByDefault() {
        return false;
    }

    @Override
    public long defaultMaxRows() {
        return DEFAULT_MAX_ROWS;
    }

    @Override
    public ActionSettings read(Section s, Draft draft) {
        s.required("table");
        s.required("time_column");
        if (!s.has("older_than")) {
            s.problem("older_than", "'" + s.path() + "' needs 'older_than', e.g. older_than: 90d");
        }
        Duration olderThan = s.duration("older_than", Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofDays(36_500));
        String table = s.identifier("table", "");
        Optional<String> archive = s.has("archive_to") ? Optional.of(s.identifier("archive_to", "")) : Optional.empty();
        Settings settings = new Settings(table, s.identifier("time_column", ""), olderThan, archive,
                s.integer("batch_size", DEFAULT_BATCH_SIZE, 1, 1_000_000));
        draft.refuseProtected(s, table);
        archive.ifPresent(x -> draft.refuseProtected(s, x));
        return settings;
    }

    @Override
    public ActionPlan plan(ActionConfig a, Map<String, String> bindings) {
        Settings r = (Settings) a.settings();
        String statement = r.archiveTo().map(t -> "move rows of " + r.table() + " into " + t).orElse("delete rows of " + r.table())
                + " where " + r.timeColumn() + " < now() - " + Units.formatDuration(r.olderThan());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("table", r.table());
        settings.put("time_column", r.timeColumn());
        settings.put("older_than", Units.formatDuration(r.olderThan()));
        r.archiveTo().ifPresent(t -> settings.put("archive_to", t));
        settings.put("batch_size", r.batchSize());
        return new ActionPlan(a.name(), name(), a.database(), Bindings.subject(bindings), statement, List.of(), settings, a.guardrails().maxRows());
    }

    @Override
    public Execution execute(ActionConfig a, ActionPlan plan, ActionContext context, boolean dryRun) throws SQLException {
        return run(a, (Settings) a.settings(), plan, context, dryRun);
    }

    private static Execution run(ActionConfig a, Settings r, ActionPlan plan, ActionContext context, boolean dryRun) throws SQLException {
        try (Connection c = context.databases().writable(plan.database())) {
            String table = Relations.resolve(c, "r", r.table(), "table");
            String column = Relations.column(c, table, r.timeColumn());
            String archive = r.archiveTo().isPresent() ? Relations.resolve(c, "r", r.archiveTo().get(), "archive table") : null;
            if (archive != null) {
                Relations.sameColumns(c, table, archive);
            }
            if (a.policy() == dev.caretaker.config.Policy.AUTO) {
                for (String written : archive == null ? List.of(table) : List.of(table, archive)) {
                    java.util.Optional<String> door = StatementGuard.reachOfWriting(c, written, context.protectedTables(plan.database()));
                    if (door.isPresent()) {
                        throw ActionFailure.refused("refused: " + door.get());
                    }
                }
            }
            java.sql.Timestamp cutoff;
            long due;
            try (PreparedStatement ps = c.prepareStatement("SELECT now() - make_interval(secs => ?), (SELECT count(*) FROM " + table
                    + " WHERE " + column + " < now() - make_interval(secs => ?))")) {
                ps.setLong(1, r.olderThan().toSeconds());
                ps.setLong(2, r.olderThan().toSeconds());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    cutoff = rs.getTimestamp(1);
                    due = rs.getLong(2);
                }
            }
            String what = archive == null ? "delete" : "move into " + archive;
            if (dryRun) {
                return new Execution(due, "would " + what + " " + due + " row(s) of " + table + " older than " + cutoff.toInstant()
                        + " in " + Math.max(1, (due + r.batchSize() - 1) / r.batchSize()) + " batch(es) of at most " + r.batchSize());
            }
            if (due > plan.maxRows()) {
                throw new ActionFailure(due + " rows of " + table + " are older than " + cutoff.toInstant() + ", more than max_rows "
                        + plan.maxRows() + "; nothing was deleted: raise max_rows if that is expected", false);
            }
            // no FOR UPDATE: it would need UPDATE privilege, and the actions role may only delete here; a row the app changes
            // meanwhile gets a new ctid and waits for the next batch or run
            String pick = "SELECT ctid FROM " + table + " WHERE " + column + " < ? LIMIT " + r.batchSize();
            String sql = archive == null
                    ? "DELETE FROM " + table + " WHERE ctid IN (" + pick + ")"
                    : "WITH moved AS (DELETE FROM " + table + " WHERE ctid IN (" + pick + ") RETURNING " + table + ".*) INSERT INTO "
                    + archive + " SELECT * FROM moved";
            c.setAutoCommit(false);
            long total = 0;
            int batches = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                while (true) {
                    ps.setTimestamp(1, cutoff);
                    int n = ps.executeUpdate();
                    c.commit(); // one short transaction per batch: locks stay short, and a stop keeps what is done
                    total += n;
                    batches++;
                    if (n > 0) {
                        context.progress().accept(a.name() + ": " + total + " row(s) of " + table + " done (batch " + batches + ")");
                    }
                    if (n < r.batchSize() || total >= plan.maxRows()) {
                        break;
                    }
                }
            } catch (SQLException e) {
                c.rollback();
                throw new ActionFailure(context.secrets().redact("after " + total + " row(s) in " + batches + " batch(es): " + e.getMessage()), true);
            }
            return new Execution(total, (archive == null ? "deleted " : "moved into " + archive + " ") + total + " row(s) of " + table
                    + " older than " + cutoff.toInstant() + " in " + batches + " batch(es)");
        }
    }

    /** DELETE on its table, and INSERT on its archive. */
    @Override
    public void grants(ActionConfig a, ActionGrants grants) throws SQLException {
        Settings r = (Settings) a.settings();
        grants.resolve(r.table()).ifPresent(t -> grants.grant("SELECT, DELETE", t));
        if (r.archiveTo().isPresent()) {
            grants.resolve(r.archiveTo().get()).ifPresent(t -> grants.grant("INSERT", t));
        }
    }
}
