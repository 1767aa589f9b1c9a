package dev.caretaker.action.kinds;

import dev.caretaker.action.ActionFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Names of tables, indexes and columns resolved by the database itself, quoted, or a failure naming what is missing. */
final class Relations {
    private Relations() {
    }

    /** The quoted, schema-qualified name of a relation of the given kinds ({@code r}, {@code m}, {@code i} …). */
    static String resolve(Connection c, String kinds, String name, String what) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT format('%I.%I', n.nspname, k.relname) FROM pg_class k "
                + "JOIN pg_namespace n ON n.oid = k.relnamespace WHERE k.oid = to_regclass(?) AND k.relkind IN ('" + kinds + "')")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ActionFailure("there is no " + what + " '" + name + "' in this database", false);
                }
                return rs.getString(1);
            }
        }
    }

    static String column(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = ?::regclass "
                + "AND attname = ? AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ActionFailure(table + " has no column '" + column + "'", false);
                }
                return rs.getString(1);
            }
        }
    }

    static void sameColumns(Connection c, String table, String archive) throws SQLException {
        String q = "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute "
                + "WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped";
        String[] shapes = new String[2];
        try (PreparedStatement ps = c.prepareStatement(q)) {
            for (int i = 0; i < 2; i++) {
                ps.setString(1, i == 0 ? table : archive);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    shapes[i] = rs.getString(1);
                }
            }
        }
        if (!shapes[0].equals(shapes[1])) {
            throw new ActionFailure(archive + " does not have the columns of " + table + " in the same order (" + shapes[0] + " vs "
                    + shapes[1] + "); create it with CREATE TABLE " + archive + " (LIKE " + table + ")", false);
        }
    }

    static long deadTuples(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(n_dead_tup, 0) FROM pg_stat_all_tables WHERE relid = ?::regclass")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
