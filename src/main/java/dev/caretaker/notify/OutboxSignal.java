package dev.caretaker.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A session of its own that {@code LISTEN}s for the notification every enqueue sends on commit ({@link Outbox#NOTIFY_CHANNEL}),
 * so a worker delivers a message as soon as any node commits it.
 */
public final class OutboxSignal implements AutoCloseable {
    private final Connection connection;
    private final PGConnection pg;

    private OutboxSignal(Connection connection) throws SQLException {
        this.connection = connection;
        this.pg = connection.unwrap(PGConnection.class);
    }

    /** Starts listening on a connection of {@code dataSource}, held until {@link #close}. */
    public static OutboxSignal listen(DataSource dataSource) throws SQLException {
        Connection c = dataSource.getConnection();
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("LISTEN " + Outbox.NOTIFY_CHANNEL);
            return new OutboxSignal(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Waits up to {@code millis} on the socket, sending nothing; true when a message was committed meanwhile. */
    public boolean await(int millis) throws SQLException {
        PGNotification[] told = pg.getNotifications(millis);
        return told != null && told.length > 0;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
