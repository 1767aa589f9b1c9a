package dev.caretaker.store;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The server processes of a store: each writes its row when it starts, says it is alive every {@link #HEARTBEAT}, and marks
 * its row stopped when it stops cleanly. A node not heard from for {@link #LIVE_WITHIN} is gone (its ticks are taken over by
 * db-scheduler's own dead-execution detection).
 */
public final class Nodes {
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    public static final Duration LIVE_WITHIN = Duration.ofSeconds(20);

    /**
     * A node's row: besides who and when, what it runs with (its signing key's fingerprint, the schema version its build
     * knows, its config's fingerprint), why it cannot work ({@code problem}, null while it can) and since when it can.
     */
    public record Node(String name, String system, String address, String version, Instant startedAt, Instant heartbeatAt, Instant stoppedAt,
                       String keyFingerprint, Integer schemaVersion, String configFingerprint, String problem, Instant readySince) {
        public Node(String name, String system, String address, String version, Instant startedAt, Instant heartbeatAt, Instant stoppedAt) {
            this(name, system, address, version, startedAt, heartbeatAt, stoppedAt, null, null, null, null, null);
        }

        public boolean live(Instant now) {
            return stoppedAt == null && heartbeatAt.isAfter(now.minus(LIVE_WITHIN));
        }

        /** Live and able to work: what the cluster's config is judged by. */
        public boolean ready(Instant now) {
            return live(now) && problem == null && readySince != null;
        }
    }

    /** What a node runs with, as it writes it when it starts and when its config changes. */
    public record Identity(String keyFingerprint, int schemaVersion, String configFingerprint) {
    }

    private final Jdbi jdbi;
    private final String name;

    public Nodes(Jdbi jdbi, String name) {
        this.jdbi = jdbi;
        this.name = name;
    }

    public void started(String system, String address, String version, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO node (name, system, address, version, started_at, heartbeat_at) "
                        + "VALUES (:name, :system, :address, :version, :now, :now) ON CONFLICT (name) DO UPDATE SET system = EXCLUDED.system, "
                        + "address = EXCLUDED.address, version = EXCLUDED.version, started_at = EXCLUDED.started_at, "
                        + "heartbeat_at = EXCLUDED.heartbeat_at, stopped_at = NULL, problem = NULL, ready_since = NULL")
                .bind("name", name).bind("system", system).bind("address", address).bind("version", version).bind("now", Timestamp.from(now))
                .execute());
    }

    /** Writes what this node runs with. */
    public void identity(Identity id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE node SET key_fingerprint = :key, schema_version = :schema, config_fingerprint = :config "
                        + "WHERE name = :name").bind("name", name).bind("key", id.keyFingerprint()).bind("schema", id.schemaVersion())
                .bind("config", id.configFingerprint()).execute());
    }

    /** Writes whether this node can work: {@code problem} null when it can (ready since {@code now}, unless it was already). */
    public void problem(String problem, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE node SET problem = :problem, ready_since = CASE WHEN CAST(:problem AS text) IS NOT NULL THEN NULL "
                        + "ELSE coalesce(ready_since, :now) END WHERE name = :name")
                .bind("name", name).bind("problem", problem).bind("now", Timestamp.from(now)).execute());
    }

    public void beat(Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE node SET heartbeat_at = :now WHERE name = :name")
                .bind("name", name).bind("now", Timestamp.from(now)).execute());
    }

    public void stopped(Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE node SET stopped_at = :now WHERE name = :name")
                .bind("name", name).bind("now", Timestamp.from(now)).execute());
    }

    /** The nodes heard from within {@code within}, newest first. */
    public List<Node> recent(Instant now, Duration within) {
        return recent(jdbi, now, within);
    }

    /** The nodes heard from within {@code within}, newest first. */
    public static List<Node> recent(Jdbi jdbi, Instant now, Duration within) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM node WHERE heartbeat_at > :since ORDER BY heartbeat_at DESC")
                .bind("since", Timestamp.from(now.minus(within)))
                .map((rs, ctx) -> new Node(rs.getString("name"), rs.getString("system"), rs.getString("address"), rs.getString("version"),
                        rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("heartbeat_at").toInstant(),
                        rs.getTimestamp("stopped_at") == null ? null : rs.getTimestamp("stopped_at").toInstant(), rs.getString("key_fingerprint"),
                        (Integer) rs.getObject("schema_version"), rs.getString("config_fingerprint"), rs.getString("problem"),
                        rs.getTimestamp("ready_since") == null ? null : rs.getTimestamp("ready_since").toInstant())).list());
    }

    /** How many nodes are live: running and heard from within {@link #LIVE_WITHIN}. */
    public int live(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*)::int FROM node WHERE stopped_at IS NULL AND heartbeat_at > :since")
                .bind("since", Timestamp.from(now.minus(LIVE_WITHIN))).mapTo(Integer.class).one());
    }
}
