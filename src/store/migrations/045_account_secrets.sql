-- 045_account_secrets.sql — staff accounts (issue 12, closure). The TOTP secret and the one
-- being enrolled (totp_secret, totp_pending) are AEAD ciphertext like personal data
-- (store/pii: table, column, row and key version as associated data) under key version
-- totp_key_version; 0 marks values written before, in clear, which the next start encrypts
-- (app_keys_upgrade). password_must_change: an administrator set the password (a reset), so
-- the user's sessions may only change it until the user does. Portable SQL, as 001.
ALTER TABLE app_user ADD COLUMN totp_key_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN password_must_change INTEGER NOT NULL DEFAULT 0;
