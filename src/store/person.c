/*
 * person.c — people and their personal data. See person.h.
 *
 * Masking: document numbers keep their first 6 and last 4 characters (idnum_mask), names their
 * first character, phones their first 3 and last 4 digits, addresses their first 6 characters
 * (intake_mask_*); region codes, sex and birth year stay visible because lists and statistics
 * need them. Birth dates show as YYYY-**-**.
 */
#include "store/person.h"

#include "base/clock.h"
#include "base/err.h"
#include "rules/idnum.h"
#include "rules/intake.h"

#include <stdio.h>
#include <string.h>

static const char SQL_PERSON_UPSERT[] =
    "INSERT INTO person (person_key, id_type, id_number, name, sex, birth_date, phone,"
    " ethnicity, education, hukou_type, hukou_region, hukou_address, residence_region,"
    " residence_address, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    " ON CONFLICT (person_key) DO UPDATE SET id_type = excluded.id_type,"
    " id_number = excluded.id_number, name = excluded.name, sex = excluded.sex,"
    " birth_date = excluded.birth_date, phone = excluded.phone,"
    " ethnicity = excluded.ethnicity, education = excluded.education,"
    " hukou_type = excluded.hukou_type, hukou_region = excluded.hukou_region,"
    " hukou_address = excluded.hukou_address, residence_region = excluded.residence_region,"
    " residence_address = excluded.residence_address, updated_at = excluded.updated_at"
    " RETURNING id";
static const char SQL_PERSON_GET[] =
    "SELECT id, person_key, id_type, id_number, name, sex, birth_date, phone, ethnicity,"
    " education, hukou_type, hukou_region, hukou_address, residence_region, residence_address"
    " FROM person WHERE id = $1";

static const char *person__s(const char *s)
{
    return s ? s : "";
}

int store_person_upsert(struct store_conn *c, const struct person *p, int64_t now_unix, int64_t *id)
{
    char now[CLOCK_STRLEN];
    const char *v[] = {p->person_key,
                       p->id_type,
                       p->id_number,
                       p->name,
                       p->sex,
                       p->birth_date,
                       p->phone,
                       p->ethnicity,
                       p->education,
                       p->hukou_type,
                       p->hukou_region,
                       p->hukou_address,
                       p->residence_region,
                       p->residence_address};
    struct store_q *q = store_q_open(c, SQL_PERSON_UPSERT);
    for (int i = 0; i < (int)(sizeof v / sizeof *v); i++)
        store_q_text(q, i + 1, person__s(v[i]));
    store_q_text(q, 15, clock_format(now_unix, now));
    return store_q_one_int(q, id, -ERR_INTERNAL);
}

/* Keep the first `keep` UTF-8 characters of s and replace the rest by '*' (one per character). */
static char *person__mask_head(struct arena *ar, const char *s, int keep)
{
    size_t n = strlen(s);
    char *out = arena_alloc(ar, n + 1);
    size_t o = 0;
    int chars = 0;
    for (size_t i = 0; i < n;) {
        size_t len = 1;
        unsigned char b = (unsigned char)s[i];
        if (b >= 0xF0)
            len = 4;
        else if (b >= 0xE0)
            len = 3;
        else if (b >= 0xC0)
            len = 2;
        if (i + len > n)
            len = n - i;
        if (chars < keep) {
            memcpy(out + o, s + i, len);
            o += len;
        } else {
            out[o++] = '*';
        }
        chars++;
        i += len;
    }
    out[o] = '\0';
    return out;
}

int store_person_get(struct store_conn *c, int64_t id, bool reveal, struct arena *ar,
                     struct person *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_PERSON_GET);
    store_q_int(q, 1, id);
    int rc = store_q_step(q);
    if (rc == 0)
        rc = -ERR_NOT_FOUND;
    if (rc < 0)
        goto out;
    const char **f[] = {&out->person_key,
                        &out->id_type,
                        &out->id_number,
                        &out->name,
                        &out->sex,
                        &out->birth_date,
                        &out->phone,
                        &out->ethnicity,
                        &out->education,
                        &out->hukou_type,
                        &out->hukou_region,
                        &out->hukou_address,
                        &out->residence_region,
                        &out->residence_address};
    out->id = store_q_col_int(q, 0);
    for (int i = 0; i < (int)(sizeof f / sizeof *f); i++)
        *f[i] = arena_strdup(ar, person__s(store_q_col_text(q, i + 1)));
    rc = 0;
    if (!reveal) {
        char buf[64];
        idnum_mask(out->id_number, buf, sizeof buf);
        out->id_number = arena_strdup(ar, buf);
        out->person_key = "";
        intake_mask_name(out->name, buf, sizeof buf);
        out->name = arena_strdup(ar, buf);
        intake_mask_phone(out->phone, buf, sizeof buf);
        out->phone = arena_strdup(ar, buf);
        if (strlen(out->birth_date) == 10)
            out->birth_date = arena_printf(ar, "%.4s-**-**", out->birth_date);
        out->hukou_address = person__mask_head(ar, out->hukou_address, 6);
        out->residence_address = person__mask_head(ar, out->residence_address, 6);
        out->masked = true;
    }
out:
    store_q_close(q);
    return rc;
}
