package dev.caretaker.cli;

import dev.caretaker.check.CheckResult;
import dev.caretaker.engine.SuiteRunner;
import dev.caretaker.report.PlainText;
import java.io.PrintWriter;

/** What the terminal allows: colour only on an interactive terminal without NO_COLOR; progress lines on stderr. */
final class Terminal {
    private Terminal() {
    }

    static boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    }

    static SuiteRunner.Progress progress(PrintWriter err, boolean quiet) {
        if (quiet) {
            return SuiteRunner.Progress.NONE;
        }
        return new SuiteRunner.Progress() {
            @Override
            public void finished(CheckResult r, int done, int total) {
                synchronized (err) {
                    err.printf("[%d/%d] %-28s %-8s %d ms%n", done, total, PlainText.oneLine(r.name()), r.status().label(), r.durationMs());
                    err.flush();
                }
            }

            @Override
            public void note(String line) {
                synchronized (err) {
                    err.println(PlainText.clean(line));
                    err.flush();
                }
            }
        };
    }
}
