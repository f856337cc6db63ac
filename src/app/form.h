/*
 * form.h — the application form (附件1 《失业人员登记表》) read from its JSON body.
 *
 * CONTRACT.md "The application form" names the keys. This module checks only the JSON side —
 * each key's type, the lengths of free text, the shape of `job_intent` and
 * `difficulty_categories` — and fills a struct intake_form; whether the values make a valid
 * application (required fields, codes, regions, dates, the age rule, ...) is rules/intake's
 * intake_validate, which the use case calls next. So a form with a required key missing parses
 * here and fails there, and a CSV row or any other source goes through the same rules.
 *
 * Keys the contract does not name are ignored, so a client may send more (a newer form, UI
 * state) without being refused; `agency_id` is named by the contract but is not part of the
 * form's rules: the use case reads it itself. A key that is JSON null counts as absent.
 * Strings are borrowed from the JSON object and live as long as it does.
 */
#ifndef UREG_APP_FORM_H
#define UREG_APP_FORM_H

#include "base/err.h"
#include "base/json.h"
#include "rules/intake.h"

/*
 * Fill *f from the JSON object obj (all of *f is reset first: strings NULL, job_salary_min -1,
 * booleans false, no difficulty categories). Returns 0, or a negative error with ec->field
 * naming the key (CONTRACT.md's names; "job_intent.occupation", "job_intent.region" and
 * "job_intent.salary_min" inside job_intent):
 *   -ERR_INVALID_JSON   obj is not an object (field NULL);
 *   -ERR_FIELD_INVALID  a string key holding anything but a string (a number, true, an
 *                       object ...); residence_address or hukou_address longer than
 *                       INTAKE_ADDRESS_MAX characters, last_employer, last_occupation or
 *                       job_intent.occupation longer than INTAKE_SHORT_MAX, skills or
 *                       certificates longer than INTAKE_LONG_MAX; commitment, training_intent,
 *                       startup_intent or ui_benefit anything but JSON true/false (the string
 *                       "true" too); job_intent not an object; job_intent.salary_min not a JSON
 *                       integer in 0..INTAKE_SALARY_MAX; difficulty_categories not an array of
 *                       at most INTAKE_MAX_DIFFICULTY strings; disability_grade neither a string
 *                       nor an integer;
 *   -ERR_INTAKE_DISABILITY_GRADE  disability_grade an integer outside 1..4 (an integer in
 *                       range is stored as the string "1".."4").
 * Keys are read in contract order and the first error is returned. On error *f holds what was
 * read so far and must not be validated.
 */
int form_from_json(json_t *obj, struct intake_form *f, struct err_ctx *ec);

/*
 * A new JSON object with the descriptive fields of the form that are not personal identifiers,
 * to be stored as the application's `details`: exactly the keys health, disability_grade,
 * last_employer, last_occupation, skills, certificates (each a string, or null when absent or
 * ""), job_intent (null when none of its parts is given, else {"occupation": string-or-null,
 * "region": string-or-null, "salary_min": integer-or-null}), training_intent and
 * startup_intent (booleans). The caller owns the new reference (json_decref). Never NULL.
 */
json_t *form_details_json(const struct intake_form *f);

#endif
