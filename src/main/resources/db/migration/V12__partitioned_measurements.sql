-- Raw measurements in one partition per UTC day: a day whose runs are all gone (every system's store.retention has
-- passed it) is dropped whole instead of deleted row by row. The link to check_result goes: a partition is dropped by
-- time, not by the runs it held, and readers join run anyway.
ALTER TABLE measurement RENAME TO measurement_unpartitioned;
ALTER INDEX measurement_metric_at_idx RENAME TO measurement_unpartitioned_metric_at_idx;
ALTER INDEX measurement_run_idx RENAME TO measurement_unpartitioned_run_idx;

CREATE TABLE measurement (
    run_id     bigint           NOT NULL,
    check_name text             NOT NULL,
    metric     text             NOT NULL,
    labels     jsonb            NOT NULL DEFAULT '{}',
    value      double precision NOT NULL,
    at         timestamptz      NOT NULL
) PARTITION BY RANGE (at);
CREATE INDEX measurement_metric_at_idx ON measurement (metric, at);
CREATE INDEX measurement_run_idx ON measurement (run_id);

-- a partition for every day that holds rows, today and tomorrow; Caretaker makes later ones before it writes into them
DO $$
DECLARE
    d date;
BEGIN
    FOR d IN SELECT DISTINCT (at AT TIME ZONE 'UTC')::date FROM measurement_unpartitioned
             UNION SELECT (now() AT TIME ZONE 'UTC')::date + i FROM generate_series(0, 1) i
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF measurement FOR VALUES FROM (%L) TO (%L)',
                       'measurement_' || to_char(d, 'YYYYMMDD'), (d::timestamp AT TIME ZONE 'UTC')::text,
                       ((d + 1)::timestamp AT TIME ZONE 'UTC')::text);
    END LOOP;
END $$;

INSERT INTO measurement (run_id, check_name, metric, labels, value, at)
SELECT run_id, check_name, metric, labels, value, at FROM measurement_unpartitioned;
DROP TABLE measurement_unpartitioned;
