-- 020_exchange.sql — the exchange with the national platform (notice §7, 附件3; issue 11).
--
-- One schema for both roles: the hub (`ureg serve --role national`) fills the registry, the
-- routes, the cases it holds and the messages it received; a local system fills the registry
-- (the hub's key) and its outbox. Times are INTEGER Unix seconds; *_ms columns are Unix
-- milliseconds, kept for the timeliness figures and the benchmark. IF NOT EXISTS: running it
-- again (a restore of a file whose version row was lost) changes nothing.

-- The registry of systems and their Ed25519 public keys (base64 of 32 bytes). On the hub: the
-- local systems; on a local system: the hub ("national").
CREATE TABLE IF NOT EXISTS exchange_system (
    system_id    TEXT PRIMARY KEY,
    public_key   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER                     -- the last message that passed its signature check
);

-- Region-code prefixes a system owns (hub): the longest prefix of a register_region wins.
CREATE TABLE IF NOT EXISTS exchange_route (
    prefix    TEXT PRIMARY KEY,
    system_id TEXT NOT NULL REFERENCES exchange_system (system_id)
);

-- The hub's cases: applications taken by the national entry (national_no set, form held in
-- `payload` until its local system acknowledged it, then erased), and results uploaded for
-- applications of the locals' own channels (local_no only). Keyed for the public status query
-- by national_no or local_no with the query-code hash.
CREATE TABLE IF NOT EXISTS exchange_case (
    id               INTEGER PRIMARY KEY,     -- the download cursor's order
    national_no      TEXT UNIQUE,
    local_no         TEXT UNIQUE,             -- the local application_no (区划代码 + 流水号)
    system_id        TEXT NOT NULL REFERENCES exchange_system (system_id),
    register_region  TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('online', 'counter', 'national')),
    status           TEXT NOT NULL CHECK (status IN ('submitted', 'verifying',
                         'pending_review', 'approved', 'rejected', 'withdrawn')),
    query_code_hash  TEXT NOT NULL,
    payload          TEXT NOT NULL DEFAULT '', -- the form (JSON) while not acknowledged
    deadline         TEXT NOT NULL,            -- YYYY-MM-DD
    submitted_at     INTEGER NOT NULL,
    submitted_ms     INTEGER NOT NULL,
    acked_at         INTEGER,                  -- the local system committed it
    acked_ms         INTEGER,
    decision_reason  TEXT,
    registration_no  TEXT,
    decided_at       TEXT,
    result_seq       INTEGER NOT NULL DEFAULT 0, -- the last upload applied (the sender's order)
    result_at        INTEGER
);
CREATE INDEX IF NOT EXISTS exchange_case_pending ON exchange_case (system_id, acked_at, id);

-- Messages received (hub), for idempotency by message_id: a repeat with the same body digest
-- gets the stored answer again; the row may go once the message has expired.
CREATE TABLE IF NOT EXISTS exchange_message (
    message_id  TEXT PRIMARY KEY,
    sender_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    digest      TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    response    TEXT NOT NULL DEFAULT ''      -- the answer's body (state-changing actions)
);

-- Items a system sent that the hub rejected (unknown application, foreign region, ...).
CREATE TABLE IF NOT EXISTS exchange_rejection (
    id          INTEGER PRIMARY KEY,
    system_id   TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    action      TEXT NOT NULL,
    item_key    TEXT NOT NULL,
    reason_code TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS exchange_rejection_system ON exchange_rejection (system_id, at);

-- The agency lists (附件4) the locals published, served publicly by the hub.
CREATE TABLE IF NOT EXISTS exchange_agency (
    system_id  TEXT NOT NULL REFERENCES exchange_system (system_id),
    agency_id  INTEGER NOT NULL,
    name       TEXT NOT NULL,
    region     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    items      TEXT NOT NULL DEFAULT '[]',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (system_id, agency_id)
);
CREATE INDEX IF NOT EXISTS exchange_agency_region ON exchange_agency (region);

-- A local system's durable outbox: every decision (and later exit) to upload, written in the
-- decision's own transaction, sent in id order (so in order per application) with retries.
CREATE TABLE IF NOT EXISTS exchange_outbox (
    id             INTEGER PRIMARY KEY,       -- the upload's seq
    kind           TEXT NOT NULL CHECK (kind IN ('decision', 'exit')),
    application_no TEXT NOT NULL,
    body           TEXT NOT NULL,             -- the result item (JSON), no personal data
    status         TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'rejected')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    sent_at        INTEGER
);
CREATE INDEX IF NOT EXISTS exchange_outbox_status ON exchange_outbox (status, id);
