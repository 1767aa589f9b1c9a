package dev.caretaker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code caretaker status-page}: the public status page's subscribers. */
@Command(name = "status-page", description = "The public status page under status_page: its subscribers.",
        subcommands = {StatusSubscribersCommand.class})
final class StatusPageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
