package dev.caretaker.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries out a plan against its database or the app, or, for a dry run, shows what it would change: DML in a
 * transaction that is rolled back, with its row count. More rows than {@code max_rows} roll back and fail.
 */
public final class ActionExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an action did (or would do): rows changed, -1 when rows do not apply, and a line for people. */
    public record Execution(long rows, String detail) {
    }

    private final MonitoredDatabases databases;
    private final Map<String, List<String>> protectedTables;
    private final Secrets secrets;
    private final Consumer<String> progress;

    public ActionExecutor(MonitoredDatabases databases, Map<String, List<String>> protectedTables, Secrets secrets, Consumer<String> progress) {
        this.databases = databases;
        this.protectedTables = protectedTables;
        this.secrets = secrets;
        this.progress = progress;
    }

    public Execution execute(ActionConfig a, ActionPlan plan, boolean dryRun) {
        try {
            return switch (plan.type()) {
                case "sql", "mark_integration" -> dml(a, plan, dryRun);
                case "http" -> http(a, plan, dryRun);
                case "vacuum" -> vacuum(plan, dryRun);
                case "reindex" -> reindex(plan, dryRun);
                case "cancel", "terminate" -> signal(a, plan, dryRun);
                case "retention" -> retention(a, plan, dryRun);
                default -> throw new ActionFailure("unknown action type " + plan.type(), false);
            };
        } catch (SQLException e) {
            throw new ActionFailure(secrets.redact(plan.database() + ": " + e.getMessage()), true);
        }
    }

    private Execution dml(ActionConfig a, ActionPlan plan, boolean dryRun) throws SQLException {
        try (Connection c = databases.writable(plan.database())) {
            c.setAutoCommit(false);
            try {
                if (a.policy().equals(ActionConfig.AUTO) && plan.type().equals("sql")) {
                    guard(c, plan);
                }
                int rows;
                try (PreparedStatement ps = c.prepareStatement(plan.statement())) {
                    bind(ps, plan.parameters());
                    rows = ps.executeUpdate();
                }
                if (dryRun) {
                    c.rollback();
                    return new Execution(rows, "would change " + rows + " row(s); rolled back");
                }
                if (rows > plan.maxRows()) {
                    c.rollback();
                    throw new ActionFailure("it changed " + rows + " rows, more than max_rows " + plan.maxRows()
                            + "; rolled back, nothing changed", false);
                }
                c.commit();
                return new Execution(rows, "changed " + rows + " row(s)");
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * PostgreSQL's own parser and planner confirm what an auto statement is: one statement that modifies a table,
     * touching no protected table (EXPLAIN lists every relation it reads or writes).
     */
    private void guard(Connection c, ActionPlan plan) throws SQLException {
        JsonNode root;
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (VERBOSE, FORMAT JSON) " + plan.statement())) {
            bind(ps, plan.parameters());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                root = JSON.readTree(rs.getString(1)).get(0).get("Plan");
            } catch (IOException e) {
                throw new SQLException("cannot read the plan of the statement: " + e.getMessage(), e);
            }
        }
        if (!"ModifyTable".equals(root.path("Node Type").asText())) {
            throw new ActionFailure("PostgreSQL plans this statement as " + root.path("Node Type").asText()
                    + ", not as an INSERT, UPDATE or DELETE; an auto action must be one", false);
        }
        List<String> touched = new ArrayList<>();
        relations(root, touched);
        for (String p : protectedTables.getOrDefault(plan.database(), List.of())) {
            String wanted = p.toLowerCase(Locale.ROOT);
            for (String t : touched) {
                if (t.equals(wanted) || t.endsWith("." + wanted)) {
                    throw new ActionFailure("the statement touches protected table " + t + "; an auto action never may", false);
                }
            }
        }
    }

    private static void relations(JsonNode node, List<String> out) {
        if (node.has("Relation Name")) {
            out.add((node.path("Schema").asText("") + "." + node.get("Relation Name").asText()).toLowerCase(Locale.ROOT));
        }
        for (JsonNode child : node.path("Plans")) {
            relations(child, out);
        }
    }

    private static void bind(PreparedStatement ps, List<ActionPlan.Param> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i).value(), Types.OTHER); // typed by PostgreSQL from the statement, never spliced
        }
    }

    private Execution http(ActionConfig a, ActionPlan plan, boolean dryRun) {
        ActionConfig.Http h = a.http();
        String url = plan.statement().substring(plan.statement().indexOf(' ') + 1);
        if (dryRun) {
            return new Execution(-1, "would send " + secrets.redact(plan.statement()) + " and expect HTTP " + h.expectStatus());
        }
        Object body = plan.settings().get("body");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(h.timeout())
                .method(h.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        h.headers().forEach(b::header);
        b.header("User-Agent", "caretaker-action");
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(h.timeout()).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != h.expectStatus()) {
                String text = r.body() == null ? "" : r.body().strip();
                throw new ActionFailure("HTTP " + r.statusCode() + " instead of " + h.expectStatus()
                        + (text.isEmpty() ? "" : ": " + secrets.redact(text.length() > 200 ? text.substring(0, 200) + "…" : text)), true);
            }
            return new Execution(-1, "HTTP " + r.statusCode());
        } catch (IOException e) {
            throw new ActionFailure(secrets.redact("the request failed: " + e), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailure("interrupted", true);
        }
    }

    private Execution vacuum(ActionPlan plan, boolean dryRun) throws SQLException {
        try (Connection c = databases.writable(plan.database()); Statement st = c.createStatement()) {
            String table = resolve(c, "r', 'm", plan.subject(), "table");
            long before = deadTuples(c, table);
            if (dryRun) {
                return new Execution(-1, "would run VACUUM (ANALYZE) " + table + " (" + before + " dead tuples)");
            }
            st.execute("SET statement_timeout = 0"); // a vacuum stopped half-way has done nothing useful
            st.execute("VACUUM (ANALYZE) " + table);
            return new Execution(-1, "VACUUM (ANALYZE) " + table + ": dead tuples " + before + " → " + deadTuples(c, table));
        }
    }

    private Execution reindex(ActionPlan plan, boolean dryRun) throws SQLException {
        try (Connection c = databases.writable(plan.database()); Statement st = c.createStatement()) {
            String index = resolve(c, "i", plan.subject(), "index");
            boolean valid;
            try (PreparedStatement ps = c.prepareStatement("SELECT indisvalid FROM pg_index WHERE indexrelid = ?::regclass")) {
                ps.setString(1, index);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    valid = rs.getBoolean(1);
                }
            }
            if (valid) {
                return new Execution(-1, index + " is valid already; nothing to do");
            }
            if (dryRun) {
                return new Execution(-1, "would run REINDEX INDEX CONCURRENTLY " + index);
            }
            st.execute("SET statement_timeout = 0"); // a concurrent rebuild stopped half-way leaves another invalid index
            st.execute("REINDEX INDEX CONCURRENTLY " + index);
            return new Execution(-1, "REINDEX INDEX CONCURRENTLY " + index + ": the index is valid again");
        }
    }

    private Execution signal(ActionConfig a, ActionPlan plan, boolean dryRun) throws SQLException {
        long pid;
        try {
            pid = Long.parseLong(plan.settings().get("pid").toString());
        } catch (NumberFormatException e) {
            throw new ActionFailure("'" + plan.settings().get("pid") + "' is not a process id", false);
        }
        String still = " FROM pg_stat_activity WHERE pid = ? AND datname = current_database() AND pid <> pg_backend_pid()"
                + " AND ((state LIKE 'idle in transaction%' AND now() - state_change > make_interval(secs => ?))"
                + " OR (state = 'active' AND now() - xact_start > make_interval(secs => ?)))";
        try (Connection c = databases.writable(plan.database());
             PreparedStatement ps = c.prepareStatement("SELECT " + (dryRun ? "true" : "pg_" + plan.type() + "_backend(pid)") + still)) {
            ps.setLong(1, pid);
            ps.setLong(2, a.longerThan().toSeconds());
            ps.setLong(3, a.longerThan().toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Execution(0, "pid " + pid + " is no longer in a transaction older than the limit; nothing to do");
                }
                if (dryRun) {
                    return new Execution(1, "would " + plan.type() + " pid " + pid);
                }
                return new Execution(1, (plan.type().equals("cancel") ? "cancelled the query of" : "terminated") + " pid " + pid
                        + (rs.getBoolean(1) ? "" : " (PostgreSQL refused the signal)"));
            }
        }
    }

    private Execution retention(ActionConfig a, ActionPlan plan, boolean dryRun) throws SQLException {
        ActionConfig.Retention r = a.retention();
        try (Connection c = databases.writable(plan.database())) {
            String table = resolve(c, "r", r.table(), "table");
            String column = column(c, table, r.timeColumn());
            String archive = r.archiveTo().isPresent() ? resolve(c, "r", r.archiveTo().get(), "archive table") : null;
            if (archive != null) {
                sameColumns(c, table, archive);
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
            String pick = "SELECT ctid FROM " + table + " WHERE " + column + " < ? LIMIT " + r.batchSize() + " FOR UPDATE SKIP LOCKED";
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
                        progress.accept(a.name() + ": " + total + " row(s) of " + table + " done (batch " + batches + ")");
                    }
                    if (n < r.batchSize() || total >= plan.maxRows()) {
                        break;
                    }
                }
            } catch (SQLException e) {
                c.rollback();
                throw new ActionFailure(secrets.redact("after " + total + " row(s) in " + (batches) + " batch(es): " + e.getMessage()), true);
            }
            return new Execution(total, (archive == null ? "deleted " : "moved into " + archive + " ") + total + " row(s) of " + table
                    + " older than " + cutoff.toInstant() + " in " + batches + " batch(es)");
        }
    }

    /** The quoted, schema-qualified name of a relation of the given kinds, or a failure naming what is missing. */
    private static String resolve(Connection c, String kinds, String name, String what) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT format('%I.%I', n.nspname, k.relname) FROM pg_class k "
                + "JOIN pg_namespace n ON n.oid = k.relnamespace WHERE k.oid = to_regclass(?) AND k.relkind IN ('" + kinds + "')")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ActionFailure("there is no " + what + " '" + name + "' in this database", false);
                }
                return rs.getString(1);
            }
        }
    }

    private static String column(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = ?::regclass "
                + "AND attname = ? AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ActionFailure(table + " has no column '" + column + "'", false);
                }
                return rs.getString(1);
            }
        }
    }

    private static void sameColumns(Connection c, String table, String archive) throws SQLException {
        String q = "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute "
                + "WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped";
        String[] shapes = new String[2];
        try (PreparedStatement ps = c.prepareStatement(q)) {
            for (int i = 0; i < 2; i++) {
                ps.setString(1, i == 0 ? table : archive);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    shapes[i] = rs.getString(1);
                }
            }
        }
        if (!shapes[0].equals(shapes[1])) {
            throw new ActionFailure(archive + " does not have the columns of " + table + " in the same order (" + shapes[0] + " vs "
                    + shapes[1] + "); create it with CREATE TABLE " + archive + " (LIKE " + table + ")", false);
        }
    }

    private static long deadTuples(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(n_dead_tup, 0) FROM pg_stat_all_tables WHERE relid = ?::regclass")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The protected tables of each database, from the config. */
    public static Map<String, List<String>> protectedTables(Map<String, dev.caretaker.config.DatabaseConfig> dbs) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        dbs.forEach((k, v) -> out.put(k, v.protectedTables()));
        return out;
    }
}
