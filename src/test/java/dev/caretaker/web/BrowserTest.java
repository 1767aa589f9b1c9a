package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in Debian's headless Chromium: log in, be locked out after failed logins, acknowledge an incident, approve a
 * request as a second user and be refused as its requester, a form post without its token refused. Screenshots go to
 * {@code target/screenshots/} for a person to look at. Needs /usr/bin/chromium and /usr/bin/chromedriver (scripts/test
 * installs them).
 */
@ExtendWith(TestDatabases.class)
class BrowserTest extends InBrowser {
    static final Path CHROMIUM = Chromium.CHROMIUM;
    static final Path DRIVER = Chromium.DRIVER;
    static final Path SHOTS = Chromium.SHOTS;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();


    private void shot(String name) throws Exception {
        Chromium.shot(browser, name);
    }

    /** Clicks and waits until the browser has left the page (a form post or a link), so the next look sees the new one. */
    private void clickAndWait(WebElement element) {
        Chromium.clickAndWait(browser, element);
    }

    private void login(String base, String user, String password) {
        Chromium.login(browser, base, user, password);
    }

    private void logout() {
        clickAndWait(browser.findElement(By.cssSelector("form.who button")));
    }

    @Test
    void an_operator_acknowledges_and_a_second_approver_approves_in_a_real_browser(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        try (Receiver worker = new Receiver(200)) {
            CaretakerConfig config = db.config(DownGateway.config("orchard-" + db.name(), "{}", worker.url("/restart")));
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("web-node"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                Engine engine = server.engine();
                engine.run(Engine.RunRequest.of("nightly"));
                Users users = WebServer.users(server, clock);
                users.add("sam.ops", Role.OPERATOR, "sam-passw0rd".toCharArray(), "test");
                users.add("rita", Role.APPROVER, "rita-passw0rd".toCharArray(), "test");
                users.add("vic", Role.VIEWER, "vic-passw0rd".toCharArray(), "test");
                engine.actions().runByHand("restart-gateway", "gateway", Map.of(), "rita", false);

                // a page without a session goes to the login, and comes back after it
                browser.get(base + "/incidents");
                assertThat(browser.getCurrentUrl()).startsWith(base + "/login");

                // five wrong passwords lock the user out from this address, even with the right one after
                for (int i = 0; i < 5; i++) {
                    login(base, "vic", "not-it-" + i);
                }
                assertThat(browser.findElement(By.id("login-error")).getText()).contains("Too many failed logins");
                login(base, "vic", "vic-passw0rd");
                assertThat(browser.findElement(By.id("login-error")).getText()).contains("Too many failed logins");
                shot("login-locked");

                // an operator acknowledges the incident
                login(base, "sam.ops", "sam-passw0rd");
                assertThat(browser.findElement(By.id("checks")).getText()).contains("gateway").contains("critical");
                assertThat(browser.findElement(By.id("open-incidents")).getText()).contains("P1 1");
                shot("overview");
                Cookie session = browser.manage().getCookieNamed(Dashboard.SESSION_COOKIE);
                assertThat(session.isHttpOnly()).isTrue();
                assertThat(session.getSameSite()).isEqualTo("Strict");
                browser.get(base + "/incidents?state=active");
                clickAndWait(browser.findElement(By.cssSelector("#incidents tbody a")));
                String incidentUrl = browser.getCurrentUrl();
                clickAndWait(browser.findElement(By.id("ack")));
                assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("acknowledged");
                assertThat(browser.findElement(By.id("timeline")).getText()).contains("acknowledged by sam.ops");
                shot("incident");

                // the same session posting a form without its token is refused, and nothing changes
                HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(incidentUrl + "/resolve"))
                        .header("Cookie", Dashboard.SESSION_COOKIE + "=" + session.getValue())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("note=forged")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(forged.statusCode()).isEqualTo(403);
                assertThat(forged.body()).contains("missing its token");
                browser.navigate().refresh();
                assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("acknowledged");

                // an operator may not approve; the approver who requested one may not approve it; another approver may
                browser.get(base + "/approvals");
                assertThat(browser.findElements(By.cssSelector("button.approve"))).as("an operator sees no approve button").isEmpty();
                logout();
                login(base, "rita", "rita-passw0rd");
                browser.get(base + "/approvals");
                WebElement mine = browser.findElements(By.cssSelector("article.approval")).stream()
                        .filter(a -> a.getText().contains("Requested by rita")).findFirst().orElseThrow();
                assertThat(mine.getText()).contains("another approver must decide it");
                assertThat(mine.findElements(By.cssSelector("button.approve"))).isEmpty();
                String csrf = browser.findElement(By.cssSelector("form.who input[name=csrf]")).getAttribute("value");
                String own = mine.getAttribute("id").replace("approval-", "");
                HttpResponse<String> self = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/approvals/" + own + "/approve"))
                        .header("Cookie", Dashboard.SESSION_COOKIE + "=" + browser.manage().getCookieNamed(Dashboard.SESSION_COOKIE).getValue())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&sha256=x")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(self.statusCode()).as("the server refuses it too, whatever the page shows").isEqualTo(403);

                WebElement auto = browser.findElements(By.cssSelector("article.approval")).stream()
                        .filter(a -> a.getText().contains("Requested by caretaker")).findFirst().orElseThrow();
                assertThat(auto.findElement(By.cssSelector("p.hash code")).getText()).matches("[0-9a-f]{64}");
                shot("approvals");
                clickAndWait(auto.findElement(By.cssSelector("button.approve")));
                assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("Approved #");
                await().atMost(Duration.ofSeconds(10)).until(() -> worker.requests.size() == 1);

                // the audit page verifies the chain in one click
                browser.get(base + "/audit");
                clickAndWait(browser.findElement(By.id("page-button")));
                assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("The chain is intact");

                // pages refuse to be framed and load nothing from elsewhere
                HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'")
                        .contains("script-src 'self'");
                assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
                assertThat(page.body()).doesNotContain("http://", "https://");
            } finally {
                server.close();
            }
        }
    }

    /** A postgres check's run: many measurements, and an info, a warning and a critical finding, stored in that order. */
    private static CheckResult postgresRun(double usage, double longest, double cache, double size, int n) {
        List<Measurement> m = new ArrayList<>(List.of(
                Measurement.of("postgres.connection_usage_percent", usage, "check", "db", "database", "app"),
                Measurement.of("postgres.longest_transaction_seconds", longest, "check", "db", "database", "app"),
                Measurement.of("postgres.cache_hit_percent", cache, "check", "db", "database", "app"),
                Measurement.of("postgres.lock_waits", 0, "check", "db", "database", "app"),
                Measurement.of("postgres.slow_queries", 0, "check", "db", "database", "app"),
                Measurement.of("postgres.xid_age_percent", 2, "check", "db", "database", "app"),
                Measurement.of("postgres.database_bytes", size, "check", "db", "database", "app")));
        for (String table : List.of("auth_user", "django_session", "orders", "order_lines", "payments", "events")) {
            m.add(Measurement.of("postgres.dead_tuple_percent", n * table.length(), "check", "db", "database", "app", "table", table));
            m.add(Measurement.of("postgres.table_bytes", n * 8192.0 * table.length(), "check", "db", "database", "app", "table", table,
                    "kind", "table"));
        }
        List<Finding> f = List.of(
                new Finding("postgres.missing_fk_index", Severity.INFO, "public.order_lines.order_id",
                        "no index covers the foreign key order_lines.order_id", Map.of("table", "public.order_lines")),
                new Finding("postgres.duplicate_index", Severity.WARNING, "public.auth_user_username_idx",
                        "index auth_user_username_idx repeats auth_user_username_key", Map.of("size_bytes", 16384)),
                new Finding("postgres.idle_in_transaction", Severity.CRITICAL, "pid 4242",
                        "a session has sat idle in a transaction for 12 minutes", Map.of("pid", 4242, "idle_seconds", 720)));
        return new CheckResult("db", "postgres", Status.CRITICAL, 5, null, m, f);
    }

    @Test
    void a_check_page_opens_with_its_findings_worst_first_and_the_overview_lists_what_is_wrong(TestDatabase db, Store store) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        SettableClock clock = new SettableClock(now.minus(Duration.ofMinutes(20)));
        try (Receiver worker = new Receiver(200)) {
            String system = "pages-" + db.name();
            CaretakerConfig config = db.config("system: " + system + "\n" + TestDatabase.oneCheck("db", "postgres",
                    "runbook: https://wiki.example/runbooks/db") + """
                      api:
                        type: http
                        url: "http://127.0.0.1:9/"
                    actions:
                      end-idle-session:
                        type: http
                        policy: approval
                        when: postgres.idle_in_transaction
                        url: "%s"
                    """.formatted(worker.url("/end")));
            Engine engine = Pipeline.engine(store, config, clock).build();
            engine.record(RunResult.of(system, "daily", clock.instant().minusSeconds(2), clock.instant(),
                    List.of(postgresRun(12, 5, 99.1, 8e6, 1))), false);
            // three readings: fewer would be lines of numbers, not charts
            clock.set(now.minus(Duration.ofMinutes(15)));
            engine.record(RunResult.of(system, "daily", clock.instant().minusSeconds(2), clock.instant(),
                    List.of(postgresRun(20, 60, 98.9, 9e6, 1))), false);
            clock.set(now.minus(Duration.ofMinutes(10)));
            engine.record(RunResult.of(system, "daily", clock.instant().minusSeconds(2), clock.instant(),
                    List.of(postgresRun(30, 720, 98.7, 9.5e6, 2), new CheckResult("api", "http", Status.UNKNOWN, 5,
                            "the check did not finish within its deadline of 30s", List.of(), List.of()))), false);
            clock.set(now);
            Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("pages"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                WebServer.users(server, clock).add("olga", Role.VIEWER, "olga-passw0rd".toCharArray(), "test");
                login(base, "olga", "olga-passw0rd");

                // the overview says what is wrong, worst first, above the checks: no info finding, each linked to its check and incident
                WebElement wrong = browser.findElement(By.id("wrong"));
                List<WebElement> items = wrong.findElements(By.cssSelector("li"));
                assertThat(items).hasSize(3);
                assertThat(items.get(0).getText()).contains("critical", "db", "pid 4242: a session has sat idle in a transaction for 12 minutes");
                assertThat(items.get(1).getText()).contains("unknown", "api", "could not judge: the check did not finish within its deadline");
                assertThat(items.get(2).getText()).contains("warning", "index auth_user_username_idx repeats");
                assertThat(wrong.getText()).doesNotContain("no index covers the foreign key");
                assertThat(wrong.getLocation().getY()).isLessThan(browser.findElement(By.id("checks")).getLocation().getY());
                assertThat(items.get(0).findElement(By.cssSelector("a.incident")).getText()).startsWith("incident #");
                shot("overview-wrong");
                clickAndWait(items.get(0).findElement(By.cssSelector("a.check")));
                assertThat(browser.getCurrentUrl()).isEqualTo(base + "/checks/db#finding-1");

                // the check's page: its findings first, worst first, each with evidence, runbook, fix and incident
                List<WebElement> findings = browser.findElements(By.cssSelector("#findings article.finding"));
                assertThat(findings).extracting(e -> e.getAttribute("class")).containsExactly("finding sev-critical", "finding sev-warning",
                        "finding sev-info");
                WebElement first = findings.get(0);
                assertThat(first.getAttribute("id")).isEqualTo("finding-1");
                assertThat(first.getText()).contains("a session has sat idle in a transaction for 12 minutes", "idle_seconds", "720",
                        "Runbook:", "Fix: action end-idle-session (http) waits for an approver", "incident #");
                assertThat(first.findElement(By.cssSelector(".runbook a")).getAttribute("href")).isEqualTo("https://wiki.example/runbooks/db");
                List<WebElement> charts = browser.findElements(By.cssSelector("#charts figure.chart"));
                assertThat(charts).isNotEmpty();
                assertThat(first.getLocation().getY()).as("the first finding is above the first chart")
                        .isLessThan(charts.get(0).getLocation().getY());

                // charts titled in words, axes in units; a series that did not change is a line of words, not a chart
                List<String> captions = browser.findElements(By.cssSelector("figure.chart figcaption")).stream()
                        .map(e -> e.getAttribute("textContent")).toList();
                assertThat(captions).contains("Connections in use — app", "Longest transaction — app").allSatisfy(c -> assertThat(c)
                        .doesNotContain("{", "postgres.", "_percent", "_seconds", "_bytes"));
                assertThat(captions).noneMatch(c -> c.startsWith("Locks waiting"));
                assertThat(browser.findElement(By.id("flat")).getText()).contains("Locks waiting — app: 0 throughout");
                WebElement longest = charts.stream().filter(c -> c.getText().startsWith("Longest transaction")).findFirst().orElseThrow();
                assertThat(longest.findElements(By.cssSelector("svg text")).stream().map(e -> e.getAttribute("textContent")).toList())
                        .contains("12 min", "5 s");

                // the rest behind "all measurements", closed until asked for, no script needed
                WebElement all = browser.findElement(By.id("all-measurements"));
                assertThat(all.getTagName()).isEqualTo("details");
                assertThat(all.getAttribute("open")).isNull();
                assertThat(all.findElement(By.tagName("summary")).getText()).startsWith("All measurements");
                WebElement hidden = all.findElement(By.cssSelector("figure.chart"));
                assertThat(hidden.isDisplayed()).isFalse();
                all.findElement(By.tagName("summary")).click();
                assertThat(hidden.isDisplayed()).isTrue();
                assertThat(all.getText()).contains("Table size — app, events, table", "Slow queries — app: 0 throughout");
                shot("check-answer-first");

                // a check whose latest run could not judge says so where its findings would be
                browser.get(base + "/checks/api");
                assertThat(browser.findElement(By.id("could-not-judge")).getText())
                        .isEqualTo("The latest run could not judge: the check did not finish within its deadline of 30s");
                browser.get(base + "/checks/db");

                // the incident link on the finding opens its incident
                clickAndWait(browser.findElement(By.cssSelector("#finding-1 a.incident")));
                assertThat(browser.findElement(By.tagName("h1")).getText()).contains("idle");
            } finally {
                server.close();
            }
        }
    }

    /** A demo started as an operator starts it, with the URL and the admin login it printed. */
    private record Demo(Process process, Path log, String base, String user, String password) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy(); // SIGTERM, as Ctrl-C
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        }
    }

    private static Demo demo(String profile) throws Exception {
        dev.caretaker.TestPostgres.server(); // the demo joins the test server
        Path log = Files.createTempFile(profile + "-demo", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.caretaker.cli.Main", "demo", "--profile", profile, "--port", "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CARETAKER_HOME", dev.caretaker.TestPostgres.HOME.toString());
        pb.environment().put("CARETAKER_DEMO_PORT_BASE", "0");
        Process demo = pb.start();
        Pattern serving = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+)");
        Pattern login = Pattern.compile("dashboard login: user (\\S+), password (\\S+)");
        String[] found = new String[3];
        await().atMost(Duration.ofSeconds(180)).until(() -> {
            String text = Files.readString(log);
            Matcher sm = serving.matcher(text);
            Matcher lm = login.matcher(text);
            if (sm.find() && lm.find()) {
                found[0] = sm.group(1);
                found[1] = lm.group(1);
                found[2] = lm.group(2);
                return true;
            }
            assertThat(demo.isAlive()).as(text).isTrue();
            return false;
        });
        return new Demo(demo, log, found[0], found[1], found[2]);
    }

    @Test
    void the_invoicing_demo_incidents_are_acked_and_its_approval_approved_in_the_browser() throws Exception {
        try (Demo demo = demo("invoicing")) {
            login(demo.base(), demo.user(), demo.password());
            browser.get(demo.base() + "/incidents?state=open");
            clickAndWait(browser.findElement(By.cssSelector("#incidents tbody a")));
            clickAndWait(browser.findElement(By.id("ack")));
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("acknowledged");
            assertThat(browser.findElement(By.id("timeline")).getText()).contains("acknowledged by " + demo.user());

            browser.get(demo.base() + "/approvals");
            WebElement reindex = browser.findElements(By.cssSelector("article.approval")).stream()
                    .filter(a -> a.getText().contains("rebuild-invalid-index") && a.getText().contains("pending")).findFirst().orElseThrow();
            assertThat(reindex.getText()).contains("Requested by caretaker");
            clickAndWait(reindex.findElement(By.cssSelector("button.approve")));
            assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("Approved #");
            shot("demo-approved");
        }
    }

    @Test
    void the_maintenance_demos_checklists_are_ticked_in_the_browser_and_the_checks_ticks_shown() throws Exception {
        try (Demo demo = demo("maintenance")) {
            login(demo.base(), demo.user(), demo.password());
            browser.get(demo.base() + "/checklists");
            WebElement daily = browser.findElement(By.id("checklist-daily"));
            assertThat(daily.getText()).contains("Verify API connectivity — by Caretaker (check api ok in run #", "Check application uptime — check app is warning");
            WebElement supabase = daily.findElements(By.cssSelector("li.open")).stream()
                    .filter(li -> li.getText().contains("Check the Supabase dashboard")).findFirst().orElseThrow();
            supabase.findElement(By.name("note")).sendKeys("no issues on the dashboard");
            clickAndWait(supabase.findElement(By.cssSelector("button")));
            assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("Ticked: Check the Supabase dashboard for any issues.");
            WebElement done = browser.findElement(By.id("checklist-daily")).findElements(By.cssSelector("li.done")).stream()
                    .filter(li -> li.getText().contains("Check the Supabase dashboard")).findFirst().orElseThrow();
            assertThat(done.getText()).contains("— " + demo.user() + " at ", ": no issues on the dashboard");
            assertThat(browser.findElement(By.id("history")).getText()).contains("daily", "weekly", "monthly");
            shot("checklists");
        }
    }

    @Test
    void the_agentic_demo_draws_its_forecast_on_the_check_page_and_lists_its_reports_with_their_charts() throws Exception {
        try (Demo demo = demo("agentic")) {
            login(demo.base(), demo.user(), demo.password());
            browser.get(demo.base() + "/checks/storage_usage?range=1y");
            WebElement chart = browser.findElements(By.cssSelector("figure.chart")).stream()
                    .filter(f -> f.getText().startsWith("Storage usage —")).findFirst().orElseThrow();
            assertThat(chart.getText()).containsPattern("reaches 80 around \\d{4}-\\d\\d-\\d\\d at this rate");
            assertThat(chart.findElements(By.cssSelector("line.trend"))).as("the trend after the series").hasSize(1);
            assertThat(chart.findElements(By.cssSelector("line.limit"))).as("a year's chart reaches the limit within its quarter ahead").hasSize(1);
            shot("forecast");
            browser.get(demo.base() + "/checks/storage_usage?range=24h");
            WebElement day = browser.findElements(By.cssSelector("figure.chart")).stream()
                    .filter(f -> f.getText().startsWith("Storage usage —")).findFirst().orElseThrow();
            assertThat(day.findElements(By.cssSelector("line.trend"))).hasSize(1);
            assertThat(day.findElements(By.cssSelector("line.limit"))).as("six hours ahead the limit is not reached").isEmpty();

            browser.get(demo.base() + "/reports");
            String list = browser.findElement(By.tagName("table")).getText();
            assertThat(list).contains("weekly-trends", "monthly-security-audit", "capacity", "daily-summary");
            WebElement capacity = browser.findElements(By.cssSelector("tbody tr")).stream().filter(r -> r.getText().contains("capacity"))
                    .findFirst().orElseThrow();
            clickAndWait(capacity.findElement(By.tagName("a")));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Capacity of agentic");
            assertThat(browser.getPageSource()).contains("sql.storage_usage");
            Object width = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "return document.images.length > 0 && document.images[0].complete ? document.images[0].naturalWidth : -1");
            assertThat(((Number) width).intValue()).as("the chart is a real image the browser decoded").isEqualTo(640);
            shot("report");
        }
    }

    @Test
    void the_retail_demo_serves_its_status_matrix_and_a_dashboard_behind_its_printed_password() throws Exception {
        try (Demo demo = demo("retail")) {
            String base = demo.base();

            // the public page: no login, the manual's table of retailers and workflows
            browser.get(base + "/status");
            WebElement matrix = browser.findElement(By.cssSelector("table.matrix"));
            assertThat(matrix.findElements(By.cssSelector("tbody tr"))).hasSize(4);
            assertThat(matrix.findElement(By.cssSelector("thead")).getText()).contains("Order import", "Fulfilment push", "Inventory sync");
            assertThat(matrix.getText()).contains("nationwide-plants", "test-retail-store");
            // the demo's retailers without an inventory sync the check knows of show "–"; the others a state
            assertThat(matrix.findElements(By.cssSelector("td.state-none"))).as("retailers without inventory sync").isNotEmpty()
                    .allSatisfy(td -> assertThat(td.getText()).isEqualTo("–"));
            assertThat(matrix.findElements(By.cssSelector("td.cell"))).hasSize(12);
            assertThat(matrix.findElements(By.cssSelector("td.cell:not(.state-none)")))
                    .allSatisfy(td -> assertThat(td.getText()).isIn("up", "degraded", "down", "maintenance", "unknown"));
            assertThat(matrix.findElement(By.cssSelector("tbody tr:first-child")).findElements(By.cssSelector("td.state-none")))
                    .as("nationwide-plants runs all three workflows").isEmpty();
            assertThat(browser.findElement(By.id("overall")).getText()).isNotBlank();
            // the incident the demo posted, with its earlier update, above the components; its cell marked as having an open post
            WebElement posted = browser.findElement(By.id("posts"));
            assertThat(posted.getText()).contains(dev.caretaker.demo.RetailStatusPost.TITLE, "Identified", "Affects: test-retail-store · Order import");
            assertThat(posted.findElements(By.cssSelector("ol.updates li"))).hasSize(2).satisfiesExactly(
                    li -> assertThat(li.getText()).startsWith("Identified — "), li -> assertThat(li.getText()).startsWith("Investigating — "));
            assertThat(matrix.findElement(By.cssSelector("tbody tr:last-child td.posted")).getAttribute("title")).contains("open incident");
            assertThat(browser.getPageSource()).doesNotContain("SELECT", "workflow_runs", "password");
            shot("status");
            HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.body()).contains("\"columns\":[\"Order import\",\"Fulfilment push\",\"Inventory sync\"]").contains("uptime_90d");
            assertThat(json.body()).contains("\"posts\":[{").contains(dev.caretaker.demo.RetailStatusPost.TITLE);
            HttpResponse<String> badge = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/badge/shopify.svg")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(badge.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
            assertThat(badge.body()).startsWith("<svg").contains("shopify");
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/badge/stuck-orders.svg")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("a check the status page does not name has no badge").isEqualTo(404);

            // the dashboard, with the password the demo printed
            login(base, demo.user(), demo.password());
            assertThat(browser.findElement(By.id("checks")).getText()).contains("workflows", "shopify");
            shot("demo-overview");

            // a check's page: its findings with their evidence, its recent results, its charts titled in words
            clickAndWait(browser.findElement(By.linkText("workflows")));
            assertThat(browser.findElements(By.cssSelector("#strip .tick"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#findings article.finding"))).isNotEmpty();
            // a demo just started has one run: its series did not change yet, so each is a line of words rather than a chart
            Supplier<List<String>> measured = () -> browser.findElements(By.cssSelector("figure.chart figcaption, table.flat td"))
                    .stream().map(e -> e.getAttribute("textContent").strip()).toList();
            assertThat(measured.get()).anySatisfy(t -> assertThat(t).startsWith("Runs that succeeded — "))
                    .allSatisfy(t -> assertThat(t).doesNotContain("{", "jobs."));
            clickAndWait(browser.findElement(By.linkText("7d")));
            assertThat(browser.getCurrentUrl()).endsWith("?range=7d");
            assertThat(measured.get()).isNotEmpty();
            shot("check");
        }
    }
}
