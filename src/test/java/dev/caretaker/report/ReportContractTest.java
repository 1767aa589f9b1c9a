package dev.caretaker.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.action.ActionOutcome;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.Policy;
import dev.caretaker.config.Priority;
import dev.caretaker.config.Severity;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.rule.Alert;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What reports promise operators: their time zone, every open incident, whole numbers, objects, and text that cannot attack a terminal. */
class ReportContractTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HOSTILE_IP = "\u001b[2J\u001b[H\u001b[32mALL OK\u202e";

    private static Incident incident(long id, String source, String title) {
        Instant opened = Instant.parse("2026-11-20T09:00:00Z");
        return new Incident(id, "shop", source + "|db|x", source, Alert.Kind.FINDING, "db", "x", Severity.WARNING, Priority.P2,
                Incident.State.OPEN, title, opened, opened, null, null, null, null, null, false, false, 0);
    }

    static RunOutcome outcome() {
        CheckResult db = new CheckResult("db", "postgres", Status.CRITICAL, 40, "activity: ERROR: canceling statement\n  HINT: raise it\n  LINE 2: …",
                List.of(Measurement.of("postgres.database_bytes", 1.54082663E8, "database", "app"),
                        Measurement.of("postgres.cache_hit_percent", 97.5, "database", "app")),
                List.of(new Finding("security.login_burst", Severity.CRITICAL, HOSTILE_IP, "32 failed logins from " + HOSTILE_IP,
                        Map.of("failures", 32.0, "ratio", 9.5))));
        RunResult run = RunResult.of("shop", "nightly", Instant.parse("2026-11-22T02:00:00.123456789Z"),
                Instant.parse("2026-11-22T02:00:03.5Z"), List.of(db)).stored(7, 40);
        Incident old = incident(3, "postgres.table_bloat", "sync_runs is bloated");
        Incident fresh = incident(9, "security.login_burst", "32 failed logins");
        ActionOutcome action = new ActionOutcome("archive-error-logs", "retention", Policy.AUTO, "error_logs", "db", 9L, Priority.P2,
                ActionOutcome.Result.SUCCEEDED, 1800, 1, "moved into public.error_logs_archive 1800 row(s) of public.error_logs older than "
                + "2026-08-25T21:27:49.615082Z in 1 batch(es) — " + "a very long detail ".repeat(20), 0);
        return new RunOutcome(run, ZoneId.of("Europe/Berlin"), List.of(), List.of(new IncidentChange(IncidentChange.Kind.OPENED, fresh, "")),
                List.of(old, fresh), List.of(action), new dev.caretaker.action.AuditLog.Head(57, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), null, new RunOutcome.Notifications(List.of(new RunOutcome.Notification("ops", "incident_opened",
                "incident-9-opened-0", "sent", 1, null)), 1, 0, 0, Path.of("/var/lib/caretaker/outbox")));
    }

    @Test
    void json_has_times_in_the_configs_zone_whole_numbers_as_integers_every_open_incident_and_notifications_as_objects() throws Exception {
        JsonNode j = JSON.readTree(ReportFormat.JSON.render(outcome(), false));
        assertThat(j.get("started_at").asText()).isEqualTo("2026-11-22T03:00:00+01:00");
        JsonNode m = j.get("checks").get(0).get("measurements");
        assertThat(m.get(0).get("value").isIntegralNumber()).isTrue();
        assertThat(m.get(0).get("value").asLong()).isEqualTo(154082663L);
        assertThat(m.get(1).get("value").asDouble()).isEqualTo(97.5);
        assertThat(j.get("checks").get(0).get("findings").get(0).get("evidence").get("failures").isIntegralNumber()).isTrue();
        assertThat(j.get("incidents").findValuesAsText("id")).containsExactlyInAnyOrder("3", "9");
        assertThat(j.get("incidents")).anySatisfy(i -> {
            assertThat(i.get("id").asInt()).isEqualTo(3);
            assertThat(i.get("change").isNull()).as("open, untouched by this run").isTrue();
        });
        JsonNode n = j.get("notifications");
        assertThat(n.get("messages").get(0).get("channel").asText()).isEqualTo("ops");
        assertThat(n.get("messages").get(0).get("state").asText()).isEqualTo("sent");
        assertThat(n.get("delivered").asInt()).isEqualTo(1);
        assertThat(j.get("system_health").asInt()).isEqualTo(40);
        assertThat(j.get("audit").get("rows").asInt()).isEqualTo(57);
        assertThat(j.get("audit").get("head").asText()).isEqualTo("57:9f86d081884c7d65");
    }

    @Test
    void every_format_carries_the_audit_logs_head_so_a_cut_off_end_shows_against_kept_reports() {
        for (ReportFormat f : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.HTML)) {
            assertThat(f.render(outcome(), false)).as(f.name()).contains("Audit log: 57 entries, head 57:9f86d081884c7d65")
                    .contains("caretaker audit verify --head 57:9f86d081884c7d65");
        }
        RunOutcome o = outcome();
        RunOutcome first = new RunOutcome(o.run(), o.zone(), o.alerts(), o.incidents(), o.open(), o.actions(),
                new dev.caretaker.action.AuditLog.Head(1, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), o.tick(),
                o.notifications());
        for (ReportFormat f : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.HTML)) {
            assertThat(f.render(first, false)).as(f.name()).contains("Audit log: 1 entry, head 1:9f86d081884c7d65").doesNotContain("1 entries");
        }
    }

    @Test
    void text_lists_every_open_incident_in_the_configs_zone_and_neutralises_escape_sequences_from_the_app() {
        String text = ReportFormat.TEXT.render(outcome(), false);
        assertThat(text).contains("2026-11-22 03:00:00 CET").contains("#3 P2 warning open since 2026-11-20 10:00:00 CET")
                .contains("#9 P2 warning opened");
        assertThat(text).doesNotContain("\u001b", "\u202e").contains("\\e[2J\\e[H\\e[32mALL OK\\u202e");
        assertThat(text).as("a message over several lines keeps the layout").contains("canceling statement\n      HINT: raise it");
        String coloured = ReportFormat.TEXT.render(outcome(), true);
        assertThat(coloured).doesNotContain("\u001b[2J", "\u001b[H", "\u202e");
        assertThat(ReportFormat.MARKDOWN.render(outcome(), false)).doesNotContain("\u001b");
    }

    @Test
    void html_wraps_long_action_lines_and_shows_open_incidents() {
        String html = ReportFormat.HTML.render(outcome(), false);
        assertThat(html).contains("pre{white-space:pre-wrap").contains("sync_runs is bloated").contains("2026-11-22 03:00:00 CET");
    }
}
