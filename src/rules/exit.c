/*
 * exit.c — the exit reasons as one table, and the checks of an exit. See exit.h.
 */
#include "rules/exit.h"

#include "rules/intake.h"
#include "rules/record.h"

#include <string.h>

static const struct exit_reason EXIT_REASONS[] = {
    {"11", EXIT_BY_CASEWORKER | EXIT_BY_BATCH, true, "employer", "evidence.employer"},
    {"12", EXIT_BY_CASEWORKER | EXIT_BY_BATCH, true, "business", "evidence.business"},
    {"13", EXIT_BY_CASEWORKER, true, "monthly_income", "evidence.monthly_income"},
    {"14", EXIT_BY_CASEWORKER, true, "post", "evidence.post"},
    {"21", EXIT_BY_CASEWORKER | EXIT_BY_BATCH, true, "pension_start", "evidence.pension_start"},
    {"23", EXIT_BY_CASEWORKER, true, "certificate", "evidence.certificate"},
    {"24", EXIT_BY_CASEWORKER, true, "document", "evidence.document"},
    {"25", EXIT_BY_CASEWORKER | EXIT_BY_BATCH, false, "document", "evidence.document"},
    {"26", EXIT_BY_CASEWORKER | EXIT_BY_BATCH, false, "document", "evidence.document"},
    {"31", EXIT_BY_BATCH, true, NULL, NULL},
    {"32", EXIT_BY_BATCH, false, NULL, NULL},
    {"90", EXIT_BY_CASEWORKER, true, NULL, NULL},
};

static const char *const EXIT_SUBKINDS_24[] = {"school", "military", "emigration"};

static bool exit__has(const char *s)
{
    return s && *s;
}

const struct exit_reason *exit_reason_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof EXIT_REASONS / sizeof EXIT_REASONS[0]; i++)
        if (strcmp(EXIT_REASONS[i].code, code) == 0)
            return &EXIT_REASONS[i];
    return NULL;
}

bool exit_subkind_valid(const char *code, const char *subkind)
{
    if (!code || strcmp(code, "24") != 0)
        return !exit__has(subkind);
    for (size_t i = 0; i < sizeof EXIT_SUBKINDS_24 / sizeof EXIT_SUBKINDS_24[0]; i++)
        if (subkind && strcmp(subkind, EXIT_SUBKINDS_24[i]) == 0)
            return true;
    return false;
}

bool exit_notifies(const char *code, const char *subkind)
{
    const struct exit_reason *r = exit_reason_find(code);
    if (!r || !r->notify)
        return false;
    return !(strcmp(code, "24") == 0 && subkind && strcmp(subkind, "emigration") == 0);
}

/* The reason's row for this actor, or the error on reason_code. */
static int exit__reason(const struct exit_ask *x, const struct exit_reason **out,
                        struct err_ctx *ec)
{
    if (!exit__has(x->code))
        return err_set(ec, -ERR_FIELD_REQUIRED, "reason_code");
    if (strcmp(x->code, "22") == 0)
        return err_set(ec, -ERR_EXIT_AGE_RULE, "reason_code");
    const struct exit_reason *r = exit_reason_find(x->code);
    if (!r)
        return err_set(ec, -ERR_EXIT_REASON, "reason_code");
    if (!(r->by & x->by))
        return err_set(ec, x->by == EXIT_BY_CASEWORKER ? -ERR_EXIT_REASON_BATCH : -ERR_EXIT_REASON,
                       "reason_code");
    *out = r;
    return 0;
}

/* The evidence an exit rests on: the caseworker's key, or the batch's source. */
static int exit__evidence(const struct exit_ask *x, const struct exit_reason *r, struct err_ctx *ec)
{
    if (x->by == EXIT_BY_BATCH) {
        bool ok = x->has && (x->has("source", x->arg) || x->has("contacts", x->arg));
        return ok ? 0 : err_set(ec, -ERR_EXIT_EVIDENCE, "evidence.source");
    }
    if (!r->evidence || (x->has && x->has(r->evidence, x->arg)))
        return 0;
    return err_set(ec, -ERR_EXIT_EVIDENCE, r->evidence_field);
}

int exit_check(const struct exit_ask *x, int32_t registered_on, int32_t today, struct err_ctx *ec)
{
    const struct exit_reason *r = NULL;
    int rc = exit__reason(x, &r, ec);
    if (rc < 0)
        return rc;
    if (!exit_subkind_valid(x->code, x->subkind))
        return err_set(ec, -ERR_EXIT_SUBKIND, "subkind");
    rc = record_day_check(x->date, registered_on, today, "date", ec);
    if (rc < 0)
        return rc;
    rc = exit__evidence(x, r, ec);
    if (rc < 0)
        return rc;
    if (strcmp(x->code, "90") == 0 && !exit__has(x->note))
        return err_set(ec, -ERR_FIELD_REQUIRED, "note");
    if (exit__has(x->note) && !intake_text_valid(x->note, RECORD_TEXT_MAX, true))
        return err_set(ec, -ERR_FIELD_INVALID, "note");
    return 0;
}

int exit_income_check(int64_t income, int64_t threshold, struct err_ctx *ec)
{
    if (threshold <= 0)
        return err_set(ec, -ERR_EXIT_INCOME_UNSET, "evidence.monthly_income");
    if (income < threshold)
        return err_set(ec, -ERR_EXIT_INCOME_BELOW, "evidence.monthly_income");
    return 0;
}
