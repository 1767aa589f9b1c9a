package dev.caretaker.init;

import dev.caretaker.check.Sql;
import dev.caretaker.store.PostgresUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code caretaker init}: connects to a database (read-only), reads its catalog and writes a starter config for it. The
 * password never reaches the file: a URL's password is stripped and the file reads it from {@link #PASSWORD_VARIABLE}. An
 * existing file is replaced only when asked, and the new one appears whole or not at all (a temporary file, then a rename).
 */
public final class Init {
    /** The environment variable the written config reads the database password from. */
    public static final String PASSWORD_VARIABLE = "APP_DB_PASSWORD";

    /** What was written: the file, its survey, and whether a password was taken out of the URL or the environment. */
    public record Outcome(Path file, Survey survey, boolean passwordGiven, boolean passwordInUrl) {
    }

    private Init() {
    }

    /** Writes the config for {@code url} to {@code file}; {@code env} gives PGPASSWORD when the URL has no password. */
    public static Outcome run(String url, List<String> httpUrls, Path file, boolean force, Map<String, String> env) throws IOException {
        refuseExisting(file, force);
        for (String h : httpUrls) {
            URI u = parseHttp(h);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("--http " + h + ": write a full URL, e.g. https://app.example.com/health");
            }
        }
        if (url.startsWith("embedded:")) {
            throw new IllegalArgumentException("--database " + url + ": caretaker init reads a database over the network; give its "
                    + "postgresql://user@host:5432/db URL");
        }
        PostgresUrl parsed;
        try {
            parsed = PostgresUrl.parse(url, null, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--database: " + e.getMessage());
        }
        boolean inUrl = parsed.password() != null;
        String password = inUrl ? parsed.password() : env.get("PGPASSWORD");
        Survey survey;
        try (Connection c = connect(parsed, password)) {
            survey = Survey.read(c);
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read database " + withoutPassword(url) + ": " + Sql.connectionWords(e)
                    + (password != null || "08001".equals(e.getSQLState()) ? "" : " (the URL has no password; put it in PGPASSWORD)"), e);
        }
        String text = StarterConfig.render(survey, new StarterConfig.Options(withoutPassword(url), PASSWORD_VARIABLE, password != null, httpUrls));
        write(file, text, force);
        return new Outcome(file, survey, password != null, inUrl);
    }

    private static URI parseHttp(String h) {
        try {
            URI u = URI.create(h);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException("--http " + h + ": the URL must start with http:// or https://");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("--http") ? e
                    : new IllegalArgumentException("--http " + h + ": not a URL (" + e.getMessage() + ")");
        }
    }

    private static void refuseExisting(Path file, boolean force) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder; give --out a file name, e.g. " + file.resolve("caretaker.yml"));
        }
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(file + " exists; caretaker init does not overwrite it: give --force to replace it, "
                    + "or --out another file");
        }
    }

    /** The URL as the file may carry it: {@code postgresql://user:pw@host/db} loses {@code :pw}, a JDBC URL its password parameter. */
    static String withoutPassword(String url) {
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return url.replaceFirst("^(postgres(?:ql)?://[^:@/?#]*):[^@/?#]*@", "$1@");
        }
        return url.replaceAll("([?&])password=[^&]*(&|$)", "$1").replaceAll("[?&]$", "");
    }

    private static Connection connect(PostgresUrl url, String password) throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "caretaker init");
        p.setProperty("connectTimeout", "10");
        p.setProperty("loginTimeout", "10");
        p.setProperty("readOnly", "true");
        p.setProperty("readOnlyMode", "always");
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    private static void write(Path file, String text, boolean force) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text);
            if (force) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(tmp, file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(file + " exists; caretaker init does not overwrite it: give --force to replace it, "
                    + "or --out another file");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
