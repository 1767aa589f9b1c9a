package dev.caretaker.cli;

import dev.caretaker.action.AuditLog;
import dev.caretaker.engine.Engine;
import dev.caretaker.report.PlainText;
import dev.caretaker.access.Passwords;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker users}: the people who may use the dashboard and the API, and their roles. */
@Command(name = "users", description = {"The users of the dashboard and the REST API (one set per store) and their roles:",
        "viewer reads; operator also acks, resolves, runs suites and sets maintenance; approver also approves and rejects",
        "(never their own requests); admin also manages users. Every change goes to the audit log with the OS user who made it."},
        subcommands = {UsersCommand.Add.class, UsersCommand.Passwd.class, UsersCommand.SetRole.class, UsersCommand.Remove.class,
                UsersCommand.ListUsers.class, UsersCommand.ResetTwoFactor.class})
final class UsersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Who makes a change from the command line: the OS user, marked as local. */
    static String localActor() {
        return "local:" + System.getProperty("user.name", "unknown");
    }

    static Users users(Engine engine) {
        AuditLog audit = engine.actions().auditLog();
        Clock clock = engine.clock();
        return engine.users(clock, (actor, event, subject, detail) -> audit.append(clock.instant(), actor, event, "user", subject, detail));
    }

    /** How a password is given: typed twice at a terminal, one line on stdin, or generated and shown once. */
    static final class PasswordInput {
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean stdin;

        @Option(names = "--generate-password", description = "make a random 20-character password and print it once")
        boolean generate;

        /** The password, or null after printing what to do. */
        char[] read(PrintWriter out, PrintWriter err) {
            if (stdin && generate) {
                throw new IllegalArgumentException("--password-stdin and --generate-password exclude each other");
            }
            if (generate) {
                char[] p = Passwords.generate();
                out.println("password (shown once): " + new String(p));
                return p;
            }
            if (stdin) {
                try {
                    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    if (line == null || line.isEmpty()) {
                        throw new IllegalArgumentException("--password-stdin: standard input had no password line");
                    }
                    return line.toCharArray();
                } catch (IOException e) {
                    throw new IllegalArgumentException("--password-stdin: " + e.getMessage());
                }
            }
            java.io.Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("no terminal to type a password at: use --password-stdin or --generate-password");
            }
            char[] first = console.readPassword("password: ");
            char[] second = console.readPassword("again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the two passwords differ; nothing was changed");
            }
            return first;
        }
    }

    @Command(name = "add", description = "Add a user with a role and a password (or --no-password: API tokens only).")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME", description = "the login name: letters, digits, '.', '_', '@' or '-'")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator, approver or admin")
        String role;

        @Option(names = "--no-password", description = "no password login; the user acts through API tokens only")
        boolean noPassword;

        @Mixin
        PasswordInput password;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Role r = Role.parse(role);
            Users.checkName(name);
            return config.withEngine(spec, engine -> {
                PrintWriter out = spec.commandLine().getOut();
                char[] p = noPassword ? null : password.read(out, spec.commandLine().getErr());
                users(engine).add(name, r, p, localActor());
                out.println("user " + name + " added as " + r.label() + (p == null ? " (tokens only)" : ""));
                return 0;
            });
        }
    }

    @Command(name = "passwd", description = "Set a user's password.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @Mixin
        PasswordInput password;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                Users users = users(engine);
                if (users.get(name).isEmpty()) {
                    throw new IllegalArgumentException("no user '" + name + "'; 'caretaker users list' shows them");
                }
                users.passwd(name, password.read(spec.commandLine().getOut(), spec.commandLine().getErr()), localActor());
                spec.commandLine().getOut().println("password of " + name + " changed");
                return 0;
            });
        }
    }

    @Command(name = "role", description = "Give a user another role (the last admin stays admin).")
    static final class SetRole implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @Parameters(index = "1", paramLabel = "ROLE", description = "viewer, operator, approver or admin")
        String role;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Role r = Role.parse(role);
            return config.withEngine(spec, engine -> {
                users(engine).role(name, r, localActor());
                spec.commandLine().getOut().println(name + " is now " + r.label());
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Remove a user and their tokens (not the last admin).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                users(engine).remove(name, localActor());
                spec.commandLine().getOut().println("user " + name + " removed, with their tokens");
                return 0;
            });
        }
    }

    static dev.caretaker.access.TwoFactor twoFactor(Engine engine) {
        AuditLog audit = engine.actions().auditLog();
        Clock clock = engine.clock();
        return engine.twoFactor(clock, (actor, event, subject, detail) -> audit.append(clock.instant(), actor, event, "user", subject, detail));
    }

    @Command(name = "reset-2fa", description = {"Turn off a user's two factors, for one who lost their phone and their recovery codes.",
            "Their authenticator key and recovery codes are removed, their lock after wrong codes is lifted and their dashboard",
            "sessions end, so they log in with the password alone and may set up two factors again. Recorded in the audit log;",
            "a user without two factors is left as is."})
    static final class ResetTwoFactor implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                if (twoFactor(engine).reset(name, localActor())) {
                    spec.commandLine().getOut().println("two factors of " + name + " reset: the password alone logs them in until they set them up again");
                } else {
                    spec.commandLine().getOut().println(name + " has no two factors; nothing changed");
                }
                return 0;
            });
        }
    }

    @Command(name = "list", description = "The users, with their roles and whether two factors are on.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                var list = users(engine).list();
                java.util.Set<String> twoFactors = twoFactor(engine).enabledUsers();
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, list.stream().map(u -> json(u, twoFactors.contains(u.name()))).toList(), () -> {
                    if (list.isEmpty()) {
                        out.println("no users yet: 'caretaker users add NAME --role admin' adds the first");
                    }
                    list.forEach(u -> out.println(PlainText.oneLine(String.format("%-24s %-9s %s, added %s by %s", u.name(), u.role().label(),
                            twoFactors.contains(u.name()) ? "password and 2FA" : u.signIn(),
                            u.createdAt(), u.createdBy()))));
                });
                return 0;
            });
        }
    }

    private static Map<String, Object> json(Users.User u, boolean twoFactors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name());
        m.put("role", u.role().label());
        m.put("password", u.hasPassword());
        m.put("sign_in", u.signIn());
        m.put("oidc_issuer", u.oidcIssuer());
        m.put("two_factors", twoFactors);
        m.put("created_at", u.createdAt().toString());
        m.put("created_by", u.createdBy());
        m.put("updated_at", u.updatedAt().toString());
        return m;
    }
}
