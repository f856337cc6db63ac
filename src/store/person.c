/*
 * person.c — people and their personal data. See person.h.
 *
 * Masking (rules/mask): document numbers keep their first 6 and last 4 characters, names their
 * first character, phones their first 3 and last 4 digits, addresses their first 6 characters,
 * birth dates their year (YYYY-**-**); region codes and sex stay visible because lists and
 * statistics need them.
 */
#include "store/person.h"

#include "base/clock.h"
#include "base/err.h"
#include "rules/mask.h"

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

/* The masked form of s by mask_head (addresses), from `ar`. */
static const char *person__mask_address(struct arena *ar, const char *s)
{
    size_t n = strlen(s) + 1;
    char *out = arena_alloc(ar, n);
    mask_head(s, MASK_ADDRESS_KEEP, out, n);
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
        mask_idnum(out->id_number, buf, sizeof buf);
        out->id_number = arena_strdup(ar, buf);
        out->person_key = "";
        mask_name(out->name, buf, sizeof buf);
        out->name = arena_strdup(ar, buf);
        mask_phone(out->phone, buf, sizeof buf);
        out->phone = arena_strdup(ar, buf);
        mask_birth_date(out->birth_date, buf, sizeof buf);
        out->birth_date = arena_strdup(ar, buf);
        out->hukou_address = person__mask_address(ar, out->hukou_address);
        out->residence_address = person__mask_address(ar, out->residence_address);
        out->masked = true;
    }
out:
    store_q_close(q);
    return rc;
}
