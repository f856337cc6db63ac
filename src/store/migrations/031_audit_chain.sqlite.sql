-- 031_audit_chain.sqlite.sql — the audit log becomes a hash chain (SQLite dialect of
-- 031_audit_chain.pg.sql; docs/security.md "Audit").
--
-- Every entry gets its place in the chain (`seq`, 1, 2, ... without gaps) and `hash`: hex
-- BLAKE2b-256 over the previous entry's hash and a canonical encoding of the entry's fields
-- (rules/auditchain.h). `audit_chain` is the single row that appenders lock (an UPDATE) to take
-- the next place, so that concurrent writers on any connection form one chain in commit order.
-- `audit_signature` holds chain heads signed with Ed25519 at intervals. Entries written before
-- this migration (id <= legacy_max_id) are chained once, at the next start, in id order; the
-- append-only trigger allows exactly that one change (setting seq and hash of such a row,
-- nothing else) and no other.
ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

CREATE TABLE audit_chain (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    seq           INTEGER NOT NULL,            -- the last place taken
    legacy_max_id INTEGER NOT NULL             -- entries up to this id predate the chain
);
INSERT INTO audit_chain (id, seq, legacy_max_id) SELECT 1, 0, COALESCE(MAX(id), 0) FROM audit_log;

CREATE TABLE audit_signature (
    seq       INTEGER PRIMARY KEY,             -- the signed head: the entry of this place
    hash      TEXT NOT NULL,                   -- its hash (hex), as signed
    signed_at TEXT NOT NULL,
    key_id    TEXT NOT NULL,                   -- hex of the first 8 bytes of the public key
    signature TEXT NOT NULL                    -- hex Ed25519 signature (rules/auditchain.h)
);

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.hash IS NULL AND OLD.seq IS NULL AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL
          AND OLD.id <= (SELECT legacy_max_id FROM audit_chain WHERE id = 1)
          AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_id IS OLD.actor_id
          AND NEW.actor = OLD.actor AND NEW.action = OLD.action
          AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
          AND NEW.remote = OLD.remote AND NEW.detail = OLD.detail)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_signature_no_update BEFORE UPDATE ON audit_signature
BEGIN
    SELECT RAISE(ABORT, 'audit_signature is append-only');
END;
CREATE TRIGGER audit_signature_no_delete BEFORE DELETE ON audit_signature
BEGIN
    SELECT RAISE(ABORT, 'audit_signature is append-only');
END;

-- Staff accounts (等保 level 3 identity; app/staff.c): when the password was set, the second
-- factor (TOTP secret in base32 once confirmed, the one being enrolled, the last time step
-- used so a code is never taken twice), sessions' last activity (idle timeout) and whether a
-- session is limited to enrolling a second factor; the password history (argon2id strings).
ALTER TABLE app_user ADD COLUMN password_changed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN totp_secret TEXT;
ALTER TABLE app_user ADD COLUMN totp_pending TEXT;
ALTER TABLE app_user ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session ADD COLUMN limited INTEGER NOT NULL DEFAULT 0;
UPDATE session SET last_seen_at = created_at;

CREATE TABLE password_history (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES app_user (id),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);
