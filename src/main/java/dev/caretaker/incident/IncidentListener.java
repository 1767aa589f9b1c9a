package dev.caretaker.incident;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Told of incident changes inside the transaction that makes them, so what announces a change (a message in the outbox)
 * is committed with it or not at all.
 */
@FunctionalInterface
public interface IncidentListener {
    IncidentListener NONE = (h, changes) -> { };

    void changed(Handle h, List<IncidentChange> changes);
}
