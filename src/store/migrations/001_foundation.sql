-- 001_foundation.sql — reference data, agencies, accounts, sessions, tokens, audit log.
--
-- Portable SQL (SQLite and PostgreSQL): INTEGER PRIMARY KEY is the row id (the PostgreSQL
-- backend maps it to an identity column), times are TEXT "YYYY-MM-DDTHH:MM:SS+08:00" or
-- INTEGER Unix seconds where they are compared numerically, booleans are INTEGER 0/1.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- GB/T 2260 / NBS division codes (data/regions.csv), reloaded by `ureg init`.
CREATE TABLE region (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    parent TEXT,
    level  INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4)
);

-- Code tables (data/codes.csv): 失业原因, 注销原因, 民族, 文化程度, ...
CREATE TABLE code_entry (
    tbl     TEXT NOT NULL,
    code    TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    PRIMARY KEY (tbl, code)
);

-- Holiday schedule rows imported at run time (`ureg calendar import`), on top of the shipped
-- data/holidays.csv. A row here replaces the shipped row of the same day.
CREATE TABLE calendar_day (
    day         TEXT PRIMARY KEY,            -- YYYY-MM-DD
    is_workday  INTEGER NOT NULL CHECK (is_workday IN (0, 1)),
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    source      TEXT NOT NULL,               -- file name given to the import
    imported_at TEXT NOT NULL
);

CREATE TABLE agency (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    region     TEXT NOT NULL REFERENCES region (code),
    kind       TEXT NOT NULL CHECK (kind IN ('pes', 'street', 'community', 'disabled')),
    address    TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    items      TEXT NOT NULL DEFAULT '[]',   -- JSON list of 经办项目 (附件4)
    created_at TEXT NOT NULL
);
CREATE INDEX agency_region ON agency (region);

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,             -- libsodium crypto_pwhash_str (argon2id)
    role          TEXT NOT NULL
                  CHECK (role IN ('admin', 'supervisor', 'caseworker', 'statistician', 'auditor')),
    agency_id     INTEGER NOT NULL REFERENCES agency (id),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

-- Cookie sessions: only a hash of the token is stored.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,             -- hex BLAKE2b of the random token
    user_id    INTEGER NOT NULL REFERENCES app_user (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,             -- Unix seconds
    expires_at INTEGER NOT NULL,
    remote     TEXT NOT NULL DEFAULT ''
);
-- Quoted: SESSION_USER is a reserved word in PostgreSQL (the index name is the same in SQLite).
CREATE INDEX "session_user" ON session (user_id);

-- Bearer tokens for machine clients: only a hash is stored.
CREATE TABLE api_token (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES app_user (id),
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,                      -- NULL: until revoked
    revoked_at INTEGER
);

-- Failed logins, for throttling by username and by client address.
CREATE TABLE login_failure (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL,                     -- "u:<username>" or "a:<address>"
    at    INTEGER NOT NULL
);
CREATE INDEX login_failure_key ON login_failure (key, at);

-- Append-only: every state change and every reveal of personal data. No personal data in
-- `detail`; objects are named by their ids/numbers.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,                     -- app_user.id; NULL for the public or the system
    actor       TEXT NOT NULL,               -- username, 'public' or 'system:<command>'
    action      TEXT NOT NULL,               -- e.g. 'user.create', 'session.login', 'person.reveal'
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    remote      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_object ON audit_log (object_type, object_id);
