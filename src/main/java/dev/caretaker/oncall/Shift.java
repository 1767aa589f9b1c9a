package dev.caretaker.oncall;

import java.time.Instant;

/** One person's stretch on call: from {@code from} (inclusive) until {@code until}; {@code override} when it was taken over. */
public record Shift(String schedule, String who, Instant from, Instant until, boolean override) {
}
