package dev.caretaker.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts fixed at build time: Caretaker's version and the PostgreSQL binaries it ships. */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    public static String version() {
        return PROPS.getProperty("version", "dev");
    }

    public static String postgresBinaries() {
        return PROPS.getProperty("postgres.binaries", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/caretaker-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // defaults above
        }
        return p;
    }
}
