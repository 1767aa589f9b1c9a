package dev.caretaker.check;

import java.time.Instant;

/**
 * A finding kept out of a run's judgement because a person said so: by an {@code ignore:} entry of the config
 * ({@code source} "config") or by an exemption set from the CLI, API or dashboard ("exemption #N"). It does not count toward
 * the status or the health score, opens no incident and sends nothing, but the reports list it with its reason.
 */
public record Ignored(String check, Finding finding, String reason, Instant until, String source) {
    public static final String CONFIG = "config";

    public static String exemption(long id) {
        return "exemption #" + id;
    }
}
