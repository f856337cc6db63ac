/*
 * err.c — the error table, expanded from errors.def. See err.h.
 */
#include "base/err.h"

#include <string.h>

static const struct err_info err__table[ERR__COUNT] = {
    [ERR_OK] = {"ok", 200, "成功", "OK"},
#define ERR(name, code, status, zh, en) [ERR_##name] = {code, status, zh, en},
#include "base/errors.def"
#undef ERR
};

const struct err_info *err_info(int e)
{
    if (e < 0)
        e = -e;
    if (e >= ERR__COUNT)
        e = ERR_INTERNAL;
    return &err__table[e];
}

int err_by_code(const char *code)
{
    for (int i = 1; i < ERR__COUNT; i++)
        if (strcmp(err__table[i].code, code) == 0)
            return i;
    return 0;
}

int err_set(struct err_ctx *ec, int code, const char *field)
{
    if (ec) {
        ec->code = code;
        ec->field = field;
        ec->detail = NULL;
        ec->ref = NULL;
    }
    return code;
}
