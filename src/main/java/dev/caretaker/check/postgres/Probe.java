package dev.caretaker.check.postgres;

import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** One look at a database: a query in {@code sql/postgres/} and the judgement of its rows. */
interface Probe {
    String name();

    /** The query resource under {@code sql/}. */
    String sql(ProbeContext ctx);

    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out);

    default void run(Connection c, ProbeContext ctx, ResultBuilder out) throws SQLException {
        judge(Sql.resource(c, sql(ctx)), ctx, out);
    }
}
