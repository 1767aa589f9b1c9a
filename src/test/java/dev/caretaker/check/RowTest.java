package dev.caretaker.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A NULL reads as nothing; a column the query does not return is a bug, named with the columns it has. */
class RowTest {
    private static Row row() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("dead", 42L);
        v.put("ratio", null);
        return new Row(v);
    }

    @Test
    void a_null_value_reads_as_before() {
        Row r = row();
        assertThat(r.lng("dead")).isEqualTo(42);
        assertThat(r.dbl("ratio")).isZero();
        assertThat(r.lng("ratio")).isZero();
        assertThat(r.str("ratio")).isNull();
        assertThat(r.isNull("ratio")).isTrue();
        assertThat(r.bool("ratio")).isFalse();
        assertThat(r.instant("ratio")).isNull();
        assertThat(r.strings("ratio")).isEmpty();
    }

    @Test
    void a_column_the_row_does_not_have_is_refused_with_the_columns_it_has() {
        Row r = row();
        assertThatThrownBy(() -> r.dbl("dead_tuples")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the row has no column 'dead_tuples'; its columns are dead, ratio");
        assertThatThrownBy(() -> r.lng("live")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'live'");
        assertThatThrownBy(() -> r.str("live")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.isNull("live")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.bool("live")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.instant("live")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.strings("live")).isInstanceOf(IllegalArgumentException.class);
    }
}
