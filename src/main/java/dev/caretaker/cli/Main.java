package dev.caretaker.cli;

import dev.caretaker.store.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code caretaker} command. Exit codes follow the Nagios plugin convention: 0 ok, 1 warning, 2 critical, 3 unknown. */
@Command(name = "caretaker", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs the operations manual of an application on PostgreSQL: checks, findings, reports.",
        exitCodeOnInvalidInput = 3, exitCodeOnExecutionException = 3,
        subcommands = {DemoCommand.class, ValidateCommand.class, CheckCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int UNKNOWN = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("caretaker: " + e.getMessage());
            return UNKNOWN;
        }).execute(args);
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
