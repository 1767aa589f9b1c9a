package dev.caretaker.cli;

import dev.caretaker.init.Init;
import dev.caretaker.init.Shape;
import dev.caretaker.init.StarterConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code caretaker init --database URL}: a commented starter config for one database, read from its catalog. */
@Command(name = "init", description = {"Write a starter caretaker.yml for a database, read from its catalog.",
        "It connects read-only (any role that may connect will do) and writes: the postgres check; an integrity check with",
        "the references discovery found, one line each so you can delete the wrong ones (commented out when every reference",
        "is a foreign key: nothing to check); jobs, errors and security checks",
        "for tables that look like job runs, error logs or login logs, each with a comment saying why; an http check per",
        "--http URL; a weekly self-check and a daily morning check; an email route with a placeholder address. A password",
        "in the URL is not written: the file reads it from APP_DB_PASSWORD. An existing file is kept unless --force.",
        "Exit 0 when written, 3 when it cannot connect or the file exists."})
final class InitCommand implements Callable<Integer> {
    @Option(names = "--database", required = true, paramLabel = "URL",
            description = "postgresql://user:password@host:5432/db "
                    + "(or a JDBC URL): the app's database; without a password in it, PGPASSWORD is used")
    String database;

    @Option(names = "--http", paramLabel = "URL", description = "a service the app depends on, to check (repeatable)")
    List<String> http = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "caretaker.yml", description = "where to write it (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--force", description = "replace the file if it exists")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Init.Outcome o = Init.run(database, http, out, force, Main.environment(spec));
        PrintWriter w = spec.commandLine().getOut();
        var s = o.survey();
        w.println("wrote " + out + " for database " + s.database() + ":");
        String ambiguous = s.discovery().ambiguous().isEmpty() ? "" : " (" + s.discovery().ambiguous().size() + " ambiguous, left out)";
        if (s.discovery().relations().isEmpty()) {
            w.println("  postgres check; no integrity check: " + StarterConfig.whyNoIntegrity(s) + ambiguous
                    + " (it is in the file, commented out)");
        } else {
            w.println("  postgres check, integrity check with " + s.discovery().relations().size() + " discovered reference(s)" + ambiguous);
        }
        for (Shape shape : s.shapes()) {
            w.println("  " + shape.kind() + " check on " + shape.table().display() + ": " + shape.why());
        }
        if (s.supabaseAuth()) {
            w.println("  security check on Supabase Auth's log (auth.audit_log_entries)");
        }
        if (!http.isEmpty()) {
            w.println("  " + http.size() + " http check(s)");
        }
        if (o.passwordInUrl()) {
            w.println("The URL's password is not in the file: it reads it from " + Init.PASSWORD_VARIABLE + ".");
        }
        String file = out.toString();
        w.println("Next:");
        if (o.passwordGiven()) {
            w.println("  export " + Init.PASSWORD_VARIABLE + "=…          # the password, for every caretaker command");
        }
        w.println("  caretaker validate --connect -c " + file);
        w.println("  caretaker check -c " + file);
        w.println("  caretaker roles sql -c " + file + "   # roles of their own for the checks, then point the file at them");
        w.flush();
        return 0;
    }
}
