package dev.caretaker.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Caretaker's own log, configured in code (logback finds it as a service), so no XML parser is loaded at start: quiet by
 * default, since commands print their own progress; {@code CARETAKER_LOG_LEVEL=DEBUG} shows more, on stderr.
 */
public final class Logging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n";

    /**
     * The server's log: one line per run and per event at INFO (unless {@code CARETAKER_LOG_LEVEL} says otherwise), as text
     * or, with {@code json}, one JSON object per line (ts, level, logger, thread, message, error).
     */
    static void server(boolean json) {
        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        ch.qos.logback.core.encoder.LayoutWrappingEncoder<ILoggingEvent> encoder = new ch.qos.logback.core.encoder.LayoutWrappingEncoder<>();
        encoder.setContext(context);
        if (json) {
            JsonLayout layout = new JsonLayout();
            layout.setContext(context);
            layout.start();
            encoder.setLayout(layout);
        } else {
            ch.qos.logback.classic.PatternLayout layout = new ch.qos.logback.classic.PatternLayout();
            layout.setContext(context);
            layout.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0}: %msg%n");
            layout.start();
            encoder.setLayout(layout);
        }
        encoder.start();
        stderr.setEncoder(encoder);
        stderr.start();
        root.addAppender(stderr);
        String configured = System.getenv("CARETAKER_LOG_LEVEL");
        root.setLevel(Level.toLevel(configured, Level.WARN));
        context.getLogger("dev.caretaker").setLevel(Level.toLevel(configured, Level.INFO));
        quietLibraries(context, configured);
    }

    /**
     * The Azure SDK logs every failed request at ERROR, which the check already reports in its own words: it stays quiet
     * unless {@code CARETAKER_LOG_LEVEL} is set (its HTTP logging is off, so no URL with a SAS is logged). Its transport,
     * Reactor Netty, logs each request's full URL (a SAS's signature included) at DEBUG: it stays off.
     */
    public static void quietLibraries(LoggerContext context, String configured) {
        context.getLogger("com.azure").setLevel(configured == null ? Level.OFF : Level.toLevel(configured, Level.WARN));
        context.getLogger("reactor.netty").setLevel(Level.OFF);
        context.getLogger("io.netty").setLevel(Level.OFF);
    }

    /** One JSON object per log line. */
    static final class JsonLayout extends ch.qos.logback.core.LayoutBase<ILoggingEvent> {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        @Override
        public String doLayout(ILoggingEvent e) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("ts", java.time.Instant.ofEpochMilli(e.getTimeStamp()).toString());
            m.put("level", e.getLevel().toString());
            m.put("logger", e.getLoggerName());
            m.put("thread", e.getThreadName());
            m.put("message", e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                m.put("error", e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage());
            }
            try {
                return JSON.writeValueAsString(m) + System.lineSeparator();
            } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
                return "{\"message\":\"unloggable event\"}" + System.lineSeparator();
            }
        }
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        stderr.setEncoder(encoder);
        stderr.start();
        String configured = System.getenv("CARETAKER_LOG_LEVEL");
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(configured, Level.ERROR));
        root.addAppender(stderr);
        context.getLogger("dev.caretaker").setLevel(Level.toLevel(configured, Level.WARN));
        quietLibraries(context, configured);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
