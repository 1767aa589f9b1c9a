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
    private final List<String> codes;

    Probe(String name, String sql, String... codes) {
        this.name = name;
        this.sql = sql;
        this.codes = List.of(codes);
    }

    String name() {
        return name;
    }

    /** The finding codes this probe judges: when it fails, incidents of these stay as they are. */
    List<dev.caretaker.check.Unjudged> scope() {
        return codes.stream().map(dev.caretaker.check.Unjudged::code).toList();
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
