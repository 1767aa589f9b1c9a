package dev.caretaker.cli;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.StoreConfig;
import dev.caretaker.demo.DemoProfiles;
import dev.caretaker.demo.SeedDemo;
import dev.caretaker.engine.Engine;
import dev.caretaker.report.ReportFormat;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code caretaker demo}: a seed system with planted problems, checked by its example config, on embedded defaults. */
@Command(name = "demo", description = {"Build a seed system with planted problems and run its example suite.",
        "The database goes into the embedded PostgreSQL under $CARETAKER_HOME (default: a folder .caretaker in the current one);",
        "stand-ins for its services listen from port $CARETAKER_DEMO_PORT_BASE (default 18080; 0 picks free ports). Exits 0 when the demo ran."})
final class DemoCommand implements Callable<Integer> {
    /** The demo's dashboard user, given a new password each time the demo starts. */
    static final String DEMO_ADMIN = "admin";

    static final List<String> PROFILES = DemoProfiles.names();

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "invoicing",
            description = "the seed system: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", completionCandidates = Profiles.class)
    String profile;

    @Option(names = "--no-serve", description = "exit after the report instead of keeping the demo up")
    boolean noServe;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "the demo server's port on 127.0.0.1 (/healthz, "
            + "/readyz, /metrics, /ping/TOKEN; 0 picks a free one) (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, json, markdown or html (default: ${DEFAULT-VALUE})")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Refuses a demo server port something else already holds, naming it and what to do. */
    private void portFree(int p) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), p));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "port " + p + " on 127.0.0.1 is in use (another demo or "
                    + "server?); stop what holds it, pick another with --port N (0 picks a free one), or run --no-serve");
        }
    }

    static final class Profiles implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return PROFILES.iterator();
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (!PROFILES.contains(profile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown demo profile '" + profile + "'"
                    + dev.caretaker.config.Suggestions.didYouMean(profile, PROFILES) + "; profiles: " + String.join(", ", PROFILES));
        }
        SeedDemo.Profile seed = DemoProfiles.named(profile).orElseThrow();
        ReportFormat reportFormat = ReportFormat.parse(format);
        Map<String, String> env = new HashMap<>(Main.environment(spec));
        Path home = StoreConfig.defaultHome(env);
        int portBase = portBase(env);
        if (!noServe && port != 0) {
            portFree(port); // said before the demo builds anything or touches the store's users
        }
        long t0 = System.nanoTime();
        try (Store store = Store.open(StoreConfig.embeddedAt(home), msg -> say(err, msg));
             SeedDemo demo = SeedDemo.start(seed, store.embedded().orElseThrow(), home, portBase, msg -> say(err, msg))) {
            env.putAll(demo.environment());
            env.put(StoreConfig.HOME_VARIABLE, home.toString());
            Path envFile = writeEnvFile(home, seed, demo.environment());
            Path example = example(seed, home);
            CaretakerConfig config;
            try {
                config = Engine.configLoader(env).read(example);
            } catch (ConfigException e) {
                e.problems().forEach(err::println);
                return Main.UNKNOWN;
            }
            say(err, "starting " + config.system() + " from a clean slate: earlier demo runs, incidents and approvals are forgotten");
            SeedDemo.forget(store, config.system());
            SeedDemo.lastPingedDaysAgo(store, config, 9);
            if (seed == DemoProfiles.AGENTIC) {
                long h0 = System.nanoTime();
                int runs = dev.caretaker.demo.AgenticHistory.write(store.jdbi(), config.system(), java.time.Instant.now());
                say(err, String.format(java.util.Locale.ROOT, "wrote eight weeks of its history: %d runs (a daily pattern, a latency regression in the last "
                        + "days, storage growing toward 80 %%) in %.1f s", runs, (System.nanoTime() - h0) / 1e9));
            }
            Engine engine = Engine.builder(config, store).progress(Terminal.progress(err, false)).build();
            if (seed == DemoProfiles.RETAIL) {
                dev.caretaker.demo.RetailStatusPost.post(store.jdbi(), config.system(), java.time.Instant.now());
                say(err, "posted an incident on its status page: '" + dev.caretaker.demo.RetailStatusPost.TITLE + "' (identified)");
            }
            say(err, "giving its checks and actions roles of their own: " + env.get(prefix(seed) + "_DB_USER") + " and "
                    + env.get(prefix(seed) + "_ACTIONS_USER") + " (what caretaker roles sql prints)");
            try {
                SeedDemo.apply(seed, store.embedded().orElseThrow(), engine.rolesSql());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot read the demo database's schema: " + e.getMessage(), e);
            }
            say(err, "running suite " + seed.suite() + " of " + example + " (manual " + seed.manual() + ")");
            RunOutcome outcome = engine.run(Engine.RunRequest.of(seed.suite()));
            CheckCommand.emit(outcome, reportFormat, null, spec.commandLine().getOut(), err);
            demo.delivered().forEach(line -> say(err, line));
            if (!config.checklists().isEmpty()) {
                showChecklists(engine, spec.commandLine().getOut(), reportFormat == ReportFormat.TEXT);
            }
            if (!config.reports().isEmpty()) {
                writeReports(engine, home, seed, example, err);
            }
            say(err, String.format(java.util.Locale.ROOT, "demo ran in %.1f s; the run is stored as #%d in %s",
                    (System.nanoTime() - t0) / 1e9, outcome.run().runId(), home));
            String again = "./caretaker check -c " + example + " --env-file " + envFile + " --suite " + seed.suite();
            if (noServe) {
                say(err, "to run it again while the demo's database is there: " + again);
                return 0;
            }
            say(err, "\nThe demo stays up as a server: its suites on their schedules, database " + seed.database()
                    + " in the embedded PostgreSQL and the stand-in services. In another terminal:  " + again);
            say(err, "Its heartbeats' ping URLs: ./caretaker heartbeats -c " + example + " --env-file " + envFile + " --base-url http://127.0.0.1:" + port);
            if (config.selfCheck().enabled()) {
                demo.standIn(dev.caretaker.demo.api.HealthchecksStandIn.class).ifPresent(hc -> say(err, "It pings a stand-in of "
                        + "Healthchecks every " + dev.caretaker.config.Units.humanDuration(config.selfCheck().every()) + " (self_check); "
                        + "the check as Healthchecks sees it: curl -H 'X-Api-Key: $HEALTHCHECKS_API_KEY' " + hc.checkUrl()
                        + " (the key is in " + envFile + "); it is down while a suite's newest run is critical, as this one is"));
            }
            char[] password = dev.caretaker.access.Passwords.generate();
            dev.caretaker.access.Users users = UsersCommand.users(engine);
            if (users.get(DEMO_ADMIN).isPresent()) {
                users.passwd(DEMO_ADMIN, password, "demo");
            } else {
                users.add(DEMO_ADMIN, dev.caretaker.access.Role.ADMIN, password, "demo");
            }
            spec.commandLine().getOut().println("dashboard login: user " + DEMO_ADMIN + ", password " + new String(password)
                    + " (a new one each time the demo starts; the dashboard is at the serving URL below)");
            var scrape = users.createToken(DEMO_ADMIN, "demo", java.time.Duration.ofDays(1), "demo");
            spec.commandLine().getOut().println("API and /metrics token: " + scrape.secret() + " (for a day; send it as "
                    + "'Authorization: Bearer TOKEN', e.g. curl -H 'Authorization: Bearer " + scrape.secret() + "' URL/metrics)");
            final Path exampleFile = example;
            Logging.server(false);
            return Serving.serve(config, store, env, () -> Engine.configLoader(env).read(exampleFile),
                    new Serving.Settings("127.0.0.1", port, null, java.time.Duration.ofSeconds(30), Serving.Settings.DEFAULT_PARALLEL), spec.commandLine().getOut(), err);
        }
    }

    /**
     * The example's checklists as if Caretaker had been running: each one's current instance opened, its items ticked by the
     * run's checks where they were ok, an overdue one an incident; printed as the checklists command shows them.
     */
    private static void showChecklists(Engine engine, PrintWriter out, boolean text) {
        var desk = engine.checklists();
        java.time.Instant now = engine.clock().instant();
        engine.config().checklists().values().forEach(c -> desk.book().open(c, now, true));
        var review = desk.review();
        if (!text) {
            return;
        }
        java.time.ZoneId zone = engine.config().timezone();
        out.println();
        out.println("Checklists");
        for (var c : engine.config().checklists().values()) {
            for (var i : desk.book().instances(c.name(), 1)) {
                out.println(String.format(java.util.Locale.ROOT, "  %-10s %-8s %d/%d done, opened %s, due %s", c.name(), i.state(now),
                        i.done(), i.items().size(), ChecklistsCommand.when(i.occurrence(), zone), ChecklistsCommand.when(i.dueAt(), zone)));
                for (var x : i.items()) {
                    String how = x.done() ? " — " + x.note() : x.check() == null ? " — for a person: caretaker checklists tick " + c.name() + " "
                            + x.position() + " --by NAME" : review.waiting().get(x.check()) == null ? " — check " + x.check() + " has not run"
                            : " — check " + x.check() + " is " + review.waiting().get(x.check()).status();
                    out.println(dev.caretaker.report.PlainText.oneLine("    [" + (x.done() ? "x" : " ") + "] " + x.position() + ". " + x.title() + how));
                }
            }
        }
        out.flush();
    }

    /** The example's periodic reports, made now, stored, sent (as .eml files without SMTP) and written as HTML files. */
    private static void writeReports(Engine engine, Path home, SeedDemo.Profile seed, Path example, PrintWriter err) {
        Path dir = home.resolve("demo").resolve(seed.name() + "-reports");
        for (String name : engine.config().reports().keySet()) {
            var made = engine.reports().make(name, java.util.Optional.empty(), engine.clock().instant(), true);
            Path file = dir.resolve(name + ".html");
            ReportCommand.write(file, dev.caretaker.review.Renderer.html(made.review()));
            say(err, "report " + name + " (#" + made.id() + "): " + made.review().figures().get("verdict") + " — " + file);
        }
        say(err, "again: ./caretaker report NAME -c " + example + " --env-file " + home.resolve("demo").resolve(seed.name() + ".env")
                + " [--format html --out FILE]");
    }

    private static String prefix(SeedDemo.Profile seed) {
        return seed.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** The variables that point the example at this demo, for another terminal: {@code --env-file}. */
    private static Path writeEnvFile(Path home, SeedDemo.Profile seed, Map<String, String> variables) throws IOException {
        Path dir = home.resolve("demo");
        Files.createDirectories(dir);
        StringBuilder text = new StringBuilder("# written by 'caretaker demo --profile " + seed.name() + "': where this demo's services, "
                + "database and files are\n");
        text.append(StoreConfig.HOME_VARIABLE).append('=').append(home).append('\n');
        new TreeMap<>(variables).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve(seed.name() + ".env");
        Path tmp = Files.createTempFile(dir, ".env-", ".tmp"); // mode 600: it holds the demo roles' passwords
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** The example on disk when run from a checkout (so edits count), else the copy inside the jar. */
    private static Path example(SeedDemo.Profile seed, Path home) throws IOException {
        Path onDisk = Path.of(seed.example());
        if (Files.isRegularFile(onDisk)) {
            return onDisk;
        }
        Path copy = home.resolve("demo").resolve(seed.name() + ".yml");
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(seed.example())) {
            if (in == null) {
                throw new IOException("the example " + seed.example() + " is missing from this build");
            }
            Files.createDirectories(copy.getParent());
            Files.write(copy, in.readAllBytes());
        }
        // the programs its command checks run sit beside it, as in the checkout
        for (String extra : List.of("npm-outdated-plugin.sh")) {
            try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream("examples/" + seed.name() + "/" + extra)) {
                if (in != null) {
                    Path file = copy.getParent().resolve(extra);
                    Files.write(file, in.readAllBytes());
                    file.toFile().setExecutable(true, true);
                }
            }
        }
        return copy;
    }

    private static int portBase(Map<String, String> env) {
        String v = env.get("CARETAKER_DEMO_PORT_BASE");
        if (v == null || v.isBlank()) {
            return SeedDemo.DEFAULT_PORT_BASE;
        }
        try {
            int base = Integer.parseInt(v.trim());
            if (base != 0 && (base < 1024 || base > 65_000)) {
                throw new NumberFormatException();
            }
            return base;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CARETAKER_DEMO_PORT_BASE must be 0 (free ports) or a port from 1024 to 65000, not '" + v + "'");
        }
    }

    private static void say(PrintWriter err, String msg) {
        err.println(msg);
        err.flush();
    }
}
