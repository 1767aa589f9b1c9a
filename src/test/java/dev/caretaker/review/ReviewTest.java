package dev.caretaker.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestDatabases.Named;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.history.ReportArchive;
import dev.caretaker.config.ReportConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.engine.ReportDesk;
import dev.caretaker.store.Store;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Periodic reports made from a planted history in a real store and a real database, and mailed through a real SMTP server. */
@ExtendWith(TestDatabases.class)
class ReviewTest {
    static final Instant NOW = Instant.parse("2026-11-24T06:00:00Z");

    private static Review make(TestDatabase db, Store store, CaretakerConfig config, String name) {
        ReportConfig report = config.reports().get(name);
        return Pipeline.engine(store, config, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)).build().reports()
                .preview(report, report.period().resolve(NOW, config.timezone()), NOW);
    }

    private static long run(TestDatabase db, String system, String at, String status, String finding) {
        long id = db.number("INSERT INTO caretaker.run (system, suite, started_at, finished_at, status, health_score) VALUES ('" + system
                + "', 'daily', '" + at + "', '" + at + "', '" + status + "', " + (status.equals("ok") ? 100 : 40) + ") RETURNING id");
        db.exec("INSERT INTO caretaker.check_result VALUES (" + id + ", 'api', 'http', '" + status + "', 12, NULL)");
        if (finding != null) {
            db.exec("INSERT INTO caretaker.finding VALUES (" + id + ", 'api', '" + finding + "', 'critical', 'api', 'api is down', '{}')");
        }
        return id;
    }

    private static void incident(TestDatabase db, String system, String fingerprint, String opened, String resolved) {
        db.exec("INSERT INTO caretaker.incident (system, fingerprint, source, kind, check_name, subject, severity, priority, state, title, opened_at, "
                + "last_seen_at, resolved_at) VALUES ('" + system + "', '" + fingerprint + "', 'http.down', 'finding', 'api', 'api', 'critical', 'P1', '"
                + (resolved == null ? "open" : "resolved") + "', '" + fingerprint + " is down', '" + opened + "', '" + opened + "', "
                + (resolved == null ? "NULL" : "'" + resolved + "'") + ")");
    }

    @Test
    void a_summary_of_a_known_week_has_its_figures(TestDatabase db, Store store) {
        String system = "sum-" + db.name();
        CaretakerConfig config = db.config("""
                system: %s
                checks:
                  api: {type: http, url: "http://127.0.0.1:9/"}
                reports:
                  weekly: {type: summary, period: LAST_WEEK}
                """.formatted(system));
        // the week of Monday 2026-11-16 to Monday 2026-11-23: four runs of api, one of them critical; one run before it
        run(db, system, "2026-11-15T10:00:00Z", "critical", "http.down");
        run(db, system, "2026-11-17T10:00:00Z", "ok", null);
        run(db, system, "2026-11-18T10:00:00Z", "critical", "http.down");
        run(db, system, "2026-11-19T10:00:00Z", "ok", null);
        run(db, system, "2026-11-22T10:00:00Z", "ok", null);
        incident(db, system, "a", "2026-11-17T10:00:00Z", "2026-11-17T11:30:00Z"); // opened and resolved in the week
        incident(db, system, "b", "2026-11-18T10:00:00Z", null);                   // opened in the week, still open
        incident(db, system, "c", "2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z"); // all before: not in it
        incident(db, system, "d", "2026-11-10T10:00:00Z", null);                   // before, still open: listed as open
        for (String[] a : new String[][] {{"2026-11-18T10:01:00Z", "verified"}, {"2026-11-18T11:00:00Z", "failed"}, {"2026-11-12T10:00:00Z", "verified"}}) {
            db.exec("INSERT INTO caretaker.action_run (system, action, subject, occasion, attempt, state, started_at) VALUES ('" + system
                    + "', 'restart-api', 'api', 'x" + a[0] + "', 1, '" + a[1] + "', '" + a[0] + "')");
        }
        Review r = make(db, store, config, "weekly");
        assertThat(r.from()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
        assertThat(r.to()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(r.figures()).containsEntry("incidents_opened", 2L).containsEntry("incidents_resolved", 1L).containsEntry("incidents_open", 2L)
                .containsEntry("actions", 2L).containsEntry("check_results", 4L).containsEntry("success_percent", 75.0).containsEntry("runs", 4);
        Review.Section incidents = r.sections().get(0);
        assertThat(incidents.rows()).extracting(x -> x.cells().get(0)).containsExactlyInAnyOrder("#1", "#2", "#4");
        assertThat(incidents.rows()).filteredOn(x -> x.cells().get(0).equals("#1")).singleElement()
                .satisfies(x -> assertThat(x.cells().get(4)).isEqualTo("resolved 2026-11-17 11:30 after 1h 30m"));
        assertThat(r.sections().get(1).rows()).singleElement().satisfies(x -> assertThat(x.cells()).containsExactly("restart-api", "2", "1", "1", "0", "50.0 %"));
        assertThat(r.sections().get(2).rows()).singleElement().satisfies(x -> assertThat(x.cells()).containsExactly("api", "4", "75.0 %", "0", "1", "0"));
        assertThat(r.sections().get(3).intro()).isEqualTo("No checklist instance in the period.");
        assertThat(r.sections().get(4).rows()).singleElement().satisfies(x -> assertThat(x.cells().subList(0, 5))
                .containsExactly("critical", "api", "http.down", "api", "1"));
        // the same document after a trip through the store and in every format
        ReportArchive reviews = new ReportArchive(store.jdbi());
        long id = reviews.save(Reviews.entry(r));
        assertThat(reviews.save(Reviews.entry(r))).as("the same report and period is replaced, not repeated").isEqualTo(id);
        Review back = Reviews.stored(id, reviews.document(system, id).orElseThrow()).review();
        assertThat(back.sections()).isEqualTo(r.sections());
        assertThat(back.figures().get("verdict")).isEqualTo("2 opened, 1 resolved, 2 open");
        assertThat(Renderer.text(back)).contains("Summary of " + system, "2 opened, 1 resolved in the period; 2 still open.", "restart-api");
        assertThat(Renderer.markdown(back)).contains("| **FAIL** | #2 | P1 | b is down |");
        assertThat(Renderer.html(back)).contains("<img src=\"data:image/png;base64,").contains("<td class=\"pass\">PASS</td>");
    }

    @Test
    void the_security_audit_finds_each_planted_weakness_and_passes_a_clean_twin(TestDatabase weak, @Named("clean") TestDatabase clean, Store store) {
        String suffix = Long.toHexString(new Random().nextLong() & 0xffffffL);
        String boss = "audit_boss_" + suffix;
        String maker = "audit_maker_" + suffix;
        weak.exec("CREATE SCHEMA app", "CREATE TABLE app.open_table (id int)", "CREATE TABLE app.locked (id int)", "ALTER TABLE app.locked ENABLE ROW LEVEL SECURITY",
                "CREATE TABLE app.stray (id int)", "CREATE POLICY p ON app.stray USING (true)",
                "CREATE FUNCTION app.definer() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'",
                "GRANT CREATE ON SCHEMA public TO PUBLIC",
                "CREATE ROLE " + boss + " SUPERUSER", "CREATE ROLE " + maker + " CREATEROLE");
        clean.exec("CREATE SCHEMA app", "CREATE TABLE app.guarded (id int)", "ALTER TABLE app.guarded ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY p ON app.guarded USING (true)",
                "CREATE FUNCTION app.definer() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS 'SELECT 1'",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        String yaml = """
                databases:
                  app: {url: "%s"}
                checks:
                  pg: {type: postgres, database: app}
                reports:
                  audit: {type: security-audit, rls_schemas: [app]}
                """;
        Review w;
        try {
            w = make(weak, store, weak.config(yaml.formatted(weak.url())), "audit");
        } finally {
            weak.exec("DROP ROLE " + boss, "DROP ROLE " + maker);
        }
        List<Review.Row> items = w.sections().get(0).rows();
        assertThat(items).hasSize(SecurityAudit.ITEMS.size());
        assertThat(item(items, "row-level security on every table")).satisfies(x -> {
            assertThat(x.state()).isEqualTo("fail");
            assertThat(x.cells().get(1)).contains("app.open_table", "app.stray").doesNotContain("app.locked");
            assertThat(x.detail()).contains("relrowsecurity").contains("('app')");
        });
        assertThat(item(items, "no table with row-level security on and no policy").cells().get(1)).isEqualTo("app.locked");
        assertThat(item(items, "no policy on a table whose row-level security is off").cells().get(1)).isEqualTo("app.stray (p)");
        assertThat(item(items, "one superuser at most").cells().get(1)).contains(boss);
        assertThat(item(items, "no other role that can create").cells().get(1)).contains(maker + " CREATEROLE");
        assertThat(item(items, "no CREATE on schema public").state()).isEqualTo("fail");
        assertThat(item(items, "every SECURITY DEFINER function").cells().get(1)).isEqualTo("app.definer()");
        assertThat(w.sections().get(2).rows()).allSatisfy(x -> assertThat(x.state()).isEqualTo("manual")).hasSize(SecurityAudit.MANUAL.size());

        Review c = make(clean, store, clean.config(yaml.formatted(clean.url())), "audit");
        List<Review.Row> twin = c.sections().get(0).rows();
        for (String passes : List.of("row-level security on every table", "no table with row-level security on and no policy",
                "no policy on a table whose row-level security is off", "no CREATE on schema public", "every SECURITY DEFINER function")) {
            assertThat(item(twin, passes).state()).as(passes).isEqualTo("pass");
        }
        assertThat(item(twin, "one superuser at most").cells().get(1)).doesNotContain(boss);
        assertThat(item(twin, "SSL on").state()).as("the embedded server runs without SSL, and the audit says so").isEqualTo("fail");
    }

    private static Review.Row item(List<Review.Row> rows, String title) {
        return rows.stream().filter(r -> r.cells().get(0).startsWith(title)).findFirst().orElseThrow(() -> new AssertionError("no item " + title));
    }

    @Test
    void a_capacity_report_mailed_carries_its_charts_as_png_images(TestDatabase db, Store store) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            String system = "cap-" + db.name();
            CaretakerConfig config = db.config("""
                    system: %s
                    databases:
                      app: {url: "%s"}
                    checks:
                      pg: {type: postgres, database: app, thresholds: {database_size: {max: 100GB}}}
                    notify:
                      email: {url: "smtp://127.0.0.1:%d", from: caretaker@shop.example, starttls: false}
                      channels:
                        ops: {type: email, to: [ops@shop.example]}
                    reports:
                      capacity: {type: capacity, channels: [ops]}
                    """.formatted(system, db.url(), port));
            // fourteen days of a database growing 1.4 GB a day toward 100 GB, and a connection usage that stays put
            StringBuilder sql = new StringBuilder("INSERT INTO caretaker.measurement_rollup VALUES ");
            Random noise = new Random(5);
            double gb = 1024.0 * 1024 * 1024;
            for (int h = 14 * 24; h >= 1; h--) {
                Instant b = NOW.minus(Duration.ofHours(h));
                double size = 60 * gb + 1.4 * gb * (14 * 24 - h) / 24.0 + noise.nextGaussian() * 0.05 * gb;
                double conn = 30 + noise.nextGaussian();
                sql.append(h == 14 * 24 ? "" : ", ").append(String.format(Locale.ROOT, "('1h', '%s', 'pg', 'postgres.database_bytes', "
                        + "'{\"check\": \"pg\", \"database\": \"app\"}', '%s', %f, %f, %f, 1), ('1h', '%s', 'pg', 'postgres.connection_usage_percent', "
                        + "'{\"check\": \"pg\", \"database\": \"app\"}', '%s', %f, %f, %f, 1)", system, b, size, size, size, system, b, conn, conn, conn));
            }
            db.exec(sql.toString());
            Engine engine = Pipeline.engine(store, config, new SettableClock(NOW)).build();
            ReportDesk.Made made = engine.reports().make("capacity", Optional.empty(), NOW, true);
            Review r = made.review();
            List<Review.Row> rows = r.sections().get(0).rows();
            assertThat(rows.get(0).cells().get(1)).isEqualTo("postgres.database_bytes{database=\"app\"}");
            assertThat(rows.get(0).state()).isEqualTo("warn");
            assertThat(rows.get(0).cells().get(5)).startsWith("2026-12-0").contains("in 1"); // 100 GB in about 17 days
            assertThat(rows.get(1).cells().get(5)).as("a flat series").isIn("not growing surely", "not within a year at this rate");
            assertThat(rows.get(1).state()).isEqualTo("pass");
            assertThat(r.figures()).containsEntry("within_horizon", 1).containsEntry("urgent", 0);
            assertThat(made.messages()).singleElement().satisfies(m -> assertThat(m.state()).isEqualTo("sent"));

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(1);
            assertThat(received[0].getSubject()).startsWith("[" + system + "] Capacity of " + system);
            List<BufferedImage> images = new ArrayList<>();
            Set<String> cids = new HashSet<>();
            String[] html = new String[1];
            walk(received[0], images, cids, html);
            assertThat(images).as("one chart per series that reaches its limit").hasSize(1);
            BufferedImage png = images.get(0);
            assertThat(png.getWidth()).isEqualTo(640);
            assertThat(png.getHeight()).isEqualTo(240);
            Set<Integer> colours = new HashSet<>();
            for (int x = 0; x < png.getWidth(); x += 3) {
                for (int y = 0; y < png.getHeight(); y += 3) {
                    colours.add(png.getRGB(x, y));
                }
            }
            assertThat(colours).as("a drawn chart, not a blank image").hasSizeGreaterThan(5);
            assertThat(cids).containsExactly("<chart-0>");
            assertThat(html[0]).contains("src=\"cid:chart-0\"");
        } finally {
            smtp.stop();
        }
    }

    private static void walk(Part part, List<BufferedImage> images, Set<String> cids, String[] html) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                walk(mp.getBodyPart(i), images, cids, html);
            }
        } else if (part.isMimeType("image/png")) {
            try (InputStream in = part.getInputStream()) {
                images.add(ImageIO.read(in));
            }
            cids.add(((BodyPart) part).getHeader("Content-ID")[0]);
        } else if (part.isMimeType("text/html")) {
            html[0] = (String) part.getContent();
        }
    }
}
