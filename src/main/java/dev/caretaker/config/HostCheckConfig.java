package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: host} — CPU, memory, disk and load of a machine: this one ({@code source: local}, from /proc and its file
 * systems) or one with node_exporter ({@code source: http://host:9100/metrics}).
 */
public record HostCheckConfig(CheckType kind, String name, String description, Optional<URI> url, Duration sample, Duration timeout,
                              Level cpu, Level memory, Level diskFree, List<String> mounts) implements CheckConfig {
    /** A level as percentages: warning and critical, either may be absent (NaN). */
    public record Level(double warning, double critical) {
    }

    /** 001's thresholds (CPU over 80 %, disk under 10 % free) and 004's (memory over 85 %). */
    public static final Level DEFAULT_CPU = new Level(80, 95);
    public static final Level DEFAULT_MEMORY = new Level(85, 95);
    public static final Level DEFAULT_DISK_FREE = new Level(10, 5);
    public static final Duration DEFAULT_SAMPLE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
}
