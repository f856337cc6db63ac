/*
 * password.h — the password policy of staff accounts (等保 level 3 identity: 口令复杂度).
 *
 * A password is accepted when it has at least `min_length` characters (code points, so a
 * Chinese passphrase counts its characters, not its bytes) and at most PASSWORD_MAX_BYTES bytes,
 * characters from at least `min_classes` of the four classes (lower-case ASCII letters,
 * upper-case ASCII letters, digits, anything else), and does not contain the username in any
 * case. Reuse of the last passwords is checked by app/ against the stored history (it needs the
 * hashes). The numbers are policies (`ureg policy set password_min_length 12`).
 *
 * Pure: no I/O, never allocates.
 */
#ifndef UREG_RULES_PASSWORD_H
#define UREG_RULES_PASSWORD_H

#define PASSWORD_MAX_BYTES 256

/*
 * 0 when `password` meets the policy for `username` (NULL: no username check), else
 * -ERR_PASSWORD_WEAK (too short), -ERR_PASSWORD_TOO_LONG, -ERR_PASSWORD_CLASSES or
 * -ERR_PASSWORD_USERNAME.
 */
int password_check(const char *password, const char *username, int min_length, int min_classes);

#endif
