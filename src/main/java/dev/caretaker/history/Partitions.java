package dev.caretaker.history;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The raw measurements' day partitions ({@code measurement_YYYYMMDD}, UTC): made before a run writes into a day, each in
 * a short transaction of its own under one lock (several processes may write the same store), and dropped once no run of
 * any system is left in their day.
 */
public final class Partitions {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");
    /** Serialises partition changes across the processes of one store. */
    private static final long LOCK = 0x6d65617375726573L; // "measures"

    private final Jdbi jdbi;

    public Partitions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static String name(LocalDate day) {
        return "measurement_" + NAME.format(day);
    }

    /** Makes the partition of {@code at}'s day, and the next day's, when they are missing. */
    public void ensure(Instant at) {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        boolean both = jdbi.withHandle(h -> h.createQuery("SELECT to_regclass(:a) IS NOT NULL AND to_regclass(:b) IS NOT NULL")
                .bind("a", name(day)).bind("b", name(day.plusDays(1))).mapTo(Boolean.class).one());
        if (both) {
            return; // every run but the first of a day asks once and writes nothing
        }
        for (LocalDate d : List.of(day, day.plusDays(1))) {
            boolean there = jdbi.withHandle(h -> h.createQuery("SELECT to_regclass(:name) IS NOT NULL").bind("name", name(d)).mapTo(Boolean.class).one());
            if (!there) {
                jdbi.useTransaction(h -> {
                    h.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
                    h.execute("CREATE TABLE IF NOT EXISTS " + name(d) + " PARTITION OF measurement FOR VALUES FROM ('"
                            + d.atStartOfDay(ZoneOffset.UTC).toInstant() + "') TO ('" + d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant() + "')");
                });
            }
        }
    }

    /** Drops the day partitions before {@code before}'s day in which no run of any system is left; returns how many went. */
    public int dropEmptyBefore(Instant before) {
        LocalDate cut = before.atZone(ZoneOffset.UTC).toLocalDate();
        List<String> old = jdbi.withHandle(h -> h.createQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'measurement' AND p.relnamespace = to_regnamespace(current_schema()) "
                        + "AND c.relname < :cut ORDER BY c.relname").bind("cut", name(cut)).mapTo(String.class).list());
        int dropped = 0;
        for (String partition : old) {
            LocalDate day = LocalDate.parse(partition.substring("measurement_".length()), NAME);
            boolean dropIt = jdbi.inTransaction(h -> {
                h.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
                boolean runsLeft = h.createQuery("SELECT EXISTS (SELECT 1 FROM run WHERE finished_at >= :from AND finished_at < :to)")
                        .bind("from", Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant()))
                        .bind("to", Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())).mapTo(Boolean.class).one();
                if (!runsLeft) {
                    h.execute("DROP TABLE IF EXISTS " + partition);
                }
                return !runsLeft;
            });
            dropped += dropIt ? 1 : 0;
        }
        return dropped;
    }

    /** The day partitions there are, oldest first (for tests and operators). */
    public List<String> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'measurement' AND p.relnamespace = to_regnamespace(current_schema()) "
                + "ORDER BY c.relname").mapTo(String.class).list());
    }
}
