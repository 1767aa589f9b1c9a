-- Rollups of measurements, kept up to date as each run is stored: per series (system, check, metric, labels) and bucket
-- of 5 minutes, an hour or a day (UTC), the minimum, maximum, sum and count of its values. Charts and API ranges read the
-- coarsest resolution that answers them, so a year of history costs a year of days, not of minutes. Raw measurements go
-- with their runs after store.retention; rollups stay for store.retention.rollups.
CREATE TABLE measurement_rollup (
    resolution text             NOT NULL CHECK (resolution IN ('5m', '1h', '1d')),
    system     text             NOT NULL,
    check_name text             NOT NULL,
    metric     text             NOT NULL,
    labels     jsonb            NOT NULL,
    bucket     timestamptz      NOT NULL,
    min        double precision NOT NULL,
    max        double precision NOT NULL,
    sum        double precision NOT NULL,
    count      bigint           NOT NULL,
    PRIMARY KEY (system, check_name, metric, resolution, bucket, labels)
);
CREATE INDEX measurement_rollup_bucket_idx ON measurement_rollup (bucket);

-- a store that already holds measurements gets their rollups now
INSERT INTO measurement_rollup (resolution, system, check_name, metric, labels, bucket, min, max, sum, count)
SELECT res.name, r.system, m.check_name, m.metric, m.labels,
       to_timestamp(floor(extract(epoch FROM m.at) / res.seconds) * res.seconds), min(m.value), max(m.value), sum(m.value), count(*)
FROM measurement m
JOIN run r ON r.id = m.run_id
CROSS JOIN (VALUES ('5m', 300), ('1h', 3600), ('1d', 86400)) AS res (name, seconds)
GROUP BY 1, 2, 3, 4, 5, 6;

-- a check's recent results (its page's strip) without reading every result of every check
CREATE INDEX check_result_check_idx ON check_result (check_name, run_id DESC);
