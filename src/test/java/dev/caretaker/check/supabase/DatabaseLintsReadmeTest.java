package dev.caretaker.check.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** README's lint table names, in its splinter column, the splinter lint each postgres finding stands for. */
class DatabaseLintsReadmeTest {
    @Test
    void every_lint_the_postgres_check_shares_with_splinter_is_named_in_its_row() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Map.Entry<String, String> e : DatabaseLints.all().entrySet()) {
            // the lint table's row: finding | PgHero | splinter (its number, or —) | notes
            String row = readme.lines().filter(l -> l.startsWith("| `" + e.getValue() + "`"))
                    .filter(l -> l.split("\\|").length > 4 && l.split("\\|")[3].matches("\\s*(\\d{4}|—).*"))
                    .findFirst().orElseThrow(() -> new AssertionError("README's lint table has no row for " + e.getValue()));
            assertThat(row.split("\\|")[3]).as(e.getValue() + "'s splinter column").contains("`" + e.getKey() + "`");
        }
    }
}
