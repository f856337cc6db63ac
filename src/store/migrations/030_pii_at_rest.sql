-- 030_pii_at_rest.sql — personal data encrypted at rest (issue 12). Portable SQL, as 001.
--
-- The personal columns of person (id_number, name, birth_date, phone, hukou_address,
-- residence_address) and application.details (health, disability grade, last employer, ...)
-- hold XChaCha20-Poly1305 ciphertext written by store/pii.c, and person.person_key,
-- person_open.person_key and ref_record.person_key hold blind indexes ("#" + 19 characters)
-- instead of document numbers. key_version is the key version the row's ciphertext was
-- written under (bound into every value's associated data); 0 marks a row written before
-- encryption, still plaintext until `ureg key rotate` encrypts it. The rotation walks rows by
-- id, so no index on key_version is needed.
ALTER TABLE person ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE application ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
