package dev.caretaker.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** For {@code validate --connect}: that a table and its columns exist and this user may read them, said in one line each. */
public final class TableAccess {
    private final Connection connection;
    private final Catalog catalog;
    private final List<Readiness> out;
    private final String check;

    public TableAccess(Connection connection, String check, List<Readiness> out) throws SQLException {
        this.connection = connection;
        this.catalog = Catalog.read(connection);
        this.out = out;
        this.check = check;
    }

    /** The table and the named columns (nulls skipped) exist and are readable; records what it finds. */
    public void readable(String table, String... columns) throws SQLException {
        Catalog.Table t;
        try {
            t = catalog.table(table);
        } catch (IllegalArgumentException e) {
            out.add(Readiness.problem(check, e.getMessage()));
            return;
        }
        boolean ok = true;
        for (String c : columns) {
            if (c == null) {
                continue;
            }
            try {
                Catalog.column(t, c);
            } catch (IllegalArgumentException e) {
                out.add(Readiness.problem(check, e.getMessage()));
                ok = false;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT has_table_privilege(?, 'SELECT')")) {
            ps.setString(1, t.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    out.add(Readiness.problem(check, "the user may not read " + t.display() + ": GRANT SELECT ON " + t.quoted() + " TO "
                            + SqlResource.ident(user()) + ";"));
                    return;
                }
            }
        }
        if (ok) {
            out.add(Readiness.ok(check, t.display() + " and its columns are there and readable"));
        }
    }

    String user() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT current_user"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
