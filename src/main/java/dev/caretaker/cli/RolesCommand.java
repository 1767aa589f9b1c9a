package dev.caretaker.cli;

import dev.caretaker.engine.RolesRun;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code caretaker roles sql}: the SQL that gives Caretaker's checks and actions roles of their own, with no more than they need. */
@Command(name = "roles", description = "The database roles Caretaker's checks and actions should run as.",
        subcommands = {RolesCommand.Script.class})
final class RolesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "sql", description = {"Print the SQL that creates a checks role, and an actions role when actions use the database, "
            + "for each database of the config. The checks role gets pg_monitor (for a postgres check) and SELECT on what the checks "
            + "read; the actions role gets exactly what its actions change; neither may write a protected table.",
            "Part 1 makes the roles: a superuser or a role with CREATEROLE applies it. Part 2 grants: the owner of the database and "
            + "tables (or a superuser) applies it; --part prints one. Tables are resolved on the database, so it connects: with the "
            + "config's settings, as the URL's user or PGUSER (with PGPASSWORD) while the config's role does not exist yet, or with --url.",
            "A password in the config becomes a SCRAM verifier; a new role without one gets a password made now, shown once on stderr "
            + "and kept nowhere. Apply it with psql, point the config at the roles, then run caretaker validate --connect. "
            + "Exit 0, or 3 when it cannot connect."})
    static final class Script implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--database", paramLabel = "NAME", description = "only this database of the config (default: every one)")
        String database;

        @Option(names = "--checks-role", paramLabel = "ROLE", description = "the checks role's name (default: the user under "
                + "databases.NAME when it is not the user connecting, else caretaker_checks)")
        String checksRole;

        @Option(names = "--actions-role", paramLabel = "ROLE", description = "the actions role's name, and an actions role even "
                + "without actions (default: the user under databases.NAME.actions when it is not the user connecting, "
                + "else caretaker_actions)")
        String actionsRole;

        @Option(names = "--url", paramLabel = "URL", description = "connect as this instead (jdbc:postgresql://… or "
                + "postgresql://user@host/db; the password from PGPASSWORD when the URL has none)")
        String url;

        @Option(names = "--part", paramLabel = "PART", description = "roles (part 1: for a role with CREATEROLE) or grants "
                + "(part 2: for the owner); default: both")
        String part;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, String> env = config.environment(spec);
            RolesRun.Part which = part == null ? RolesRun.Part.BOTH : switch (part) {
                case "roles", "1" -> RolesRun.Part.ROLES;
                case "grants", "2" -> RolesRun.Part.GRANTS;
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--part is roles or grants, not '" + part + "'");
            };
            RolesRun.Options options = new RolesRun.Options(checksRole, actionsRole, url, env.get("PGUSER"), env.get("PGPASSWORD"), which);
            return config.withEngine(spec, engine -> {
                try {
                    RolesRun.Output o = engine.rolesSql(database, options);
                    PrintWriter err = spec.commandLine().getErr();
                    o.notices().forEach(n -> err.println("caretaker: " + n));
                    // shown here once, on the terminal: never in the script, a log or the store
                    o.generated().forEach((role, pw) -> err.println("caretaker: role " + role + " has no password in the config, so the "
                            + "script gives it this one (shown once, kept nowhere): " + pw + "\n  put it where the config reads it, e.g. "
                            + "password: \"${" + envName(role) + "}\" with " + envName(role) + " set in the environment"));
                    err.flush();
                    spec.commandLine().getOut().print(o.sql());
                    spec.commandLine().getOut().flush();
                    return 0;
                } catch (java.sql.SQLException e) {
                    throw new IllegalArgumentException("cannot read the database's schema: " + dev.caretaker.check.Sql.connectionWords(e)
                            + (url == null ? "; connect as the database's owner with --url (or set PGUSER and PGPASSWORD)" : ""), e);
                }
            });
        }

        private static String envName(String role) {
            return role.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_") + "_PASSWORD";
        }
    }
}
