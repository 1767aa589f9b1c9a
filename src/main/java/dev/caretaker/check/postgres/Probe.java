package dev.caretaker.check.postgres;

import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** One look at a database: a query in {@code sql/postgres/} and the judgement of its rows. */
abstract class Probe {
    private final String name;
    private final String sql;

    Probe(String name, String sql) {
        this.name = name;
        this.sql = sql;
    }

    String name() {
        return name;
    }

    /** The query resource under {@code sql/}. */
    String sql(ProbeContext ctx) {
        return sql;
    }

    abstract void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out);

    void run(Connection c, ProbeContext ctx, ResultBuilder out) throws SQLException {
        judge(Sql.resource(c, sql(ctx)), ctx, out);
    }
}
