package dev.caretaker.check.postgres;

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
    static final List<Probe> PROBES = List.of(new ConnectionUsageProbe(), new CacheHitProbe(), new SizeProbe(),
            new TableMaintenanceProbe(), new UnusedIndexProbe(), new DuplicateIndexProbe(), new InvalidIndexProbe(),
            new MissingFkIndexProbe(), new SequenceProbe(), new XidWraparoundProbe(), new ActivityProbe(), new SlowQueryProbe());


    public PostgresCheck(PostgresCheckConfig config) {
        super(config);
    }

    @Override
    protected void inspect(Connection c, CheckContext context, ResultBuilder out) throws SQLException {
        DatabaseConfig db = context.databases().config(config.database());
        Row server = Sql.resource(c, "postgres/server.sql").get(0);
        ProbeContext ctx = new ProbeContext(config.thresholds(), new ProbeContext.Server((int) server.lng("version_num"),
                server.str("version"), server.bool("has_pg_stat_statements")), config.database(), context.clock().instant());
        for (Probe probe : PROBES) {
            step(probe.name(), context, out, db.statementTimeout(), () -> probe.run(c, ctx, out));
        }
    }
}
