package dev.caretaker.web;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One page of a list that is read newest first by id: at most {@code limit} items below an id, and the id the next page
 * starts below (null on the last page). The API turns it into an opaque cursor, the dashboard into a {@code before=} link.
 */
record Paged<T>(List<T> items, Long nextBefore) {
    /** How a list reads: at most {@code limit} items below id {@code before} (null: from the newest). */
    @FunctionalInterface
    interface Fetch<T> {
        List<T> fetch(Long before, int limit);
    }

    /** Reads one more than {@code limit}, so the page knows whether another follows. */
    static <T> Paged<T> read(Fetch<T> fetch, Long before, int limit, ToLongFunction<T> idOf) {
        List<T> rows = fetch.fetch(before, limit + 1);
        return rows.size() > limit ? new Paged<>(List.copyOf(rows.subList(0, limit)), idOf.applyAsLong(rows.get(limit - 1)))
                : new Paged<>(List.copyOf(rows), null);
    }
}
