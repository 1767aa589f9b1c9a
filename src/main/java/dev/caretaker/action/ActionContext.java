package dev.caretaker.action;

import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.Secrets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What a running action may use: writable sessions, the protected tables of each database, the secrets to mask, progress. */
public record ActionContext(MonitoredDatabases databases, Map<String, List<String>> protectedTables, Secrets secrets,
                            Consumer<String> progress) {
    public List<String> protectedTables(String database) {
        return protectedTables.getOrDefault(database, List.of());
    }
}
