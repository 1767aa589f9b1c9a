package dev.caretaker.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code rules:}, {@code incidents:} and {@code maintenance:}. */
final class AlertingSection {
    static final List<String> RULE_KEYS = List.of("name", "when", "for", "keep_firing_for", "severity", "priority", "message",
            "group", "enabled");
    static final List<String> INCIDENTS_KEYS = List.of("priorities", "sla", "reopen_within", "flapping", "escalate_to");
    static final List<String> FLAPPING_KEYS = List.of("changes", "window");
    static final List<String> MAINTENANCE_KEYS = List.of("name", "schedule", "duration", "from", "to", "checks");
    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    static final List<String> NOTIFY_KEYS = List.of("email", "channels", "routes", "report_to", "wait");
    static final List<String> EMAIL_KEYS = List.of("url", "user", "password", "from", "starttls", "insecure");
    static final List<String> CHANNEL_KEYS = List.of("type", "to", "webhook", "url", "headers", "routing_key");
    static final List<String> ROUTE_KEYS = List.of("priorities", "checks", "channels");
    static final List<String> TICKETS_KEYS = List.of("provider", "min_priority", "base_url", "api_url", "url", "org_id",
            "department_id", "contact_id", "repo", "project", "email", "token", "headers");

    private final ConfigReader r;

    AlertingSection(ConfigReader r) {
        this.r = r;
    }

    /** The default pack with the file's rules laid over it: same name replaces, {@code enabled: false} switches off. */
    List<RuleConfig> rules(ConfigNode node) {
        Map<String, RuleConfig> byName = new LinkedHashMap<>();
        RuleConfig.DEFAULT_PACK.forEach(rule -> byName.put(rule.name(), rule));
        for (ConfigNode item : r.list(node)) {
            Map<String, ConfigNode> m = r.map(item, RULE_KEYS);
            Optional<String> name = r.requiredString(m, "name", item);
            if (name.isEmpty()) {
                continue;
            }
            boolean enabled = r.bool(m, "enabled", true);
            RuleConfig base = byName.get(name.get());
            if (!m.containsKey("when") && base == null) {
                r.problem(item, "rule '" + name.get() + "' needs 'when', e.g. when: http.latency_ms{check=\"crm-api\"} > 2000"
                        + (enabled ? "" : "; only rules of the default pack can be switched off by name: "
                        + String.join(", ", RuleConfig.DEFAULT_PACK.stream().map(RuleConfig::name).toList())));
                continue;
            }
            MetricCondition when = r.parsed(m, "when", MetricCondition::parse).orElse(base == null ? null : base.when());
            String severity = r.string(m, "severity", base == null ? RuleConfig.DEFAULT_SEVERITY : base.severity());
            r.oneOf(m, "severity", severity, SEVERITIES);
            String priority = r.string(m, "priority", base == null ? null : base.priority());
            if (priority != null) {
                r.oneOf(m, "priority", priority, Set.copyOf(IncidentsConfig.PRIORITIES));
            }
            byName.put(name.get(), new RuleConfig(name.get(), when,
                    r.duration(m, "for", base == null ? RuleConfig.DEFAULT_FOR : base.forDuration()),
                    r.duration(m, "keep_firing_for", base == null ? RuleConfig.DEFAULT_KEEP_FIRING_FOR : base.keepFiringFor()),
                    severity, priority, r.string(m, "message", base == null ? name.get() : base.message()),
                    r.string(m, "group", base == null ? null : base.group()), enabled));
        }
        return byName.values().stream().filter(RuleConfig::enabled).toList();
    }

    IncidentsConfig incidents(ConfigNode node) {
        Map<String, ConfigNode> m = r.map(node, INCIDENTS_KEYS);
        Map<String, String> priorities = new HashMap<>(IncidentsConfig.DEFAULT_PRIORITIES);
        Map<String, ConfigNode> p = r.map(m.get("priorities"), List.copyOf(SEVERITIES));
        for (String severity : p.keySet()) {
            String v = r.string(p, severity, null);
            List<String> allowed = new ArrayList<>(IncidentsConfig.PRIORITIES);
            allowed.add("none");
            r.oneOf(p, severity, v, Set.copyOf(allowed));
            priorities.put(severity, v);
        }
        Map<String, Duration> sla = new HashMap<>(IncidentsConfig.DEFAULT_SLA);
        Map<String, ConfigNode> s = r.map(m.get("sla"), IncidentsConfig.PRIORITIES);
        for (String priority : s.keySet()) {
            sla.put(priority, r.duration(s, priority, sla.get(priority)));
        }
        Map<String, ConfigNode> flap = r.map(m.get("flapping"), FLAPPING_KEYS);
        return new IncidentsConfig(Map.copyOf(priorities), Map.copyOf(sla),
                r.duration(m, "reopen_within", IncidentsConfig.DEFAULT_REOPEN_WITHIN),
                r.integer(flap, "changes", IncidentsConfig.DEFAULT_FLAP_CHANGES, 2, 100),
                r.duration(flap, "window", IncidentsConfig.DEFAULT_FLAP_WINDOW), r.stringList(m, "escalate_to"));
    }

    List<MaintenanceWindow> maintenance(ConfigNode node, Set<String> checks) {
        List<MaintenanceWindow> out = new ArrayList<>();
        for (ConfigNode item : r.list(node)) {
            Map<String, ConfigNode> m = r.map(item, MAINTENANCE_KEYS);
            String name = r.string(m, "name", "maintenance " + (out.size() + 1));
            Optional<CronExpression> schedule = r.parsed(m, "schedule", CronExpression::parse);
            Optional<Instant> from = r.parsed(m, "from", AlertingSection::instant);
            Optional<Instant> to = r.parsed(m, "to", AlertingSection::instant);
            Duration duration = r.duration(m, "duration", null);
            if (m.containsKey("schedule") == (m.containsKey("from") || m.containsKey("to"))) {
                r.problem(item, "maintenance window '" + name + "' needs either 'schedule' with 'duration', or 'from' and 'to'");
            } else if (m.containsKey("schedule") && !m.containsKey("duration")) {
                r.problem(item, "maintenance window '" + name + "' needs 'duration' with its 'schedule', e.g. duration: 2h");
            } else if (m.containsKey("from") != m.containsKey("to")) {
                r.problem(item, "maintenance window '" + name + "' needs both 'from' and 'to'");
            } else if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
                r.problem(m.get("to"), "maintenance window '" + name + "' ends before it starts");
            }
            List<String> only = r.stringList(m, "checks");
            for (String c : only) {
                if (!checks.contains(c)) {
                    r.problem(m.get("checks"), "maintenance window '" + name + "' names check '" + c + "', which 'checks' does not define"
                            + Suggestions.didYouMean(c, checks));
                }
            }
            out.add(new MaintenanceWindow(name, schedule.orElse(null), duration, from.orElse(null), to.orElse(null), only));
        }
        return out;
    }

    NotifyConfig notify(ConfigNode node, Set<String> checks) {
        if (node == null) {
            return NotifyConfig.none();
        }
        Map<String, ConfigNode> m = r.map(node, NOTIFY_KEYS);
        Optional<NotifyConfig.Smtp> smtp = m.containsKey("email") ? Optional.ofNullable(smtp(m.get("email"))) : Optional.empty();
        Map<String, NotifyConfig.Channel> channels = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(m.get("channels"))) {
            if (e.name().equals(TicketsConfig.CHANNEL)) {
                r.problem(e.key(), "'" + TicketsConfig.CHANNEL + "' is the name tickets use; call this channel something else");
            }
            channels.put(e.name(), channel(e.name(), e.value()));
        }
        List<NotifyConfig.Route> routes = new ArrayList<>();
        for (ConfigNode item : r.list(m.get("routes"))) {
            Map<String, ConfigNode> rm = r.map(item, ROUTE_KEYS);
            List<String> priorities = r.stringList(rm, "priorities");
            priorities.stream().filter(p -> !IncidentsConfig.PRIORITIES.contains(p)).forEach(p -> r.problem(rm.get("priorities"),
                    "'" + p + "' is not a priority; write P0, P1, P2 or P3"));
            List<String> onlyChecks = r.stringList(rm, "checks");
            onlyChecks.stream().filter(c -> !checks.contains(c)).forEach(c -> r.problem(rm.get("checks"),
                    "a route names check '" + c + "', which 'checks' does not define" + Suggestions.didYouMean(c, checks)));
            List<String> to = r.stringList(rm, "channels");
            if (to.isEmpty()) {
                r.problem(item, "a route needs 'channels'");
            }
            knownChannels(rm.get("channels"), to, channels.keySet());
            routes.add(new NotifyConfig.Route(priorities, onlyChecks, to));
        }
        List<String> reportTo = r.stringList(m, "report_to");
        knownChannels(m.get("report_to"), reportTo, channels.keySet());
        return new NotifyConfig(smtp, channels, routes, reportTo, r.duration(m, "wait", NotifyConfig.DEFAULT_WAIT), Optional.empty());
    }

    void knownChannels(ConfigNode at, List<String> names, Set<String> channels) {
        for (String n : names) {
            if (!channels.contains(n)) {
                r.problem(at, "channel '" + n + "' is not defined under 'notify.channels'" + Suggestions.didYouMean(n, channels));
            }
        }
    }

    private NotifyConfig.Smtp smtp(ConfigNode node) {
        Map<String, ConfigNode> m = r.map(node, EMAIL_KEYS);
        Optional<java.net.URI> url = r.parsed(m, "url", s -> {
            java.net.URI u = java.net.URI.create(s.trim());
            if (!"smtp".equals(u.getScheme()) && !"smtps".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("'" + s + "' is not an SMTP URL: write smtp://host:587 (STARTTLS) or smtps://host:465 (TLS)");
            }
            return u;
        });
        Optional<String> from = r.requiredString(m, "from", node);
        if (url.isEmpty() || from.isEmpty()) {
            if (!m.containsKey("url")) {
                r.problem(node, "'notify.email' needs 'url', e.g. smtp://mail.example.com:587");
            }
            return null;
        }
        boolean tls = url.get().getScheme().equals("smtps");
        int port = url.get().getPort() > 0 ? url.get().getPort() : tls ? 465 : 587;
        return new NotifyConfig.Smtp(url.get().getHost(), port, tls, r.bool(m, "starttls", !tls), r.bool(m, "insecure", false),
                r.string(m, "user", null),
                r.string(m, "password", null), from.get());
    }

    private NotifyConfig.Channel channel(String name, ConfigNode node) {
        Map<String, ConfigNode> m = r.map(node, CHANNEL_KEYS);
        String type = r.requiredString(m, "type", node).orElse("");
        if (!type.isEmpty()) {
            r.oneOf(m, "type", type, Set.copyOf(NotifyConfig.CHANNEL_TYPES));
        }
        List<String> to = r.stringList(m, "to");
        java.net.URI url = null;
        String urlKey = type.equals("slack") ? "webhook" : "url";
        if (type.equals("slack") || type.equals("webhook") || type.equals("pagerduty")) {
            Optional<java.net.URI> u = r.parsed(m, urlKey, s -> {
                java.net.URI x = java.net.URI.create(s.trim());
                if (x.getScheme() == null || !x.getScheme().startsWith("http") || x.getHost() == null) {
                    throw new IllegalArgumentException("'" + s + "' is not an http(s) URL");
                }
                return x;
            });
            if (u.isPresent()) {
                url = u.get();
                r.secrets().add(url.toString()); // a Slack webhook URL is a credential
            } else if (!type.equals("pagerduty")) {
                r.problem(node, "channel '" + name + "' of type " + type + " needs '" + urlKey + "'");
            }
        }
        if (type.equals("pagerduty") && url == null) {
            url = NotifyConfig.PAGERDUTY_EVENTS;
        }
        if (type.equals("email") && to.isEmpty()) {
            r.problem(node, "channel '" + name + "' of type email needs 'to', a list of addresses");
        }
        String routingKey = r.string(m, "routing_key", null);
        if (type.equals("pagerduty") && routingKey == null) {
            r.problem(node, "channel '" + name + "' of type pagerduty needs 'routing_key'");
        }
        Map<String, String> headers = headers(m.get("headers"));
        return new NotifyConfig.Channel(name, type, to, url, headers, routingKey);
    }

    Optional<TicketsConfig> tickets(ConfigNode node) {
        if (node == null) {
            return Optional.empty();
        }
        Map<String, ConfigNode> m = r.map(node, TICKETS_KEYS);
        String provider = r.requiredString(m, "provider", node).orElse("");
        if (!provider.isEmpty()) {
            r.oneOf(m, "provider", provider, Set.copyOf(TicketsConfig.PROVIDERS));
        }
        String min = r.string(m, "min_priority", TicketsConfig.DEFAULT_MIN_PRIORITY);
        r.oneOf(m, "min_priority", min, Set.copyOf(IncidentsConfig.PRIORITIES));
        java.util.function.Function<String, java.net.URI> url = s -> {
            java.net.URI u = java.net.URI.create(s.trim().replaceAll("/+$", ""));
            if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
                throw new IllegalArgumentException("'" + s + "' is not an http(s) URL");
            }
            return u;
        };
        java.net.URI base = r.parsed(m, switch (provider) {
            case "github" -> "api_url";
            case "webhook" -> "url";
            default -> "base_url";
        }, url).orElse(switch (provider) {
            case "zoho-desk" -> TicketsConfig.ZOHO_DESK;
            case "github" -> TicketsConfig.GITHUB;
            default -> null;
        });
        List<String> required = switch (provider) {
            case "zoho-desk" -> List.of("org_id", "department_id", "contact_id", "token");
            case "github" -> List.of("repo", "token");
            case "jira" -> List.of("base_url", "project", "email", "token");
            case "webhook" -> List.of("url");
            default -> List.of();
        };
        for (String key : required) {
            if (!m.containsKey(key)) {
                r.problem(node, "tickets with provider " + provider + " need '" + key + "'");
            }
        }
        String token = r.string(m, "token", null);
        r.secrets().add(token);
        Map<String, String> headers = headers(m.get("headers"));
        return Optional.of(new TicketsConfig(provider, min, base, r.string(m, "org_id", null), r.string(m, "department_id", null),
                r.string(m, "contact_id", null), r.string(m, "repo", null), r.string(m, "project", null), r.string(m, "email", null),
                token, headers));
    }

    /** Request headers; every value is a secret. */
    Map<String, String> headers(ConfigNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (ConfigNode.Entry h : r.namedEntriesWithKeys(node)) {
            String v = r.scalar(h.value(), "header");
            if (v != null) {
                r.secrets().add(v);
                headers.put(h.name(), v);
            }
        }
        return headers;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a time: write it as 2026-11-29T02:00:00Z");
        }
    }
}
