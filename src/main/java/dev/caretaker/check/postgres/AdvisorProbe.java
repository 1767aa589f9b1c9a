package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One lint of Supabase's database advisors (splinter): its query under {@code sql/postgres/advisor/}, one finding per row,
 * the evidence naming splinter's lint and the page of its fix. A Supabase-only lint runs only where the database has the
 * {@code auth} schema, and says nothing elsewhere.
 */
final class AdvisorProbe extends Probe {
    private final AdvisorLint lint;

    AdvisorProbe(AdvisorLint lint) {
        super(lint.lintName(), "postgres/advisor/" + lint.lintName() + ".sql", lint.code());
        this.lint = lint;
    }

    /** One probe per lint, so a lint that fails leaves the others' findings standing. */
    static List<Probe> all() {
        return java.util.Arrays.stream(AdvisorLint.values()).<Probe>map(AdvisorProbe::new).toList();
    }

    @Override
    void run(Connection c, ProbeContext ctx, ResultBuilder out) throws SQLException {
        if (lint.gate().sql != null && !Sql.query(c, lint.gate().sql).get(0).bool("present")) {
            return;
        }
        super.run(c, ctx, out);
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        for (Row r : rows) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("lint", lint.lintName());
            evidence.put("splinter", lint.splinter());
            evidence.put("remediation", lint.remediation());
            r.values().forEach((k, v) -> {
                if (!k.equals("subject") && v != null) {
                    evidence.put(k, v.toString());
                }
            });
            out.find(new Finding(lint.code(), lint.severity(), r.str("subject"), lint.message(r), evidence));
        }
    }
}
