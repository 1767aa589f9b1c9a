package dev.caretaker.check.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last answer to each API request a check made, with its {@code ETag}, kept in memory: the next run asks with
 * {@code If-None-Match}, and a {@code 304 Not Modified} (which GitHub does not count against the rate limit) is answered
 * from here. Keyed by check, URL and a digest of the token, so two checks or two tokens never share an answer. Bounded in
 * entries and bytes, least recently used first out; lost on restart (the first run after one pays full price once).
 */
final class EtagCache {
    record Entry(String etag, String body) {
    }

    static final int MAX_ENTRIES = 4096;
    static final long MAX_BYTES = 64L << 20;
    /** An answer larger than this is not kept (its next request is a full one). */
    static final int MAX_ENTRY_BYTES = 4 << 20;

    private static final LinkedHashMap<String, Entry> ENTRIES = new LinkedHashMap<>(64, 0.75f, true);
    private static long bytes;

    private EtagCache() {
    }

    static synchronized Optional<Entry> get(String key) {
        return Optional.ofNullable(ENTRIES.get(key));
    }

    static synchronized void put(String key, String etag, String body) {
        if (etag == null || etag.isBlank() || body.length() > MAX_ENTRY_BYTES) {
            remove(key);
            return;
        }
        Entry old = ENTRIES.put(key, new Entry(etag, body));
        bytes += body.length() - (old == null ? 0 : old.body().length());
        var it = ENTRIES.entrySet().iterator();
        while ((ENTRIES.size() > MAX_ENTRIES || bytes > MAX_BYTES) && it.hasNext()) {
            Map.Entry<String, Entry> eldest = it.next();
            bytes -= eldest.getValue().body().length();
            it.remove();
        }
    }

    static synchronized void remove(String key) {
        Entry old = ENTRIES.remove(key);
        if (old != null) {
            bytes -= old.body().length();
        }
    }

    /** Forgets every answer (tests, to start cold). */
    static synchronized void clear() {
        ENTRIES.clear();
        bytes = 0;
    }
}
