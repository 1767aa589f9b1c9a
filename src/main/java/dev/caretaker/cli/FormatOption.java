package dev.caretaker.cli;

import dev.caretaker.report.JsonReport;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --format text|json}, shared by every list and show command. */
final class FormatOption {
    enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    boolean json() {
        return format == Format.json;
    }

    /** Prints {@code tree} as JSON, or the text lines. */
    void print(PrintWriter out, Object tree, Runnable text) {
        if (json()) {
            out.print(JsonReport.write(tree));
        } else {
            text.run();
        }
        out.flush();
    }
}
