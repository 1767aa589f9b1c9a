package dev.caretaker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.caretaker.config.StoreConfig;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * Caretaker's own state: the embedded PostgreSQL (or the server {@code store.url} names), with its schema
 * {@code caretaker} brought up to date by Flyway on open.
 */
public final class Store implements AutoCloseable {
    public static final String SCHEMA = "caretaker";
    public static final String EMBEDDED_DATABASE = "caretaker";
    static final int POOL_SIZE = 4;

    private final HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final Jdbi jdbi;

    private Store(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.jdbi = Jdbi.create(dataSource);
    }

    public static Store open(StoreConfig config, Consumer<String> progress) {
        return open(config, EmbeddedPostgres.Options.DEFAULT, progress);
    }

    public static Store open(StoreConfig config, EmbeddedPostgres.Options options, Consumer<String> progress) {
        EmbeddedPostgres embedded = null;
        HikariConfig hc = new HikariConfig();
        if (config.embedded()) {
            embedded = EmbeddedPostgres.open(config.home(), options.port() > 0 ? options
                    : new EmbeddedPostgres.Options(config.port(), options.durable()), progress);
            embedded.createDatabase(EMBEDDED_DATABASE);
            hc.setJdbcUrl(embedded.jdbcUrl(EMBEDDED_DATABASE));
            hc.setUsername(EmbeddedPostgres.SUPERUSER);
            hc.setPassword(embedded.password());
        } else {
            PostgresUrl url = PostgresUrl.parse(config.url().orElseThrow(), config.user(), config.password());
            hc.setJdbcUrl(url.jdbcUrl());
            hc.setUsername(url.user());
            hc.setPassword(url.password());
        }
        hc.setPoolName("caretaker-store");
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(15_000);
        hc.addDataSourceProperty("ApplicationName", "caretaker");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw new StoreException("cannot connect to Caretaker's store " + (config.embedded() ? "(embedded)" : "(store.url)")
                    + ": " + rootMessage(e) + "; check store.url, store.user and store.password", e);
        }
        try {
            migrate(ds);
        } catch (FlywayException e) {
            ds.close();
            if (embedded != null) {
                embedded.close();
            }
            throw new StoreException("cannot bring Caretaker's schema up to date: " + e.getMessage(), e);
        }
        return new Store(ds, embedded);
    }

    static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).schemas(SCHEMA).defaultSchema(SCHEMA)
                .locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Optional<EmbeddedPostgres> embedded() {
        return Optional.ofNullable(embedded);
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
