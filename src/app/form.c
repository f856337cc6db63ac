/*
 * form.c — the application form from JSON. See form.h.
 *
 * The top-level string keys are one table walked by one loop (key, place in the struct, length
 * limit); booleans, job_intent, disability_grade and difficulty_categories have their own
 * shapes and are read in their contract places around it. One form is a few dozen keys: no
 * cost worth measuring.
 */
#include "app/form.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A top-level string key: where it goes and its length limit in characters (0: none here). */
struct form__str {
    const char *key;
    size_t offset; /* of a `const char *` member of struct intake_form */
    size_t max_len;
};

#define FORM__STR(name, max)                                                                       \
    {                                                                                              \
#name, offsetof(struct intake_form, name), max                                             \
    }

/* Required then optional, each in contract order (up to health; the rest follows below). */
static const struct form__str form__strs_head[] = {
    FORM__STR(id_type, 0),
    FORM__STR(id_number, 0),
    FORM__STR(name, 0),
    FORM__STR(phone, 0),
    FORM__STR(residence_region, 0),
    FORM__STR(residence_address, INTAKE_ADDRESS_MAX),
    FORM__STR(register_region, 0),
    FORM__STR(register_basis, 0),
    FORM__STR(unemployed_since, 0),
    FORM__STR(unemployment_reason, 0),
};

static const struct form__str form__strs_middle[] = {
    FORM__STR(sex, 0),
    FORM__STR(birth_date, 0),
    FORM__STR(ethnicity, 0),
    FORM__STR(education, 0),
    FORM__STR(hukou_type, 0),
    FORM__STR(hukou_region, 0),
    FORM__STR(hukou_address, INTAKE_ADDRESS_MAX),
    FORM__STR(health, 0),
};

static const struct form__str form__strs_tail[] = {
    FORM__STR(last_employer, INTAKE_SHORT_MAX),
    FORM__STR(last_occupation, INTAKE_SHORT_MAX),
    FORM__STR(skills, INTAKE_LONG_MAX),
    FORM__STR(certificates, INTAKE_LONG_MAX),
};

/* p, or abort: jansson returns NULL only on out-of-memory for the calls made here. */
static json_t *form__must(json_t *p)
{
    if (!p) {
        fprintf(stderr, "ureg: out of memory (jansson)\n");
        abort();
    }
    return p;
}

/* Read the n string keys of tab from obj into f. */
static int form__read_strs(json_t *obj, const struct form__str *tab, size_t n,
                           struct intake_form *f, struct err_ctx *ec)
{
    for (size_t i = 0; i < n; i++) {
        const char **slot = (const char **)((char *)f + tab[i].offset);
        int rc = json_get_str(obj, tab[i].key, false, tab[i].max_len, slot, ec);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* disability_grade: a string as is, or an integer 1..4 as "1".."4". */
static int form__grade(json_t *obj, struct intake_form *f, struct err_ctx *ec)
{
    static const char *const grades[] = {"1", "2", "3", "4"};
    json_t *v = json_object_get(obj, "disability_grade");
    if (json_is_integer(v)) {
        json_int_t g = json_integer_value(v);
        if (g < 1 || g > 4)
            return err_set(ec, -ERR_INTAKE_DISABILITY_GRADE, "disability_grade");
        f->disability_grade = grades[g - 1];
        return 0;
    }
    return json_get_str(obj, "disability_grade", false, 0, &f->disability_grade, ec);
}

/* Rename the field json_get_* set to the dotted name of a key inside job_intent. */
static int form__in_job(int rc, const char *field, struct err_ctx *ec)
{
    if (rc < 0 && ec)
        ec->field = field;
    return rc;
}

/* job_intent {occupation, region, salary_min}: absent or null, else an object. */
static int form__job(json_t *obj, struct intake_form *f, struct err_ctx *ec)
{
    json_t *job = json_object_get(obj, "job_intent");
    if (!job || json_is_null(job))
        return 0;
    if (!json_is_object(job))
        return err_set(ec, -ERR_FIELD_INVALID, "job_intent");
    int rc = json_get_str(job, "occupation", false, INTAKE_SHORT_MAX, &f->job_occupation, ec);
    if (form__in_job(rc, "job_intent.occupation", ec) < 0)
        return rc;
    rc = json_get_str(job, "region", false, 0, &f->job_region, ec);
    if (form__in_job(rc, "job_intent.region", ec) < 0)
        return rc;
    rc = json_get_int(job, "salary_min", false, 0, INTAKE_SALARY_MAX, &f->job_salary_min, ec);
    return form__in_job(rc, "job_intent.salary_min", ec);
}

/* difficulty_categories: absent or null, else an array of at most 8 strings (borrowed). */
static int form__difficulty(json_t *obj, struct intake_form *f, struct err_ctx *ec)
{
    json_t *arr = json_object_get(obj, "difficulty_categories");
    if (!arr || json_is_null(arr))
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > INTAKE_MAX_DIFFICULTY)
        return err_set(ec, -ERR_FIELD_INVALID, "difficulty_categories");
    size_t n = json_array_size(arr);
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(arr, i);
        if (!json_is_string(v) || memchr(json_string_value(v), '\0', json_string_length(v)))
            return err_set(ec, -ERR_FIELD_INVALID, "difficulty_categories");
        f->difficulty[i] = json_string_value(v);
    }
    f->n_difficulty = (int)n;
    return 0;
}

int form_from_json(json_t *obj, struct intake_form *f, struct err_ctx *ec)
{
    memset(f, 0, sizeof *f);
    f->job_salary_min = -1;
    if (!json_is_object(obj))
        return err_set(ec, -ERR_INVALID_JSON, NULL);
    int rc = form__read_strs(obj, form__strs_head,
                             sizeof form__strs_head / sizeof form__strs_head[0], f, ec);
    if (rc < 0)
        return rc;
    rc = json_get_bool(obj, "commitment", false, &f->commitment, ec);
    if (rc < 0)
        return rc;
    rc = form__read_strs(obj, form__strs_middle,
                         sizeof form__strs_middle / sizeof form__strs_middle[0], f, ec);
    if (rc < 0)
        return rc;
    rc = form__grade(obj, f, ec);
    if (rc < 0)
        return rc;
    rc = form__read_strs(obj, form__strs_tail, sizeof form__strs_tail / sizeof form__strs_tail[0],
                         f, ec);
    if (rc < 0)
        return rc;
    rc = form__job(obj, f, ec);
    if (rc < 0)
        return rc;
    if ((rc = json_get_bool(obj, "training_intent", false, &f->training_intent, ec)) < 0 ||
        (rc = json_get_bool(obj, "startup_intent", false, &f->startup_intent, ec)) < 0 ||
        (rc = json_get_bool(obj, "ui_benefit", false, &f->ui_benefit, ec)) < 0)
        return rc;
    return form__difficulty(obj, f, ec);
}

/* A new JSON string for s, or null when s is absent (NULL or ""). */
static json_t *form__str_or_null(const char *s)
{
    return form__must(s && *s ? json_string(s) : json_null());
}

json_t *form_details_json(const struct intake_form *f)
{
    json_t *d = form__must(json_object());
    json_object_set_new(d, "health", form__str_or_null(f->health));
    json_object_set_new(d, "disability_grade", form__str_or_null(f->disability_grade));
    json_object_set_new(d, "last_employer", form__str_or_null(f->last_employer));
    json_object_set_new(d, "last_occupation", form__str_or_null(f->last_occupation));
    json_object_set_new(d, "skills", form__str_or_null(f->skills));
    json_object_set_new(d, "certificates", form__str_or_null(f->certificates));
    bool has_job = (f->job_occupation && *f->job_occupation) || (f->job_region && *f->job_region) ||
                   f->job_salary_min >= 0;
    json_t *job = form__must(has_job ? json_object() : json_null());
    if (has_job) {
        json_object_set_new(job, "occupation", form__str_or_null(f->job_occupation));
        json_object_set_new(job, "region", form__str_or_null(f->job_region));
        json_object_set_new(
            job, "salary_min",
            form__must(f->job_salary_min >= 0 ? json_integer(f->job_salary_min) : json_null()));
    }
    json_object_set_new(d, "job_intent", job);
    json_object_set_new(d, "training_intent", form__must(json_boolean(f->training_intent)));
    json_object_set_new(d, "startup_intent", form__must(json_boolean(f->startup_intent)));
    return d;
}
