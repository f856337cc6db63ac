/*
 * vocab.c — names and lookups over rules/vocab.def. See vocab.h. Lists are a handful of words:
 * lookups are linear.
 */
#include "rules/vocab.h"

#include <stddef.h>
#include <string.h>

static const char *const vocab__app_status[] = {
#define APP_STATUS(e, name, is_open) [APP_STATUS_##e] = name,
#include "rules/vocab.def"
};
static const bool vocab__app_open[] = {
#define APP_STATUS(e, name, is_open) [APP_STATUS_##e] = is_open,
#include "rules/vocab.def"
};
static const char *const vocab__reg_status[] = {
#define REG_STATUS(e, name) [REG_STATUS_##e] = name,
#include "rules/vocab.def"
};
static const char *const vocab__channel[] = {
#define CHANNEL(e, name) [CHANNEL_##e] = name,
#include "rules/vocab.def"
};
static const char *const vocab__role[] = {
#define ROLE(e, name) [ROLE_##e] = name,
#include "rules/vocab.def"
};
static const char *const vocab__track_kind[] = {
#define TRACK_KIND(e, name) [TRACK_KIND_##e] = name,
#include "rules/vocab.def"
};
static const char *const vocab__list_kind[] = {
#define LIST_KIND(e, name) [LIST_KIND_##e] = name,
#include "rules/vocab.def"
};
static const char *const vocab__job_status[] = {
#define JOB_STATUS(e, name) [JOB_STATUS_##e] = name,
#include "rules/vocab.def"
};

static const char *vocab__name(const char *const *names, int n, int v)
{
    return v >= 0 && v < n ? names[v] : NULL;
}

static int vocab__parse(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

const char *vocab_app_status_name(enum app_status s)
{
    return vocab__name(vocab__app_status, APP_STATUS__COUNT, (int)s);
}

const char *vocab_reg_status_name(enum reg_status s)
{
    return vocab__name(vocab__reg_status, REG_STATUS__COUNT, (int)s);
}

const char *vocab_channel_name(enum channel c)
{
    return vocab__name(vocab__channel, CHANNEL__COUNT, (int)c);
}

const char *vocab_role_name(enum role r)
{
    return vocab__name(vocab__role, ROLE__COUNT, (int)r);
}

const char *vocab_track_kind_name(enum track_kind k)
{
    return vocab__name(vocab__track_kind, TRACK_KIND__COUNT, (int)k);
}

int vocab_track_kind_parse(const char *s)
{
    return vocab__parse(vocab__track_kind, TRACK_KIND__COUNT, s);
}

const char *vocab_list_kind_name(enum list_kind k)
{
    return vocab__name(vocab__list_kind, LIST_KIND__COUNT, (int)k);
}

int vocab_list_kind_parse(const char *s)
{
    return vocab__parse(vocab__list_kind, LIST_KIND__COUNT, s);
}

const char *vocab_job_status_name(enum job_status s)
{
    return vocab__name(vocab__job_status, JOB_STATUS__COUNT, (int)s);
}

int vocab_job_status_parse(const char *s)
{
    return vocab__parse(vocab__job_status, JOB_STATUS__COUNT, s);
}

int vocab_app_status_parse(const char *s)
{
    return vocab__parse(vocab__app_status, APP_STATUS__COUNT, s);
}

int vocab_channel_parse(const char *s)
{
    return vocab__parse(vocab__channel, CHANNEL__COUNT, s);
}

int vocab_role_parse(const char *s)
{
    return vocab__parse(vocab__role, ROLE__COUNT, s);
}

bool vocab_app_status_is_open(const char *s)
{
    int v = vocab_app_status_parse(s);
    return v >= 0 && vocab__app_open[v];
}

const struct vocab_list *vocab_lists(void)
{
    static const struct vocab_list lists[] = {
        {"application", "status", vocab__app_status, APP_STATUS__COUNT},
        {"registration", "status", vocab__reg_status, REG_STATUS__COUNT},
        {"application", "channel", vocab__channel, CHANNEL__COUNT},
        {"app_user", "role", vocab__role, ROLE__COUNT},
        {"track_item", "kind", vocab__track_kind, TRACK_KIND__COUNT},
        {"list_entry", "kind", vocab__list_kind, LIST_KIND__COUNT},
        {"job", "status", vocab__job_status, JOB_STATUS__COUNT},
        {NULL, NULL, NULL, 0},
    };
    return lists;
}
