-- 002_audit_append_only.sqlite.sql — the audit log refuses UPDATE and DELETE (SQLite dialect;
-- the PostgreSQL backend gets the same rule as 002_audit_append_only.pg.sql).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
