package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where incident messages and run reports go: an SMTP server, named channels, routes to them, and tickets. */
public record NotifyConfig(Optional<Smtp> email, Map<String, Channel> channels, List<Route> routes, List<String> reportTo,
                           Duration deliveryWait, Optional<TicketsConfig> tickets, List<String> groupBy, Reporting reporting,
                           List<String> maintenanceTo, boolean resolvedAfterMute) {
    /** The outbox channel of status-page subscriber messages (confirmations, posts, maintenance): no configured channel may take it. */
    public static final String STATUS_PAGE_CHANNEL = "status-page";

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    /** What an email or chat message groups the incident changes of one run by; Alertmanager's {@code '...'} means not at all. */
    public static final List<String> GROUP_BY_VALUES = List.of("check", "priority", "severity", "...");
    public static final String NO_GROUPING = "...";
    /**
     * {@code resolved_after_mute} (default true): an incident that resolves while muted (inside a maintenance window) tells its
     * resolution to the channels that were told of its opening, once; false: a muted incident's resolution goes nowhere.
     */
    public static final boolean DEFAULT_RESOLVED_AFTER_MUTE = true;

    /** Whether channels that group (email, chat) send one message per run and group rather than one per incident change. */
    public boolean grouping() {
        return !groupBy.contains(NO_GROUPING);
    }

    /** An SMTP server: {@code smtp://host:587} (STARTTLS unless {@code starttls: false}) or {@code smtps://host:465} (TLS). */
    public record Smtp(String host, int port, boolean tls, boolean starttls, boolean insecure, String user, String password, String from) {
    }

    /** One destination: its name, its kind and the settings that kind read. */
    public record Channel(String name, ChannelType type, ChannelSettings settings) {
        public String typeName() {
            return type.name();
        }
    }

    /** Incidents of these priorities and checks (either may be empty: all) go to these channels. */
    public record Route(List<Priority> priorities, List<String> checks, List<String> channels) {
        public boolean matches(Priority priority, String check) {
            return (priorities.isEmpty() || priorities.contains(priority)) && (checks.isEmpty() || checks.contains(check));
        }
    }

    public NotifyConfig withTickets(Optional<TicketsConfig> t) {
        return new NotifyConfig(email, channels, routes, reportTo, deliveryWait, t, groupBy, reporting, maintenanceTo, resolvedAfterMute);
    }

    /** When a run's report goes to {@code report_to}: {@code report_on}, and the digest's cadence {@code report_every}. */
    public record Reporting(ReportOn on, Optional<Duration> every) {
        public static final Reporting DEFAULT = new Reporting(ReportOn.CHANGE, Optional.empty());
    }

    /**
     * {@code report_on}: {@code change} (default), a run's report when its status differs from the last report's or it opened,
     * re-opened, worsened or resolved incidents; {@code every-run}, after every run; {@code digest}, only the digest of
     * {@code report_every}.
     */
    public enum ReportOn {
        CHANGE, EVERY_RUN, DIGEST;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static List<String> labels() {
            return java.util.Arrays.stream(values()).map(ReportOn::label).toList();
        }

        public static Optional<ReportOn> parse(String s) {
            return java.util.Arrays.stream(values()).filter(v -> v.label().equals(s)).findFirst();
        }
    }

    /** Whether anything is to be delivered at all: channels or tickets. */
    public boolean active() {
        return !channels.isEmpty() || tickets.isPresent();
    }

    public static NotifyConfig none() {
        return new NotifyConfig(Optional.empty(), Map.of(), List.of(), List.of(), DEFAULT_WAIT, Optional.empty(), List.of(), Reporting.DEFAULT,
                List.of(), DEFAULT_RESOLVED_AFTER_MUTE);
    }

    /** The channels an incident of this priority and check goes to: the matching routes', or every channel without routes. */
    public List<String> channelsFor(Priority priority, String check) {
        if (routes.isEmpty()) {
            return List.copyOf(channels.keySet());
        }
        return routes.stream().filter(r -> r.matches(priority, check)).flatMap(r -> r.channels().stream()).distinct().toList();
    }
}
