/*
 * fuzz_form.c — libFuzzer harness for app/form (the application form read from a JSON body).
 *
 * Parses arbitrary bytes as the server does (json_parse_object) and hands every object to
 * form_from_json, then checks what the use case relies on: the result is 0 or one of the codes
 * form.h lists, an error names a field unless it is INVALID_JSON; on success every text is within
 * its limit in characters, job_salary_min is -1 or in 0..INTAKE_SALARY_MAX, the difficulty list
 * holds 0..INTAKE_MAX_DIFFICULTY non-NULL strings, a disability grade is a string, and
 * form_details_json gives an object of exactly its nine keys. intake_validate then runs on the
 * form (it must not crash on anything form_from_json accepts) and answers 0 or an error with a
 * field. Any violation aborts. fuzz/form.dict holds the contract's keys.
 *
 *   make fuzz FUZZ=form SECONDS=60
 */
#include "app/form.h"
#include "base/date.h"
#include "base/err.h"
#include "base/json.h"
#include "rules/intake.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

/* Unicode code points of a UTF-8 string (jansson holds only valid UTF-8). */
static size_t fuzz__chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void fuzz__check_len(const char *s, size_t max)
{
    if (s)
        CHECK(fuzz__chars(s) <= max);
}

static void fuzz__check_form(const struct intake_form *f)
{
    fuzz__check_len(f->residence_address, INTAKE_ADDRESS_MAX);
    fuzz__check_len(f->hukou_address, INTAKE_ADDRESS_MAX);
    fuzz__check_len(f->last_employer, INTAKE_SHORT_MAX);
    fuzz__check_len(f->last_occupation, INTAKE_SHORT_MAX);
    fuzz__check_len(f->job_occupation, INTAKE_SHORT_MAX);
    fuzz__check_len(f->skills, INTAKE_LONG_MAX);
    fuzz__check_len(f->certificates, INTAKE_LONG_MAX);
    CHECK(f->job_salary_min == -1 ||
          (f->job_salary_min >= 0 && f->job_salary_min <= INTAKE_SALARY_MAX));
    CHECK(f->n_difficulty >= 0 && f->n_difficulty <= INTAKE_MAX_DIFFICULTY);
    for (int i = 0; i < f->n_difficulty; i++)
        CHECK(f->difficulty[i] != NULL);

    json_t *d = form_details_json(f);
    CHECK(json_is_object(d) && json_object_size(d) == 9);
    static const char *const keys[] = {"health",          "disability_grade", "last_employer",
                                       "last_occupation", "skills",           "certificates",
                                       "job_intent",      "training_intent"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        CHECK(json_object_get(d, keys[i]) != NULL);
    CHECK(json_is_boolean(json_object_get(d, "startup_intent")));
    json_t *job = json_object_get(d, "job_intent");
    CHECK(json_is_null(job) || (json_is_object(job) && json_object_size(job) == 3));
    char *text = json_dumps(d, 0);
    CHECK(text != NULL);
    free(text);
    json_decref(d);

    struct intake_checked out;
    struct err_ctx ec = {0};
    int rc = intake_validate(f, date_from_ymd(2026, 3, 2), &out, &ec);
    CHECK(rc <= 0);
    if (rc < 0)
        CHECK(ec.field != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *obj = NULL;
    if (json_parse_object((const char *)data, size, &obj) < 0) {
        CHECK(obj == NULL);
        return 0;
    }
    struct intake_form f;
    memset(&f, 0xA5, sizeof f); /* garbage in: form_from_json must reset all of it */
    struct err_ctx ec = {0};
    int rc = form_from_json(obj, &f, &ec);
    if (rc == 0)
        fuzz__check_form(&f);
    else {
        CHECK(rc == -ERR_FIELD_INVALID || rc == -ERR_INTAKE_DISABILITY_GRADE);
        CHECK(ec.field != NULL);
    }
    json_decref(obj);
    return 0;
}
