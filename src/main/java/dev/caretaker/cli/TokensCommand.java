package dev.caretaker.cli;

import dev.caretaker.config.Units;
import dev.caretaker.report.PlainText;
import dev.caretaker.access.TokenScope;
import dev.caretaker.access.Users;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker tokens}: API tokens, each acting as its user with that user's role. */
@Command(name = "tokens", description = {"API tokens for the REST API ('Authorization: Bearer TOKEN'). A token acts as its user, with",
        "its scope or the user's role of the moment, whichever is less. It is shown once when created; the store keeps",
        "only its SHA-256. No token can manage users."},
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", description = "Create a token for a user and print it once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "whose token it is")
        String user;

        @Option(names = "--expires", defaultValue = "90d", paramLabel = "DURATION",
                description = "how long it is valid, at least 5m, e.g. 30d, or 'never' (default: ${DEFAULT-VALUE})")
        String expires;

        @Option(names = "--label", defaultValue = "", paramLabel = "TEXT", description = "what it is for, shown in lists")
        String label;

        @Option(names = "--scope", defaultValue = "read", paramLabel = "SCOPE",
                description = "what it may do: read (a viewer's requests), operate (also acknowledge, resolve, run suites, set "
                        + "maintenance), approve (also approve and reject requests) or admin; never more than the user's role "
                        + "(default: ${DEFAULT-VALUE})")
        String scope;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Duration lifetime;
            try {
                lifetime = expires.equalsIgnoreCase("never") ? null : Units.parseDuration(expires);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--expires " + expires + ": " + e.getMessage() + ", or never");
            }
            TokenScope s = TokenScope.parse(scope);
            return config.withEngine(spec, engine -> {
                Users.Created c = UsersCommand.users(engine).createToken(user, label, lifetime, s, UsersCommand.localActor());
                PrintWriter out = spec.commandLine().getOut();
                out.println(c.secret());
                spec.commandLine().getErr().println("token #" + c.token().id() + " for " + user + ", scope " + c.token().scope().label()
                        + (c.token().expiresAt() == null ? ", no expiry" : ", expires " + c.token().expiresAt())
                        + ". It is shown this once; keep it in a secret store.");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "Tokens with their state (active, expired, revoked) and last use; never the tokens themselves.")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Option(names = "--user", paramLabel = "NAME", description = "only this user's")
        String user;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                Instant now = engine.clock().instant();
                Users users = UsersCommand.users(engine);
                if (user != null && users.get(user).isEmpty()) {
                    throw new IllegalArgumentException("no user '" + user + "'" + dev.caretaker.config.Suggestions.didYouMean(user,
                            users.list().stream().map(Users.User::name).toList()));
                }
                var list = users.tokens(user);
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, list.stream().map(t -> t.view(now)).toList(), () -> {
                    if (list.isEmpty()) {
                        out.println("no tokens" + (user == null ? "" : " of " + user));
                    }
                    list.forEach(t -> out.println(PlainText.oneLine(String.format("#%-4d %-8s %-20s %-8s %s…%s  created %s%s%s", t.id(), t.state(now),
                            t.user(), t.scopeLabel(), t.prefix(), t.label().isEmpty() ? "" : "  \"" + t.label() + "\"", t.createdAt(),
                            t.expiresAt() == null ? ", no expiry" : ", expires " + t.expiresAt(),
                            t.lastUsedAt() == null ? ", never used" : ", last used " + t.lastUsedAt()))));
                });
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke a token: requests with it are refused from now on.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "ID", description = "the token's number ('tokens list')")
        long id;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                UsersCommand.users(engine).revoke(id, UsersCommand.localActor());
                spec.commandLine().getOut().println("token #" + id + " revoked");
                return 0;
            });
        }
    }
}
