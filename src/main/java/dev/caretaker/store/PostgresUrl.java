package dev.caretaker.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Turns the URL forms operators write (libpq {@code postgresql://user:pw@host/db}, JDBC) into a JDBC URL and credentials. */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    public static PostgresUrl parse(String url, String user, String password) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresUrl(url, user, password);
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            URI u = URI.create(url);
            String u1 = user;
            String p1 = password;
            if (u.getRawUserInfo() != null) {
                String[] parts = u.getRawUserInfo().split(":", 2);
                u1 = u1 != null ? u1 : decode(parts[0]);
                if (parts.length > 1 && p1 == null) {
                    p1 = decode(parts[1]);
                }
            }
            String host = u.getHost() == null ? "localhost" : u.getHost();
            String port = u.getPort() > 0 ? ":" + u.getPort() : "";
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
            return new PostgresUrl("jdbc:postgresql://" + host + port + path + query, u1, p1);
        }
        throw new IllegalArgumentException("not a PostgreSQL URL: write jdbc:postgresql://host:port/db or postgresql://user@host/db");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
