-- Once means once: a tick's run is stored once, a delivery's claim names its holder, a node says why it cannot work.

-- A tick's run is unique per (system, suite, tick). Duplicates stored before (a tick re-run by a second node) go: the first
-- stored run of each tick stays, with the incidents and messages it made; the later copies' results, measurements and
-- findings go with them.
CREATE TEMPORARY TABLE run_duplicate ON COMMIT DROP AS
SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY system, suite, tick ORDER BY id) AS n FROM run WHERE tick IS NOT NULL) r
WHERE n > 1;
DELETE FROM measurement WHERE run_id IN (SELECT id FROM run_duplicate);
DELETE FROM run WHERE id IN (SELECT id FROM run_duplicate);
DROP INDEX run_tick_idx;
CREATE UNIQUE INDEX run_tick_key ON run (system, suite, tick) WHERE tick IS NOT NULL;

-- A claim carries a token: only the holder of the current claim records its message sent or failed, and a sender looks
-- that its claim still holds before it sends.
ALTER TABLE outbox ADD COLUMN claim_token text;

-- What a node runs with, and why it does not work when it cannot (another signing key, schema version or config).
ALTER TABLE node ADD COLUMN key_fingerprint text;
ALTER TABLE node ADD COLUMN schema_version integer;
ALTER TABLE node ADD COLUMN config_fingerprint text;
ALTER TABLE node ADD COLUMN problem text;
ALTER TABLE node ADD COLUMN ready_since timestamptz;
