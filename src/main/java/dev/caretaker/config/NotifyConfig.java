package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where incident messages and run reports go: an SMTP server, named channels, and routes to them. */
public record NotifyConfig(Optional<Smtp> email, Map<String, Channel> channels, List<Route> routes, List<String> reportTo,
                           Duration deliveryWait, Optional<TicketsConfig> tickets) {

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    public static final URI PAGERDUTY_EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");
    public static final List<String> CHANNEL_TYPES = List.of("email", "slack", "webhook", "pagerduty");

    /** An SMTP server: {@code smtp://host:587} (STARTTLS unless {@code starttls: false}) or {@code smtps://host:465} (TLS). */
    public record Smtp(String host, int port, boolean tls, boolean starttls, boolean insecure, String user, String password, String from) {
    }

    /** One destination. Keys by type: email {@code to}; slack {@code webhook}; webhook {@code url}, {@code headers}; pagerduty {@code routing_key}. */
    public record Channel(String name, String type, List<String> to, URI url, Map<String, String> headers, String routingKey) {
    }

    /** Incidents of these priorities and checks (either may be empty: all) go to these channels. */
    public record Route(List<String> priorities, List<String> checks, List<String> channels) {
        public boolean matches(String priority, String check) {
            return (priorities.isEmpty() || priorities.contains(priority)) && (checks.isEmpty() || checks.contains(check));
        }
    }

    public NotifyConfig withTickets(Optional<TicketsConfig> t) {
        return new NotifyConfig(email, channels, routes, reportTo, deliveryWait, t);
    }

    /** Whether anything is to be delivered at all: channels or tickets. */
    public boolean active() {
        return !channels.isEmpty() || tickets.isPresent();
    }

    public static NotifyConfig none() {
        return new NotifyConfig(Optional.empty(), Map.of(), List.of(), List.of(), DEFAULT_WAIT, Optional.empty());
    }

    /** The channels an incident of this priority and check goes to: the matching routes', or every channel without routes. */
    public List<String> channelsFor(String priority, String check) {
        if (routes.isEmpty()) {
            return List.copyOf(channels.keySet());
        }
        return routes.stream().filter(r -> r.matches(priority, check)).flatMap(r -> r.channels().stream()).distinct().toList();
    }
}
