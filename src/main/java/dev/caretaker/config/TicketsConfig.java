package dev.caretaker.config;

/** One ticket per incident of at least {@code minPriority}, filed with a provider's API. */
public record TicketsConfig(TicketType provider, Priority minPriority, TicketSettings settings) {

    public static final Priority DEFAULT_MIN_PRIORITY = Priority.P2;
    /** The outbox channel ticket messages go through. */
    public static final String CHANNEL = "tickets";

    /** Whether an incident of this priority gets a ticket: P0 is above P1, and so on. */
    public boolean covers(Priority priority) {
        return priority != null && priority.atLeast(minPriority);
    }
}
