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

    /**
     * Which of the advisor lints will run on this database, said before the first run: the Supabase-only ones need the
     * {@code auth} schema, the Storage one also {@code storage.buckets} readable by the checks' role.
     */
    static dev.caretaker.check.Readiness readiness(String check, Connection c) throws SQLException {
        long supabase = java.util.Arrays.stream(AdvisorLint.values()).filter(l -> l.gate() != AdvisorLint.Gate.NONE).count();
        if (!Sql.query(c, AdvisorLint.Gate.SUPABASE.sql).get(0).bool("present")) {
            return dev.caretaker.check.Readiness.ok(check, "the " + supabase + " Supabase-only advisor lints are off (no auth schema in "
                    + "this database); the others run");
        }
        if (Sql.query(c, AdvisorLint.Gate.STORAGE.sql).get(0).bool("present")) {
            return dev.caretaker.check.Readiness.ok(check, "every advisor lint runs (Supabase's auth schema and storage.buckets are here)");
        }
        List<String> needStorage = java.util.Arrays.stream(AdvisorLint.values()).filter(l -> l.gate() == AdvisorLint.Gate.STORAGE)
                .map(AdvisorLint::lintName).toList();
        return dev.caretaker.check.Readiness.ok(check, "the Supabase-only advisor lints run (auth schema found) but "
                + String.join(", ", needStorage) + ": storage.buckets is missing or the checks' role may not read it (GRANT USAGE ON "
                + "SCHEMA storage and GRANT SELECT ON storage.buckets to it)");
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
