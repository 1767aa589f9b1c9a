package dev.caretaker.check.postgres;

import dev.caretaker.check.SqlResource;
import dev.caretaker.check.DatabaseCheck;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.config.PostgresCheckConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code type: postgres}: the health of one database, probe by probe. A probe that fails (a timeout, a
 * missing privilege) makes the result unknown with its reason; the other probes still report.
 */
public final class PostgresCheck extends DatabaseCheck<PostgresCheckConfig> {
    static final List<Probe> PROBES = java.util.stream.Stream.concat(java.util.stream.Stream.<Probe>of(new ConnectionUsageProbe(),
            new CacheHitProbe(), new SizeProbe(), new TableMaintenanceProbe(), new UnusedIndexProbe(), new DuplicateIndexProbe(),
            new InvalidIndexProbe(), new MissingFkIndexProbe(), new SequenceProbe(), new XidWraparoundProbe(), new ActivityProbe(),
            new SlowQueryProbe(), new LintProbe(), new ReplicationProbe(), new XminHorizonProbe()), AdvisorProbe.all().stream()).toList();


    public PostgresCheck(PostgresCheckConfig config) {
        super(config);
    }

    @Override
    protected void inspect(Connection c, CheckContext context, ResultBuilder out) throws SQLException {
        DatabaseConfig db = context.databases().config(config.database());
        Row server = Sql.resource(c, "postgres/server.sql").get(0);
        ProbeContext ctx = new ProbeContext(config.thresholds(), new ProbeContext.Server((int) server.lng("version_num"),
                server.str("version"), server.bool("has_pg_stat_statements"),
                server.isNull("pg_stat_statements_schema") ? null : server.str("pg_stat_statements_schema")), config.database(), context.clock().instant());
        for (Probe probe : PROBES) {
            step(probe.name(), probe.scope(), context, out, db.statementTimeout(), () -> probe.run(c, ctx, out));
        }
    }

    /** The activity probes see other users' sessions only with pg_monitor or pg_read_all_stats; slow queries need pg_stat_statements. */
    @Override
    protected void prepare(Connection c, CheckContext context, java.util.List<dev.caretaker.check.Readiness> out) throws SQLException {
        Row r = Sql.query(c, "SELECT current_user AS who, version() AS version, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super, "
                + "pg_has_role(current_user, 'pg_monitor', 'MEMBER') OR pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') AS stats, "
                + "EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss").get(0);
        out.add(dev.caretaker.check.Readiness.ok(name(), "connected as " + r.str("who") + " to " + r.str("version").split(",")[0]));
        if (!r.bool("super") && !r.bool("stats")) {
            out.add(dev.caretaker.check.Readiness.warning(name(), "without pg_monitor (or pg_read_all_stats) the long-transaction, idle and "
                    + "blocked-query probes see only " + r.str("who") + "'s own sessions: GRANT pg_monitor TO " + SqlResource.ident(r.str("who")) + ";"));
        }
        if (!r.bool("pgss")) {
            out.add(dev.caretaker.check.Readiness.warning(name(), "pg_stat_statements is not installed in this database, so slow queries "
                    + "cannot be listed: CREATE EXTENSION pg_stat_statements (and shared_preload_libraries = 'pg_stat_statements')"));
        }
        out.add(AdvisorProbe.readiness(name(), c));
    }
}
