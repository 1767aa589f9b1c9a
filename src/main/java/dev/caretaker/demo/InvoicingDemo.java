package dev.caretaker.demo;

import dev.caretaker.store.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Manual 000's freelancer-invoicing app, for real: its database with planted problems in the embedded
 * PostgreSQL, and stand-ins on 127.0.0.1 for Zoho CRM, Billing, Books, Desk and Authorize.net (Books is
 * slow, Desk's certificate expires in 5 days, Authorize.net is down).
 */
public final class InvoicingDemo implements AutoCloseable {
    public static final String PROFILE = "invoicing";
    public static final String DATABASE = "demo_invoicing";
    public static final String EXAMPLE = "examples/invoicing/caretaker.yml";
    public static final String SUITE = "weekly-self-check";
    public static final int DEFAULT_PORT_BASE = 18080;

    private final List<StubService> services = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private InvoicingDemo() {
    }

    /** Builds the database afresh and starts the services; {@code portBase} 0 picks free ports. */
    public static InvoicingDemo start(EmbeddedPostgres pg, Path home, int portBase, Consumer<String> progress) throws IOException {
        InvoicingDemo demo = new InvoicingDemo();
        try {
            progress.accept("building the invoicing app's database (" + DATABASE + ")");
            buildDatabase(pg);
            progress.accept("starting stand-ins for Zoho CRM, Billing, Books, Desk and Authorize.net on 127.0.0.1");
            demo.startServices(home, portBase);
            demo.environment.put("INVOICING_DB_URL", "embedded:" + DATABASE);
            return demo;
        } catch (IOException | RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    static void buildDatabase(EmbeddedPostgres pg) {
        pg.dropDatabase(DATABASE);
        pg.createDatabase(DATABASE);
        try (Connection c = pg.connect(DATABASE, "caretaker-demo"); Statement st = c.createStatement()) {
            st.execute(resource("demo/invoicing/1-schema.sql"));
            st.execute(resource("demo/invoicing/2-data.sql"));
            flushStatistics(st);
            st.execute("ANALYZE");
            st.execute(resource("demo/invoicing/3-problems.sql"));
            flushStatistics(st);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the demo database: " + e.getMessage(), e);
        }
    }

    /** Publishes this session's pending table statistics now rather than within the next second. */
    private static void flushStatistics(Statement st) throws SQLException {
        st.execute("SELECT pg_stat_force_next_flush()");
        st.execute("SELECT 1");
    }

    private void startServices(Path home, int base) throws IOException {
        DemoCertificates certs = new DemoCertificates();
        Path ca = certs.writeCa(home.resolve("demo").resolve("ca.pem"));
        environment.put("DEMO_CA_FILE", ca.toString());
        String ok = "{\"status\":\"ok\"}";
        add("ZOHO_CRM_URL", StubService.start(port(base, 1), "/crm/v7/org", 200, ok, Duration.ZERO, null));
        add("ZOHO_BILLING_URL", StubService.start(port(base, 2), "/billing/v1/organizations", 200, ok, Duration.ZERO,
                certs.serverContext(Duration.ofDays(90))));
        add("ZOHO_BOOKS_URL", StubService.start(port(base, 3), "/books/v3/organizations", 200, ok, Duration.ofMillis(2500), null));
        add("ZOHO_DESK_URL", StubService.start(port(base, 4), "/api/v1/organizations", 200, ok, Duration.ZERO,
                certs.serverContext(Duration.ofDays(5))));
        environment.put("AUTHORIZE_NET_URL", "https://127.0.0.1:" + closedPort(base, 5) + "/xml/v1/request.api");
    }

    private void add(String variable, StubService s) {
        services.add(s);
        environment.put(variable, s.url());
    }

    private static int port(int base, int offset) {
        return base == 0 ? 0 : base + offset;
    }

    /** A port nothing listens on, for the service that is down. */
    private static int closedPort(int base, int offset) throws IOException {
        if (base != 0) {
            return base + offset;
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The variables that point examples/invoicing/caretaker.yml at this demo's database, services and CA. */
    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    @Override
    public void close() {
        services.forEach(StubService::close);
        services.clear();
    }

    static String resource(String path) {
        try (InputStream in = InvoicingDemo.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing demo resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
