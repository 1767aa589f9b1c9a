-- Approval requests and the audit log are signed with Caretaker's key (CARETAKER_SECRET_KEY or secret.key under its home),
-- which the store never holds: a request edited in the store, or audit rows edited and re-chained, no longer pass.

-- a request carries an HMAC over what decides what runs and its state; who approved is kept with the OS user beside it
ALTER TABLE approval ADD COLUMN mac text;
ALTER TABLE approval ADD COLUMN requested_os_user text;
ALTER TABLE approval ADD COLUMN decided_os_user text;
-- a request Caretaker voided (what it would run changed, or the row was edited) no longer holds its occasion: the next run
-- asks again, with what it would run now
ALTER TABLE approval DROP CONSTRAINT approval_system_action_subject_occasion_key;
CREATE UNIQUE INDEX approval_live_occasion ON approval (system, action, subject, occasion) WHERE state <> 'void';
-- requests filed before signing cannot be told from edited ones: they no longer run
UPDATE approval SET state = 'void', reason = 'requested before approvals were signed; run it by hand (caretaker actions run) if it is still needed'
WHERE state = 'pending';

-- each audit row gets its place in the chain (seq) and whether its hash is an HMAC under the key (keyed); rows written before
-- stay unkeyed, and the first keyed row's HMAC covers the hash of the last of them
ALTER TABLE audit ADD COLUMN seq bigint;
ALTER TABLE audit ADD COLUMN keyed boolean NOT NULL DEFAULT false;
ALTER TABLE audit DISABLE TRIGGER audit_no_change;
UPDATE audit a SET seq = n.seq FROM (SELECT id, row_number() OVER (ORDER BY id) AS seq FROM audit) n WHERE n.id = a.id;
ALTER TABLE audit ENABLE TRIGGER audit_no_change;
ALTER TABLE audit ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX audit_seq ON audit (seq);

-- the fingerprint of the key this store is signed with, so a node with another key says so instead of calling everything forged
CREATE TABLE signing_key (
    id          int         PRIMARY KEY CHECK (id = 1),
    fingerprint text        NOT NULL,
    created_at  timestamptz NOT NULL
);
