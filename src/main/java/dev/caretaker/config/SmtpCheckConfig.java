package dev.caretaker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code type: smtp} — a mail server that must greet, accept EHLO and, when asked, STARTTLS (or speak TLS from the start,
 * {@code tls}), its certificate's expiry judged. No mail is sent.
 */
public record SmtpCheckConfig(CheckType kind, String name, String description, String host, int port, boolean starttls, boolean tls,
                              Duration timeout, Path caFile, boolean insecure, List<Condition> expect) implements CheckConfig {
    public static final int DEFAULT_PORT = 25;
    /** The port of SMTP over TLS from the start (RFC 8314), the default when {@code tls} is on. */
    public static final int DEFAULT_TLS_PORT = 465;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
}
