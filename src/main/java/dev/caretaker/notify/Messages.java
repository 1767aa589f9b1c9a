package dev.caretaker.notify;

import dev.caretaker.action.ActionOutcome;
import dev.caretaker.action.AuditLog;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.TicketsConfig;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.incident.IncidentTracker;
import dev.caretaker.oncall.OncallTargets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Writes messages into the outbox, inside the caller's transaction: incidents opened, re-opened, worse, flapping, escalated,
 * resolved and acknowledged (never for suppressed or inhibited ones, nor for muted ones but for their resolution to those told of
 * their opening: {@code notify.resolved_after_mute}), tickets, approval requests and action results,
 * and run reports. Each message has a dedup key that is the same however often it is written; an incident's messages share
 * an ordering key, so each channel gets them in order. What a message says is up to each channel's kind.
 */
public final class Messages {
    private final CaretakerConfig config;
    private final Outbox outbox;

    public Messages(CaretakerConfig config, Outbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    /** The messages of these incident changes; returns those added. */
    public List<Outbox.Queued> enqueueIncidents(Handle h, List<IncidentChange> changes, Instant now) {
        List<Outbox.Queued> added = new ArrayList<>();
        NotifyConfig n = config.notifications();
        String audit = AuditLog.head(h).label();
        Map<String, List<Grouped>> groups = new LinkedHashMap<>();
        for (IncidentChange c : changes) {
            Incident i = c.incident();
            Optional<MessageKind> kind = kind(c);
            if (i != null && (c.kind() == IncidentChange.Kind.ACKNOWLEDGED || c.kind() == IncidentChange.Kind.RESOLVED)) {
                int withdrawn = outbox.withdrawPages(h, i.id()); // a reminder or step written before it and not sent yet stays unsent
                if (withdrawn > 0) {
                    IncidentRepository.eventOn(h, i.id(), now, "withdrawn", null, IncidentTracker.CARETAKER,
                            withdrawn + " message(s) of reminders or escalation steps not sent yet were withdrawn: the incident was "
                                    + (c.kind() == IncidentChange.Kind.ACKNOWLEDGED ? "acknowledged" : "resolved") + " first");
                }
            }
            if (i == null || kind.isEmpty() || (i.muted() && !resolvedAfterMute(c))) {
                continue;
            }
            String dedup = c.page() != null ? c.page().key(i) : dedup(i, kind.get());
            List<String> targets = i.muted() ? toldOfOpening(h, c, now) : OncallTargets.expand(h, config, targets(c, kind.get()), now);
            Notice notice = notice(c, kind.get(), audit);
            for (String channel : targets) {
                NotifyConfig.Channel ch = n.channels().get(channel);
                if (ch == null) {
                    continue;
                }
                if (n.grouping() && ChannelKinds.of(ch).groups() && kind.get() != MessageKind.INCIDENT_ACKNOWLEDGED && c.page() == null) {
                    groups.computeIfAbsent(channel + "\n" + groupKey(i, n.groupBy()), k -> new ArrayList<>())
                            .add(new Grouped((Notice.IncidentNotice) notice, kind.get(), dedup, orderOf(i)));
                    continue;
                }
                Optional<Map<String, String>> payload = ChannelKinds.of(ch).payload(ch, notice);
                if (payload.isPresent() && outbox.enqueue(h, channel, kind.get(), dedup, orderOf(i), payload.get(), now)) {
                    added.add(new Outbox.Queued(channel, kind.get(), dedup));
                }
            }
        }
        for (Map.Entry<String, List<Grouped>> g : groups.entrySet()) {
            String channel = g.getKey().substring(0, g.getKey().indexOf('\n'));
            enqueueGroup(h, n.channels().get(channel), g.getValue(), audit, now).ifPresent(added::add);
        }
        for (IncidentChange c : changes) {
            enqueueTicket(h, c, audit, now).ifPresent(added::add);
        }
        return added;
    }

    /** The dedup key of an incident change's messages that is not a reminder or escalation step. */
    private static String dedup(Incident i, MessageKind kind) {
        return "incident-" + i.id() + "-" + switch (kind) {
            case INCIDENT_OPENED -> "opened-" + i.reopened();
            case INCIDENT_WORSE -> "worse-" + i.severity().label();
            case INCIDENT_FLAPPING -> "flapping";
            case INCIDENT_ESCALATED -> "escalated-" + i.reopened();
            case INCIDENT_ACKNOWLEDGED -> "acknowledged-" + i.reopened();
            default -> "resolved-" + i.reopened();
        };
    }

    /**
     * Whether a muted incident's change is told after all: its resolution, with {@code notify.resolved_after_mute} (Alertmanager
     * #226: a silenced alert's end). To whom: {@link #toldOfOpening}.
     */
    private boolean resolvedAfterMute(IncidentChange c) {
        return c.kind() == IncidentChange.Kind.RESOLVED && config.notifications().resolvedAfterMute();
    }

    /**
     * The channels a muted incident's resolution goes to: exactly those told of its opening (the outbox's messages of it), not
     * those its priority is routed to now; none when it opened muted. The timeline says where it went and why.
     */
    private List<String> toldOfOpening(Handle h, IncidentChange c, Instant now) {
        Incident i = c.incident();
        List<String> told = outbox.toldOfOpening(h, i.id(), dedup(i, MessageKind.INCIDENT_OPENED)).stream()
                .filter(config.notifications().channels()::containsKey).toList();
        if (!told.isEmpty() && !outbox.exists(h, told.get(0), dedup(i, MessageKind.INCIDENT_RESOLVED))) {
            IncidentRepository.eventOn(h, i.id(), now, "notified", null, IncidentTracker.CARETAKER, "resolved inside a maintenance window: "
                    + "the resolution goes to " + String.join(", ", told) + ", which were told of its opening (notify.resolved_after_mute)");
        }
        return told;
    }

    /**
     * The channels an incident change goes to: an escalation step's or reminder's names, the single escalation's
     * {@code escalate_to}, else the channels its priority and check are routed to.
     */
    private List<String> targets(IncidentChange c, MessageKind kind) {
        Incident i = c.incident();
        if (c.page() != null) {
            return channels(c.page().targets());
        }
        if (kind == MessageKind.INCIDENT_ESCALATED && !config.incidents().escalateTo().isEmpty()) {
            return channels(config.incidents().escalateTo());
        }
        return config.notifications().channelsFor(i.priority(), i.check());
    }

    /**
     * The channels that names written in {@code escalate_to} or an escalation step's {@code notify} stand for, at the time of
     * sending: a channel of {@code notify.channels}, or {@code oncall:NAME}, which {@link dev.caretaker.oncall.OncallTargets}
     * turns into the channels of whoever is on call in schedule NAME then.
     */
    List<String> channels(List<String> names) {
        return names.stream().filter(n -> n.startsWith(dev.caretaker.config.OncallConfig.ROUTE_PREFIX)
                || config.notifications().channels().containsKey(n)).distinct().toList();
    }

    /** What the channels are told of one incident change; a ticket is filed with the same words as the email. */
    private Notice.IncidentNotice notice(IncidentChange c, MessageKind kind, String audit) {
        Incident i = c.incident();
        return new Notice.IncidentNotice(config.system(), config.file(), config.timezone(), kind, verb(c), i, c.detail(), audit,
                config.runbooks().of(i.check(), i.source()).orElse(""), Notice.IncidentNotice.link(config.auth().publicUrl(), i.id()));
    }

    /** One incident change waiting to be grouped with the others of its run and group. */
    private record Grouped(Notice.IncidentNotice notice, MessageKind kind, String dedup, String order) {
    }

    /** The group of an incident: its values of {@code notify.group_by} (none: one group for the run). */
    private static String groupKey(Incident i, List<String> groupBy) {
        StringBuilder key = new StringBuilder();
        for (String g : groupBy) {
            key.append(switch (g) {
                case "check" -> i.check();
                case "priority" -> i.priority().name();
                case "severity" -> i.severity().label();
                default -> "";
            }).append('|');
        }
        return key.toString();
    }

    /**
     * One message for the changes of one group: a lone change goes as it would ungrouped; several go as one message whose
     * dedup key is made of theirs (so the same changes never make two messages) and which keeps the order of each incident.
     */
    private Optional<Outbox.Queued> enqueueGroup(Handle h, NotifyConfig.Channel ch, List<Grouped> items, String audit, Instant now) {
        ChannelKind kind = ChannelKinds.of(ch);
        if (items.size() == 1) {
            Grouped one = items.get(0);
            return kind.payload(ch, one.notice()).filter(p -> outbox.enqueue(h, ch.name(), one.kind(), one.dedup(), one.order(), p, now))
                    .map(p -> new Outbox.Queued(ch.name(), one.kind(), one.dedup()));
        }
        List<String> keys = items.stream().map(Grouped::dedup).sorted().toList();
        String dedup = "group-" + dev.caretaker.action.ActionPlan.sha256(String.join("\n", keys)).substring(0, 24);
        Notice.IncidentGroupNotice notice = new Notice.IncidentGroupNotice(config.system(), config.file(), config.timezone(),
                items.stream().map(Grouped::notice).toList(), audit);
        List<String> orders = items.stream().map(Grouped::order).distinct().toList();
        return kind.payload(ch, notice).filter(p -> outbox.enqueue(h, ch.name(), MessageKind.INCIDENT_GROUP, dedup, orders, p, now))
                .map(p -> new Outbox.Queued(ch.name(), MessageKind.INCIDENT_GROUP, dedup));
    }

    private static String orderOf(Incident i) {
        return "incident-" + i.id();
    }

    /** The message kind a change is announced by, if any: acknowledgements only page (PagerDuty). */
    private static Optional<MessageKind> kind(IncidentChange c) {
        return switch (c.kind()) {
            case OPENED, REOPENED, UNMUTED -> Optional.of(MessageKind.INCIDENT_OPENED);
            case UPDATED -> Optional.of(MessageKind.INCIDENT_WORSE);
            case FLAPPING -> Optional.of(MessageKind.INCIDENT_FLAPPING);
            case ESCALATED -> Optional.of(MessageKind.INCIDENT_ESCALATED);
            case REMINDED -> Optional.of(MessageKind.INCIDENT_REMINDER);
            case RESOLVED -> Optional.of(MessageKind.INCIDENT_RESOLVED);
            case ACKNOWLEDGED -> Optional.of(MessageKind.INCIDENT_ACKNOWLEDGED);
            default -> Optional.empty();
        };
    }

    private static String verb(IncidentChange c) {
        return switch (c.kind()) {
            case REOPENED -> "re-opened";
            case UNMUTED -> "open after maintenance";
            case UPDATED -> "worse";
            case REMINDED -> "still open (reminder " + c.page().number() + ")";
            default -> c.kind().label();
        };
    }

    /**
     * One ticket per incident of at least the tickets' priority: filed when opened, with the text of the incident's email
     * (so a ticket and the mail about it never tell two stories), commented, closed when resolved.
     */
    private Optional<Outbox.Queued> enqueueTicket(Handle h, IncidentChange c, String audit, Instant now) {
        Incident i = c.incident();
        var tickets = config.notifications().tickets();
        if (tickets.isEmpty() || i == null || (i.muted() && !resolvedAfterMute(c)) || !tickets.get().covers(i.priority()) || kind(c).isEmpty()
                || c.kind() == IncidentChange.Kind.ACKNOWLEDGED || c.kind() == IncidentChange.Kind.REMINDED) {
            return Optional.empty();
        }
        String channel = TicketsConfig.CHANNEL;
        String create = "ticket-" + i.id() + "-create";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("incident", String.valueOf(i.id()));
        p.put("priority", i.priority().name());
        if (c.kind() == IncidentChange.Kind.OPENED || c.kind() == IncidentChange.Kind.UNMUTED) {
            p.put("subject", "[" + i.priority() + "] " + i.title());
            p.put("text", Texts.incidentText(notice(c, MessageKind.INCIDENT_OPENED, audit)));
            return outbox.enqueue(h, channel, MessageKind.TICKET_CREATE, create, orderOf(i), p, now)
                    ? Optional.of(new Outbox.Queued(channel, MessageKind.TICKET_CREATE, create)) : Optional.empty();
        }
        if (!outbox.exists(h, channel, create)) {
            return Optional.empty(); // no ticket was filed for this incident (it opened muted, or below the ticket priority)
        }
        MessageKind kind = c.kind() == IncidentChange.Kind.RESOLVED ? MessageKind.TICKET_CLOSE : MessageKind.TICKET_COMMENT;
        p.put("text", switch (c.kind()) {
            case RESOLVED -> "Resolved by Caretaker: " + c.detail();
            case REOPENED -> "Re-opened: the problem returned. " + i.title();
            case ESCALATED -> "Escalated: " + c.detail();
            case FLAPPING -> "Flapping: the problem comes and goes; the incident is held open until it is quiet.";
            default -> "Now " + i.severity().label() + ": " + i.title();
        });
        String key = c.page() != null ? "ticket-" + c.page().key(i) : "ticket-" + i.id() + "-" + c.kind().label() + "-" + i.reopened()
                + (c.kind() == IncidentChange.Kind.UPDATED ? "-" + i.severity().label() : "");
        return outbox.enqueue(h, channel, kind, key, orderOf(i), p, now)
                ? Optional.of(new Outbox.Queued(channel, kind, key)) : Optional.empty();
    }

    /**
     * What people must hear about actions: every approval request (with how to approve it), and the results of actions with
     * {@code notify:} channels and of interrupted ones. Routed like the incident, else to {@code report_to}.
     */
    public List<Outbox.Queued> enqueueActions(Handle h, List<ActionOutcome> outcomes, Instant now) {
        List<Outbox.Queued> added = new ArrayList<>();
        String audit = outcomes.isEmpty() ? null : AuditLog.head(h).label();
        for (ActionOutcome o : outcomes) {
            var action = config.actions().get(o.action());
            boolean pending = o.result() == ActionOutcome.Result.PENDING_APPROVAL;
            List<String> targets;
            if (pending || o.result() == ActionOutcome.Result.INTERRUPTED) {
                targets = o.priority() != null ? config.notifications().channelsFor(o.priority(), o.check()) : List.of();
            } else {
                targets = action == null ? List.of() : action.notifyChannels();
            }
            targets = OncallTargets.expand(h, config, targets, now);
            if (targets.isEmpty() && (pending || o.result() == ActionOutcome.Result.INTERRUPTED)) {
                targets = config.notifications().reportTo(); // a request nobody hears of would only expire
            }
            MessageKind kind = pending ? MessageKind.APPROVAL_REQUESTED : MessageKind.ACTION_RESULT;
            String dedup = pending ? "approval-" + o.approval()
                    : "action-" + o.action() + "-" + o.subject() + "-" + o.incidentId() + "-" + o.result().label();
            String order = pending ? "approval-" + o.approval() : o.incidentId() == null ? null : "incident-" + o.incidentId();
            Notice notice = new Notice.ActionNotice(config.system(), config.file(), config.timezone(), kind, o, audit);
            for (String channel : targets) {
                NotifyConfig.Channel ch = config.notifications().channels().get(channel);
                if (ch == null) {
                    continue;
                }
                Optional<Map<String, String>> payload = ChannelKinds.of(ch).payload(ch, notice);
                if (payload.isPresent() && outbox.enqueue(h, channel, kind, dedup, order, payload.get(), now)) {
                    added.add(new Outbox.Queued(channel, kind, dedup));
                }
            }
        }
        return added;
    }

    /** The run report for the {@code report_to} channels that take reports. */
    public List<Outbox.Queued> enqueueReport(Handle h, Notice.ReportNotice report, Instant now) {
        return enqueueReport(h, report, config.notifications().reportTo(), now);
    }

    /** A report for {@code channels} (those that take reports). */
    public List<Outbox.Queued> enqueueReport(Handle h, Notice.ReportNotice report, List<String> channels, Instant now) {
        List<Outbox.Queued> added = new ArrayList<>();
        for (String channel : channels) {
            NotifyConfig.Channel ch = config.notifications().channels().get(channel);
            if (ch == null) {
                continue;
            }
            Optional<Map<String, String>> payload = ChannelKinds.of(ch).payload(ch, report);
            String key = report.key();
            if (payload.isPresent() && outbox.enqueue(h, channel, MessageKind.REPORT, key, List.of(), payload.get(), now)) {
                added.add(new Outbox.Queued(channel, MessageKind.REPORT, key));
            }
        }
        return added;
    }
}
