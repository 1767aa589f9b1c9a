package dev.caretaker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where Caretaker keeps its state. Without a {@code url} it is an embedded PostgreSQL under {@code home}; with one,
 * {@code home} still holds Caretaker's own files (email written as files when no SMTP server is set).
 */
public record StoreConfig(Optional<String> url, String user, String password, Path home, int port, Duration retention,
                          Duration rollupRetention) {

    public static final String DEFAULT_HOME = ".caretaker";
    public static final String HOME_VARIABLE = "CARETAKER_HOME";
    public static final int DEFAULT_PORT = 0;
    /** Runs (with their measurements and findings) and delivered messages older than this are pruned. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    /** Measurement rollups (5 minutes, hourly, daily) older than this are pruned: a year and a month to compare against. */
    public static final Duration DEFAULT_ROLLUP_RETENTION = Duration.ofDays(400);

    public StoreConfig(Optional<String> url, String user, String password, Path home, int port, Duration retention) {
        this(url, user, password, home, port, retention, DEFAULT_ROLLUP_RETENTION);
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    /** {@code $CARETAKER_HOME}, else {@code .caretaker} in the working directory; always absolute. */
    public static Path defaultHome(Map<String, String> env) {
        String home = env.get(HOME_VARIABLE);
        return Path.of(home == null || home.isBlank() ? DEFAULT_HOME : home).toAbsolutePath().normalize();
    }

    public static StoreConfig embeddedAt(Path home) {
        return new StoreConfig(Optional.empty(), null, null, home.toAbsolutePath().normalize(), DEFAULT_PORT, DEFAULT_RETENTION);
    }
}
