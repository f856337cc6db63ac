/*
 * vocab.h — the schema's fixed words as enums: application and registration statuses,
 * channels, staff roles, tracked service kinds, kinds of public list, vacancy statuses
 * (the table is rules/vocab.def).
 *
 * C code names a status, channel or role through these enums and turns it into the stored
 * word with the *_name functions, so the words are spelled once. Pure: no I/O, no allocation;
 * every returned string is static.
 */
#ifndef UREG_RULES_VOCAB_H
#define UREG_RULES_VOCAB_H

#include <stdbool.h>

enum app_status {
#define APP_STATUS(e, name, is_open) APP_STATUS_##e,
#include "rules/vocab.def"
    APP_STATUS__COUNT
};

enum reg_status {
#define REG_STATUS(e, name) REG_STATUS_##e,
#include "rules/vocab.def"
    REG_STATUS__COUNT
};

enum channel {
#define CHANNEL(e, name) CHANNEL_##e,
#include "rules/vocab.def"
    CHANNEL__COUNT
};

enum role {
#define ROLE(e, name) ROLE_##e,
#include "rules/vocab.def"
    ROLE__COUNT
};

enum track_kind {
#define TRACK_KIND(e, name) TRACK_KIND_##e,
#include "rules/vocab.def"
    TRACK_KIND__COUNT
};

enum list_kind {
#define LIST_KIND(e, name) LIST_KIND_##e,
#include "rules/vocab.def"
    LIST_KIND__COUNT
};

enum job_status {
#define JOB_STATUS(e, name) JOB_STATUS_##e,
#include "rules/vocab.def"
    JOB_STATUS__COUNT
};

/* The stored word of each value ("pending_review", "active", "counter", "caseworker"); NULL
 * for a value outside the enum. */
const char *vocab_app_status_name(enum app_status s);
const char *vocab_reg_status_name(enum reg_status s);
const char *vocab_channel_name(enum channel c);
const char *vocab_role_name(enum role r);
const char *vocab_track_kind_name(enum track_kind k);
const char *vocab_list_kind_name(enum list_kind k);
const char *vocab_job_status_name(enum job_status s);

/* The value whose word is exactly `s` (no trimming, no case folding), or -1 when none is (also
 * for s NULL). */
int vocab_app_status_parse(const char *s);
int vocab_channel_parse(const char *s);
int vocab_role_parse(const char *s);
int vocab_track_kind_parse(const char *s);
int vocab_list_kind_parse(const char *s);
int vocab_job_status_parse(const char *s);

/* Whether an application in status `s` (a stored word) still awaits a decision: submitted,
 * verifying, pending_review. False for NULL and unknown words. */
bool vocab_app_status_is_open(const char *s);

/*
 * The lists as data, for checks against the schema: each names the table and column it
 * constrains and its words in .def order. The array ends with {NULL}.
 */
struct vocab_list {
    const char *table, *column;
    const char *const *names;
    int n;
};
const struct vocab_list *vocab_lists(void);

#endif
