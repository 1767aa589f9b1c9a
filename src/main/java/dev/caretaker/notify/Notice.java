package dev.caretaker.notify;

import dev.caretaker.action.ActionOutcome;
import dev.caretaker.incident.Incident;
import java.nio.file.Path;

/** What a channel kind turns into a payload: the neutral content of one message, before any channel's format. */
public sealed interface Notice {
    /** The system the message is about, and the config file (for the commands a message suggests). */
    String system();

    Path configFile();

    /** The config's time zone, in which messages show times. */
    java.time.ZoneId zone();

    /**
     * The audit log's head when the message was written ({@code 57:9f86d081884c7d65}), or null: every message carries it, so
     * rows cut off the log's end show against the messages people keep.
     */
    String audit();

    /**
     * An incident changed: {@code verb} is what happened to it (opened, re-opened, worse, flapping, escalated, resolved, acknowledged);
     * {@code link} is its page on the dashboard when {@code auth.public_url} says where people reach Caretaker, else null.
     */
    record IncidentNotice(String system, Path configFile, java.time.ZoneId zone, MessageKind kind, String verb, Incident incident, String detail,
                          String audit, String runbook, java.net.URI link) implements Notice {
        /** A notice without a link to the dashboard. */
        public IncidentNotice(String system, Path configFile, java.time.ZoneId zone, MessageKind kind, String verb, Incident incident,
                              String detail, String audit, String runbook) {
            this(system, configFile, zone, kind, verb, incident, detail, audit, runbook, null);
        }

        /** The incident's page at {@code publicUrl} (the dashboard's {@code /incidents/ID}), or null without one. */
        public static java.net.URI link(java.util.Optional<java.net.URI> publicUrl, long id) {
            return publicUrl.map(u -> java.net.URI.create(u.toString().replaceAll("/+$", "") + "/incidents/" + id)).orElse(null);
        }

        public boolean resolved() {
            return kind == MessageKind.INCIDENT_RESOLVED;
        }
    }

    /**
     * Several incident changes of one run, for one group of {@code notify.group_by}: one email or chat message lists them. With
     * an {@code intro} (else null), the incidents already open that a newly added route is told of at once (a catch-up).
     */
    record IncidentGroupNotice(String system, Path configFile, java.time.ZoneId zone, java.util.List<IncidentNotice> items, String audit,
                               String intro) implements Notice {
        public IncidentGroupNotice(String system, Path configFile, java.time.ZoneId zone, java.util.List<IncidentNotice> items, String audit) {
            this(system, configFile, zone, items, audit, null);
        }
    }

    /** An action asks for approval ({@code kind} approval_requested) or reports its result. */
    record ActionNotice(String system, Path configFile, java.time.ZoneId zone, MessageKind kind, ActionOutcome outcome, String audit)
            implements Notice {
        public boolean pending() {
            return kind == MessageKind.APPROVAL_REQUESTED;
        }
    }

    /** A rendered run report: the email subject, text and HTML, a short summary for chat, and the JSON report. */
    record ReportNotice(String system, Path configFile, java.time.ZoneId zone, long runId, String key, String subject, String text, String html,
                        String summary, java.util.Map<String, Object> json, String audit, java.util.Map<String, String> images) implements Notice {
        /** A run's report: no images. */
        public ReportNotice(String system, Path configFile, java.time.ZoneId zone, long runId, String key, String subject, String text, String html,
                            String summary, java.util.Map<String, Object> json, String audit) {
            this(system, configFile, zone, runId, key, subject, text, html, summary, json, audit, java.util.Map.of());
        }
    }
}
