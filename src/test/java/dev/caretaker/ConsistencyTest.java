package dev.caretaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.config.Metrics;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Facts the code states twice, held together: the metrics catalog against the checks, the schema version against the migrations. */
class ConsistencyTest {
    @Test
    void every_measurement_a_check_records_is_in_the_catalog_rules_are_validated_against() throws IOException {
        Set<String> recorded = new TreeSet<>();
        Pattern p = Pattern.compile("(?:(?:out\\.)?measure|Measurement\\.of)\\(\"([a-z]+\\.[a-z0-9_]+)\"");
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/java/dev/caretaker/check")),
                Files.walk(Path.of("src/main/java/dev/caretaker/engine")))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    recorded.add(m.group(1));
                }
            }
        }
        assertThat(recorded).hasSizeGreaterThan(30);
        Set<String> catalog = new TreeSet<>();
        Metrics.byType(Engine.KINDS).values().forEach(list -> list.forEach(m -> catalog.add(m.name())));
        assertThat(catalog).containsAll(recorded);
        assertThat(recorded).containsAll(catalog);
    }

    @Test
    void the_schema_version_the_store_checks_is_the_newest_migration() throws IOException {
        int newest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
        assertThat(Store.SCHEMA_VERSION).isEqualTo(newest);
    }
}
