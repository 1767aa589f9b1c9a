package dev.caretaker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.caretaker.check.CheckResult;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.report.JsonReport;
import dev.caretaker.report.ReportFormat;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * One engine run of a config whose checks hold secrets, with Caretaker's logs captured at debug level, and every output
 * that run makes: the JSON report, each report format, each check's stored result, the config as printed, every log line
 * (with its stack trace). A test asserts its secrets are in none of them.
 */
public final class SecretRun {
    private final RunOutcome outcome;
    private final List<String> outputs;
    private final List<String> logLines;

    private SecretRun(RunOutcome outcome, List<String> outputs, List<String> logLines) {
        this.outcome = outcome;
        this.outputs = outputs;
        this.logLines = logLines;
    }

    /** Runs every check of {@code config} once, logging at debug level meanwhile. */
    public static SecretRun of(Store store, CaretakerConfig config) {
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(logs);
        seen.start();
        ch.qos.logback.classic.Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger caretaker = logs.getLogger("dev.caretaker");
        Level level = caretaker.getLevel();
        root.addAppender(seen);
        caretaker.setLevel(Level.DEBUG);
        try {
            Engine engine = Pipeline.engine(store, config, Clock.systemUTC()).build();
            RunOutcome outcome = engine.run(new Engine.RunRequest(null, true, null));
            List<String> outputs = new ArrayList<>();
            outputs.add(JsonReport.render(outcome));
            for (ReportFormat f : ReportFormat.values()) {
                outputs.add(f.render(outcome, false));
            }
            for (String name : config.checks().keySet()) {
                engine.checks().latest(name).ifPresent(r -> outputs.add(String.valueOf(r)));
            }
            outputs.add(String.valueOf(config.checks()));
            List<String> lines = new ArrayList<>();
            for (ILoggingEvent e : List.copyOf(seen.list)) {
                lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
            }
            outputs.addAll(lines);
            return new SecretRun(outcome, outputs, lines);
        } finally {
            caretaker.setLevel(level);
            root.detachAppender(seen);
        }
    }

    public RunOutcome outcome() {
        return outcome;
    }

    /** Every output of the run, log lines included. */
    public List<String> outputs() {
        return outputs;
    }

    /** The log lines alone. */
    public List<String> logLines() {
        return logLines;
    }

    public CheckResult result(String check) {
        return outcome.run().results().stream().filter(r -> r.name().equals(check)).findFirst().orElseThrow();
    }
}
