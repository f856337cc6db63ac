/*
 * person.c — people and their personal data. See person.h.
 *
 * At rest (store/pii): the document number, name, birth date, phone and both addresses are
 * AEAD ciphertext bound to (person, column, id, key_version); person_key is the blind index of
 * the document key. Region codes, sex and the coded fields (ethnicity, education, hukou type)
 * stay in clear for statistics and scoping. An upsert is two statements (the row, then its
 * ciphertexts, which need its id); a read decrypts the six fields, then masks them.
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
#include "store/pii.h"
#include "store/stats.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Step one of an upsert: the row by its blind index, with the fields kept in clear (region
 * codes, sex and the coded fields statistics count by). Step two writes the ciphertexts, whose
 * associated data needs the row id that step one returns. */
static const char SQL_PERSON_UPSERT[] =
    "INSERT INTO person (person_key, id_type, id_number, name, sex, birth_date, phone,"
    " ethnicity, education, hukou_type, hukou_region, hukou_address, residence_region,"
    " residence_address, updated_at, key_version, birth_ym)"
    " VALUES ($1, $2, '', '', $3, '', '', $4, $5, $6, $7, '', $8, '', $9, $10, $11)"
    " ON CONFLICT (person_key) DO UPDATE SET id_type = excluded.id_type, sex = excluded.sex,"
    " birth_ym = excluded.birth_ym,"
    " ethnicity = excluded.ethnicity, education = excluded.education,"
    " hukou_type = excluded.hukou_type, hukou_region = excluded.hukou_region,"
    " residence_region = excluded.residence_region, updated_at = excluded.updated_at"
    " RETURNING id";
static const char SQL_PERSON_SEAL[] =
    "UPDATE person SET id_number = $2, name = $3, birth_date = $4, phone = $5,"
    " hukou_address = $6, residence_address = $7, key_version = $8 WHERE id = $1";
static const char SQL_PERSON_GET[] =
    "SELECT id, person_key, id_type, id_number, name, sex, birth_date, phone, ethnicity,"
    " education, hukou_type, hukou_region, hukou_address, residence_region, residence_address,"
    " key_version FROM person WHERE id = $1";
/* key rotation: the next rows not under version $2, and the rewrite of one */
static const char SQL_PERSON_STALE[] =
    "SELECT id, person_key, id_number, name, birth_date, phone, hukou_address,"
    " residence_address, key_version FROM person WHERE id > $1 AND key_version <> $2"
    " ORDER BY id LIMIT $3";
static const char SQL_PERSON_RESEAL[] =
    "UPDATE person SET person_key = $9, id_number = $2, name = $3, birth_date = $4, phone = $5,"
    " hukou_address = $6, residence_address = $7, key_version = $8"
    " WHERE id = $1 AND key_version = $10 AND name = $11";
/* the notification sender: one person's phone alone */
static const char SQL_PERSON_PHONE[] = "SELECT phone, key_version FROM person WHERE id = $1";
static const char SQL_PERSON_STALE_COUNT[] = "SELECT COUNT(*) FROM person WHERE key_version <> $1";
/* The birth-month backfill (migration 050 left birth_ym empty on encrypted rows). */
static const char SQL_PERSON_NO_BIRTH_YM[] =
    "SELECT id, birth_date, key_version FROM person WHERE id > $1 AND birth_ym = ''"
    " AND key_version > 0 AND birth_date <> '' ORDER BY id LIMIT $2";
static const char SQL_PERSON_SET_BIRTH_YM[] =
    "UPDATE person SET birth_ym = $2 WHERE id = $1 AND birth_ym = ''";

/* The encrypted columns, in the order of SQL_PERSON_SEAL's $2..$7 and SQL_PERSON_STALE's
 * columns 2..7. */
static const char *const person__sealed[] = {"id_number", "name",          "birth_date",
                                             "phone",     "hukou_address", "residence_address"};
#define PERSON__N_SEALED 6

static const char *person__s(const char *s)
{
    return s ? s : "";
}

/* Bind the ciphertexts of the six values v for row `id` under `version` to $2..$7 of q. */
static void person__bind_sealed(struct store_q *q, int64_t id, int version,
                                const char *const v[PERSON__N_SEALED])
{
    struct buf b = {0};
    for (int i = 0; i < PERSON__N_SEALED; i++) {
        store__pii_seal("person", person__sealed[i], id, version, person__s(v[i]), &b);
        store_q_text(q, i + 2, buf_cstr(&b));
    }
    buf_free(&b);
}

int store_person_upsert(struct store_conn *c, const struct person *p, int64_t now_unix, int64_t *id)
{
    char now[CLOCK_STRLEN], key[STORE_PII_INDEX_SIZE];
    int version;
    int rc = store_pii_version(c, &version);
    if (rc < 0)
        return rc;
    store_pii_index(person__s(p->person_key), key);
    const char *clear[] = {p->id_type,    p->sex,          p->ethnicity,       p->education,
                           p->hukou_type, p->hukou_region, p->residence_region};
    struct store_q *q = store_q_open(c, SQL_PERSON_UPSERT);
    store_q_text(q, 1, key);
    for (int i = 0; i < (int)(sizeof clear / sizeof *clear); i++)
        store_q_text(q, i + 2, person__s(clear[i]));
    store_q_text(q, 9, clock_format(now_unix, now));
    store_q_int(q, 10, version);
    /* The birth month in clear (migration 050): statistics count age bands by it. */
    const char *bd = person__s(p->birth_date);
    store_q_textn(q, 11, bd, strlen(bd) == 10 ? 7 : 0);
    rc = store_q_one_int(q, id, -ERR_INTERNAL);
    if (rc < 0)
        return rc;
    const char *sealed[PERSON__N_SEALED] = {p->id_number, p->name,          p->birth_date,
                                            p->phone,     p->hukou_address, p->residence_address};
    q = store_q_open(c, SQL_PERSON_SEAL);
    store_q_int(q, 1, *id);
    person__bind_sealed(q, *id, version, sealed);
    store_q_int(q, 8, version);
    rc = store_q_done(q);
    if (rc < 0)
        return rc;
    if (rc != 1)
        return -ERR_INTERNAL;
    /* The report's keys on the person's registrations (migration 056) follow a change. */
    return store_stats_keys_of_person(c, *id);
}

/* The masked form of s by mask_head (addresses), from `ar`. */
static const char *person__mask_address(struct arena *ar, const char *s)
{
    size_t n = strlen(s) + 1;
    char *out = arena_alloc(ar, n);
    mask_head(s, MASK_ADDRESS_KEEP, out, n);
    return out;
}

/* Replace the personal fields of a read person by their masked forms (from `ar`). */
static void person__mask(struct person *out, struct arena *ar)
{
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
    int version = (int)store_q_col_int(q, 15);
    for (int i = 0; i < (int)(sizeof f / sizeof *f); i++)
        *f[i] = arena_strdup(ar, person__s(store_q_col_text(q, i + 1)));
    const char **sealed[PERSON__N_SEALED] = {&out->id_number,     &out->name,
                                             &out->birth_date,    &out->phone,
                                             &out->hukou_address, &out->residence_address};
    for (int i = 0; i < PERSON__N_SEALED && rc >= 0; i++)
        rc = store__pii_open("person", person__sealed[i], out->id, version, *sealed[i], ar,
                             sealed[i]);
    if (rc < 0)
        goto out;
    rc = 0;
    if (!reveal)
        person__mask(out, ar);
out:
    store_q_close(q);
    return rc;
}

int store_person_phone(struct store_conn *c, int64_t id, char *out, size_t outsz)
{
    struct arena ar;
    arena_init(&ar);
    out[0] = '\0';
    struct store_q *q = store_q_open(c, SQL_PERSON_PHONE);
    store_q_int(q, 1, id);
    int rc = store_q_step(q);
    if (rc == 0)
        rc = -ERR_NOT_FOUND;
    const char *phone = NULL;
    if (rc > 0)
        rc = store__pii_open("person", "phone", id, (int)store_q_col_int(q, 1),
                             store_q_col_text(q, 0), &ar, &phone);
    store_q_close(q);
    if (rc >= 0 && phone) {
        size_t n = strlen(phone);
        rc = n < outsz ? 0 : -ERR_INTERNAL;
        if (rc == 0)
            memcpy(out, phone, n + 1);
        union {
            const char *ro;
            char *rw;
        } wipe = {.ro = phone}; /* the arena's own copy, writable: wiped before it is freed */
        sodium_memzero(wipe.rw, n);
    }
    arena_free(&ar);
    return rc;
}

/* A row to re-encrypt: read first, rewritten after the read is closed (a table is not
 * updated under a statement still reading it). */
struct person__stale {
    int64_t id;
    int old;
    const char *key, *guard; /* person_key as stored; the name's ciphertext as read */
    const char *plain[PERSON__N_SEALED];
};

/* Read and decrypt the row at q's cursor into *r (strings from ar). */
static int person__stale_row(struct store_q *q, struct arena *ar, struct person__stale *r)
{
    r->id = store_q_col_int(q, 0);
    r->old = (int)store_q_col_int(q, 8);
    r->key = arena_strdup(ar, person__s(store_q_col_text(q, 1)));
    r->guard = arena_strdup(ar, person__s(store_q_col_text(q, 3)));
    for (int i = 0; i < PERSON__N_SEALED; i++) {
        int rc = store__pii_open("person", person__sealed[i], r->id, r->old,
                                 store_q_col_text(q, i + 2), ar, &r->plain[i]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Write *r under `version`, unless the row changed since it was read: 1 written, 0 not. */
static int person__reseal(struct store_conn *c, const struct person__stale *r, int version)
{
    char key[STORE_PII_INDEX_SIZE];
    store_pii_index(r->key, key);
    struct store_q *u = store_q_open(c, SQL_PERSON_RESEAL);
    store_q_int(u, 1, r->id);
    person__bind_sealed(u, r->id, version, r->plain);
    store_q_int(u, 8, version);
    store_q_text(u, 9, key);
    store_q_int(u, 10, r->old);
    store_q_text(u, 11, r->guard);
    return store_q_done(u);
}

int store_person_reseal_batch(struct store_conn *c, int version, int64_t after_id, int max,
                              int64_t *last_id)
{
    struct arena ar;
    arena_init(&ar);
    *last_id = after_id;
    struct person__stale *rows = arena_zalloc(&ar, (size_t)(max > 0 ? max : 1) * sizeof *rows);
    struct store_q *q = store_q_open(c, SQL_PERSON_STALE);
    store_q_int(q, 1, after_id);
    store_q_int(q, 2, version);
    store_q_int(q, 3, max);
    int rc = 0, n_rows = 0, n = 0;
    while (n_rows < max && (rc = store_q_step(q)) == 1)
        if ((rc = person__stale_row(q, &ar, &rows[n_rows++])) < 0)
            break;
    store_q_close(q);
    for (int i = 0; i < n_rows && rc >= 0; i++) {
        rc = person__reseal(c, &rows[i], version);
        n += rc > 0;
        *last_id = rows[i].id;
    }
    arena_free(&ar);
    return rc < 0 ? rc : n;
}

int store_person_stale_count(struct store_conn *c, int version, int64_t *n)
{
    struct store_q *q = store_q_open(c, SQL_PERSON_STALE_COUNT);
    store_q_int(q, 1, version);
    return store_q_one_int(q, n, -ERR_INTERNAL);
}

int store_person_birth_ym_batch(struct store_conn *c, int64_t after_id, int max, int64_t *last_id,
                                int64_t *n_set)
{
    struct arena ar;
    arena_init(&ar);
    *last_id = after_id;
    struct {
        int64_t id;
        char ym[8];
    } *rows = arena_zalloc(&ar, (size_t)(max > 0 ? max : 1) * sizeof *rows);
    struct store_q *q = store_q_open(c, SQL_PERSON_NO_BIRTH_YM);
    store_q_int(q, 1, after_id);
    store_q_int(q, 2, max);
    int rc = 0, n_rows = 0;
    while (n_rows < max && (rc = store_q_step(q)) == 1) {
        int64_t id = store_q_col_int(q, 0);
        const char *date = "";
        rc = store__pii_open("person", "birth_date", id, (int)store_q_col_int(q, 2),
                             store_q_col_text(q, 1), &ar, &date);
        if (rc < 0)
            break;
        rows[n_rows].id = id;
        /* YYYY-MM-DD gives YYYY-MM; anything else leaves the month unknown (""). */
        if (strlen(date) == 10 && date[4] == '-' && date[7] == '-')
            snprintf(rows[n_rows].ym, sizeof rows[n_rows].ym, "%.7s", date);
        n_rows++;
    }
    store_q_close(q);
    for (int i = 0; i < n_rows && rc >= 0; i++) {
        *last_id = rows[i].id;
        if (!rows[i].ym[0])
            continue;
        struct store_q *u = store_q_open(c, SQL_PERSON_SET_BIRTH_YM);
        store_q_int(u, 1, rows[i].id);
        store_q_text(u, 2, rows[i].ym);
        rc = store_q_done(u);
        if (rc > 0) {
            (*n_set)++;
            rc = store_stats_keys_of_person(c, rows[i].id);
        }
    }
    arena_free(&ar);
    return rc < 0 ? rc : n_rows;
}

int store_person_name_masked(int64_t id, int version, const char *stored, char *out, size_t outsz)
{
    struct arena ar;
    const char *name;
    arena_init(&ar);
    int rc = store__pii_open("person", "name", id, version, stored, &ar, &name);
    if (rc == 0)
        mask_name(name, out, outsz);
    else if (outsz)
        out[0] = '\0';
    arena_free(&ar);
    return rc;
}
