package dev.caretaker.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code rules:}, {@code incidents:}, {@code maintenance:}, {@code notify:} and {@code tickets:}. */
final class AlertingSection {
    static final List<String> RULE_KEYS = List.of("name", "when", "for", "keep_firing_for", "severity", "priority", "message", "runbook",
            "group", "enabled");
    static final List<String> INCIDENTS_KEYS = List.of("priorities", "sla", "reopen_within", "flapping", "escalate_to", "inhibit",
            "repeat", "max_reminders", "escalation");
    static final List<String> FLAPPING_KEYS = List.of("changes", "window");
    static final List<String> INHIBIT_KEYS = List.of("target", "source", "equal");
    static final List<String> MAINTENANCE_KEYS = List.of("name", "schedule", "duration", "from", "to", "checks");
    static final List<String> NOTIFY_KEYS = List.of("email", "channels", "routes", "report_to", "report_on", "report_every", "wait",
            "group_by", "maintenance_to", "resolved_after_mute");
    static final List<String> EMAIL_KEYS = List.of("url", "user", "password", "from", "starttls", "insecure");
    static final List<String> ROUTE_KEYS = List.of("priorities", "checks", "channels");
    static final List<String> TICKETS_COMMON_KEYS = List.of("provider", "min_priority");
    static final Duration LONGEST = Duration.ofDays(30);

    private final ConfigReader r;
    private final EscalationSection escalation;

    AlertingSection(ConfigReader r) {
        this.r = r;
        this.escalation = new EscalationSection(r);
    }

    /**
     * The channels the escalation steps name must exist (checked once {@code notify:} is read); a step's {@code oncall:NAME}
     * is checked against the schedules with the routes'.
     */
    void knownStepChannels(Set<String> channels) {
        escalation.knownChannels(channels, (name, at) -> oncallTargets.add(new OncallTarget(name, at)));
    }

    /**
     * The default pack with the file's rules laid over it: same name replaces, {@code enabled: false} switches off. A rule
     * must name a measurement one of the checks records, and a {@code check} label must name such a check.
     */
    private final Map<String, String> ruleRunbooks = new LinkedHashMap<>();
    /** Route channels {@code oncall:NAME}, checked against the schedules once {@code oncall:} is read. */
    private final List<OncallTarget> oncallTargets = new ArrayList<>();

    /** A route's {@code oncall:NAME} and where it is written. */
    record OncallTarget(String name, ConfigNode at) {
    }

    List<OncallTarget> oncallTargets() {
        return oncallTargets;
    }

    /** Rule → its runbook. */
    Map<String, String> ruleRunbooks() {
        return Map.copyOf(ruleRunbooks);
    }

    List<RuleConfig> rules(ConfigNode node, Map<String, CheckConfig> checks) {
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
            if (m.containsKey("runbook")) {
                Runbooks.read(r, m, "runbook").ifPresent(text -> ruleRunbooks.put(name.get(), text));
            }
            MetricCondition when = r.parsed(m, "when", MetricCondition::parse).orElse(base == null ? null : base.when());
            if (when != null && m.containsKey("when") && enabled) {
                judgeMetric(m.get("when"), when, checks);
            }
            Severity severity = r.parsed(m, "severity", Severity::parse).orElse(base == null ? RuleConfig.DEFAULT_SEVERITY : base.severity());
            Priority priority = r.parsed(m, "priority", Priority::parse).orElse(base == null ? null : base.priority());
            byName.put(name.get(), new RuleConfig(name.get(), when,
                    r.duration(m, "for", base == null ? RuleConfig.DEFAULT_FOR : base.forDuration(), Duration.ZERO, LONGEST),
                    r.duration(m, "keep_firing_for", base == null ? RuleConfig.DEFAULT_KEEP_FIRING_FOR : base.keepFiringFor(),
                            Duration.ZERO, LONGEST),
                    severity, priority, r.string(m, "message", base == null ? name.get() : base.message()),
                    r.string(m, "group", base == null ? null : base.group()), enabled));
        }
        return byName.values().stream().filter(RuleConfig::enabled).toList();
    }

    /** A rule that can never fire is a config error: no check records its measurement, or its labels match none. */
    private void judgeMetric(ConfigNode at, MetricCondition when, Map<String, CheckConfig> checks) {
        Optional<Metrics.Metric> metric = Metrics.find(when.metric(), checks.values());
        if (metric.isEmpty()) {
            r.problem(at, "no check records '" + when.metric() + "'" + Suggestions.didYouMean(when.metric(), Metrics.names(checks.values()))
                    + "; the checks of this file record " + String.join(", ", Metrics.names(checks.values())));
            return;
        }
        for (Map.Entry<String, String> label : when.labels().entrySet()) {
            if (label.getKey().equals("check")) {
                CheckConfig c = checks.get(label.getValue());
                if (c == null) {
                    r.problem(at, "'" + when.text() + "' names check '" + label.getValue() + "', which 'checks' does not define"
                            + Suggestions.didYouMean(label.getValue(), checks.keySet()));
                } else if (Metrics.of(c).stream().noneMatch(x -> x.name().equals(when.metric()))) {
                    r.problem(at, "check '" + c.name() + "' (type " + c.type() + ") does not record " + when.metric());
                }
            } else if (!metric.get().labels().contains(label.getKey())) {
                List<String> labels = new ArrayList<>(metric.get().labels());
                labels.add("check");
                r.problem(at, when.metric() + " has no label '" + label.getKey() + "'" + Suggestions.didYouMean(label.getKey(), labels)
                        + "; its labels are " + String.join(", ", labels));
            }
        }
    }

    IncidentsConfig incidents(ConfigNode node, List<RuleConfig> rules) {
        Map<String, ConfigNode> m = r.map(node, INCIDENTS_KEYS);
        Map<Severity, Priority> priorities = new EnumMap<>(Severity.class);
        priorities.putAll(IncidentsConfig.DEFAULT_PRIORITIES);
        Map<String, ConfigNode> p = r.map(m.get("priorities"), List.of("info", "warning", "critical"));
        for (String severity : p.keySet()) {
            Severity s = Severity.parse(severity);
            String v = r.string(p, severity, "none");
            if (v.equalsIgnoreCase("none")) {
                priorities.remove(s);
            } else {
                r.parsed(p, severity, Priority::parse).ifPresent(x -> priorities.put(s, x));
            }
        }
        Map<Priority, Duration> sla = new EnumMap<>(IncidentsConfig.DEFAULT_SLA);
        Map<String, ConfigNode> s = r.map(m.get("sla"), List.of("P0", "P1", "P2", "P3"));
        for (String priority : s.keySet()) {
            Priority key = Priority.parse(priority);
            sla.put(key, r.duration(s, priority, sla.get(key), Duration.ZERO, LONGEST));
        }
        Map<String, ConfigNode> flap = r.map(m.get("flapping"), FLAPPING_KEYS);
        List<IncidentsConfig.Inhibition> inhibit = m.containsKey("inhibit") ? inhibitions(m.get("inhibit"), rules) : IncidentsConfig.DEFAULT_INHIBIT;
        return new IncidentsConfig(Map.copyOf(priorities), Map.copyOf(sla),
                r.duration(m, "reopen_within", IncidentsConfig.DEFAULT_REOPEN_WITHIN, Duration.ZERO, LONGEST),
                r.integer(flap, "changes", IncidentsConfig.DEFAULT_FLAP_CHANGES, 2, 100),
                r.duration(flap, "window", IncidentsConfig.DEFAULT_FLAP_WINDOW, Duration.ofMinutes(1), Duration.ofDays(7)),
                r.stringList(m, "escalate_to"), inhibit, escalation.repeat(m),
                r.integer(m, "max_reminders", IncidentsConfig.DEFAULT_MAX_REMINDERS, 1, 1000), escalation.escalation(m.get("escalation")));
    }

    private List<IncidentsConfig.Inhibition> inhibitions(ConfigNode node, List<RuleConfig> rules) {
        List<String> ruleNames = new ArrayList<>();
        rules.forEach(x -> {
            ruleNames.add(x.name());
            if (x.group() != null && !ruleNames.contains(x.group())) {
                ruleNames.add(x.group());
            }
        });
        List<IncidentsConfig.Inhibition> out = new ArrayList<>();
        for (ConfigNode item : r.list(node)) {
            Map<String, ConfigNode> m = r.map(item, INHIBIT_KEYS);
            List<String> targets = r.stringList(m, "target");
            if (targets.isEmpty()) {
                r.problem(item, "an inhibition needs 'target': the rules or finding codes it keeps quiet, e.g. target: health-score-low");
            }
            for (String t : targets) {
                boolean glob = t.contains("*") || t.contains("?");
                if (!glob && !ruleNames.contains(t) && !t.matches("[a-z_]+\\.[a-z_]+")) {
                    r.problem(m.get("target"), "'" + t + "' is neither a rule (or group) name nor a finding code" + Suggestions.didYouMean(t, ruleNames));
                }
            }
            List<String> sources = m.containsKey("source") ? r.stringList(m, "source") : List.of("*");
            List<String> equal = r.stringList(m, "equal");
            equal.stream().filter(e -> !IncidentsConfig.Inhibition.EQUAL_KEYS.contains(e)).forEach(e -> r.problem(m.get("equal"),
                    "'equal' takes check and subject, not '" + e + "'" + Suggestions.didYouMean(e, IncidentsConfig.Inhibition.EQUAL_KEYS)));
            out.add(new IncidentsConfig.Inhibition(targets, sources, equal));
        }
        return List.copyOf(out);
    }

    List<MaintenanceWindow> maintenance(ConfigNode node, Set<String> checks) {
        List<MaintenanceWindow> out = new ArrayList<>();
        for (ConfigNode item : r.list(node)) {
            Map<String, ConfigNode> m = r.map(item, MAINTENANCE_KEYS);
            String name = r.string(m, "name", "maintenance " + (out.size() + 1));
            Optional<CronExpression> schedule = r.parsed(m, "schedule", CronExpression::parse);
            Optional<Instant> from = r.parsed(m, "from", AlertingSection::instant);
            Optional<Instant> to = r.parsed(m, "to", AlertingSection::instant);
            Duration duration = r.duration(m, "duration", null, Duration.ofMinutes(1), LONGEST);
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

    static final List<String> AUTH_KEYS = List.of("proxy_header", "trusted_proxies", "public_url", "login_rate", "login_rate_global", "require_2fa",
            "oidc", "local_login");

    /** {@code auth:}: a trusted reverse proxy's user header and the addresses it is believed from; the login rates. */
    AuthConfig auth(ConfigNode node) {
        if (node == null) {
            return AuthConfig.NONE;
        }
        Map<String, ConfigNode> m = r.map(node, AUTH_KEYS);
        Optional<String> header = r.string(m, "proxy_header");
        List<String> proxies = r.stringList(m, "trusted_proxies");
        for (String p : proxies) {
            try {
                AuthConfig.check(p);
            } catch (IllegalArgumentException e) {
                r.problem(m.get("trusted_proxies"), "auth.trusted_proxies: " + e.getMessage());
            }
        }
        if (header.isPresent() && proxies.isEmpty()) {
            r.problem(m.get("proxy_header"), "auth.proxy_header needs auth.trusted_proxies: the proxies' addresses, e.g. [127.0.0.1/32]; "
                    + "otherwise anyone could name any user in that header");
        }
        if (header.isPresent() && !header.get().matches("[A-Za-z0-9-]+")) {
            r.problem(m.get("proxy_header"), "auth.proxy_header is a header name such as X-Remote-User, not '" + header.get() + "'");
        }
        Optional<java.net.URI> publicUrl = r.parsed(m, "public_url", s -> Urls.base(s, List.of("http", "https"), "https://caretaker.example.com",
                "the single sign-on callback " + OidcConfig.CALLBACK_PATH + ", links in alerts, the status page's /status in subscriber mail"));
        Rate rate = r.parsed(m, "login_rate", Rate::parse).orElse(AuthConfig.DEFAULT_LOGIN_RATE);
        Rate global = r.parsed(m, "login_rate_global", Rate::parse).orElse(AuthConfig.DEFAULT_LOGIN_RATE_GLOBAL);
        Optional<OidcConfig> oidc = new OidcSection(r).read(m.get("oidc"), publicUrl, m.containsKey("public_url"), node);
        boolean localLogin = r.bool(m, "local_login", true);
        if (!localLogin && !m.containsKey("oidc") && header.isEmpty()) {
            r.problem(m.get("local_login"), "auth.local_login: false leaves no way to log in to the dashboard; set up auth.oidc or "
                    + "auth.proxy_header first, or leave local_login out");
        }
        return new AuthConfig(header, proxies, publicUrl, rate, global, require2fa(m), oidc, localLogin);
    }

    /** {@code auth.require_2fa}: role names, each once. */
    private List<String> require2fa(Map<String, ConfigNode> m) {
        List<String> roles = r.stringList(m, "require_2fa");
        for (String role : roles) {
            if (!AuthConfig.ROLES.contains(role)) {
                r.problem(m.get("require_2fa"), "auth.require_2fa: '" + role + "' is not a role; list some of viewer, operator, approver, admin"
                        + Suggestions.didYouMean(role, AuthConfig.ROLES));
            }
        }
        return roles.stream().distinct().toList();
    }

    static final List<String> STATUS_PAGE_KEYS = List.of("title", "groups", "subscriptions");
    static final List<String> STATUS_GROUP_KEYS = List.of("name", "components", "matrix");
    static final List<String> STATUS_COMPONENT_KEYS = List.of("name", "checks", "subject");
    static final List<String> STATUS_MATRIX_KEYS = List.of("check", "subject", "rows", "columns");

    /** {@code status_page:}: groups of components, each a list of checks, a (check, subject) pair, or a matrix of them. */
    StatusPageConfig statusPage(ConfigNode node, String system, Set<String> checks, Map<String, NotifyConfig.Channel> channels,
                                java.util.Optional<java.net.URI> publicUrl) {
        if (node == null) {
            return StatusPageConfig.OFF;
        }
        Map<String, ConfigNode> m = r.map(node, STATUS_PAGE_KEYS);
        String title = r.string(m, "title", system);
        List<StatusPageConfig.Group> groups = new ArrayList<>();
        Set<String> componentNames = new java.util.HashSet<>();
        for (ConfigNode g : r.list(m.get("groups"))) {
            Map<String, ConfigNode> gm = r.map(g, STATUS_GROUP_KEYS);
            String name = r.string(gm, "name", "group " + (groups.size() + 1));
            if (gm.containsKey("components") == gm.containsKey("matrix")) {
                r.problem(g, "status page group '" + name + "' needs either 'components' (a list) or 'matrix' (rows × columns)");
                continue;
            }
            if (gm.containsKey("components")) {
                List<StatusPageConfig.Component> components = new ArrayList<>();
                for (ConfigNode c : r.list(gm.get("components"))) {
                    Map<String, ConfigNode> cm = r.map(c, STATUS_COMPONENT_KEYS);
                    String cname = r.string(cm, "name", "component " + (components.size() + 1));
                    List<String> its = r.stringList(cm, "checks");
                    if (its.isEmpty()) {
                        r.problem(c, "status page component '" + cname + "' needs 'checks': the checks whose status it shows");
                    }
                    knownChecks(cm.get("checks"), its, checks, "status page component '" + cname + "'");
                    if (!componentNames.add(cname)) {
                        r.problem(cm.containsKey("name") ? cm.get("name") : c, "status page component '" + cname + "' is named twice; posts and "
                                + "subscribers name components by name, so give each its own");
                    }
                    components.add(new StatusPageConfig.Component(cname, its, r.string(cm, "subject").orElse(null)));
                }
                groups.add(new StatusPageConfig.Group(name, components, List.of(), List.of()));
            } else {
                Map<String, ConfigNode> mm = r.map(gm.get("matrix"), STATUS_MATRIX_KEYS);
                Optional<String> check = r.requiredString(mm, "check", gm.get("matrix"));
                check.ifPresent(c -> knownChecks(mm.get("check"), List.of(c), checks, "status page matrix '" + name + "'"));
                String subject = r.string(mm, "subject", "{row}/{column}");
                List<String> rows = r.stringList(mm, "rows");
                List<String> columnNames = new ArrayList<>();
                List<String> columnValues = new ArrayList<>();
                for (ConfigNode.Entry e : r.namedEntriesWithKeys(mm.get("columns"))) {
                    columnNames.add(e.name());
                    columnValues.add(r.scalar(e.value(), e.name()));
                }
                if (rows.isEmpty() || columnNames.isEmpty()) {
                    r.problem(gm.get("matrix"), "status page matrix '" + name + "' needs 'rows' (a list) and 'columns' (column name: value)");
                }
                List<StatusPageConfig.Component> cells = new ArrayList<>();
                for (String row : rows) {
                    for (int i = 0; i < columnNames.size(); i++) {
                        cells.add(new StatusPageConfig.Component(row + " · " + columnNames.get(i), check.map(List::of).orElse(List.of()),
                                subject.replace("{row}", row).replace("{column}", columnValues.get(i))));
                    }
                }
                groups.add(new StatusPageConfig.Group(name, cells, rows, columnNames));
            }
        }
        return new StatusPageConfig(true, title, groups, new StatusSubscriptionsSection(r).read(m.get("subscriptions"), channels, publicUrl));
    }

    private void knownChecks(ConfigNode at, List<String> named, Set<String> checks, String owner) {
        for (String c : named) {
            if (!checks.contains(c)) {
                r.problem(at, owner + " names check '" + c + "', which 'checks' does not define" + Suggestions.didYouMean(c, checks));
            }
        }
    }

    NotifyConfig notify(ConfigNode node, Set<String> checks, Map<String, ChannelType> types) {
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
            if (e.name().equals(NotifyConfig.STATUS_PAGE_CHANNEL)) {
                r.problem(e.key(), "'" + NotifyConfig.STATUS_PAGE_CHANNEL + "' is the name status-page subscriber messages use; call this "
                        + "channel something else");
            }
            NotifyConfig.Channel c = channel(e.name(), e.value(), types);
            if (c != null) {
                channels.put(e.name(), c);
            }
        }
        List<NotifyConfig.Route> routes = new ArrayList<>();
        for (ConfigNode item : r.list(m.get("routes"))) {
            Map<String, ConfigNode> rm = r.map(item, ROUTE_KEYS);
            List<Priority> priorities = new ArrayList<>();
            for (String p : r.stringList(rm, "priorities")) {
                try {
                    priorities.add(Priority.parse(p));
                } catch (IllegalArgumentException ex) {
                    r.problem(rm.get("priorities"), ex.getMessage());
                }
            }
            List<String> onlyChecks = r.stringList(rm, "checks");
            onlyChecks.stream().filter(c -> !checks.contains(c)).forEach(c -> r.problem(rm.get("checks"),
                    "a route names check '" + c + "', which 'checks' does not define" + Suggestions.didYouMean(c, checks)));
            List<String> to = r.stringList(rm, "channels");
            if (to.isEmpty()) {
                r.problem(item, "a route needs 'channels'");
            }
            to.stream().filter(c -> c.startsWith(OncallConfig.ROUTE_PREFIX))
                    .forEach(c -> oncallTargets.add(new OncallTarget(c, rm.get("channels"))));
            knownChannels(rm.get("channels"), to.stream().filter(c -> !c.startsWith(OncallConfig.ROUTE_PREFIX)).toList(), channels.keySet());
            routes.add(new NotifyConfig.Route(priorities, onlyChecks, to));
        }
        List<String> reportTo = r.stringList(m, "report_to");
        knownChannels(m.get("report_to"), reportTo, channels.keySet());
        List<String> maintenanceTo = r.stringList(m, "maintenance_to");
        knownChannels(m.get("maintenance_to"), maintenanceTo, channels.keySet());
        List<String> groupBy = r.stringList(m, "group_by");
        for (String g : groupBy) {
            if (!NotifyConfig.GROUP_BY_VALUES.contains(g)) {
                r.problem(m.get("group_by"), "'" + g + "' is not something messages group by" + Suggestions.didYouMean(g, NotifyConfig.GROUP_BY_VALUES)
                        + "; write any of check, priority, severity, or ['...'] for one message per incident change");
            }
        }
        if (groupBy.contains(NotifyConfig.NO_GROUPING) && groupBy.size() > 1) {
            r.problem(m.get("group_by"), "'...' (no grouping) stands alone in group_by");
        }
        return new NotifyConfig(smtp, channels, routes, reportTo,
                r.duration(m, "wait", NotifyConfig.DEFAULT_WAIT, Duration.ZERO, Duration.ofMinutes(10)), Optional.empty(), List.copyOf(groupBy),
                reporting(m, reportTo), List.copyOf(maintenanceTo), r.bool(m, "resolved_after_mute", NotifyConfig.DEFAULT_RESOLVED_AFTER_MUTE));
    }

    /** {@code report_on} and {@code report_every}: when the run report goes to {@code report_to}. */
    private NotifyConfig.Reporting reporting(Map<String, ConfigNode> m, List<String> reportTo) {
        Optional<String> on = r.string(m, "report_on");
        NotifyConfig.ReportOn mode = NotifyConfig.ReportOn.CHANGE;
        if (on.isPresent()) {
            Optional<NotifyConfig.ReportOn> parsed = NotifyConfig.ReportOn.parse(on.get());
            if (parsed.isEmpty()) {
                r.problem(m.get("report_on"), "'notify.report_on' is '" + on.get() + "'" + Suggestions.didYouMean(on.get(), NotifyConfig.ReportOn.labels())
                        + "; write change (a report when something changed, the default), every-run, or digest (only the digest of report_every)");
            } else {
                mode = parsed.get();
            }
        }
        Optional<Duration> every = m.containsKey("report_every")
                ? Optional.of(r.duration(m, "report_every", Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofDays(31))) : Optional.empty();
        if (mode == NotifyConfig.ReportOn.DIGEST && every.isEmpty()) {
            r.problem(m.get("report_on"), "'notify.report_on: digest' needs 'notify.report_every', how often the digest goes (e.g. 1d)");
        }
        for (String key : List.of("report_on", "report_every")) {
            if (m.containsKey(key) && reportTo.isEmpty()) {
                r.problem(m.get(key), "'notify." + key + "' says when reports go to 'notify.report_to', which names no channel; add report_to: [CHANNEL]");
            }
        }
        return new NotifyConfig.Reporting(mode, every);
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
        Optional<java.net.URI> url = r.url(m, "url", List.of("smtp", "smtps"), "smtp://mail.example.com:587 (STARTTLS) or "
                + "smtps://mail.example.com:465 (TLS)");
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
                r.string(m, "user", null), r.string(m, "password", null), from.get());
    }

    private NotifyConfig.Channel channel(String name, ConfigNode node, Map<String, ChannelType> types) {
        if (!node.isMap()) {
            r.problem(node, "channel '" + name + "' must be a map with at least 'type'");
            return null;
        }
        Map<String, ConfigNode> raw = r.namedEntries(node);
        Optional<String> typeName = r.requiredString(raw, "type", node);
        if (typeName.isEmpty()) {
            return null;
        }
        ChannelType type = types.get(typeName.get());
        if (type == null) {
            r.problem(raw.get("type"), "channel '" + name + "' has type '" + typeName.get() + "'" + Suggestions.didYouMean(typeName.get(),
                    types.keySet()) + "; the types are " + String.join(", ", types.keySet()));
            return null;
        }
        List<String> keys = new ArrayList<>(List.of("type"));
        keys.addAll(type.keys());
        Map<String, ConfigNode> m = r.map(node, keys);
        return new NotifyConfig.Channel(name, type, type.read(new Section(r, node, m)));
    }

    Optional<TicketsConfig> tickets(ConfigNode node, Map<String, TicketType> types) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isMap()) {
            r.problem(node, "'tickets' must be a map with at least 'provider'");
            return Optional.empty();
        }
        Map<String, ConfigNode> raw = r.namedEntries(node);
        Optional<String> name = r.requiredString(raw, "provider", node);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        TicketType type = types.get(name.get());
        if (type == null) {
            r.problem(raw.get("provider"), "'" + name.get() + "' is not a ticket provider" + Suggestions.didYouMean(name.get(), types.keySet())
                    + "; providers: " + String.join(", ", types.keySet()));
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>(TICKETS_COMMON_KEYS);
        keys.addAll(type.keys());
        Map<String, ConfigNode> m = r.map(node, keys);
        Priority min = r.parsed(m, "min_priority", Priority::parse).orElse(TicketsConfig.DEFAULT_MIN_PRIORITY);
        return Optional.of(new TicketsConfig(type, min, type.read(new Section(r, node, m))));
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
