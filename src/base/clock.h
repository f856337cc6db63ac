/*
 * clock.h — the only source of "now".
 *
 * Everything that depends on the current time (deadlines, ages, session expiry, audit stamps)
 * asks here. In development mode (`ureg --dev`) the environment variable
 * UREG_NOW=YYYY-MM-DD[THH:MM:SS] (UTC+8, China Standard Time) sets a fixed time, so tests can
 * simulate months passing; outside development mode it is ignored with a warning. Tests of the
 * library call clock_set() directly. Dates ("today") are in China Standard Time, UTC+8.
 */
#ifndef UREG_BASE_CLOCK_H
#define UREG_BASE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Seconds since the Unix epoch, UTC. */
int64_t clock_now(void);

/* Nanoseconds of the monotonic clock: for durations and intervals only, never a date. The real
 * clock always (UREG_NOW and clock_set do not move it). */
int64_t clock_mono_ns(void);

/* Today's date in China (UTC+8), as a base/date day number. */
int32_t clock_today(void);

/* The date (UTC+8) of a Unix time. */
int32_t clock_date_of(int64_t unix_seconds);

/*
 * Fix the clock at `unix_seconds` (tests, dev mode); clock_clear() returns to the real clock.
 * Thread-safe.
 */
void clock_set(int64_t unix_seconds);
void clock_clear(void);
bool clock_is_fixed(void);

/*
 * Parse "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" as China Standard Time into Unix seconds.
 * Returns 0 or -ERR_DATE_INVALID.
 */
int clock_parse(const char *s, int64_t *out);

/*
 * Apply UREG_NOW from the environment. With dev_mode true and UREG_NOW set, fix the clock there
 * (returns 0, or -ERR_DATE_INVALID when malformed). With dev_mode false and UREG_NOW set, leave
 * the real clock, log a warning and return 1. Returns 0 when UREG_NOW is unset.
 */
int clock_init_from_env(bool dev_mode);

#define CLOCK_STRLEN 40

/* Format a Unix time as "YYYY-MM-DDTHH:MM:SS+08:00" into buf (CLOCK_STRLEN bytes). */
char *clock_format(int64_t unix_seconds, char buf[CLOCK_STRLEN]);

#endif
