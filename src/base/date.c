/*
 * date.c — civil dates as day numbers. See date.h.
 *
 * The conversions are the well-known days-from-civil arithmetic on 400-year eras, exact over
 * the whole int32 range we use (years 1..9999).
 */
#include "base/date.h"

#include "base/err.h"

static bool date__leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date__leap(y) ? 29 : days[m - 1];
}

bool date_ymd_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

int32_t date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;                                  /* [0, 399] */
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void date_to_ymd(int32_t day, int *py, int *pm, int *pd)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    if (py)
        *py = y + (m <= 2);
    if (pm)
        *pm = m;
    if (pd)
        *pd = d;
}

int date_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)((day % 7 + 7) % 7); /* 0 = Thursday */
    return (w + 3) % 7 + 1;
}

static int date__digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int date_parse(const char *s, size_t n, int32_t *out)
{
    if (!s || n != 10 || s[4] != '-' || s[7] != '-')
        return -ERR_DATE_INVALID;
    int y = date__digits(s, 4), m = date__digits(s + 5, 2), d = date__digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !date_ymd_valid(y, m, d))
        return -ERR_DATE_INVALID;
    *out = date_from_ymd(y, m, d);
    return 0;
}

char *date_format(int32_t day, char buf[DATE_STRLEN])
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    int parts[3][2] = {{y, 4}, {m, 2}, {d, 2}};
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        int v = parts[i][0], w = parts[i][1];
        for (int k = w - 1; k >= 0; k--, v /= 10)
            p[k] = (char)('0' + v % 10);
        p += w;
        *p++ = i < 2 ? '-' : '\0';
    }
    return buf;
}

int32_t date_add_months(int32_t day, int months)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    int idx = y * 12 + (m - 1) + months;
    y = idx / 12;
    m = idx % 12 + 1;
    int dim = date_days_in_month(y, m);
    return date_from_ymd(y, m, d > dim ? dim : d);
}
