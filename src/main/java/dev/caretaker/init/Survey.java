package dev.caretaker.init;

import dev.caretaker.check.Catalog;
import dev.caretaker.check.Sql;
import dev.caretaker.check.integrity.Discovery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code caretaker init} reads from a database's catalog (any role that may connect can read it): its name, the
 * references discovery would check and how many foreign keys the database enforces itself, the tables that look like job
 * runs, error logs or login logs, and whether Supabase Auth's audit log is there.
 */
public record Survey(String database, String serverVersion, Discovery.Result discovery, long enforced, List<Shape> shapes,
        boolean supabaseAuth) {
    /** Schemas a platform owns (Supabase's, Caretaker's own): their tables are not the app's. */
    private static final Set<String> PLATFORM_SCHEMAS = Set.of("auth", "storage", "realtime", "supabase_functions", "extensions",
            "graphql", "graphql_public", "vault", "pgsodium", "pgsodium_masks", "net", "cron", "pgbouncer", "caretaker");

    public static Survey read(Connection c) throws SQLException {
        var about = Sql.resource(c, "init/about.sql").get(0);
        Catalog catalog = Catalog.read(c);
        List<Shape> shapes = new ArrayList<>();
        for (Catalog.Table t : catalog.tables()) {
            if (!PLATFORM_SCHEMAS.contains(t.schema())) {
                shapes.addAll(Shape.of(t));
            }
        }
        boolean supabase = catalog.find("auth", "audit_log_entries").isPresent();
        return new Survey(about.str("database"), about.str("server_version"), Discovery.read(c), Discovery.enforced(c),
                List.copyOf(shapes), supabase);
    }
}
