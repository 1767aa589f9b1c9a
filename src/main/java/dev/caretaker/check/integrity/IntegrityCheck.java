package dev.caretaker.check.integrity;

import dev.caretaker.check.DatabaseCheck;
import java.time.Duration;
import dev.caretaker.check.Catalog;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Sql;
import dev.caretaker.check.Unjudged;
import dev.caretaker.check.SqlResource;
import dev.caretaker.config.IntegrityCheckConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: integrity}: orphan rows (a child key with no parent) and NULLs where the app expects none.
 * Names from the config are resolved against the catalog before any query is built, so a typo is an
 * error that names it, and identifiers are always quoted.
 */
public final class IntegrityCheck extends DatabaseCheck<IntegrityCheckConfig> {

    public IntegrityCheck(IntegrityCheckConfig config) {
        super(config);
    }

    /** A reference to verify, with where it came from (the config or discovery). */
    record Reference(Catalog.Table child, String childColumn, Catalog.Table parent, String parentColumn, String source) {
        String subject() {
            return child.display() + "." + childColumn;
        }
    }

    @Override
    protected void inspect(Connection c, CheckContext context, ResultBuilder out) throws SQLException {
        Duration timeout = context.databases().config(config.database()).statementTimeout();
        Catalog catalog = Catalog.read(c);
        List<Reference> refs = references(c, catalog, out);
        for (Reference ref : refs) {
            step("orphans " + ref.subject(), List.of(Unjudged.of("postgres.orphan_rows", ref.subject())), context, out, timeout,
                    () -> orphans(c, ref, out));
        }
        if (refs.isEmpty() && config.notNull().isEmpty() && config.orphans().isEmpty()) {
            nothingToCheck(c, out);
        }
        for (Map.Entry<String, List<String>> e : config.notNull().entrySet()) {
            List<Unjudged> columns = e.getValue().stream().map(col -> Unjudged.of("postgres.unexpected_nulls", displayName(e.getKey()) + "." + col))
                    .toList();
            step("not_null." + e.getKey(), columns, context, out, timeout, () -> nulls(c, catalog, e.getKey(), e.getValue(), out));
        }
    }

    /** A table as findings name it: without {@code public.}. */
    private static String displayName(String table) {
        return table.startsWith("public.") ? table.substring("public.".length()) : table;
    }

    private List<Reference> references(Connection c, Catalog catalog, ResultBuilder out) throws SQLException {
        Map<String, Reference> refs = new LinkedHashMap<>();
        for (IntegrityCheckConfig.Reference r : config.orphans()) {
            try {
                Catalog.Table child = catalog.table(r.childTable());
                Catalog.Table parent = catalog.table(r.parentTable());
                Catalog.column(child, r.childColumn());
                Catalog.column(parent, r.parentColumn());
                Reference ref = new Reference(child, r.childColumn(), parent, r.parentColumn(), "config");
                refs.putIfAbsent(ref.subject() + "->" + parent.display(), ref);
            } catch (IllegalArgumentException e) {
                out.error("orphans '" + r.text() + "': " + e.getMessage(),
                        List.of(Unjudged.of("postgres.orphan_rows", displayName(r.childTable()) + "." + r.childColumn())));
            }
        }
        if (config.discover()) {
            for (Discovery.Relation r : Discovery.read(c).relations()) {
                var child = catalog.find(r.childSchema(), r.childTable());
                var parent = catalog.find(r.parentSchema(), r.parentTable());
                if (child.isEmpty() || parent.isEmpty()) {
                    continue;
                }
                Reference ref = new Reference(child.get(), r.childColumn(), parent.get(), r.parentColumn(), "discovered: " + r.source());
                refs.putIfAbsent(ref.subject() + "->" + parent.get().display(), ref);
            }
        }
        return new ArrayList<>(refs.values());
    }

    private static void orphans(Connection c, Reference ref, ResultBuilder out) throws SQLException {
        String sql = SqlResource.fill("integrity/orphans.sql", Map.of(
                "child_key", ref.child().keyExpression("c"),
                "child_table", ref.child().quoted(),
                "child_column", SqlResource.ident(ref.childColumn()),
                "parent_table", ref.parent().quoted(),
                "parent_column", SqlResource.ident(ref.parentColumn())));
        List<Row> rows = Sql.query(c, sql);
        long count = rows.isEmpty() ? 0 : rows.get(0).lng("orphan_count");
        out.measure("integrity.orphan_rows", count, "table", ref.child().display(), "column", ref.childColumn());
        if (count == 0) {
            return;
        }
        Set<String> missing = new LinkedHashSet<>();
        rows.forEach(r -> missing.add(r.str("missing_value")));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", count);
        e.put("references", ref.parent().display() + "." + ref.parentColumn());
        e.put("sample_keys", rows.stream().map(r -> r.str("child_key")).toList());
        e.put("missing_values", List.copyOf(missing));
        e.put("source", ref.source());
        out.find(new Finding("postgres.orphan_rows", Severity.WARNING, ref.subject(), String.format(Locale.ROOT,
                "%,d %s %s point to no %s.%s (%s)", count, ref.child().display(), count == 1 ? "row" : "rows",
                ref.parent().display(), ref.parentColumn(), ref.source()), e));
    }

    /**
     * {@code integrity.nothing_to_check}: discover was the check's only work and found nothing, so an OK would say nothing
     * about the data. The evidence says why (every reference enforced, or none named by a known convention).
     */
    private void nothingToCheck(Connection c, ResultBuilder out) throws SQLException {
        long enforced = Discovery.enforced(c);
        List<String> ambiguous = Discovery.read(c).ambiguous().stream()
                .map(a -> a.child() + " (" + String.join(" or ", a.parents()) + ")").toList();
        String why = enforced > 0 ? String.format(Locale.ROOT, "its %,d foreign key%s are enforced by PostgreSQL and ", enforced,
                enforced == 1 ? "" : "s") : "";
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("enforced_foreign_keys", enforced);
        e.put("ambiguous_columns", ambiguous);
        out.find(new Finding("integrity.nothing_to_check", Severity.WARNING, config.database(), "discover found nothing to check in "
                + "database " + config.database() + ": " + why + "no other column names a table by a convention Caretaker knows"
                + (ambiguous.isEmpty() ? "" : " (" + ambiguous.size() + " could name several tables)")
                + "; list references under 'orphans' or columns under 'not_null'", e));
    }

    private static void nulls(Connection c, Catalog catalog, String tableName, List<String> columns, ResultBuilder out)
            throws SQLException {
        Catalog.Table table = catalog.table(tableName);
        StringBuilder counts = new StringBuilder();
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String q = Catalog.column(table, columns.get(i));
            quoted.add(q);
            counts.append(",\n       count(*) FILTER (WHERE ").append(q).append(" IS NULL) AS n").append(i);
        }
        Row r = Sql.query(c, SqlResource.fill("integrity/null_counts.sql",
                Map.of("null_counts", counts.toString(), "table", table.quoted()))).get(0);
        long total = r.lng("total_rows");
        for (int i = 0; i < columns.size(); i++) {
            long nulls = r.lng("n" + i);
            String subject = table.display() + "." + columns.get(i);
            out.measure("integrity.null_rows", nulls, "table", table.display(), "column", columns.get(i));
            if (nulls == 0) {
                continue;
            }
            List<String> keys = Sql.query(c, SqlResource.fill("integrity/null_sample.sql", Map.of(
                    "key", table.keyExpression("t"), "table", table.quoted(), "column", quoted.get(i))))
                    .stream().map(k -> k.str("row_key")).toList();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("count", nulls);
            e.put("table_rows", total);
            e.put("sample_keys", keys);
            out.find(new Finding("postgres.unexpected_nulls", Severity.WARNING, subject, String.format(Locale.ROOT,
                    "%,d of %,d %s rows have no %s", nulls, total, table.display(), columns.get(i)), e));
        }
    }

    /**
     * For {@code validate --connect}: each table the config names once (with all its columns), then each relation it
     * would check once, from the config or discovered (with the convention that matched); a discovery that finds nothing
     * says so.
     */
    @Override
    protected void prepare(Connection c, CheckContext context, List<dev.caretaker.check.Readiness> out) throws SQLException {
        dev.caretaker.check.TableAccess access = new dev.caretaker.check.TableAccess(c, name(), out);
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        for (IntegrityCheckConfig.Reference r : config.orphans()) {
            tables.computeIfAbsent(r.childTable(), t -> new LinkedHashSet<>()).add(r.childColumn());
            tables.computeIfAbsent(r.parentTable(), t -> new LinkedHashSet<>()).add(r.parentColumn());
        }
        config.notNull().forEach((t, cols) -> tables.computeIfAbsent(t, k -> new LinkedHashSet<>()).addAll(cols));
        for (Map.Entry<String, Set<String>> e : tables.entrySet()) {
            access.readable(e.getKey(), e.getValue().toArray(String[]::new));
        }
        Discovery.Result found = config.discover() ? Discovery.read(c) : new Discovery.Result(List.of(), List.of());
        Map<String, String> relations = new LinkedHashMap<>();
        config.orphans().forEach(r -> relations.put(r.text(), "from the config"));
        for (Discovery.Relation r : found.relations()) {
            relations.merge(r.text(), "discovered: " + r.source(), (configured, discovered) -> configured + ", and " + discovered);
        }
        relations.forEach((text, source) -> out.add(dev.caretaker.check.Readiness.ok(name(), "checks " + text + " (" + source + ")")));
        for (Discovery.Ambiguous a : found.ambiguous()) {
            out.add(dev.caretaker.check.Readiness.ok(name(), "not checked: " + a.child() + " could refer to "
                    + String.join(" or ", a.parents()) + "; list the right one under 'orphans'"));
        }
        if (found.relations().isEmpty() && config.orphans().isEmpty() && config.notNull().isEmpty()) {
            out.add(dev.caretaker.check.Readiness.warning(name(), "integrity.nothing_to_check: discover finds no reference to check "
                    + "in this database; list references under 'orphans' or columns under 'not_null'"));
        }
    }
}
