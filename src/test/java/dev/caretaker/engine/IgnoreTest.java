package dev.caretaker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.report.JsonReport;
import dev.caretaker.report.ReportFormat;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A check's {@code ignore:} entries, on a Django-shaped schema: the framework's own redundant indexes are ignored with a
 * reason (kept out of the status, the health score and incidents, but listed in every report), the app's own still count; an
 * entry without a reason is refused; one whose {@code until} has passed ignores nothing.
 */
@ExtendWith(TestDatabases.class)
class IgnoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static void plant(TestDatabase db) {
        db.exec("CREATE TABLE django_session (session_key varchar(40) PRIMARY KEY, session_data text NOT NULL, expire_date timestamptz NOT NULL)",
                "CREATE INDEX django_session_expire_date_a5c62663 ON django_session (expire_date)",
                "CREATE INDEX django_session_expire_date_key_idx ON django_session (expire_date, session_key)",
                "CREATE TABLE shop_order (id bigserial PRIMARY KEY, status text, created_at timestamptz)",
                "CREATE INDEX shop_order_status_idx ON shop_order (status)",
                "CREATE INDEX shop_order_status_created_idx ON shop_order (status, created_at)");
    }

    private static String config(TestDatabase db, String ignore) {
        return """
                system: ignore-%s
                databases:
                  app: {url: "${DB}"}
                checks:
                  pg:
                    type: postgres
                    database: app
                    thresholds: {duplicate_index: {warning: 0}}
                """.formatted(db.name()) + ignore.indent(4);
    }

    private static List<String> subjects(JsonNode report, String field, String code) {
        List<String> out = new ArrayList<>();
        JsonNode list = field.equals("ignored") ? report.get("ignored") : report.get("checks").get(0).get("findings");
        if (list != null) {
            list.forEach(f -> {
                if (f.get("code").asText().equals(code)) {
                    out.add(f.get("subject").asText());
                }
            });
        }
        return out;
    }

    private static List<String> opened(RunOutcome o) {
        return o.incidents().stream().filter(c -> c.kind() == IncidentChange.Kind.OPENED).map(c -> c.incident().subject()).toList();
    }

    @Test
    void a_matching_subject_glob_is_ignored_with_its_reason_and_the_rest_still_counts(TestDatabase db, Store store) {
        plant(db);
        CaretakerConfig c = db.config(config(db, """
                ignore:
                  - code: postgres.duplicate_index
                    subject: "django_*"
                    reason: Django creates these itself
                    until: 2099-03-01
                """));
        RunOutcome o = Pipeline.checkAndRemediate(store, c, new SettableClock(Instant.now()), false, d -> { });
        JsonNode report = JSON.valueToTree(JsonReport.tree(o));
        assertThat(subjects(report, "findings", "postgres.duplicate_index")).containsExactly("shop_order_status_idx");
        assertThat(subjects(report, "ignored", "postgres.duplicate_index")).containsExactly("django_session_expire_date_a5c62663");
        JsonNode ignored = report.get("ignored").get(0);
        assertThat(ignored.get("check").asText()).isEqualTo("pg");
        assertThat(ignored.get("reason").asText()).isEqualTo("Django creates these itself");
        assertThat(ignored.get("source").asText()).isEqualTo("config");
        assertThat(ignored.get("until").asText()).startsWith("2099-03-01T00:00:00");
        assertThat(opened(o)).contains("shop_order_status_idx").doesNotContain("django_session_expire_date_a5c62663");

        assertThat(ReportFormat.TEXT.render(o, false)).contains("1 ignored", "django_session_expire_date_a5c62663", "Django creates these itself");
        assertThat(ReportFormat.MARKDOWN.render(o, false)).contains("## 1 ignored", "Django creates these itself");
        assertThat(ReportFormat.HTML.render(o, false)).contains("<h2>1 ignored</h2>", "Django creates these itself");
        assertThat(ReportFormat.JSON.render(o, false)).contains("\"ignored\"", "Django creates these itself");

        RunOutcome again = Pipeline.checkAndRemediate(store, c, new SettableClock(Instant.now()), false, d -> { });
        assertThat(opened(again)).as("nothing new on the second run").isEmpty();
        assertThat(again.open()).extracting(i -> i.subject()).doesNotContain("django_session_expire_date_a5c62663");
    }

    @Test
    void without_ignore_both_indexes_warn(TestDatabase db, Store store) {
        plant(db);
        RunOutcome o = Pipeline.checkAndRemediate(store, db.config(config(db, "")), new SettableClock(Instant.now()), false, d -> { });
        JsonNode report = JSON.valueToTree(JsonReport.tree(o));
        assertThat(subjects(report, "findings", "postgres.duplicate_index"))
                .containsExactlyInAnyOrder("shop_order_status_idx", "django_session_expire_date_a5c62663");
        assertThat(opened(o)).contains("shop_order_status_idx", "django_session_expire_date_a5c62663");
        assertThat(ReportFormat.TEXT.render(o, false)).doesNotContain("not counted; the reasons people gave");
    }

    @Test
    void an_ignore_whose_until_has_passed_ignores_nothing(TestDatabase db, Store store) {
        plant(db);
        CaretakerConfig c = db.config(config(db, """
                ignore:
                  - {code: "postgres.*", subject: "django_*", reason: "until the upgrade", until: 2020-01-01}
                """));
        RunOutcome o = Pipeline.checkAndRemediate(store, c, new SettableClock(Instant.now()), false, d -> { });
        JsonNode report = JSON.valueToTree(JsonReport.tree(o));
        assertThat(subjects(report, "findings", "postgres.duplicate_index")).contains("django_session_expire_date_a5c62663");
        assertThat(report.get("ignored")).isEmpty();
        assertThat(opened(o)).contains("django_session_expire_date_a5c62663");
    }

    @Test
    void an_ignore_without_a_reason_is_refused_naming_the_check_and_the_entry(TestDatabase db) {
        assertThatThrownBy(() -> db.config(config(db, """
                ignore:
                  - {code: postgres.duplicate_index, subject: "django_*"}
                """))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("checks.pg.ignore[0]").hasMessageContaining("check 'pg'").hasMessageContaining("needs 'reason'");
        assertThatThrownBy(() -> db.config(config(db, """
                ignore:
                  - {code: postgres.duplicate_index, subjet: "django_*", reason: x}
                """))).isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'subjet'").hasMessageContaining("did you mean 'subject'");
        assertThatThrownBy(() -> db.config(config(db, """
                ignore:
                  - {code: postgres.duplicate_index, reason: x, until: next spring}
                """))).isInstanceOf(ConfigException.class).hasMessageContaining("until").hasMessageContaining("2027-03-01");
    }

    @Test
    void an_open_incident_whose_finding_the_config_now_ignores_resolves_as_ignored(TestDatabase db, Store store) {
        plant(db);
        SettableClock clock = new SettableClock(Instant.now());
        Pipeline.checkAndRemediate(store, db.config(config(db, "")), clock, false, d -> { });
        CaretakerConfig ignoring = db.config(config(db, """
                ignore:
                  - {code: postgres.duplicate_index, subject: "django_*", reason: "Django creates these itself"}
                """));
        Engine engine = Pipeline.engine(store, ignoring, clock).build();
        long id = engine.incidents().active().stream().filter(i -> i.subject().equals("django_session_expire_date_a5c62663"))
                .findFirst().orElseThrow().id();
        Pipeline.checkAndRemediate(store, ignoring, clock, false, d -> { });
        IncidentDesk.Detail d = engine.incidents().show(id);
        assertThat(d.incident().state().label()).isEqualTo("resolved");
        assertThat(d.timeline()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("ignored");
            assertThat(e.detail()).isEqualTo("resolved as ignored (config): Django creates these itself");
        });
        assertThat(engine.incidents().active()).extracting(i -> i.subject()).contains("shop_order_status_idx");
    }
}
