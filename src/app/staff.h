/*
 * staff.h — what a staff user does with their own account, and an admin with another's:
 * password change and reset under the password policy, logout everywhere, and the second
 * factor (TOTP, rules/totp.h): enrolment, confirmation, reset. Logins are in app/accounts.h.
 *
 * Every function is one audited transaction; the audit entries name the account, never a
 * password, a code or a secret.
 */
#ifndef UREG_APP_STAFF_H
#define UREG_APP_STAFF_H

#include "app/app.h"
#include "rules/totp.h"

struct actor;

/*
 * Change the password of `by` (a staff actor) from `old_password` to `new_password`: the old
 * one must be right (-ERR_PASSWORD_WRONG, counted as a failed login), the new one must meet
 * the policy (rules/password.h: -ERR_PASSWORD_WEAK, _TOO_LONG, _CLASSES, _USERNAME) and not be
 * one of the last `password_history` (-ERR_PASSWORD_REUSED). Ends every other session of the
 * user (the one whose cookie value is `token` stays; NULL: none stays). 0 or an error.
 */
int app_password_change(struct app *a, const struct actor *by, const char *token,
                        const char *old_password, const char *new_password);

/* An admin sets the password of `username` (policy and history as above), ends all its
 * sessions and lifts its login lock; the user's next sessions may only change the password
 * (actor.must_change_password) until the user has changed it with app_password_change.
 * 0, -ERR_NOT_FOUND or an error; *ended (may be NULL) gets the sessions ended. */
int app_password_reset(struct app *a, const struct actor *by, const char *username,
                       const char *new_password, int *ended);

/* End every session of `by`'s user, this one too; the number ended in *ended. */
int app_logout_all(struct app *a, const struct actor *by, int *ended);

/* Begin enrolling a second factor for `by`: a new random secret, pending until confirmed.
 * Fills secret (base32) and uri (otpauth://totp/...: for an authenticator app; 256 bytes). */
int app_totp_begin(struct app *a, const struct actor *by, char secret[TOTP_SECRET_B32],
                   char uri[256]);

/* Confirm the pending secret with a code from the authenticator: the user's second factor from
 * now on, and the session whose cookie value is `token` is no longer limited.
 * -ERR_TOTP_NOT_PENDING, -ERR_TOTP_INVALID or 0. */
int app_totp_confirm(struct app *a, const struct actor *by, const char *token, const char *code);

/* An admin removes the second factor of `username` (a lost phone): it logs in with its
 * password alone until it enrols again (or is limited, if its role requires one). */
int app_totp_reset(struct app *a, const struct actor *by, const char *username);

#endif
