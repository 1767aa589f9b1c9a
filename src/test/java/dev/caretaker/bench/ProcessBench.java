package dev.caretaker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.store.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole {@code caretaker check} process, as Nagios runs it, against the postgres check's own time, on a database with
 * 1,000 tables and a warm embedded store (held open here, as a running server or demo holds it). Variants alternate
 * round by round so machine noise hits them all. Run with {@code bench/process}; {@code bench/process hold} only keeps the
 * store warm, to time commands by hand. Not part of the test suite.
 */
public final class ProcessBench {
    static final String DATABASE = "bench_tables";
    static final int TABLES = 1000;
    static final int ROUNDS = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    record Sample(long wallMs, long checkMs) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target/caretaker.jar").toAbsolutePath();
        Path work = Path.of("bench/work").toAbsolutePath();
        Path home = work.resolve("home");
        Files.createDirectories(work);
        try (EmbeddedPostgres pg = EmbeddedPostgres.open(home, new EmbeddedPostgres.Options(0, false), System.err::println)) {
            prepare(pg);
            if (args.length > 0 && args[0].equals("hold")) {
                System.err.println("holding the embedded PostgreSQL under " + home + " until killed");
                Thread.sleep(Long.MAX_VALUE);
            }
            Path config = work.resolve("process.yml");
            Files.writeString(config, """
                    system: process-bench
                    store: {home: %s}
                    databases:
                      app: {url: "embedded:%s", statement_timeout: 1m}
                    checks:
                      pg: {type: postgres, database: app}
                    rules:
                      - {name: health-score-low, enabled: false}
                    """.formatted(home, DATABASE));
            Path launcher = Path.of("caretaker").toAbsolutePath();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Map<String, List<String>> variants = new LinkedHashMap<>();
            variants.put("`java -jar target/caretaker.jar check` (no JVM options)", List.of(java.toString(), "-jar", jar.toString()));
            variants.put("`./caretaker check` (the launcher: C1, serial GC, class-data archive)", List.of(launcher.toString()));
            Files.deleteIfExists(Path.of("target/caretaker.jsa"));
            for (List<String> v : variants.values()) {
                run(v, config); // warm-up; the launcher's first check writes its archive
            }
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            variants.keySet().forEach(k -> samples.put(k, new ArrayList<>()));
            for (int i = 0; i < ROUNDS; i++) {
                for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                    samples.get(v.getKey()).add(run(v.getValue(), config));
                }
            }
            long jvm = median(bare(launcher));
            System.out.println("| measurement (median of " + ROUNDS + ") | whole process | the check's own time | process ÷ check | process − check |");
            System.out.println("|---|---|---|---|---|");
            for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
                long wall = median(e.getValue().stream().mapToLong(Sample::wallMs).toArray());
                long check = median(e.getValue().stream().mapToLong(Sample::checkMs).toArray());
                System.out.printf(Locale.ROOT, "| %s | %d ms | %d ms | %.1f | %d ms |%n", e.getKey(), wall, check, (double) wall / check, wall - check);
            }
            System.out.printf(Locale.ROOT, "| reference: `./caretaker --version` (the JVM starts, prints, exits) | %d ms | | | |%n", jvm);
        }
    }

    private static Sample run(List<String> command, Path config) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("check", "-q", "--format", "json", "-c", config.toString()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (code == 3) {
            throw new IllegalStateException("caretaker check failed: " + new String(out));
        }
        JsonNode report = JSON.readTree(out);
        return new Sample(wall, report.get("checks").get(0).get("duration_ms").asLong());
    }

    private static long[] bare(Path launcher) throws IOException, InterruptedException {
        long[] t = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            t[i] = (System.nanoTime() - start) / 1_000_000;
        }
        return t;
    }

    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** 1,000 tables with a primary key, a foreign key to the previous table and an index each. */
    private static void prepare(EmbeddedPostgres pg) throws Exception {
        if (!pg.createDatabase(DATABASE)) {
            try (Connection c = pg.connect(DATABASE, "bench"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
                rs.next();
                if (rs.getInt(1) >= TABLES) {
                    return;
                }
            }
        }
        System.err.println("creating " + TABLES + " tables in " + DATABASE);
        try (Connection c = pg.connect(DATABASE, "bench"); Statement st = c.createStatement()) {
            st.execute("""
                    DO $$ BEGIN
                      FOR i IN 1..%d LOOP
                        EXECUTE format('CREATE TABLE IF NOT EXISTS t%%s (id bigserial PRIMARY KEY, parent bigint %s, name text, at timestamptz DEFAULT now())',
                                       i, CASE WHEN i > 1 THEN 'REFERENCES t' || (i - 1) || ' (id)' ELSE '' END);
                        EXECUTE format('CREATE INDEX IF NOT EXISTS t%%s_name_idx ON t%%s (name)', i, i);
                        EXECUTE format('INSERT INTO t%%s (name) SELECT ''row '' || g FROM generate_series(1, 20) g', i);
                      END LOOP;
                    END $$""".formatted(TABLES, "%s"));
            st.execute("ANALYZE");
        }
    }
}
