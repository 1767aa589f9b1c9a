package dev.caretaker.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CheckType;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.config.Kinds;
import dev.caretaker.config.Metrics;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import dev.caretaker.incident.Incident;
import dev.caretaker.report.JsonReport;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A kind of check is one class and one registry line: a throwaway kind, defined and registered here and nowhere else, is read
 * with its own keys, validated like the built-in kinds, run by the engine, and its measurement and finding are stored, reported
 * and judged by rules and incidents like any other.
 */
@ExtendWith(TestDatabases.class)
class CheckKindRegistryTest {
    /** The throwaway kind: a check that counts to its {@code value} and finds it too high above {@code limit}. */
    static final class TallyKind implements CheckKind {
        record Config(CheckType kind, String name, String description, int value, int limit) implements CheckConfig {
        }

        @Override
        public String name() {
            return "tally";
        }

        @Override
        public List<String> keys() {
            return List.of("value", "limit");
        }

        @Override
        public CheckConfig read(Section s, Draft draft) {
            if (!s.has("value")) {
                s.problem("'" + s.path() + "' needs 'value'");
            }
            return new Config(this, draft.name(), draft.description(), s.integer("value", 0, 0, 1000), s.integer("limit", 10, 0, 1000));
        }

        @Override
        public List<Metric> metrics() {
            return List.of(Metric.of("tally.value", "count", "the number the tally counted to"));
        }

        @Override
        public Check create(CheckConfig config) {
            Config c = (Config) config;
            return new ConfiguredCheck<>(c) {
                @Override
                public CheckResult run(CheckContext context) {
                    ResultBuilder out = new ResultBuilder(name(), type(), context.clock()).measure("tally.value", c.value());
                    if (c.value() > c.limit()) {
                        out.find(Finding.of("tally.too_high", Severity.WARNING, name(), name() + " counted " + c.value() + ", over " + c.limit()));
                    }
                    return out.build();
                }
            };
        }
    }

    /** The one line that registers it. */
    private static final Kinds KINDS = Engine.KINDS.withCheck(new TallyKind());

    private static CaretakerConfig load(String yaml) {
        return new ConfigLoader(Map.of(), KINDS).parse("tally.yml", Path.of("tally.yml"), yaml);
    }

    @Test
    void a_kind_added_in_one_line_is_read_run_stored_reported_and_judged_end_to_end(TestDatabase db, Store store) {
        CaretakerConfig config = load("""
                system: tally-%s
                checks:
                  orders-counted: {type: tally, value: 12, limit: 10, description: counts orders}
                rules:
                  - name: tally-critical
                    when: tally.value{check="orders-counted"} > 11
                    severity: critical
                suites:
                  nightly:
                    checks: [orders-counted]
                """.formatted(db.name()));
        assertThat(config.checks().get("orders-counted").type()).isEqualTo("tally");
        assertThat(Metrics.of(config.checks().get("orders-counted"))).extracting(Metric::name).containsExactly("tally.value");

        Engine engine = Pipeline.engine(store, config, Clock.systemUTC()).build();
        RunOutcome outcome = engine.run(Engine.RunRequest.of("nightly"));

        CheckResult stored = engine.runs().load(outcome.run().runId()).orElseThrow().results().stream()
                .filter(r -> r.name().equals("orders-counted")).findFirst().orElseThrow();
        assertThat(engine.checks().latest("orders-counted")).as("the check's latest result, as the dashboard and the API read it")
                .hasValueSatisfying(r -> assertThat(r.findings()).extracting(Finding::code).containsExactly("tally.too_high"));
        assertThat(stored.type()).isEqualTo("tally");
        assertThat(stored.status()).isEqualTo(Status.WARNING);
        assertThat(stored.measurements()).singleElement().satisfies(m -> {
            assertThat(m.metric()).isEqualTo("tally.value");
            assertThat(m.value()).isEqualTo(12);
        });
        assertThat(stored.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("tally.too_high");
            assertThat(f.message()).isEqualTo("orders-counted counted 12, over 10");
        });

        String report = JsonReport.render(outcome);
        assertThat(report).contains("\"type\" : \"tally\"").contains("\"metric\" : \"tally.value\"").contains("\"code\" : \"tally.too_high\"");

        List<Incident> open = engine.incidents().list(true, 10);
        assertThat(open).as("the finding and the rule on the kind's measurement each open an incident")
                .extracting(Incident::source).contains("tally.too_high", "tally-critical");
    }

    @Test
    void the_new_kind_is_validated_like_the_others_and_named_among_the_types() {
        assertThatThrownBy(() -> load("""
                checks:
                  counted: {type: tally, valeu: 3}
                  other: {type: tallly}
                """)).isInstanceOf(ConfigException.class).hasMessage(String.join("\n",
                "tally.yml:2:12: 'checks.counted' needs 'value'",
                "tally.yml:2:26: unknown key 'valeu' in 'checks.counted' (did you mean 'value'?); allowed: type, description, depends_on, upstream, "
                        + "every, runbook, ignore, value, limit",
                "tally.yml:3:17: unknown check type 'tallly' (did you mean 'tally'?); types: postgres, integrity, http, jobs, errors, "
                        + "security, backup, sql, command, host, heartbeat, email_delivery, statuspage, supabase, tcp, domain, smtp, dns, ping, tally"));
        assertThatThrownBy(() -> Engine.configLoader(Map.of()).parse("tally.yml", Path.of("tally.yml"), """
                checks:
                  counted: {type: tally, value: 3}
                """)).as("without its line the kind is unknown").isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown check type 'tally'");
    }
}
