/*
 * date.h — civil dates as day numbers.
 *
 * A date is an int32_t counting days since 1970-01-01 (proleptic Gregorian), so adding days is
 * addition and comparing is comparison. Every module that handles calendar dates (document
 * birth dates, working days, ages, deadlines) uses this one representation. Pure: no clock, no
 * time zone; "today" comes from base/clock.
 */
#ifndef UREG_BASE_DATE_H
#define UREG_BASE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_STRLEN 11 /* "YYYY-MM-DD" + NUL */

/* Whether y-m-d exists in the Gregorian calendar (years 1..9999). */
bool date_ymd_valid(int y, int m, int d);

/* Days in month m of year y (m in 1..12). */
int date_days_in_month(int y, int m);

/* The day number of y-m-d; the triple must be valid (date_ymd_valid). */
int32_t date_from_ymd(int y, int m, int d);

/* Split a day number into year, month, day. Any pointer may be NULL. */
void date_to_ymd(int32_t day, int *y, int *m, int *d);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(int32_t day);

/*
 * Parse exactly "YYYY-MM-DD" (n bytes, need not be NUL-terminated) into *out. Returns 0, or
 * -ERR_DATE_INVALID for any other shape or a day that does not exist.
 */
int date_parse(const char *s, size_t n, int32_t *out);

/* Write "YYYY-MM-DD" and a NUL into buf (at least DATE_STRLEN bytes); returns buf. */
char *date_format(int32_t day, char buf[DATE_STRLEN]);

/* Add `months` calendar months, clamping the day to the end of the target month. */
int32_t date_add_months(int32_t day, int months);

#endif
