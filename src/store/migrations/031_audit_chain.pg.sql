-- 031_audit_chain.pg.sql — the audit log becomes a hash chain (PostgreSQL dialect of
-- 031_audit_chain.sqlite.sql, which explains the columns and tables). BIGINT where the shared
-- files say INTEGER (dialect files are not mapped).
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

CREATE TABLE audit_chain (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    seq           BIGINT NOT NULL,
    legacy_max_id BIGINT NOT NULL
);
INSERT INTO audit_chain (id, seq, legacy_max_id) SELECT 1, 0, COALESCE(MAX(id), 0) FROM audit_log;

CREATE TABLE audit_signature (
    seq       BIGINT PRIMARY KEY,
    hash      TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- The one change allowed to an audit entry: chaining an entry that predates the chain.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.hash IS NULL AND OLD.seq IS NULL
       AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL
       AND OLD.id <= (SELECT legacy_max_id FROM audit_chain WHERE id = 1)
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.actor = OLD.actor AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
       AND NEW.remote = OLD.remote AND NEW.detail = OLD.detail THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE FUNCTION audit_signature_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_signature is append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_signature_no_change BEFORE UPDATE OR DELETE ON audit_signature
    FOR EACH ROW EXECUTE FUNCTION audit_signature_append_only();
CREATE TRIGGER audit_signature_no_truncate BEFORE TRUNCATE ON audit_signature
    FOR EACH STATEMENT EXECUTE FUNCTION audit_signature_append_only();
