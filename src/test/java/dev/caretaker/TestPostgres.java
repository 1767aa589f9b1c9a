package dev.caretaker;

import dev.caretaker.store.EmbeddedPostgres;
import java.nio.file.Path;

/**
 * One real PostgreSQL 17 for the whole test JVM (the embedded server, durability off for speed), stopped
 * when the JVM exits. Each test makes its own database on it with {@link TestDatabase}.
 */
public final class TestPostgres {
    public static final Path HOME = Path.of("target", "test-home").toAbsolutePath();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = EmbeddedPostgres.open(HOME, new EmbeddedPostgres.Options(0, false), msg -> { });
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
        }
        return server;
    }
}
