package dev.caretaker.cli;

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

    @Command(name = "sql", description = {"Print the SQL that creates a checks role and an actions role for each database of the config.",
            "The checks role gets pg_monitor (for a postgres check) and SELECT on what the checks read; the actions role gets exactly",
            "what its actions change (by kind: the statement's table, the retention and mark_integration tables, MAINTAIN for vacuum",
            "and reindex on PostgreSQL 17); neither may write a protected table. Tables are resolved on the database, so it connects:",
            "with the database's own settings, or with --url (e.g. as the owner, when the config already names the new roles).",
            "Passwords in the config become SCRAM verifiers. Read it, apply it with psql, point the config at the roles",
            "(databases.NAME.user/.password and .actions), then run caretaker validate --connect. Exit 0, or 3 when it cannot connect."})
    static final class Script implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--database", paramLabel = "NAME", description = "only this database of the config (default: every one)")
        String database;

        @Option(names = "--checks-role", paramLabel = "ROLE", description = {"the checks role's name (default: databases.NAME.user when",
                "it is not the user connecting, else caretaker_checks)"})
        String checksRole;

        @Option(names = "--actions-role", paramLabel = "ROLE", description = {"the actions role's name (default: databases.NAME.actions.user",
                "when it is not the user connecting, else caretaker_actions)"})
        String actionsRole;

        @Option(names = "--url", paramLabel = "URL", description = {"connect as this instead (jdbc:postgresql://… or postgresql://user@host/db;",
                "the password from PGPASSWORD when the URL has none)"})
        String url;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String password = url == null ? null : config.environment(spec).get("PGPASSWORD");
            return config.withEngine(spec, engine -> {
                try {
                    spec.commandLine().getOut().print(engine.rolesSql(database, checksRole, actionsRole, url, password));
                    spec.commandLine().getOut().flush();
                    return 0;
                } catch (java.sql.SQLException e) {
                    throw new IllegalArgumentException("cannot read the database's schema: " + e.getMessage().lines().findFirst().orElse("")
                            + (url == null ? "; if the config names roles that do not exist yet, connect as the database's owner with --url" : ""), e);
                }
            });
        }
    }
}
