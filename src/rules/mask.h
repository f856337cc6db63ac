/*
 * mask.h — the masking rules for personal data shown without the reveal permission.
 *
 * One place for what a masked value looks like, whoever shows it (store/person.c for a person,
 * store/application.c for the queue's names), so a list and a detail page never disagree on how
 * much of a document number or a phone they show:
 *   - document number: an 18-character number keeps its first 6 and last 4 characters
 *     (110101********123X), a shorter one its first 2 and last 2 (H1*******01), one of 4
 *     characters or fewer nothing (****);
 *   - name: the first character, every further one a '*' ("张三" → "张*", "欧阳娜娜" → "欧***");
 *     a name of one character is all '*';
 *   - phone: a mainland mobile its first 3 and last 4 digits (138****5678, a "+86" prefix kept
 *     as written), any other phone its last 4 digits and its separators;
 *   - address: its first 6 characters (the province, city and county in Chinese);
 *   - birth date: the year (1980-**-**).
 * Characters are code points (base/utf8): one '*' per character, a Chinese name of an extension B
 * character masks like any other. A malformed byte counts as one character and is never shown.
 *
 * Pure, never allocates. Every function writes into out (outsz bytes): NUL-terminated when
 * outsz > 0, cut at a character boundary when too small, nothing written when outsz is 0;
 * strlen(in) + 1 bytes always suffice. A NULL input writes "".
 */
#ifndef UREG_RULES_MASK_H
#define UREG_RULES_MASK_H

#include <stddef.h>

/* The masked form of a normalised document number (see above); IDNUM_SIZE bytes suffice. */
void mask_idnum(const char *normalised, char *out, size_t outsz);

/* The masked form of a name: the first character kept when there are two or more. */
void mask_name(const char *name, char *out, size_t outsz);

/*
 * The masked form of a phone: a mainland mobile (rules/intake's rule, with or without "+86" and
 * one ' ' or '-' after it) keeps what precedes its digits, its first 3 and last 4 digits
 * ("+86 138****5678"); any other phone with 8 digits or more keeps its last 4 digits and the
 * characters '+', '-' and ' ' ("010-12345678" → "***-****5678"); one with fewer digits becomes
 * one '*' a character.
 */
void mask_phone(const char *phone, char *out, size_t outsz);

/*
 * The first `keep` characters of s, then one '*' a character (addresses keep 6); a malformed
 * byte among the first `keep` is a '*' too.
 */
void mask_head(const char *s, size_t keep, char *out, size_t outsz);

#define MASK_ADDRESS_KEEP 6

/* A YYYY-MM-DD date as "YYYY-**-**"; anything not 10 bytes long is copied as it is. */
void mask_birth_date(const char *date, char *out, size_t outsz);

#endif
