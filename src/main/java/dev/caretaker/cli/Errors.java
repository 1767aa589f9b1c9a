package dev.caretaker.cli;

import dev.caretaker.store.StoreException;
import java.sql.SQLException;

/** Every failure a command meets, as one sentence that says what happened and what to do: never a stack trace. */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof StoreException) {
            return firstLine(e.getMessage());
        }
        SQLException sql = find(e, SQLException.class);
        if (sql != null) {
            return "Caretaker's store answered: " + firstLine(sql.getMessage()) + (sql.getSQLState() == null ? "" : " [SQLSTATE "
                    + sql.getSQLState() + "]") + "; check that the store is reachable and its schema is Caretaker's "
                    + "(store.url, store.user), then try again";
        }
        java.io.IOException io = find(e, java.io.IOException.class);
        if (io != null) {
            return "a file or connection failed: " + firstLine(io.getMessage()) + "; check the path or address it names";
        }
        return "an unexpected error stopped the command (" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                + "); nothing further was done. Please report it with the command line you ran";
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        return s == null ? "" : dev.caretaker.report.PlainText.oneLine(s.lines().findFirst().orElse(""));
    }
}
