package dev.caretaker.config;

/** The settings of a ticket system, read by its {@link TicketType}: a record of that provider's own. */
public interface TicketSettings {
}
