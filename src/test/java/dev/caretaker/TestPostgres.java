package dev.caretaker;

import dev.caretaker.store.EmbeddedPostgres;
import java.nio.file.Path;

/**
 * One real PostgreSQL for the whole test JVM (the embedded server, durability off for speed), stopped when the JVM
 * exits. Each test makes its own database on it with {@link TestDatabase}. It is the bundled PostgreSQL 17, or, with
 * {@code CARETAKER_TEST_PG_BIN} naming another installation's bin folder (Debian: {@code /usr/lib/postgresql/15/bin}),
 * that version: {@code scripts/test-postgres-15} runs the database tests so.
 */
public final class TestPostgres {
    /** The bin folder of another PostgreSQL installation to test against, or null for the bundled one. */
    public static final Path OTHER_BINARIES = System.getenv("CARETAKER_TEST_PG_BIN") == null ? null
            : Path.of(System.getenv("CARETAKER_TEST_PG_BIN"));
    public static final Path HOME = Path.of("target", OTHER_BINARIES == null ? "test-home"
            : "test-home-" + OTHER_BINARIES.getParent().getFileName()).toAbsolutePath();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** The test server's major version, e.g. 17 or 15. */
    public static int major() {
        try (var c = server().connect("postgres", "test"); var st = c.createStatement(); var rs = st.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = EmbeddedPostgres.open(HOME, new EmbeddedPostgres.Options(0, false, OTHER_BINARIES), msg -> { });
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
        }
        return server;
    }
}
