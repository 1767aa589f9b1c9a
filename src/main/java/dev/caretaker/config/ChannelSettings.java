package dev.caretaker.config;

/** The settings of one notification channel, read by its {@link ChannelType}: a record of that kind's own. */
public interface ChannelSettings {
}
