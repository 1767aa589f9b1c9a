package dev.caretaker.cli;

import dev.caretaker.store.BuildInfo;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code caretaker} command. Exit codes follow the Nagios plugin convention: 0 ok, 1 warning, 2 critical, 3 unknown;
 * every usage or config error is 3 (unknown), never 2, which a monitoring system would read as critical.
 */
@Command(name = "caretaker", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Main.Version.class,
        description = "Runs the operations manual of an application on PostgreSQL: checks, incidents, actions, reports.")
public final class Main implements Runnable {
    public static final int UNKNOWN = 3;
    /** The commands, in the order help lists them. */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        m.put("demo", DemoCommand.class);
        m.put("init", InitCommand.class);
        m.put("validate", ValidateCommand.class);
        m.put("check", CheckCommand.class);
        m.put("run", RunCommand.class);
        m.put("nodes", NodesCommand.class);
        m.put("heartbeats", HeartbeatsCommand.class);
        m.put("incidents", IncidentsCommand.class);
        m.put("notify", NotifyCommand.class);
        m.put("oncall", OncallCommand.class);
        m.put("status-page", StatusPageCommand.class);
        m.put("actions", ActionsCommand.class);
        m.put("approvals", ApprovalsCommand.class);
        m.put("audit", AuditCommand.class);
        m.put("report", ReportCommand.class);
        m.put("checklists", ChecklistsCommand.class);
        m.put("roles", RolesCommand.class);
        m.put("users", UsersCommand.class);
        m.put("tokens", TokensCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The command line for {@code args}: only the command they name is built (picocli reads every annotation of a command
     * tree up front, which costs a short command most of its start), every command for help or a word it does not know.
     */
    static CommandLine commandLine(Map<String, String> environment, String... args) {
        CommandLine cl = new CommandLine(new Main(environment));
        String first = args.length > 0 ? args[0] : null;
        if (first != null && COMMANDS.containsKey(first) && !first.equals("help")) {
            cl.addSubcommand(first, COMMANDS.get(first));
        } else {
            COMMANDS.forEach(cl::addSubcommand);
        }
        HelpText.tidy(cl);
        return cl;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    Main(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given environment and output streams; returns the exit code. */
    public static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(environment, args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, argv) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("caretaker: " + e.getMessage());
            cmd.getErr().println("see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
            cmd.getErr().flush();
            return UNKNOWN;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("caretaker: " + Errors.describe(e));
            cmd.getErr().flush();
            return UNKNOWN;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The environment of the command line, for the subcommands. */
    static Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
        return ((Main) spec.root().userObject()).environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"caretaker " + BuildInfo.version() + " (PostgreSQL " + BuildInfo.postgresBinaries() + " embedded)"};
        }
    }
}
