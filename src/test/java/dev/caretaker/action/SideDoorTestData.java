package dev.caretaker.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;

/** An app with protected tax rates and every kind of door into them, and the statements that try each door. */
public final class SideDoorTestData {
    private SideDoorTestData() {
    }

    /** A function, a trigger, a cascade, a partition, a rule and dblink, all leading to tax_rates or rates_part; a harmless trigger. */
    public static final String SCHEMA = """
            CREATE TABLE tax_categories (id int PRIMARY KEY, name text);
            CREATE TABLE tax_rates (id int PRIMARY KEY, category_id int REFERENCES tax_categories (id) ON DELETE CASCADE, rate numeric);
            INSERT INTO tax_categories VALUES (1, 'standard'), (2, 'reduced');
            INSERT INTO tax_rates VALUES (1, 1, 19), (2, 2, 7), (3, 1, 16);
            CREATE TABLE notes (id serial PRIMARY KEY, body text);
            INSERT INTO notes (body) VALUES ('one'), ('two');
            CREATE TABLE notes2 (id serial PRIMARY KEY, body text);
            CREATE TABLE harmless (id int PRIMARY KEY, v int);
            INSERT INTO harmless VALUES (1, 0);
            CREATE FUNCTION side_effect() RETURNS int LANGUAGE plpgsql AS $$
            BEGIN CREATE TABLE side_effect_ran (x int); UPDATE tax_rates SET rate = 0; RETURN 1; END $$;
            CREATE FUNCTION wipe_rates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM tax_rates; RETURN NEW; END $$;
            CREATE TRIGGER harmless_wipe AFTER UPDATE ON harmless FOR EACH ROW EXECUTE FUNCTION wipe_rates();
            CREATE TABLE rates_part (country text, rate numeric) PARTITION BY LIST (country);
            CREATE TABLE rates_part_de PARTITION OF rates_part FOR VALUES IN ('DE');
            INSERT INTO rates_part VALUES ('DE', 19);
            CREATE RULE notes2_also AS ON INSERT TO notes2 DO ALSO DELETE FROM tax_rates WHERE id = 1;
            CREATE EXTENSION dblink;
            CREATE TABLE stamped (id int PRIMARY KEY, v int, changed_at timestamptz);
            INSERT INTO stamped VALUES (1, 0, NULL);
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
            CREATE TRIGGER stamped_touch BEFORE UPDATE ON stamped FOR EACH ROW EXECUTE FUNCTION touch();
            """;

    /** Each door, as an automatic statement would try it ({@code :pid} a session to kill). */
    public static final Map<String, String> STATEMENTS = statements("'dbname=postgres'");

    /** The doors, with {@code dblink}'s connection string given. */
    public static Map<String, String> statements(String connection) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("function", "UPDATE notes SET body = (SELECT side_effect()::text)");
        m.put("remote", "UPDATE notes SET body = dblink_exec(" + connection + ", 'DELETE FROM tax_rates')");
        m.put("trigger", "UPDATE harmless SET v = v + 1");
        m.put("cascade", "DELETE FROM tax_categories WHERE id = 1");
        m.put("partition", "DELETE FROM rates_part_de");
        m.put("rule", "INSERT INTO notes2 (body) VALUES ('x')");
        m.put("signal-where", "UPDATE notes SET body = 'x' WHERE pg_terminate_backend(:pid)");
        m.put("signal-returning", "UPDATE notes SET body = 'x' WHERE id = 1 RETURNING pg_terminate_backend(:pid)");
        return m;
    }

    /** An automatic sql action, tried once, by hand or hourly. */
    public static String auto(String name, String sql) {
        return name + ":\n  type: sql\n  policy: auto\n  every: 1h\n  database: app\n  verify: false\n  max_attempts: 1\n  sql: \""
                + sql.replace("\"", "\\\"") + "\"\n";
    }

    /** Every protected row is still there, and no function ran. */
    public static void intact(TestDatabase db) {
        assertThat(db.number("SELECT count(*) FROM tax_rates WHERE rate > 0")).as("tax_rates untouched").isEqualTo(3);
        assertThat(db.count("rates_part")).as("rates_part untouched").isEqualTo(1);
        assertThat(db.number("SELECT count(*) FROM pg_class WHERE relname = 'side_effect_ran'")).as("no function ran").isZero();
    }
}
