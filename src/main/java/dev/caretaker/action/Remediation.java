package dev.caretaker.action;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CronExpression;
import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.config.Policy;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.incident.IncidentListener;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.rule.Alert;
import dev.caretaker.guard.RoleAudit;
import dev.caretaker.store.SigningKey;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The remediation stage. For each alert of a run with an open incident, the actions whose {@code when} names it run (auto),
 * wait for a person (approval) or are refused (forbidden); scheduled actions run when their slot is due. Auto actions claim
 * each attempt first (which also counts it against {@code max_runs_per_hour}), are verified by running the check again, are
 * retried with back-off and, if the problem stays, escalate the incident. An attempt a dead process left running is marked
 * interrupted, reported and escalated. Everything goes to the audit log.
 */
public final class Remediation {
    public static final String CARETAKER = "caretaker";

    /** Waits between attempts; tests pass one that only records. */
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    /** What the stage did: the action outcomes and the incident changes it caused (escalations). */
    public record Result(List<ActionOutcome> actions, List<IncidentChange> incidents) {
    }

    /** Why an action runs now: the alert and incident it answers (none for a schedule), and the values it may bind. */
    record Occasion(String key, String subject, Alert alert, Incident incident, Map<String, String> bindings) {
        Long incidentId() {
            return incident == null ? null : incident.id();
        }
    }

    private final CaretakerConfig config;
    private final Store store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> progress;
    private final boolean dryRun;
    private final IncidentListener listener;
    private final ActionContext context;
    private final CheckAgain checkAgain;
    private final Ledger ledger;
    private AuditLog audit;
    private final Approvals approvals;
    private final MonitoredDatabases databases;
    private final SigningKey key;

    public Remediation(CaretakerConfig config, Store store, MonitoredDatabases databases, SigningKey key, Clock clock, Sleeper sleeper,
                       Consumer<String> progress, boolean dryRun, IncidentListener listener) {
        this.databases = databases;
        this.key = key;
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.progress = progress;
        this.dryRun = dryRun;
        this.listener = listener;
        Map<String, List<String>> protectedTables = new HashMap<>();
        for (DatabaseConfig db : config.databases().values()) {
            protectedTables.put(db.name(), db.protectedTables());
        }
        this.context = new ActionContext(databases, protectedTables, config.secrets(), progress);
        this.checkAgain = new CheckAgain(config, new CheckContext(clock, databases, config.secrets()));
        this.ledger = new Ledger(store.jdbi(), store.dataSource(), config.system());
        this.audit = new AuditLog(store.jdbi(), config.system(), config.secrets(), key);
        this.approvals = new Approvals(store.jdbi(), config.system(), key);
    }

    /** Names given to this remediation were typed ({@code --by}): audit rows by a name that is no user say so. */
    public Remediation typedNames(java.util.function.Supplier<List<String>> storeUsers) {
        audit = audit.typedNames(storeUsers);
        return this;
    }

    /** Answers the alerts of a run whose incidents ({@code changes}) are open, and runs the scheduled actions that are due. */
    public Result respond(List<Alert> alerts, List<IncidentChange> changes) {
        List<ActionOutcome> out = new ArrayList<>();
        List<IncidentChange> caused = new ArrayList<>();
        interrupted(out, caused);
        if (config.actions().isEmpty()) {
            return new Result(out, caused);
        }
        expireApprovals();
        Map<String, Incident> active = new LinkedHashMap<>();
        for (IncidentChange c : changes) {
            if (c.incident() != null && c.incident().active() && c.kind() != IncidentChange.Kind.SUPPRESSED
                    && c.kind() != IncidentChange.Kind.INHIBITED) {
                active.put(c.incident().fingerprint(), c.incident());
            }
        }
        for (ActionConfig a : config.actions().values()) {
            if (a.when().isPresent()) {
                for (Alert alert : alerts) {
                    Incident incident = active.get(alert.fingerprint());
                    if (!alert.source().equals(a.when().get()) || !a.subjectMatches(alert.subject()) || incident == null || incident.muted()) {
                        continue; // no incident (suppressed, below every priority) or muted by maintenance: hands off
                    }
                    take(a, occasion(alert, incident), out, caused, CARETAKER);
                }
            } else if (a.scheduled()) {
                scheduled(a, out, caused);
            }
        }
        return new Result(out, caused);
    }

    /** A scheduled action's current slot, unless it was handled already: what the server's tick for it runs. */
    public Result scheduled(ActionConfig a) {
        List<ActionOutcome> out = new ArrayList<>();
        List<IncidentChange> caused = new ArrayList<>();
        interrupted(out, caused);
        expireApprovals();
        scheduled(a, out, caused);
        return new Result(out, caused);
    }

    private void scheduled(ActionConfig a, List<ActionOutcome> out, List<IncidentChange> caused) {
        String slot = slot(a, clock.instant());
        String subject = scheduledSubject(a);
        if (!ledger.handled(a.name(), subject, slot) && !approvals.exists(a.name(), subject, slot)) {
            take(a, new Occasion(slot, subject, null, null, Map.of("subject", subject)), out, caused, CARETAKER);
        }
    }

    private static String scheduledSubject(ActionConfig a) {
        return a.settings() instanceof dev.caretaker.action.kinds.Retention.Settings r ? r.table() : "";
    }

    /** Attempts a dead process left running: reported, and their incidents escalated; they are not tried again. */
    private void interrupted(List<ActionOutcome> out, List<IncidentChange> caused) {
        for (Ledger.Interrupted i : ledger.sweep(clock.instant())) {
            String why = "attempt " + i.attempt() + " started " + i.startedAt() + " and its process stopped before it finished; "
                    + "what it changed is not known, so it is not run again: look at it, then run it by hand if needed";
            audit.append(clock.instant(), CARETAKER, AuditEvent.INTERRUPTED, i.action(), i.subject(), why);
            ActionConfig a = config.actions().get(i.action());
            Incident incident = i.incidentId() == null ? null
                    : new IncidentRepository(store.jdbi()).get(i.incidentId()).filter(Incident::active).orElse(null);
            if (incident != null) {
                caused.add(escalate(incident, "remediation " + i.action() + " was interrupted: " + why));
            }
            out.add(new ActionOutcome(i.action(), a == null ? "?" : a.typeName(), a == null ? Policy.AUTO : a.policy(), i.subject(),
                    incident == null ? null : incident.check(), i.incidentId(), incident == null ? null : incident.priority(),
                    ActionOutcome.Result.INTERRUPTED, -1, i.attempt(), why, 0));
        }
    }

    /** Runs one action by hand ({@code caretaker actions run}): through its policy like any other occasion. */
    public ActionOutcome runByHand(ActionConfig a, String subject, Map<String, String> values, String person) {
        String by = Identity.normalise(person);
        Map<String, String> bindings = new LinkedHashMap<>(values);
        bindings.put("subject", subject);
        String key = "manual:" + by + ":" + clock.instant();
        List<ActionOutcome> out = new ArrayList<>();
        take(a, new Occasion(key, subject, null, null, bindings), out, new ArrayList<>(), by);
        return out.isEmpty() ? null : out.get(0);
    }

    private void take(ActionConfig a, Occasion o, List<ActionOutcome> out, List<IncidentChange> caused, String requester) {
        Instant now = clock.instant();
        if (a.policy() == Policy.FORBIDDEN) {
            String why = "policy forbidden: it never runs, whatever asks" + (o.alert() == null ? "" : " (asked by " + o.alert().source() + ")");
            if (ledger.record(a.name(), o.subject(), o.key(), o.incidentId(), Ledger.State.REFUSED, why, now)) {
                audit.append(now, requester, AuditEvent.REFUSED, a.name(), o.subject(), why);
                progress.accept("refused " + a.name() + " for " + o.subject() + ": forbidden");
                out.add(outcome(a, o, ActionOutcome.Result.REFUSED, -1, 0, why, 0));
            }
            return;
        }
        ActionPlan plan;
        try {
            plan = plan(a, o.bindings());
        } catch (IllegalArgumentException e) {
            audit.append(now, requester, AuditEvent.FAILED, a.name(), o.subject(), e.getMessage());
            out.add(outcome(a, o, ActionOutcome.Result.FAILED, -1, 0, e.getMessage(), 0));
            return;
        }
        if (dryRun || a.guardrails().dryRun()) {
            dryRun(a, o, plan, requester, out);
            return;
        }
        if (a.policy() == Policy.APPROVAL) {
            request(a, o, plan, requester, now, out);
            return;
        }
        if (ledger.handled(a.name(), o.subject(), o.key())) {
            return; // done in an earlier run for this incident, or by another node
        }
        String refusal = privilegeRefusal(a);
        if (refusal != null) {
            if (ledger.record(a.name(), o.subject(), o.key(), o.incidentId(), Ledger.State.REFUSED, refusal, now)) {
                out.add(refused(a, o, requester, refusal, caused));
            }
            return;
        }
        out.add(attempts(a, o, plan, requester, caused));
    }

    /** The plan of {@code a} for these values, bound to where its session goes now. */
    private ActionPlan plan(ActionConfig a, Map<String, String> bindings) {
        ActionKind kind = ActionKinds.of(a);
        ActionPlan p = kind.plan(a, bindings);
        if (!kind.usesDatabase()) {
            return p;
        }
        Map<String, Object> target = new LinkedHashMap<>(databases.target(a.database()));
        Object password = target.remove("password");
        return p.withTarget(target, Map.of("password", String.valueOf(password)));
    }

    /**
     * Why an automatic action must not run under its database's actions role: the role can do more than the action is
     * allowed (a superuser, a role that can write a protected table …), unless the database allows it. Null when it may.
     */
    private String privilegeRefusal(ActionConfig a) {
        if (!ActionKinds.of(a).usesDatabase()) {
            return null;
        }
        DatabaseConfig db = config.databases().get(a.database());
        RoleAudit.Report report;
        try {
            report = databases.privileges(a.database(), MonitoredDatabases.Role.ACTIONS);
        } catch (java.sql.SQLException | IllegalArgumentException e) {
            return null; // the action itself fails with the reason, as any action on an unreachable database
        }
        if (!report.privileged() || db.allowPrivileged()) {
            return null;
        }
        return "refused: actions on database '" + a.database() + "' run as " + report.summary() + "; an automatic action runs only under a "
                + "role that cannot do more than it needs. Give the database an actions role (caretaker roles sql prints one) or, knowingly, "
                + "set databases." + a.database() + ".allow_privileged: true";
    }

    /** Caretaker declined to run an automatic action: audited, the incident escalated to a person. */
    private ActionOutcome refused(ActionConfig a, Occasion o, String actor, String why, List<IncidentChange> caused) {
        audit.append(clock.instant(), actor, AuditEvent.REFUSED, a.name(), o.subject(), why);
        progress.accept("refused " + a.name() + " for " + o.subject() + ": " + why);
        if (o.incident() != null) {
            caused.add(escalate(o.incident(), "remediation " + a.name() + " was refused: " + why));
        }
        return outcome(a, o, ActionOutcome.Result.REFUSED, -1, 0, why, 0);
    }

    private void dryRun(ActionConfig a, Occasion o, ActionPlan plan, String requester, List<ActionOutcome> out) {
        try {
            ActionKind.Execution e = execute(a, plan, true);
            audit.append(clock.instant(), requester, AuditEvent.DRY_RUN, a.name(), o.subject(), e.detail() + "\n" + plan.display(config.secrets()));
            out.add(outcome(a, o, ActionOutcome.Result.DRY_RUN, e.rows(), 0, e.detail(), 0));
        } catch (ActionFailure f) {
            audit.append(clock.instant(), requester, AuditEvent.FAILED, a.name(), o.subject(), "dry run: " + f.getMessage());
            out.add(outcome(a, o, ActionOutcome.Result.FAILED, -1, 0, "dry run: " + f.getMessage(), 0));
        }
    }

    private void request(ActionConfig a, Occasion o, ActionPlan plan, String requester, Instant now, List<ActionOutcome> out) {
        Map<String, String> bindings = new LinkedHashMap<>(o.bindings());
        if (o.alert() != null) {
            bindings.put("kind", o.alert().kind().name());
        }
        var r = approvals.request(a.name(), o.subject(), o.key(), o.incidentId(), bindings, plan.canonical(config.secrets()),
                plan.hash(key), requester, Identity.osUser(), now, now.plus(a.guardrails().expires()));
        Approvals.Approval ap = r.getKey();
        if (r.getValue()) {
            audit.append(now, requester, AuditEvent.REQUESTED, a.name(), o.subject(), "approval #" + ap.id() + " (plan " + ap.planHash() + ", expires "
                    + ap.expiresAt() + "):\n" + plan.display(config.secrets()));
            progress.accept("approval #" + ap.id() + " requested for " + a.name() + " on " + o.subject());
        }
        if (ap.state() == Approvals.State.PENDING) {
            out.add(outcome(a, o, ActionOutcome.Result.PENDING_APPROVAL, -1, 0, plan.display(config.secrets()), ap.id()));
        }
    }

    private ActionOutcome attempts(ActionConfig a, Occasion o, ActionPlan plan, String actor, List<IncidentChange> caused) {
        int max = a.guardrails().maxAttempts();
        String last = "";
        long rows = -1;
        int attempt = 1;
        for (; attempt <= max; attempt++) {
            if (attempt > 1) {
                Duration wait = backoff(attempt - 1);
                progress.accept(a.name() + " on " + o.subject() + ": attempt " + attempt + " of " + max + " in " + wait.toSeconds() + " s");
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Instant now = clock.instant();
            Ledger.Outcome claimed = ledger.claim(a.name(), o.subject(), o.key(), attempt, o.incidentId(), a.guardrails().maxRunsPerHour(), now);
            if (claimed instanceof Ledger.Taken) {
                return outcome(a, o, ActionOutcome.Result.ALREADY_HANDLED, -1, attempt, "attempt " + attempt + " was claimed by another node", 0);
            }
            if (claimed instanceof Ledger.RateLimited limited) {
                String why = limited.recent() + " attempt(s) in the last hour, the most max_runs_per_hour allows; attempt " + attempt + " not run";
                audit.append(now, actor, AuditEvent.RATE_LIMITED, a.name(), o.subject(), why);
                if (attempt == 1) {
                    return outcome(a, o, ActionOutcome.Result.RATE_LIMITED, -1, 0, why, 0);
                }
                last = last + "; " + why;
                attempt--;
                break;
            }
            try (Ledger.Claim claim = (Ledger.Claim) claimed) {
                audit.append(now, actor, AuditEvent.STARTED, a.name(), o.subject(), "attempt " + attempt + " of " + max + ":\n" + plan.display(config.secrets()));
                progress.accept("running " + a.name() + " on " + o.subject() + " (attempt " + attempt + " of " + max + ")");
                ActionKind.Execution e;
                try {
                    e = execute(a, plan, false);
                } catch (ActionFailure f) {
                    if (f.refusal()) {
                        claim.finish(Ledger.State.REFUSED, -1, f.getMessage(), clock.instant());
                        return refused(a, o, actor, f.getMessage(), caused);
                    }
                    last = f.getMessage();
                    claim.finish(Ledger.State.FAILED, -1, last, clock.instant());
                    audit.append(clock.instant(), actor, AuditEvent.FAILED, a.name(), o.subject(), last);
                    if (!f.retryable()) {
                        break;
                    }
                    continue;
                }
                rows = e.rows();
                boolean verify = a.guardrails().verify() && checkAgain.possible(o.alert());
                if (!verify) {
                    claim.finish(Ledger.State.SUCCEEDED, rows, e.detail(), clock.instant());
                    audit.append(clock.instant(), actor, AuditEvent.SUCCEEDED, a.name(), o.subject(), e.detail());
                    return outcome(a, o, ActionOutcome.Result.SUCCEEDED, rows, attempt, e.detail(), 0);
                }
                boolean still;
                try {
                    still = checkAgain.stillThere(o.alert());
                } catch (RuntimeException ex) {
                    still = true;
                }
                if (!still) {
                    String detail = e.detail() + "; verified: check " + o.alert().check() + " no longer finds " + o.alert().source();
                    claim.finish(Ledger.State.VERIFIED, rows, detail, clock.instant());
                    audit.append(clock.instant(), actor, AuditEvent.VERIFIED, a.name(), o.subject(), detail);
                    return outcome(a, o, ActionOutcome.Result.VERIFIED, rows, attempt, detail, 0);
                }
                last = e.detail() + "; but check " + o.alert().check() + " still finds " + o.alert().source() + " on " + o.subject();
                claim.finish(Ledger.State.UNVERIFIED, rows, last, clock.instant());
                audit.append(clock.instant(), actor, AuditEvent.UNVERIFIED, a.name(), o.subject(), last);
            }
        }
        int tried = Math.max(1, Math.min(attempt, max));
        if (o.incident() == null) {
            return outcome(a, o, ActionOutcome.Result.FAILED, rows, tried, last, 0);
        }
        String detail = "remediation " + a.name() + " did not fix it after " + tried + " attempt(s): " + last;
        caused.add(escalate(o.incident(), detail));
        audit.append(clock.instant(), CARETAKER, AuditEvent.ESCALATED, a.name(), o.subject(), "incident #" + o.incident().id() + ": " + last);
        return outcome(a, o, ActionOutcome.Result.ESCALATED, rows, tried, last, 0);
    }

    /** Runs the plan through its kind; a database error is a failure worth retrying, with the database named and secrets masked. */
    private ActionKind.Execution execute(ActionConfig a, ActionPlan plan, boolean dryRun) {
        try {
            return ActionKinds.of(a).execute(a, plan, context, dryRun);
        } catch (java.sql.SQLException e) {
            // class 42 (a missing privilege, table or column, a syntax error) does not pass by waiting
            boolean retryable = e.getSQLState() == null || !e.getSQLState().startsWith("42");
            throw new ActionFailure(config.secrets().redact(plan.database() + ": " + e.getMessage()), retryable);
        }
    }

    /** Escalates an incident and announces it in the same transaction. */
    private IncidentChange escalate(Incident incident, String detail) {
        IncidentRepository repository = new IncidentRepository(store.jdbi());
        Instant now = clock.instant();
        return repository.inTransaction(h -> {
            repository.lock(h, incident.system());
            Incident current = repository.get(h, incident.id()).orElse(incident);
            repository.event(h, incident.id(), now, "escalated", null, CARETAKER, detail);
            Incident escalated = current.escalatedAt() != null ? current : repository.update(h, current.escalate(now));
            IncidentChange change = new IncidentChange(IncidentChange.Kind.ESCALATED, escalated, detail);
            listener.changed(h, List.of(change));
            return change;
        });
    }

    /** 10 s after the first attempt, doubling, at most 5 minutes. */
    static Duration backoff(int failedAttempts) {
        Duration d = ActionConfig.FIRST_BACKOFF.multipliedBy(1L << Math.min(failedAttempts - 1, 20));
        return d.compareTo(ActionConfig.MAX_BACKOFF) > 0 ? ActionConfig.MAX_BACKOFF : d;
    }

    /** The schedule slot a scheduled action is due for now: its latest cron fire time, or the current {@code every} period. */
    String slot(ActionConfig a, Instant now) {
        if (a.cron().isPresent()) {
            ZonedDateTime fired = CronExpression.parse(a.cron().get()).previous(now.atZone(config.timezone()));
            return "schedule:" + (fired == null ? now : fired.toInstant());
        }
        long period = a.every().orElseThrow().toSeconds();
        return "schedule:" + Instant.ofEpochSecond(now.getEpochSecond() / period * period);
    }

    private static Occasion occasion(Alert alert, Incident incident) {
        Map<String, String> bindings = new LinkedHashMap<>();
        alert.evidence().forEach((k, v) -> bindings.put(k, v == null ? "" : String.valueOf(v)));
        bindings.put("subject", alert.subject());
        bindings.put("check", alert.check() == null ? "" : alert.check());
        bindings.put("code", alert.source());
        bindings.put("incident", String.valueOf(incident.id()));
        return new Occasion("incident:" + incident.id(), alert.subject(), alert, incident, bindings);
    }

    private ActionOutcome outcome(ActionConfig a, Occasion o, ActionOutcome.Result result, long rows, int attempts, String detail, long approval) {
        return new ActionOutcome(a.name(), a.typeName(), a.policy(), o.subject(), o.alert() == null ? null : o.alert().check(), o.incidentId(),
                o.incident() == null ? null : o.incident().priority(), result, rows, attempts, config.secrets().redact(detail), approval);
    }

    /** Marks pending requests past their expiry expired (and those edited in the store void), with their audit rows. */
    public void expireApprovals() {
        for (Approvals.Approval x : approvals.expire(clock.instant())) {
            if (x.state() == Approvals.State.VOID) {
                audit.append(clock.instant(), CARETAKER, AuditEvent.REFUSED, x.action(), x.subject(), "approval #" + x.id() + " was " + Approvals.TAMPERED
                        + "; set aside, nothing ran");
            } else {
                audit.append(clock.instant(), CARETAKER, AuditEvent.EXPIRED, x.action(), x.subject(), "approval #" + x.id() + " expired unapproved at "
                        + x.expiresAt() + "; nothing ran");
            }
        }
    }

    /**
     * Runs the requests approved whose run never started (the approving process died between the two): each runs once, on
     * whichever node claims it first.
     */
    public List<ActionOutcome> runApproved() {
        List<ActionOutcome> out = new ArrayList<>();
        for (Approvals.Approval ap : approvals.approvedNotRun()) {
            ActionConfig a = config.actions().get(ap.action());
            if (a == null || !ap.signed()) {
                approvals.decide(ap.id(), Approvals.State.APPROVED, Approvals.State.VOID, null, null, a == null
                        ? "action '" + ap.action() + "' is no longer in " + config.file() : Approvals.TAMPERED, clock.instant());
                continue;
            }
            ActionOutcome o = runApprovedRequest(ap, a, ap.decidedBy() == null ? CARETAKER : ap.decidedBy(), plan(a, ap.bindings()),
                    clock.instant());
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    // ---- approvals by people ----

    /** Approves a pending request and runs exactly what it showed, at once; refuses (and audits why) otherwise. */
    /** A request refused because its approver is its requester (a person's role is not the question: their identity is). */
    public static final class SelfApproval extends IllegalArgumentException {
        SelfApproval(String message) {
            super(message);
        }
    }

    /** A request that is no longer pending (decided, expired, or being run): approving or rejecting it again is a conflict. */
    public static final class AlreadyDecided extends IllegalArgumentException {
        AlreadyDecided(String message) {
            super(message);
        }
    }

    public ActionOutcome approve(long id, String person) {
        Instant now = clock.instant();
        String by = Identity.normalise(person);
        String os = Identity.osUser();
        expireApprovals();
        Approvals.Approval ap = approvals.get(id).orElseThrow(() -> new IllegalArgumentException("there is no approval #" + id
                + " for " + config.system() + "; see caretaker approvals list"));
        if (!ap.signed()) {
            String why = "approval #" + id + " was changed in the store after Caretaker wrote it (its signature under " + key.source()
                    + " does not match)";
            audit.append(now, by, AuditEvent.REFUSED, ap.action(), ap.subject(), why + "; by " + by + " as OS user " + os);
            approvals.decide(id, ap.state(), Approvals.State.VOID, by, os, Approvals.TAMPERED, now);
            throw new IllegalArgumentException(why + "; nothing ran. Find out who changed it; if the action is still needed, run it by hand: "
                    + "caretaker actions run " + ap.action() + " --subject " + ap.subject());
        }
        if (ap.state() == Approvals.State.EXPIRED || ap.state() == Approvals.State.PENDING && !ap.expiresAt().isAfter(now)) {
            throw new AlreadyDecided("approval #" + id + " expired at " + ap.expiresAt() + "; nothing ran. A new incident asks again, "
                    + "or run it by hand: caretaker actions run " + ap.action() + " --subject " + ap.subject());
        }
        if (ap.state() != Approvals.State.PENDING) {
            throw new AlreadyDecided("approval #" + id + " is " + ap.state().label() + (ap.decidedBy() == null ? "" : " (by " + ap.decidedBy() + ")")
                    + (ap.reason() == null ? "" : ": " + ap.reason()) + "; only a pending request can be approved");
        }
        if (Identity.same(by, ap.requestedBy())) {
            audit.append(now, by, AuditEvent.REFUSED, ap.action(), ap.subject(), "approval #" + id + ": the approver must not be the requester ("
                    + ap.requestedBy() + "); OS user " + os);
            throw new SelfApproval("approval #" + id + " was requested by " + ap.requestedBy()
                    + "; someone else must approve it: another approver than its requester");
        }
        ActionConfig a = config.actions().get(ap.action());
        String refusal = a == null ? "action '" + ap.action() + "' is no longer in " + config.file()
                : a.policy() != Policy.APPROVAL ? "action '" + ap.action() + "' now has policy " + a.policy().label() : null;
        ActionPlan plan = null;
        if (refusal == null) {
            try {
                plan = plan(a, ap.bindings());
                if (!plan.hash(key).equals(ap.planHash())) {
                    refusal = "what it would run now differs from what was shown (plan " + ap.planHash().substring(0, 16) + "…): the action, "
                            + "its database, user or URL, or the request changed since it was requested";
                }
            } catch (IllegalArgumentException e) {
                refusal = e.getMessage();
            }
        }
        if (refusal != null) {
            audit.append(now, by, AuditEvent.REFUSED, ap.action(), ap.subject(), "approval #" + id + ": " + refusal);
            approvals.decide(id, Approvals.State.PENDING, Approvals.State.VOID, by, os, refusal, now);
            throw new IllegalArgumentException("approval #" + id + " cannot run: " + refusal + "; nothing ran");
        }
        if (!approvals.decide(id, Approvals.State.PENDING, Approvals.State.APPROVED, by, os, null, now)) {
            throw new AlreadyDecided("approval #" + id + " was decided by someone else a moment ago; see caretaker approvals list");
        }
        audit.append(now, by, AuditEvent.APPROVED, ap.action(), ap.subject(), "approval #" + id + " (plan " + ap.planHash() + ") by " + by
                + " as OS user " + os);
        ActionOutcome o = runApprovedRequest(ap, a, by, plan, now);
        if (o == null) {
            throw new AlreadyDecided("approval #" + id + " is being run by another node");
        }
        return o;
    }

    /** Runs an approved request once: claims it (null when another process holds the claim), runs it, records the result. */
    private ActionOutcome runApprovedRequest(Approvals.Approval ap, ActionConfig a, String by, ActionPlan plan, Instant now) {
        long id = ap.id();
        if (!plan.hash(key).equals(ap.planHash())) {
            String why = "what it would run now differs from what was approved; the action, its database, user or URL changed";
            approvals.result(id, Approvals.State.VOID, why);
            audit.append(now, CARETAKER, AuditEvent.REFUSED, a.name(), ap.subject(), "approval #" + id + ": " + why);
            return new ActionOutcome(a.name(), a.typeName(), a.policy(), ap.subject(), ap.bindings().get("check"), ap.incidentId(), null,
                    ActionOutcome.Result.REFUSED, -1, 0, why, id);
        }
        String occasion = "approval:" + id;
        Ledger.Outcome claimed = ledger.claim(a.name(), ap.subject(), occasion, 1, ap.incidentId(), Integer.MAX_VALUE, now);
        if (!(claimed instanceof Ledger.Claim claim)) {
            return null;
        }
        try (claim) {
            audit.append(now, by, AuditEvent.STARTED, a.name(), ap.subject(), "approval #" + id + ":\n" + plan.display(config.secrets()));
            try {
                ActionKind.Execution e = execute(a, plan, false);
                claim.finish(Ledger.State.SUCCEEDED, e.rows(), e.detail(), clock.instant());
                audit.append(clock.instant(), by, AuditEvent.SUCCEEDED, a.name(), ap.subject(), e.detail());
                approvals.result(id, Approvals.State.DONE, e.detail());
                return new ActionOutcome(a.name(), a.typeName(), a.policy(), ap.subject(), ap.bindings().get("check"), ap.incidentId(), null,
                        ActionOutcome.Result.SUCCEEDED, e.rows(), 1, e.detail(), id);
            } catch (ActionFailure f) {
                claim.finish(Ledger.State.FAILED, -1, f.getMessage(), clock.instant());
                audit.append(clock.instant(), by, AuditEvent.FAILED, a.name(), ap.subject(), f.getMessage());
                approvals.result(id, Approvals.State.FAILED, f.getMessage());
                return new ActionOutcome(a.name(), a.typeName(), a.policy(), ap.subject(), ap.bindings().get("check"), ap.incidentId(), null,
                        ActionOutcome.Result.FAILED, -1, 1, f.getMessage(), id);
            }
        }
    }

    public void reject(long id, String person, String reason) {
        Instant now = clock.instant();
        String by = Identity.normalise(person);
        Approvals.Approval ap = approvals.get(id).orElseThrow(() -> new IllegalArgumentException("there is no approval #" + id));
        if (!approvals.decide(id, Approvals.State.PENDING, Approvals.State.REJECTED, by, Identity.osUser(), reason, now)) {
            throw new AlreadyDecided("approval #" + id + " is " + ap.state().label() + "; only a pending request can be rejected");
        }
        audit.append(now, by, AuditEvent.REJECTED, ap.action(), ap.subject(), "approval #" + id + ": " + reason);
    }
}
