package dev.caretaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package that writes a table owns its reads: the web, the reports and the scheduler read and change Caretaker's
 * tables only through the engine's desks. Under {@code web/}, {@code review/} and {@code schedule/} there is no SQL, no
 * handle on the store and no repository made — only db-scheduler's own client is given the store's data source.
 */
class ReadSideTest {
    private static final Path MAIN = Path.of("src/main/java/dev/caretaker");
    private static final List<String> READERS = List.of("web", "review", "schedule");
    private static final Pattern FORBIDDEN = Pattern.compile(String.join("|",
            "\\bjdbi\\(\\)", "import org\\.jdbi", "\\bcreate(Query|Update|Statement)\\(", "\\bprepare(Statement|Call|Batch)\\(",
            "\"[^\"]*\\b(SELECT|INSERT INTO|DELETE FROM|UPDATE [a-z_]+ SET|LISTEN|NOTIFY)\\b",
            "new (RunHistory|Rollups|CheckStates|CheckSeries|LongView|IncidentRepository|Silences|Approvals|AuditLog|Ledger|Outbox|PingLog|Nodes"
                    + "|Users|Sessions|Reviews|ChecklistBook|Partitions)\\(",
            "\\.dataSource\\(\\)"));
    /** db-scheduler's own client is made with the store's data source: the one handle on the store the scheduler holds. */
    private static final Pattern ALLOWED = Pattern.compile("Scheduler\\.create\\(store\\.dataSource\\(\\)");

    @Test
    void web_reports_and_the_scheduler_read_the_store_only_through_the_engine() throws IOException {
        List<String> offences = new ArrayList<>();
        for (String pkg : READERS) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i);
                        if (line.trim().startsWith("*") || line.trim().startsWith("//")) {
                            continue;
                        }
                        Matcher m = FORBIDDEN.matcher(line);
                        if (m.find() && !ALLOWED.matcher(line).find()) {
                            offences.add(MAIN.relativize(f) + ":" + (i + 1) + ": " + m.group() + "  ←  " + line.trim());
                        }
                    }
                }
            }
        }
        assertThat(offences).as("read through the engine's desks (engine/*Desk) instead").isEmpty();
    }

    @Test
    void the_rule_catches_what_it_is_meant_to() {
        assertThat(FORBIDDEN.matcher("var x = server.engine().store().jdbi();").find()).isTrue();
        assertThat(FORBIDDEN.matcher("h.createQuery(\"SELECT 1\")").find()).isTrue();
        assertThat(FORBIDDEN.matcher("String q = \"DELETE FROM outbox WHERE id = 1\";").find()).isTrue();
        assertThat(FORBIDDEN.matcher("new IncidentRepository(store)").find()).isTrue();
        assertThat(FORBIDDEN.matcher("return engine().checks().overview();").find()).isFalse();
        assertThat(FORBIDDEN.matcher("throw new Problem(400, \"Bad Request\", \"select a metric\");").find()).isFalse();
    }
}
