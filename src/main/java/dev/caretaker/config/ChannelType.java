package dev.caretaker.config;

import java.util.List;

/** One kind of notification channel (email, slack, webhook, pagerduty): its keys and how to read them. */
public interface ChannelType {
    String name();

    /** The keys of this kind besides {@code type}. */
    List<String> keys();

    ChannelSettings read(Section s);
}
