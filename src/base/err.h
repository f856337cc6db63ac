/*
 * err.h — the one table of user-visible errors.
 *
 * Every function that can fail returns 0 or a negative ERR_* value (the libuv convention).
 * err_info() turns the positive value into the stable code, the HTTP status and the messages in
 * Chinese and English; the HTTP edge and the CLI use it to render, so messages live only in
 * errors.def. The field name, where one applies, is carried beside the code by the caller
 * (struct err_ctx), never baked into the table.
 */
#ifndef UREG_BASE_ERR_H
#define UREG_BASE_ERR_H

enum err_code {
    ERR_OK = 0,
#define ERR(name, code, status, zh, en) ERR_##name,
#include "base/errors.def"
#undef ERR
    ERR__COUNT
};

struct err_info {
    const char *code; /* stable snake_case code, e.g. "id_checksum" */
    int http_status;  /* 400, 404, ... */
    const char *zh;   /* message in Chinese */
    const char *en;   /* message in English */
};

/*
 * The table entry for `e`, which may be given negative (as returned) or positive. Unknown
 * values map to ERR_INTERNAL. The result points into static storage.
 */
const struct err_info *err_info(int e);

/* Find an error by its snake_case code; returns the positive enum value or 0 when unknown. */
int err_by_code(const char *code);

/*
 * A failure with its context, as the edges render it: the error, the request field it is about
 * (NULL for none) and an optional detail in plain text that carries no personal data.
 * Owned by whoever declares it; the strings are static or owned by the same request.
 */
struct err_ctx {
    int code;           /* negative ERR_* or 0 */
    const char *field;  /* "id_number", ... or NULL */
    const char *detail; /* extra English text or NULL; for logs, never sent to a client */
    const char *ref;    /* a number the client may see (e.g. the existing application of a 409),
                           or NULL; rendered as "ref" */
    int retry_after;    /* seconds after which a 429 or 503 may be retried (the Retry-After
                           header), or 0 for none */
};

/* Fill *ec and return `code` (negative), so a caller can `return err_set(ec, -ERR_X, "f");`. */
int err_set(struct err_ctx *ec, int code, const char *field);

#endif
