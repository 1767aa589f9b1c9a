package dev.caretaker.action.kinds;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionFailure;
import dev.caretaker.action.ActionKind;
import dev.caretaker.action.ActionPlan;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.ActionSettings;
import dev.caretaker.config.Section;
import dev.caretaker.config.Units;
import dev.caretaker.guard.ActionGrants;
import dev.caretaker.config.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code type: cancel} and {@code type: terminate}: pg_cancel_backend / pg_terminate_backend of the session a long or idle
 * transaction finding names, only if it is still in such a transaction when the signal is sent. Never auto.
 */
public final class SignalBackend implements ActionKind {
    public static final Duration DEFAULT_LONGER_THAN = Duration.ofMinutes(10);
    public static final SignalBackend CANCEL = new SignalBackend("cancel");
    public static final SignalBackend TERMINATE = new SignalBackend("terminate");

    private final String name;

    /** Only sessions in a transaction older than this are signalled. */
    public record Settings(Duration longerThan) implements ActionSettings {
    }

    private SignalBackend(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> keys() {
        return List.of("database", "longer_than");
    }

    @Override
    public boolean mayBeAuto() {
        return false;
    }

    @Override
    public List<String> actsOnSubjectsOf() {
        return List.of("postgres.idle_in_transaction", "postgres.long_transaction");
    }

    @Override
    public ActionSettings read(Section s, Draft draft) {
        return new Settings(s.duration("longer_than", DEFAULT_LONGER_THAN, Duration.ofSeconds(1), Duration.ofDays(7)));
    }

    @Override
    public ActionPlan plan(ActionConfig a, Map<String, String> bindings) {
        String pid = Bindings.value(a, bindings, "pid");
        return new ActionPlan(a.name(), name, a.database(), Bindings.subject(bindings), "SELECT pg_" + name + "_backend(" + pid + ")",
                List.of(), Map.of("pid", pid, "only_if_idle_in_transaction_longer_than",
                Units.formatDuration(((Settings) a.settings()).longerThan())), a.guardrails().maxRows());
    }

    @Override
    public Execution execute(ActionConfig a, ActionPlan plan, ActionContext context, boolean dryRun) throws SQLException {
        long pid;
        try {
            pid = Long.parseLong(plan.settings().get("pid").toString());
        } catch (NumberFormatException e) {
            throw new ActionFailure("'" + plan.settings().get("pid") + "' is not a process id", false);
        }
        long seconds = ((Settings) a.settings()).longerThan().toSeconds();
        String still = " FROM pg_stat_activity WHERE pid = ? AND datname = current_database() AND pid <> pg_backend_pid()"
                + " AND ((state LIKE 'idle in transaction%' AND now() - state_change > make_interval(secs => ?))"
                + " OR (state = 'active' AND now() - xact_start > make_interval(secs => ?)))";
        try (Connection c = context.databases().writable(plan.database());
             PreparedStatement ps = c.prepareStatement("SELECT " + (dryRun ? "true" : "pg_" + name + "_backend(pid)") + still)) {
            ps.setLong(1, pid);
            ps.setLong(2, seconds);
            ps.setLong(3, seconds);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Execution(0, "pid " + pid + " is no longer in a transaction older than the limit; nothing to do");
                }
                if (dryRun) {
                    return new Execution(1, "would " + name + " pid " + pid);
                }
                return new Execution(1, (name.equals("cancel") ? "cancelled the query of" : "terminated") + " pid " + pid
                        + (rs.getBoolean(1) ? "" : " (PostgreSQL refused the signal)"));
            }
        }
    }

    /** Nothing: pg_signal_backend would make the role privileged, and automatic actions would then be refused. */
    @Override
    public void grants(ActionConfig a, ActionGrants grants) {
        grants.note(grants.why() + " needs pg_signal_backend, which makes a role privileged: automatic actions would then be refused. "
                + "Not granted; approve it and run it as a person, or grant it knowingly: GRANT pg_signal_backend TO "
                + Identifiers.quote(grants.role()));
    }
}
