/*
 * match.h — what job matching reads of a registration: its status, register region and the
 * profile's job intent and skills (store/profile's row). Never the person: matching uses no
 * personal data (no address, no document), so nothing here is masked.
 */
#ifndef UREG_STORE_MATCH_H
#define UREG_STORE_MATCH_H

#include "base/arena.h"
#include "store/db.h"

#include <stdint.h>

struct match_subject_row {
    int64_t registration_id;
    const char *registration_no, *status, *register_region;
    const char *intent_occupation, *intent_region, *skills; /* "" without a profile */
    int64_t intent_salary_min;
    int64_t jobs_version; /* store_match_subject only: store_job_version's, read with the row */
};

/* The registration `reg_no` within `scope` with its intent (strings from `ar`), and the
 * vacancies' version (store/job.h) in the same statement, so that one person's matches cost one
 * read besides the search; -ERR_NOT_FOUND when absent or outside the scope. */
int store_match_subject(struct store_conn *c, const char *scope, const char *reg_no,
                        struct arena *ar, struct match_subject_row *out);

/* The active registrations within `scope` ("" for all: the batch is a system read, scoped by
 * its --region) with id above `after_id`, ascending, at most `limit`; fn per row (strings valid
 * during the call). Returns the number visited or a negative error. */
int store_match_subject_page(struct store_conn *c, const char *scope, int64_t after_id, int limit,
                             int (*fn)(const struct match_subject_row *r, void *arg), void *arg);

#endif
