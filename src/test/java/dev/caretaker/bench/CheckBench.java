package dev.caretaker.bench;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.SqlResource;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.store.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Measures the integrity and postgres checks on a database with 1,000 tables and a 5-million-row child
 * table, each against a baseline run in the same process, alternating, so the ratio survives a noisy machine.
 * Run with {@code bench/run}; not part of the test suite.
 */
public final class CheckBench {
    static final String DATABASE = "bench";
    static final int TABLES = 1000;
    static final int CHILD_ROWS = 5_000_000;
    static final int ROUNDS = 5;

    static final String HANDWRITTEN_ORPHANS = """
            SELECT count(*) FROM invoices c
            WHERE c.client_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM clients p WHERE p.id = c.client_id)""";
    static final String HANDWRITTEN_NULLS = "SELECT count(*) FILTER (WHERE amount IS NULL), count(*) FILTER (WHERE status IS NULL) FROM invoices";
    static final List<String> PROBE_QUERIES = List.of("server", "connections", "cache_hit", "database_size", "table_sizes",
            "table_maintenance", "unused_indexes", "duplicate_indexes", "invalid_indexes", "missing_fk_indexes", "sequences",
            "xid_age", "activity", "slow_queries");

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "bench/work/home").toAbsolutePath();
        try (EmbeddedPostgres pg = EmbeddedPostgres.open(home, new EmbeddedPostgres.Options(0, false), System.err::println)) {
            prepare(pg);
            CaretakerConfig config = dev.caretaker.engine.Engine.configLoader(Map.of("DB", "embedded:" + DATABASE)).parse("bench.yml", Path.of("bench.yml"), """
                    databases:
                      app:
                        url: ${DB}
                        statement_timeout: 10m
                    checks:
                      orphans:
                        type: integrity
                        database: app
                        orphans: ['invoices.client_id -> clients.id']
                      integrity:
                        type: integrity
                        database: app
                        orphans: ['invoices.client_id -> clients.id']
                        not_null: {invoices: [amount, status]}
                      health:
                        type: postgres
                        database: app
                    """);
            try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), pg, config.secrets());
                 Connection raw = pg.connect(DATABASE, "bench-baseline")) {
                CheckContext ctx = new CheckContext(Clock.systemUTC(), dbs, config.secrets());
                System.out.println("| measurement | Caretaker (median of " + ROUNDS + ") | baseline (median) | ratio | goal |");
                System.out.println("|---|---|---|---|---|");
                compare("integrity, orphans only, vs the hand-written anti-join count", check(config, "orphans", ctx),
                        () -> count(raw, HANDWRITTEN_ORPHANS), "ratio ≤ 1.2");
                compare("integrity, orphans + 2 not-null columns, vs the hand-written anti-join and NULL count",
                        check(config, "integrity", ctx), () -> count(raw, HANDWRITTEN_ORPHANS) + count(raw, HANDWRITTEN_NULLS), "ratio ≤ 1.2");
                compare("postgres check over " + TABLES + " tables, vs its probe queries run raw", check(config, "health", ctx),
                        () -> rawProbes(raw), "Caretaker under 2 s");
            }
        }
    }

    private static Callable<Object> check(CaretakerConfig config, String name, CheckContext ctx) {
        Check check = Checks.create(config.checks().get(name));
        return () -> {
            CheckResult r = check.run(ctx);
            if (r.error() != null) {
                throw new IllegalStateException(name + ": " + r.error());
            }
            return r;
        };
    }

    private static void compare(String what, Callable<Object> caretaker, Callable<Object> baseline, String goal) throws Exception {
        caretaker.call(); // warm both: the comparison is of warm runs
        baseline.call();
        double[] c = new double[ROUNDS];
        double[] b = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            if (i % 2 == 0) {
                c[i] = time(caretaker);
                b[i] = time(baseline);
            } else {
                b[i] = time(baseline);
                c[i] = time(caretaker);
            }
        }
        double cm = median(c);
        double bm = median(b);
        System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.2f | %s |%n", what, cm, bm, cm / bm, goal);
    }

    private static double time(Callable<Object> task) throws Exception {
        long t = System.nanoTime();
        task.call();
        return (System.nanoTime() - t) / 1e6;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Object rawProbes(Connection c) throws SQLException {
        int rows = 0;
        try (Statement st = c.createStatement()) {
            for (String q : PROBE_QUERIES) {
                try (ResultSet rs = st.executeQuery(SqlResource.load("postgres/" + q + ".sql"))) {
                    while (rs.next()) {
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /** Builds the database once; a later run reuses it. A failed build leaves nothing behind. */
    static void prepare(EmbeddedPostgres pg) throws SQLException {
        if (!pg.createDatabase(DATABASE)) {
            System.err.println("reusing the benchmark database (delete bench/work to rebuild it)");
            return;
        }
        try {
            build(pg);
        } catch (SQLException | RuntimeException e) {
            pg.dropDatabase(DATABASE);
            throw e;
        }
    }

    private static void build(EmbeddedPostgres pg) throws SQLException {
        System.err.println("generating " + TABLES + " tables and a " + CHILD_ROWS + "-row child table (a few minutes)…");
        try (Connection c = pg.connect(DATABASE, "bench-setup"); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION pg_stat_statements");
            st.execute("CREATE TABLE clients (id bigint PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO clients SELECT g, 'client ' || g FROM generate_series(1, 100000) g");
            st.execute("CREATE TABLE invoices (id bigint PRIMARY KEY, client_id bigint, amount numeric(12,2), status text, issued_at timestamptz NOT NULL)");
            st.execute("INSERT INTO invoices SELECT g, 1 + (g::bigint * 7919) % 100000, (g % 5000) / 3.0, "
                    + "(ARRAY['paid','sent','draft'])[1 + g % 3], now() - make_interval(mins => g) FROM generate_series(1, " + CHILD_ROWS + ") g");
            st.execute("UPDATE invoices SET client_id = 200000 + id WHERE id % 50000 = 0");
            st.execute("UPDATE invoices SET amount = NULL WHERE id % 5003 = 0");
            st.execute("CREATE INDEX invoices_client_idx ON invoices (client_id)");
            List<String> ddl = new ArrayList<>();
            for (int i = 3; i <= TABLES; i++) {
                String t = String.format(Locale.ROOT, "app_table_%04d", i);
                ddl.add("CREATE TABLE " + t + " (id serial PRIMARY KEY, client_id bigint REFERENCES clients (id), label text, created_at timestamptz DEFAULT now())");
                ddl.add("CREATE INDEX ON " + t + " (created_at)");
                ddl.add("INSERT INTO " + t + " (client_id, label) SELECT 1 + g % 1000, md5(g::text) FROM generate_series(1, 50) g");
            }
            st.execute(String.join(";\n", ddl));
            st.execute("VACUUM ANALYZE");
        }
    }
}
