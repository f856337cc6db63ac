/*
 * exit.h — the exit rules (注销, notice §5 ¶2): for each reason of the code table exit_reason,
 * who may apply it, whether the person is told, and what the exit must rest on. Pure: no I/O, no
 * clock (callers pass today), no allocation.
 *
 * The reasons, one row each of the table in exit.c:
 *   11 hired (被用人单位录用)             caseworker, batch   notify  evidence "employer"
 *   12 self-employed, business         caseworker, batch   notify  evidence "business"
 *   13 stable income ≥ the threshold   caseworker          notify  evidence "monthly_income"
 *   14 public-welfare post             caseworker          notify  evidence "post"
 *   21 pension received                caseworker, batch   notify  evidence "pension_start"
 *   23 lost all capacity to work       caseworker          notify  evidence "certificate"
 *   24 school | military | emigration  caseworker          notify, except emigration
 *                                                                  evidence "document"
 *   25 imprisoned                      caseworker, batch   never   evidence "document"
 *   26 died                            caseworker, batch   never   evidence "document"
 *   31 3 refusals in a row             batch (follow-up)   notify
 *   32 6 months unreachable            batch (follow-up)   never
 *   90 other (local reasons)           caseworker          notify  the note says which
 * The notice's exceptions to 以适当方式予以告知 are 移居境外、被判刑收监执行、死亡及无法取得联系:
 * 24 emigration, 25, 26 and 32. 22 (retirement age) stays in the code table for old records but
 * is not applied: the notice's upper age is 依法享受基本养老保险待遇, so the exit is 21 on the
 * pension's evidence, never on age alone. A batch's exit rests on the record it found (its
 * evidence names the source: "source" for comparison, "contacts" for the follow-up counters),
 * not on the caseworker's evidence key.
 */
#ifndef UREG_RULES_EXIT_H
#define UREG_RULES_EXIT_H

#include "base/err.h"

#include <stdbool.h>
#include <stdint.h>

/* Who applies an exit. */
enum exit_by {
    EXIT_BY_CASEWORKER = 1 << 0, /* recorded by a caseworker (or confirmed from a proposal) */
    EXIT_BY_BATCH = 1 << 1,      /* applied or proposed by `ureg compare` / `ureg followup run` */
};

struct exit_reason {
    const char *code;           /* exit_reason code */
    unsigned by;                /* enum exit_by bits */
    bool notify;                /* the person is told (24: unless emigration) */
    const char *evidence;       /* the key a caseworker's evidence must carry, or NULL (none) */
    const char *evidence_field; /* "evidence." and that key: the field an error names */
};

/* The row of `code`, or NULL when the table has none (unknown codes, and 22). Static. */
const struct exit_reason *exit_reason_find(const char *code);

/* The 24 subkinds: "school", "military", "emigration". */
bool exit_subkind_valid(const char *code, const char *subkind);

/* Whether an exit for `code` (with `subkind`) is notified: false for 24 emigration, 25, 26, 32 and
 * any code outside the table. */
bool exit_notifies(const char *code, const char *subkind);

/* An exit as asked. Strings borrowed; "" or NULL for absent. */
struct exit_ask {
    const char *code, *subkind, *note;
    int32_t date;                            /* day number */
    enum exit_by by;                         /* who asks */
    bool (*has)(const char *key, void *arg); /* whether the evidence carries `key` */
    void *arg;
};

/*
 * Check an exit of a registration made on `registered_on`, as of `today`; the first fault, on its
 * field:
 *   reason_code  FIELD_REQUIRED; EXIT_AGE_RULE (22); EXIT_REASON (unknown);
 *                EXIT_REASON_BATCH (31, 32 asked by a caseworker); EXIT_REASON (a
 *                caseworker-only reason asked by a batch)
 *   subkind      EXIT_SUBKIND (24 without one of its subkinds; any other code with one)
 *   date         DATE_FUTURE, DATE_BEFORE_REGISTRATION (rules/record's day check)
 *   evidence.KEY EXIT_EVIDENCE (a caseworker's exit without the reason's key; a batch's without
 *                "source" or "contacts")
 *   note         FIELD_REQUIRED (90: the local reason in words); FIELD_INVALID (over 2000
 *                characters or control characters)
 * Returns 0 or the negative error; ec->field is static text.
 */
int exit_check(const struct exit_ask *x, int32_t registered_on, int32_t today, struct err_ctx *ec);

/* 13's threshold: a monthly income (yuan) at or above the region's threshold (yuan, > 0).
 * EXIT_INCOME_UNSET when threshold ≤ 0, EXIT_INCOME_BELOW when income < threshold, on
 * "evidence.monthly_income". */
int exit_income_check(int64_t income, int64_t threshold, struct err_ctx *ec);

#endif
