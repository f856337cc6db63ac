/*
 * smsgw.h — the SMS-gateway notifier: the exit notifications of app/notify sent as one JSON POST
 * each to an operator's SMS gateway (docs/operations.md "The SMS gateway" has the exact request).
 *
 * The request: POST sms_url, `Authorization: Bearer TOKEN` (when a token is set),
 * `Content-Type: application/json`, body {"id": "ureg-notification-N", "phone": "...",
 * "text": "...", "sign": "...", "template": "..."} (sign and template only when set; `id` is
 * the same on every attempt of one notification, so a gateway can drop a resend). The answer:
 * a 2xx whose body is a JSON object with "accepted": true is delivered; anything else — no
 * answer within the timeout, a refused connection, another status, another body — is a failed
 * attempt, retried by app/notify's backoff. The failure's reason names the status and at most
 * the gateway's short error code, never its message (which may echo the number).
 *
 * The phone number is the caller's, decrypted for this one send; it goes into the request body
 * and nowhere else (no log line, no error text). The token is never logged either. One notifier
 * per sending thread: it keeps its HTTP connection (base/httpc) between sends.
 */
#ifndef UREG_APP_SMSGW_H
#define UREG_APP_SMSGW_H

#include "app/notify.h"
#include "base/buf.h"

#include <stddef.h>
#include <stdint.h>

struct smsgw_config {
    const char *url;   /* http:// or https:// */
    const char *token; /* the bearer token; NULL or "": no Authorization header */
    const char *sign;  /* the sender name (短信签名) the gateway puts on the message; NULL */
    const char *template_id; /* the gateway's template id; NULL */
    long timeout_ms;         /* the whole request, connection included; ≤ 0: 5000 */
};

/*
 * The request body for notification `id` of `text` to `phone`, into `out` (reset first): one
 * JSON object, keys in the order above, UTF-8 as given. Pure. 0, or -ERR_INTERNAL when text or
 * phone is not valid UTF-8.
 */
int smsgw_request_body(const struct smsgw_config *cfg, int64_t id, const char *phone,
                       const char *text, struct buf *out);

/*
 * Read the gateway's answer: `status` (0: none came) and n bytes of `body`. Returns 0 when the
 * message was accepted, else -ERR_IO with the reason in err[errlen] ("gateway http 500",
 * "gateway refused: CODE" with CODE the answer's "code" when it is up to 32 characters of
 * [A-Za-z0-9_.-], "gateway answer unreadable"). Pure.
 */
int smsgw_read_answer(long status, const char *body, size_t n, char *err, size_t errlen);

/* A new SMS notifier (channel "sms", needs the phone) with a copy of cfg (url required); free it
 * with smsgw_free. Never NULL. */
struct notifier *smsgw_new(const struct smsgw_config *cfg);
void smsgw_free(struct notifier *nf);

#endif
