-- 032_realname.sql — real-name verification of the online channel (issue 12).
--
-- An application says whether the applicant's identity was verified and by whom: an identity
-- provider's signed assertion on the online channel (identity_provider names the provider), or
-- the caseworker who saw the document at the counter ('counter'). An unverified pending
-- application that a verified one of the same person sets aside is withdrawn with the reason;
-- set_aside_for names the verified application that took its place (staff only: the public
-- status page shows the reason, never the other number).
ALTER TABLE application ADD COLUMN identity_verified INTEGER NOT NULL DEFAULT 0
    CHECK (identity_verified IN (0, 1));
ALTER TABLE application ADD COLUMN identity_provider TEXT;
ALTER TABLE application ADD COLUMN set_aside_for TEXT;
