package dev.caretaker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {
    @TempDir
    Path home;

    @Test
    void a_second_process_shares_the_server_and_the_last_one_out_stops_it() throws Exception {
        EmbeddedPostgres first = EmbeddedPostgres.open(home, new EmbeddedPostgres.Options(0, false), m -> { });
        EmbeddedPostgres second = EmbeddedPostgres.open(home, new EmbeddedPostgres.Options(0, false), m -> { });
        assertThat(second.port()).isEqualTo(first.port());
        first.createDatabase("shared");
        first.close();
        try (Connection c = second.connect("shared", "test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
        second.close();
        assertThat(Files.exists(home.resolve("pgdata").resolve("postmaster.pid"))).isFalse();
        assertThatThrownBy(() -> second.connect("shared", "test")).isInstanceOf(SQLException.class);

        EmbeddedPostgres again = EmbeddedPostgres.open(home, new EmbeddedPostgres.Options(0, false), m -> { });
        try {
            assertThat(again.createDatabase("shared")).as("data is kept across runs").isFalse();
        } finally {
            again.close();
        }
        assertThat(Files.readString(home.resolve("store.password"))).isNotBlank();
    }
}
