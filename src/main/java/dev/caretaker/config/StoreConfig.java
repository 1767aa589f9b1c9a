package dev.caretaker.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Caretaker keeps its own state. Without a {@code url} it is an embedded PostgreSQL whose data
 * lives under {@code home}.
 */
public record StoreConfig(Optional<String> url, String user, String password, Path home, int port, java.time.Duration retention) {

    public static final String DEFAULT_HOME = ".caretaker";
    public static final int DEFAULT_PORT = 0;
    /** Runs (with their measurements and findings) and delivered messages older than this are pruned. */
    public static final java.time.Duration DEFAULT_RETENTION = java.time.Duration.ofDays(90);

    public StoreConfig(Optional<String> url, String user, String password, Path home, int port) {
        this(url, user, password, home, port, DEFAULT_RETENTION);
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    /** {@code $CARETAKER_HOME}, else {@code ./.caretaker}. */
    public static Path defaultHome(java.util.Map<String, String> env) {
        String home = env.get("CARETAKER_HOME");
        return Path.of(home == null || home.isBlank() ? DEFAULT_HOME : home);
    }

    public static StoreConfig embeddedAt(Path home) {
        return new StoreConfig(Optional.empty(), null, null, home, DEFAULT_PORT, DEFAULT_RETENTION);
    }
}
