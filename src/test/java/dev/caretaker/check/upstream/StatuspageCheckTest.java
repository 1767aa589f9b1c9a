package dev.caretaker.check.upstream;

import static dev.caretaker.Findings.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Receiver;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.config.Severity;
import dev.caretaker.demo.api.StatuspageStandIn;
import dev.caretaker.engine.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A provider's status page in Statuspage's v2 JSON, read as the provider reports itself. */
class StatuspageCheckTest {
    StatuspageStandIn page;

    @BeforeEach
    void start() throws Exception {
        page = new StatuspageStandIn("Zoho", 0).component("Zoho Books", "operational").component("Zoho CRM", "operational")
                .component("Zoho Desk", "operational");
    }

    @AfterEach
    void stop() {
        page.close();
    }

    static CaretakerConfig load(String yaml) {
        return new ConfigLoader(Map.of(), Engine.KINDS).parse("t.yml", Path.of("t.yml"), yaml);
    }

    CheckResult run(String extra) {
        CaretakerConfig c = load("""
                checks:
                  zoho-status:
                    type: statuspage
                    url: %s
                """.formatted(page.url()) + extra.indent(4));
        return Checks.create(c.checks().get("zoho-status")).run(new CheckContext(Clock.systemUTC(), null, c.secrets()));
    }

    @Test
    void a_major_outage_is_a_warning_in_the_providers_words_with_its_incident_and_link_and_an_operational_page_says_nothing() {
        CheckResult fine = run("");
        assertThat(fine.status()).isEqualTo(Status.OK);
        assertThat(fine.findings()).isEmpty();
        assertThat(fine.measurements()).filteredOn(m -> m.metric().equals("upstream.operational")).hasSize(3)
                .allSatisfy(m -> assertThat(m.value()).isEqualTo(1.0));

        Instant started = Instant.now().minus(40, ChronoUnit.MINUTES);
        page.component("Zoho Books", "major_outage").incident("Zoho Books is unavailable in the EU", "investigating", "critical", started,
                "Zoho Books");
        CheckResult down = run("");

        Finding f = of(down, "upstream.outage").get(0);
        assertThat(f.severity()).as("the provider's fault: told, not paged").isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("Zoho Books");
        assertThat(f.message()).startsWith("Zoho reports a major outage in Zoho Books since ")
                .contains(": Zoho Books is unavailable in the EU (investigating), https://stspg.io/");
        assertThat(f.evidence()).containsEntry("provider", "Zoho").containsEntry("status", "major_outage")
                .containsEntry("incident", "Zoho Books is unavailable in the EU").containsEntry("since", started.toString());
        assertThat(down.findings()).extracting(Finding::subject).containsExactly("Zoho Books");
        assertThat(down.measurements()).filteredOn(m -> m.metric().equals("upstream.operational") && m.value() == 0)
                .extracting(m -> m.labels().get("component")).containsExactly("Zoho Books");
    }

    @Test
    void degraded_performance_and_a_maintenance_under_way_are_info_and_only_the_named_components_are_judged() {
        Instant now = Instant.now();
        page.component("Zoho CRM", "degraded_performance").incident("Slow CRM searches", "identified", "minor", now.minusSeconds(600), "Zoho CRM")
                .component("Zoho Desk", "under_maintenance")
                .maintenance("Desk database upgrade", "in_progress", now.minusSeconds(300), now.plusSeconds(3600), "Zoho Desk");
        CheckResult all = run("");
        assertThat(of(all, "upstream.degraded")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.message()).contains("Zoho reports degraded performance in Zoho CRM", "Slow CRM searches (identified)");
        });
        assertThat(of(all, "upstream.maintenance")).singleElement().satisfies(f ->
                assertThat(f.message()).contains("Zoho reports maintenance in Zoho Desk", "Desk database upgrade (in_progress)"));

        CheckResult booksOnly = run("components: [Zoho Books]");
        assertThat(booksOnly.findings()).as("the CRM and Desk are not ours to watch here").isEmpty();
    }

    @Test
    void a_component_the_page_does_not_have_or_a_page_that_is_not_there_is_unknown_saying_why() {
        CheckResult typo = run("components: [Zoho Boks]");
        assertThat(typo.status()).isEqualTo(Status.UNKNOWN);
        assertThat(typo.error()).contains("the status page has no component 'Zoho Boks'; its components: Zoho Books, Zoho CRM, Zoho Desk");

        CaretakerConfig c = load("checks:\n  s: {type: statuspage, url: \"" + page.url() + "/nothing.json\"}\n");
        CheckResult missing = Checks.create(c.checks().get("s")).run(new CheckContext(Clock.systemUTC(), null, c.secrets()));
        assertThat(missing.status()).isEqualTo(Status.UNKNOWN);
        assertThat(missing.error()).contains("404");
    }

    @Test
    void a_url_that_answers_json_but_not_a_statuspage_summary_is_unknown_saying_where_to_point_it() throws Exception {
        try (Receiver health = new Receiver(200)) {
            health.answer = "{\"status\":\"ok\"}";
            CaretakerConfig c = load("checks:\n  s: {type: statuspage, url: \"" + health.url("/health") + "\"}\n");
            CheckResult r = Checks.create(c.checks().get("s")).run(new CheckContext(Clock.systemUTC(), null, c.secrets()));
            assertThat(r.status()).as("an app's health answer is not a provider saying all is well").isEqualTo(Status.UNKNOWN);
            assertThat(r.error()).contains("is not a Statuspage summary (no 'components'); point 'url' at the status page "
                    + "(its /api/v2/summary.json)");

            health.answer = "{\"page\":{\"name\":\"Zoho\"},\"components\":[{\"name\":\"Zoho Books\"}]}";
            CheckResult noStatus = Checks.create(c.checks().get("s")).run(new CheckContext(Clock.systemUTC(), null, c.secrets()));
            assertThat(noStatus.status()).isEqualTo(Status.UNKNOWN);
            assertThat(noStatus.error()).contains("is not a Statuspage summary (component 'Zoho Books' has no 'status')");
        }
        assertThat(run("").status()).as("the clean twin: a real summary").isEqualTo(Status.OK);
    }

    @Test
    void a_component_named_twice_is_a_config_problem_naming_it() {
        assertThatThrownBy(() -> run("components: [Zoho Books, Zoho CRM, zoho books]")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'checks.zoho-status.components' names 'zoho books' twice");
        assertThat(run("components: [Zoho Books, Zoho CRM]").status()).isEqualTo(Status.OK);
    }

    @Test
    void the_url_may_be_the_page_or_its_summary_and_a_missing_url_or_a_wrong_upstream_is_named() {
        for (String url : new String[] {page.url(), page.url() + "/", page.url() + "/api/v2/summary.json"}) {
            CaretakerConfig c = load("checks:\n  s: {type: statuspage, url: \"" + url + "\"}\n");
            assertThat(Checks.create(c.checks().get("s")).run(new CheckContext(Clock.systemUTC(), null, c.secrets())).status())
                    .as(url).isEqualTo(Status.OK);
        }
        assertThat(page.seen()).extracting(s -> s.path()).containsOnly("/api/v2/summary.json");
        assertThatThrownBy(() -> load("""
                checks:
                  s: {type: statuspage}
                  app: {type: http, url: "http://127.0.0.1:9/", upstream: web}
                  web: {type: http, url: "http://127.0.0.1:9/"}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'checks.s' needs 'url'")
                .hasMessageContaining("check 'app' names 'web' as its upstream, which is a http check; 'upstream' names a check of type "
                        + "statuspage");
        // the provider's page must be read in the same run as the check that waits on it, or its outage pages
        assertThatThrownBy(() -> load("""
                checks:
                  pay-status: {type: statuspage, url: "http://127.0.0.1:9/"}
                  pay: {type: http, url: "http://127.0.0.1:9/", upstream: pay-status, every: 1m}
                suites:
                  payments: {checks: [pay]}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("suite 'payments' runs check 'pay' but not its upstream 'pay-status': the provider's outage would go "
                        + "unseen and page; add 'pay-status' to the suite")
                .hasMessageContaining("check 'pay' runs every 1m on its own, but its upstream 'pay-status' not on its own: give "
                        + "'pay-status' the same 'every', so both run together");
        assertThat(load("""
                checks:
                  pay-status: {type: statuspage, url: "http://127.0.0.1:9/", every: 1m}
                  pay: {type: http, url: "http://127.0.0.1:9/", upstream: pay-status, every: 1m}
                suites:
                  payments: {checks: [pay-status, pay]}
                """).checks()).containsKeys("pay", "pay-status");
    }
}
