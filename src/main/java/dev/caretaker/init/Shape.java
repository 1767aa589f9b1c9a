package dev.caretaker.init;

import dev.caretaker.check.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A table whose columns say what it records, by name and type: job runs (a name, a status and a time), an error log (a
 * level or message and a time), a login log (an address, a success flag and a time). {@code columns} maps the check's
 * keys ({@code name_column} …) to the table's columns; {@code why} says in words what made it match.
 */
public record Shape(String kind, Catalog.Table table, Map<String, String> columns, String why) {
    private static final List<String> START = List.of("started_at", "start_time", "started", "run_at", "ran_at", "executed_at",
            "startedAt", "runAt", "date_created", "date_started");
    private static final List<String> TIME = List.of("created_at", "inserted_at", "logged_at", "occurred_at", "at", "timestamp",
            "time", "created", "createdAt", "insertedAt", "occurredAt", "loggedAt", "date_done", "finished_at");
    private static final List<String> JOB_NAME = List.of("name", "job", "job_name", "task", "task_name", "integration", "queue",
            "worker", "jobName", "taskName");
    private static final List<String> STATUS = List.of("status", "state", "result", "outcome");
    private static final List<String> FINISHED = List.of("finished_at", "completed_at", "ended_at", "done_at", "date_done",
            "finishedAt", "completedAt", "endedAt");
    private static final List<String> ERROR = List.of("error", "error_message", "last_error", "exception", "traceback", "errorMessage");
    private static final List<String> LEVEL = List.of("level", "severity", "log_level", "levelname", "loglevel", "logLevel");
    private static final List<String> MESSAGE = List.of("message", "error", "error_message", "msg", "exception", "errorMessage");
    private static final List<String> IP = List.of("ip", "ip_address", "remote_addr", "remote_ip", "client_ip", "ipAddress",
            "remoteAddr", "clientIp");
    private static final List<String> SUCCESS = List.of("success", "succeeded", "successful", "is_success", "isSuccess", "ok");
    private static final List<String> USER = List.of("user_email", "email", "username", "login", "user_name", "userEmail", "user_id",
            "userId");
    private static final Pattern JOB_TABLE = Pattern.compile("job|run|task|sync|cron|execution|worker", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR_TABLE = Pattern.compile("error|exception|failure|crash", Pattern.CASE_INSENSITIVE);

    /** The shapes of {@code t}: usually none, at most one of each kind. */
    static List<Shape> of(Catalog.Table t) {
        List<Shape> out = new ArrayList<>();
        jobs(t).ifPresent(out::add);
        errors(t).ifPresent(out::add);
        security(t).ifPresent(out::add);
        return out;
    }

    private static Optional<Shape> jobs(Catalog.Table t) {
        Optional<String> name = first(t, JOB_NAME, false);
        Optional<String> status = first(t, STATUS, false);
        Optional<String> start = first(t, START, true);
        Optional<String> time = start.or(() -> first(t, TIME, true));
        boolean jobTable = JOB_TABLE.matcher(t.name()).find();
        if (name.isEmpty() || status.isEmpty() || time.isEmpty() || (start.isEmpty() && !jobTable)) {
            return Optional.empty();
        }
        Map<String, String> cols = new LinkedHashMap<>();
        cols.put("name_column", name.get());
        cols.put("status_column", status.get());
        cols.put("time_column", time.get());
        first(t, FINISHED, true).filter(f -> !f.equals(time.get())).ifPresent(f -> cols.put("finished_column", f));
        first(t, ERROR, false).ifPresent(e -> cols.put("error_column", e));
        return Optional.of(new Shape("jobs", t, cols, String.format(Locale.ROOT, "%s has a job name (%s), a status (%s) and a %s (%s)",
                t.display(), name.get(), status.get(), start.isPresent() ? "start time" : "time", time.get())));
    }

    private static Optional<Shape> errors(Catalog.Table t) {
        Optional<String> level = first(t, LEVEL, false);
        Optional<String> message = first(t, MESSAGE, false);
        Optional<String> time = first(t, TIME, true);
        boolean errorTable = ERROR_TABLE.matcher(t.name()).find() || t.name().toLowerCase(Locale.ROOT).endsWith("logs")
                || t.name().toLowerCase(Locale.ROOT).endsWith("log");
        if (time.isEmpty() || message.isEmpty() || (level.isEmpty() && !errorTable) || first(t, STATUS, false).isPresent()) {
            return Optional.empty();
        }
        Map<String, String> cols = new LinkedHashMap<>();
        cols.put("time_column", time.get());
        level.ifPresent(l -> cols.put("group_by", l));
        String what = level.map(l -> "a level (" + l + "), ").orElse("") + "a message (" + message.get() + ") and a time (" + time.get() + ")";
        return Optional.of(new Shape("errors", t, cols, t.display() + " has " + what));
    }

    private static Optional<Shape> security(Catalog.Table t) {
        Optional<String> ip = first(t, IP, false);
        Optional<String> success = first(t, SUCCESS, false);
        Optional<String> time = first(t, TIME, true);
        if (ip.isEmpty() || success.isEmpty() || time.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> cols = new LinkedHashMap<>();
        cols.put("time_column", time.get());
        cols.put("ip_column", ip.get());
        cols.put("success_column", success.get());
        first(t, USER, false).ifPresent(u -> cols.put("user_column", u));
        return Optional.of(new Shape("security", t, cols, String.format(Locale.ROOT, "%s has an address (%s), a success flag (%s) and a time (%s)",
                t.display(), ip.get(), success.get(), time.get())));
    }

    /** The first of {@code names} that {@code t} has (a timestamp, when {@code timestamp}). */
    private static Optional<String> first(Catalog.Table t, List<String> names, boolean timestamp) {
        return names.stream().filter(n -> t.columns().contains(n))
                .filter(n -> !timestamp || t.type(n).startsWith("timestamp"))
                .findFirst();
    }
}
