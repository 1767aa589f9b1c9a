-- Who was paged when, beyond the opening message: each reminder and each escalation step of an incident, once per opening
-- ("reopened" counts the re-openings), so a restart, a second node or a re-run never pages twice. "notify" holds the names
-- the page went to as the config wrote them.
CREATE TABLE incident_page (
    incident_id bigint      NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    reopened    int         NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('reminder', 'step')),
    number      int         NOT NULL,
    of_total    int         NOT NULL,
    at          timestamptz NOT NULL,
    notify      text[]      NOT NULL,
    PRIMARY KEY (incident_id, reopened, kind, number)
);
