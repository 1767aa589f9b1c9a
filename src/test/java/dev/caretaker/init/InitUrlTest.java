package dev.caretaker.init;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The URL init writes into the file: the user, host, database and options kept, the password gone. */
class InitUrlTest {
    @Test
    void a_password_in_a_libpq_or_jdbc_url_is_stripped_and_the_rest_kept() {
        assertThat(Init.withoutPassword("postgresql://app:p%40ss@db.example.com:5432/mysite?sslmode=require"))
                .isEqualTo("postgresql://app@db.example.com:5432/mysite?sslmode=require");
        assertThat(Init.withoutPassword("postgres://app:pw@db/mysite")).isEqualTo("postgres://app@db/mysite");
        assertThat(Init.withoutPassword("jdbc:postgresql://db:5432/mysite?user=app&password=pw&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/mysite?user=app&ssl=true");
        assertThat(Init.withoutPassword("jdbc:postgresql://db:5432/mysite?password=pw")).isEqualTo("jdbc:postgresql://db:5432/mysite");
    }

    @Test
    void a_url_without_a_password_is_written_as_given() {
        assertThat(Init.withoutPassword("postgresql://app@db.example.com/mysite")).isEqualTo("postgresql://app@db.example.com/mysite");
        assertThat(Init.withoutPassword("postgresql://db.example.com/mysite")).isEqualTo("postgresql://db.example.com/mysite");
        assertThat(Init.withoutPassword("jdbc:postgresql://db/mysite?user=app")).isEqualTo("jdbc:postgresql://db/mysite?user=app");
    }
}
