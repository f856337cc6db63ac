/*
 * password.c — the password policy. See password.h.
 */
#include "rules/password.h"

#include "base/err.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Whether `hay` contains `needle`, ASCII letters compared without case. */
static bool password__contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle), h = strlen(hay);
    if (n == 0 || n > h)
        return false;
    for (size_t i = 0; i + n <= h; i++)
        if (strncasecmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

int password_check(const char *password, const char *username, int min_length, int min_classes)
{
    size_t bytes = strlen(password);
    if (bytes > PASSWORD_MAX_BYTES)
        return -ERR_PASSWORD_TOO_LONG;
    bool lower = false, upper = false, digit = false, other = false;
    for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
        lower = lower || (*p >= 'a' && *p <= 'z');
        upper = upper || (*p >= 'A' && *p <= 'Z');
        digit = digit || (*p >= '0' && *p <= '9');
        other = other || !isalnum(*p);
    }
    if ((int)utf8_count(password, bytes) < min_length)
        return -ERR_PASSWORD_WEAK;
    if (lower + upper + digit + other < min_classes)
        return -ERR_PASSWORD_CLASSES;
    if (username && password__contains(password, username))
        return -ERR_PASSWORD_USERNAME;
    return 0;
}
