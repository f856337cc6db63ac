-- 002_audit_append_only.pg.sql — the audit log refuses UPDATE, DELETE and TRUNCATE (PostgreSQL
-- dialect of 002_audit_append_only.sqlite.sql). The error is SQLSTATE 23001
-- (restrict_violation), which the store reports as a conflict, as SQLite's RAISE(ABORT) is.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
