package dev.caretaker.check;

import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.guard.RoleAudit;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Caretaker's own check of the roles it runs as, added to every run that reached a database: for each database the run's
 * checks read, the checks' role, and the actions' role when an action uses that database. A role that can do more than it
 * needs is {@code caretaker.privileged_role} — a warning, or information when the database sets {@code allow_privileged} —
 * and an actions role Caretaker cannot log in as is {@code caretaker.role_unverified}.
 */
public final class RoleCheck {
    /** The check name of these findings: no check of a config can be called this. */
    public static final String NAME = "(roles)";
    public static final String TYPE = dev.caretaker.config.Metrics.ROLES_TYPE;
    public static final String PRIVILEGED = "caretaker.privileged_role";
    public static final String UNVERIFIED = "caretaker.role_unverified";

    private RoleCheck() {
    }

    /** The result for the databases of {@code ran} that were reached, or empty when the run reached none. */
    public static Optional<CheckResult> of(CaretakerConfig config, List<CheckConfig> ran, List<CheckResult> results, MonitoredDatabases databases,
                                           Clock clock) {
        Map<String, CheckResult> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r.name(), r));
        Set<String> reached = new LinkedHashSet<>();
        for (CheckConfig c : ran) {
            CheckResult r = byName.get(c.name());
            if (c.database() != null && r != null && !r.targetDown() && !r.unjudged().contains(Unjudged.ALL)) {
                reached.add(c.database());
            }
        }
        if (reached.isEmpty()) {
            return Optional.empty();
        }
        ResultBuilder out = new ResultBuilder(NAME, TYPE, clock);
        for (String name : reached) {
            DatabaseConfig db = databases.config(name);
            judge(db, MonitoredDatabases.Role.CHECKS, databases, out, config);
            boolean acted = config.actions().values().stream().map(ActionConfig::database).anyMatch(name::equals);
            if (acted) {
                judge(db, MonitoredDatabases.Role.ACTIONS, databases, out, config);
            }
        }
        return Optional.of(out.build());
    }

    private static void judge(DatabaseConfig db, MonitoredDatabases.Role role, MonitoredDatabases databases, ResultBuilder out,
                              CaretakerConfig config) {
        String subject = db.name() + "/" + role.label();
        RoleAudit.Report report;
        try {
            report = databases.privileges(db.name(), role);
        } catch (SQLException e) {
            String reason = config.secrets().redact(Sql.unreachable(e) ? Sql.connectionProblem(e, db) : Sql.reason("reading its privileges", e,
                    db.statementTimeout()));
            out.find(new Finding(UNVERIFIED, Severity.WARNING, subject, "cannot verify the " + role.label() + " role of database '" + db.name()
                    + "': " + reason, Map.of("database", db.name(), "role", role.label(), "reason", reason)));
            return;
        } catch (IllegalArgumentException e) {
            return; // the database's own checks say what is wrong with its config
        }
        out.measure("caretaker.role_privileged", report.privileged() ? 1 : 0, "database", db.name(), "role", role.label());
        if (!report.privileged()) {
            return;
        }
        String what = role == MonitoredDatabases.Role.CHECKS ? "custom SQL checks" : "automatic actions";
        String message = role.label() + " on database '" + db.name() + "' run as " + report.summary() + (db.allowPrivileged()
                ? "; allowed by databases." + db.name() + ".allow_privileged"
                : "; " + what + " are refused until it gets a role of its own (caretaker roles sql) or allow_privileged: true");
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("database", db.name());
        evidence.put("role", report.role());
        evidence.put("dangers", String.join("; ", report.dangers()));
        evidence.put("allow_privileged", db.allowPrivileged());
        out.find(new Finding(PRIVILEGED, db.allowPrivileged() ? Severity.INFO : Severity.WARNING, subject, message, evidence));
    }
}
