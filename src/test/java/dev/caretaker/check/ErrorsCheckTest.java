package dev.caretaker.check;

import dev.caretaker.TestDatabases;
import dev.caretaker.config.Severity;
import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.class)
class ErrorsCheckTest {
    static final String TABLE = "CREATE TABLE error_logs (id bigserial PRIMARY KEY, source text, at timestamptz NOT NULL)";
    /** A quiet week: about four errors an hour from each source. */
    static final String QUIET_WEEK = """
            INSERT INTO error_logs (source, at)
            SELECT (ARRAY['api', 'zoho-sync'])[1 + g % 2], now() - make_interval(mins => 61 + g * 15)
            FROM generate_series(0, 7 * 24 * 4 - 6) g""";

    static String config(String extra) {
        return TestDatabase.oneCheck("errors", "errors", "table: error_logs\ntime_column: at\n" + extra);
    }

    @Test
    void a_spike_against_a_quiet_week_is_found_per_group(TestDatabase db) {
        db.exec(TABLE, QUIET_WEEK,
                "INSERT INTO error_logs (source, at) SELECT 'zoho-sync', now() - make_interval(secs => g * 10) FROM generate_series(1, 15) g",
                "INSERT INTO error_logs (source, at) SELECT 'api', now() - make_interval(secs => g * 10) FROM generate_series(1, 9) g");
        CheckResult r = db.run(db.config(config("group_by: source")), "errors");
        Finding f = one(r, "errors.spike");
        assertThat(f.subject()).isEqualTo("zoho-sync");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence()).containsEntry("events", 15L).containsEntry("baseline_median", 2.0);
    }

    @Test
    void a_usual_hour_raises_nothing_and_a_tenfold_one_is_critical(TestDatabase db) {
        db.exec(TABLE, QUIET_WEEK, "INSERT INTO error_logs (source, at) SELECT 'api', now() - make_interval(mins => g * 15) FROM generate_series(0, 3) g");
        assertThat(of(db.run(db.config(config("")), "errors"), "errors.spike")).isEmpty();
        db.exec("INSERT INTO error_logs (source, at) SELECT 'api', now() - make_interval(secs => g) FROM generate_series(1, 60) g");
        assertThat(one(db.run(db.config(config("")), "errors"), "errors.spike").severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void error_rate_against_all_requests_of_the_window(TestDatabase db) {
        db.exec(TABLE, "CREATE TABLE requests (id bigserial PRIMARY KEY, at timestamptz NOT NULL)",
                "INSERT INTO requests (at) SELECT now() - make_interval(secs => g) FROM generate_series(1, 1000) g",
                "INSERT INTO error_logs (source, at) SELECT 'api', now() - make_interval(secs => g) FROM generate_series(1, 30) g");
        Finding f = one(db.run(db.config(config("total: {table: requests, time_column: at}")), "errors"), "errors.rate");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence()).containsEntry("requests", 1000L);
        // an operator's own query runs only under a role that can read and no more: a reader of these two tables
        db.as(db.role("reader", "r3ad-only", "SELECT ON error_logs, requests"), "r3ad-only");
        Finding byQuery = one(db.run(db.config(config("total: {query: 'SELECT 500'}")), "errors"), "errors.rate");
        assertThat(byQuery.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(of(db.run(db.config(config("total: {query: 'SELECT 100000'}")), "errors"), "errors.rate")).isEmpty();
    }
}
