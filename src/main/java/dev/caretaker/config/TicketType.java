package dev.caretaker.config;

import java.util.List;

/** One ticket system (zoho-desk, github, jira, webhook): its keys and how to read them. */
public interface TicketType {
    String name();

    /** The keys of this provider besides {@code provider} and {@code min_priority}. */
    List<String> keys();

    TicketSettings read(Section s);
}
