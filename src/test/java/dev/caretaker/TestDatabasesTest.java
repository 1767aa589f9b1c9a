package dev.caretaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabases.Named;
import dev.caretaker.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension every database test uses, and the session time zone the whole suite runs in. */
@ExtendWith(TestDatabases.class)
class TestDatabasesTest {
    private static final List<String> HANDED_OUT = new CopyOnWriteArrayList<>();

    private TestDatabase fromBeforeEach;

    @BeforeEach
    void open(TestDatabase db) {
        fromBeforeEach = db;
    }

    @Test
    void a_test_shares_its_database_with_before_each_and_a_named_one_is_another_with_its_own_store(TestDatabase db,
            @Named("other") TestDatabase other, Store store, @Named("other") Store otherStore) throws SQLException {
        HANDED_OUT.add(db.name());
        HANDED_OUT.add(other.name());
        assertThat(db).isSameAs(fromBeforeEach);
        assertThat(other.name()).isNotEqualTo(db.name());
        assertThat(text(store, "SELECT current_database()")).isEqualTo(db.name());
        assertThat(text(otherStore, "SELECT current_database()")).isEqualTo(other.name());
        assertThat(text(db, "SELECT count(*) FROM caretaker.run")).as("the store's schema is migrated").isEqualTo("0");
    }

    @Test
    void sessions_of_the_store_and_of_the_test_run_in_los_angeles_not_utc(TestDatabase db, Store store) throws SQLException {
        HANDED_OUT.add(db.name());
        String zone = TimeZone.getDefault().getID();
        assertThat(zone).as("the test JVM's zone, set by surefire's argLine in pom.xml").isEqualTo("America/Los_Angeles");
        assertThat(text(store, "SHOW TimeZone")).isEqualTo(zone);
        assertThat(text(db, "SHOW TimeZone")).isEqualTo(zone);
        assertThat(text(db, "SELECT (timestamptz '2026-11-24 03:00:00+00')::date")).as("a UTC-minded ::date sees another day here")
                .isEqualTo("2026-11-23");
    }

    @AfterAll
    static void every_database_handed_out_is_dropped_when_its_test_ends() throws SQLException {
        assertThat(HANDED_OUT).hasSize(3);
        try (Connection c = TestPostgres.server().connect("postgres", "test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname = ANY ('{" + String.join(",", HANDED_OUT) + "}')")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    private static String text(Store store, String sql) {
        return store.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    private static String text(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
