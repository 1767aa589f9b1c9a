package dev.caretaker.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * What an API source has told of already, per check (table {@code source_mark}): the items it reported (a Sentry issue is
 * new once) and when it last looked, so "new since the last run" survives restarts and is shared by a cluster's nodes.
 */
public final class SourceMarks {
    /** The item that holds when the check last looked. */
    private static final String LOOKED = "";
    private final Jdbi jdbi;

    public SourceMarks(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** When {@code check} last looked, if it ever did. */
    public Optional<Instant> lastLook(String system, String check) {
        return jdbi.withHandle(h -> h.createQuery("SELECT marked_at FROM source_mark WHERE system = :s AND check_name = :c AND item = ''")
                .bind("s", system).bind("c", check).mapTo(Timestamp.class).findOne().map(Timestamp::toInstant));
    }

    /** Which of {@code items} {@code check} has told of already. */
    public Set<String> known(String system, String check, Collection<String> items) {
        if (items.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(h -> new HashSet<>(h.createQuery(
                        "SELECT item FROM source_mark WHERE system = :s AND check_name = :c AND item = ANY(:items)")
                .bind("s", system).bind("c", check).bind("items", items.toArray(String[]::new)).mapTo(String.class).list()));
    }

    /**
     * Records that {@code check} looked at {@code at} and told of {@code items}, and forgets items marked before
     * {@code forgetBefore} (the start of the look just made: older items cannot be listed again).
     */
    public void looked(String system, String check, Instant at, Collection<String> items, Instant forgetBefore) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM source_mark WHERE system = :s AND check_name = :c AND item <> '' AND marked_at < :before")
                    .bind("s", system).bind("c", check).bind("before", Timestamp.from(forgetBefore)).execute();
            var insert = h.prepareBatch("INSERT INTO source_mark (system, check_name, item, marked_at) VALUES (:s, :c, :item, :at) "
                    + "ON CONFLICT (system, check_name, item) DO UPDATE SET marked_at = CASE WHEN source_mark.item = '' "
                    + "THEN excluded.marked_at ELSE source_mark.marked_at END");
            for (String item : items) {
                insert.bind("s", system).bind("c", check).bind("item", item).bind("at", Timestamp.from(at)).add();
            }
            insert.bind("s", system).bind("c", check).bind("item", LOOKED).bind("at", Timestamp.from(at)).add();
            insert.execute();
        });
    }
}
