package dev.caretaker.check.integrity;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.IntegrityCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.guard.CheckGrants;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code type: integrity}: orphan rows and unexpected NULLs, named in the config or discovered from the foreign keys. */
public final class IntegrityKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("integrity.orphan_rows", "rows", "rows whose reference points to no parent row", "table", "column"),
            Metric.of("integrity.null_rows", "rows", "rows with NULL in a column that should have a value", "table", "column"));

    @Override
    public String name() {
        return "integrity";
    }

    @Override
    public List<String> keys() {
        return List.of("database", "orphans", "not_null", "discover");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String db = draft.database(s);
        List<IntegrityCheckConfig.Reference> orphans = s.items("orphans", IntegrityCheckConfig.Reference::parse);
        Map<String, List<String>> notNull = new LinkedHashMap<>();
        Section tables = s.named("not_null");
        for (String table : tables.names()) {
            List<String> cols = tables.strings(table);
            if (cols.isEmpty()) {
                tables.problem(table, "'" + tables.keyPath(table) + "' must list at least one column");
            }
            notNull.put(table, cols);
        }
        boolean discover = s.bool("discover", false);
        if (orphans.isEmpty() && notNull.isEmpty() && !discover) {
            s.problem("integrity check '" + draft.name() + "' has nothing to check: add 'orphans', 'not_null' or 'discover: true'");
        }
        return new IntegrityCheckConfig(this, draft.name(), draft.description(), db, orphans, notNull, discover);
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new IntegrityCheck((IntegrityCheckConfig) config);
    }

    /** Both sides of every reference, the tables of not_null, and what discovery would find today. */
    @Override
    public void grants(CheckConfig config, CheckGrants grants) throws SQLException {
        IntegrityCheckConfig i = (IntegrityCheckConfig) config;
        for (IntegrityCheckConfig.Reference r : i.orphans()) {
            grants.select(r.childTable());
            grants.select(r.parentTable());
        }
        for (String table : i.notNull().keySet()) {
            grants.select(table);
        }
        if (i.discover()) {
            for (Discovery.Relation r : Discovery.read(grants.connection()).relations()) {
                grants.select(r.childSchema() + "." + r.childTable());
                grants.select(r.parentSchema() + "." + r.parentTable());
            }
        }
    }
}
