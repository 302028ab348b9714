/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Shared helpers of the libFuzzer targets: assertions that libFuzzer reports as
 * crashes, a byte reader for structured inputs, and slow oracles written apart
 * from the core (calendar arithmetic, Easter, message quoting) to compare with it. */
#ifndef CAPES_FUZZ_COMMON_H
#define CAPES_FUZZ_COMMON_H

#include "capes.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken invariant: say which, then trap so that libFuzzer keeps the input. */
#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "\ninvariant broken at %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fputc('\n', stderr);                                                           \
            __builtin_trap();                                                              \
        }                                                                                  \
    } while (0)

/* ASan checks printf formats by default; the oracles format a lot and are ours. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "check_printf=0";
}

/* ------------------------------------------------------------ byte reader */

typedef struct fuzz_in {
    const uint8_t *p;
    size_t n;
} fuzz_in;

static inline uint8_t take_u8(fuzz_in *in)
{
    uint8_t v = 0;

    if (in->n) {
        v = *in->p++;
        in->n--;
    }
    return v;
}

static inline uint32_t take_u32(fuzz_in *in)
{
    uint32_t v = 0;
    int i;

    for (i = 0; i < 4; i++)
        v = v << 8 | take_u8(in);
    return v;
}

/* ------------------------------------------------------------- messages */

/* Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF). */
static inline bool fz_utf8_valid(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *) text;
    size_t i = 0;

    while (i < len) {
        unsigned c = s[i], need, k;
        uint32_t cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            need = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            need = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            need = 3, cp = c & 0x07;
        else
            return false;
        for (k = 1; k <= need; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += need + 1;
    }
    return true;
}

/* Byte count of the valid UTF-8 character at s (0 when it is not one). */
static inline size_t fz_utf8_char(const unsigned char *s, size_t avail)
{
    size_t n;

    for (n = 1; n <= 4 && n <= avail; n++)
        if (fz_utf8_valid((const char *) s, n))
            return n;
    return 0;
}

/* Characters nobody sees: Unicode 15 general categories Zs (but the space), Zl, Zp and
 * Cf, and the C1 controls -- listed from Python's unicodedata (14.0), plus the
 * Egyptian format controls U+13439..U+1343F that Unicode 15 added. */
static inline bool fz_invisible(uint32_t cp)
{
    static const uint32_t ranges[][2] = {
        {0x80, 0xA0},     {0xAD, 0xAD},       {0x600, 0x605},     {0x61C, 0x61C},   {0x6DD, 0x6DD},
        {0x70F, 0x70F},   {0x890, 0x891},     {0x8E2, 0x8E2},     {0x1680, 0x1680}, {0x180E, 0x180E},
        {0x2000, 0x200F}, {0x2028, 0x202F},   {0x205F, 0x2064},   {0x2066, 0x206F}, {0x3000, 0x3000},
        {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F},
        {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
    };
    size_t i;

    for (i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (cp >= ranges[i][0] && cp <= ranges[i][1])
            return true;
    return false;
}

/* The blocks of combining marks that go on any letter (Blocks.txt: Combining Diacritical
 * Marks, Extended, Supplement, for Symbols, Half Marks; docs/rules.md#marks_shown_escaped). */
static inline bool fz_combining(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* The quoted form capes_fail_text promises (capes.h): at most 40 characters, bytes
 * that are not valid UTF-8 and ASCII controls as \xNN, invisible characters and
 * combining marks as \uXXXX, "..." when cut. */
static inline void fz_shown(const char *text, size_t len, char *out, size_t outsz)
{
    const unsigned char *s = (const unsigned char *) text;
    size_t i = 0, o = 0, k;
    int chars = 0;

    o += (size_t) snprintf(out + o, outsz - o, "'");
    while (i < len && chars < 40) {
        size_t n = fz_utf8_char(s + i, len - i);
        uint32_t cp = 0;

        if (n > 1) { /* decode again, apart from the validator */
            cp = s[i] & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
            for (k = 1; k < n; k++)
                cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (n == 0 || s[i] < 0x20 || s[i] == 0x7F) {
            o += (size_t) snprintf(out + o, outsz - o, "\\x%02X", s[i]);
            i++;
        } else if (n > 1 && (fz_invisible(cp) || fz_combining(cp))) {
            o += (size_t) snprintf(out + o, outsz - o, "\\u%04X", (unsigned) cp);
            i += n;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
        chars++;
    }
    o += (size_t) snprintf(out + o, outsz - o, "'%s", i < len ? "..." : "");
}

/* The message of a failed call: "fn: arg must be EXPECTED (got 'TEXT')". */
static inline void fz_expect_msg(char *out, size_t outsz, const char *fn, const char *arg, const char *expected,
                                 const char *text, size_t len)
{
    char shown[600];

    fz_shown(text, len, shown, sizeof shown);
    snprintf(out, outsz, "%s: %s must be %s (got %s)", fn, arg, expected, shown);
}

/* What every error must look like, whoever raised it (docs/rules.md#errors). */
static inline void fz_check_err(const capes_err *err, const char *fn)
{
    const char *nul = memchr(err->msg, '\0', sizeof err->msg);
    size_t fl = strlen(fn), ml = nul ? (size_t) (nul - err->msg) : sizeof err->msg;

    CHECK(err->code > CAPES_OK && err->code < CAPES_N_ERRORS, "code %d", (int) err->code);
    CHECK(strlen(capes_errors[err->code].sqlstate) == 5, "sqlstate '%s'", capes_errors[err->code].sqlstate);
    CHECK(capes_errors[err->code].sqlite_code == (err->code == CAPES_ERR_TRANSITION ? 19 : 1), "sqlite code");
    CHECK(ml < sizeof err->msg, "message not terminated");
    /* a full buffer: snprintf cut the message, losing its end (and maybe half a character),
     * as crashes/vocab/ did with a 512-byte buffer */
    CHECK(ml < sizeof err->msg - 1, "message cut at %zu bytes: '%s'", ml, err->msg);
    CHECK(fz_utf8_valid(err->msg, ml), "message is not valid UTF-8: '%s'", err->msg);
    CHECK(!strncmp(err->msg, fn, fl) && !strncmp(err->msg + fl, ": ", 2), "message '%s' for %s", err->msg, fn);
    CHECK(err->reason_at == fl + 2, "reason_at %zu in '%s'", err->reason_at, err->msg);
    CHECK(ml > fl + 2, "empty reason");
}

/* --------------------------------------------------------------- calendar */

static inline bool fz_leap(long y)
{
    return y % 4 == 0 ? (y % 100 != 0 || y % 400 == 0) : false;
}

static inline int fz_month_len(long y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return len[m - 1] + (m == 2 && fz_leap(y));
}

/* Days since 1970-01-01 counted year by year from 0001-01-01 (y >= 1). */
static inline long fz_days(long y, int m, int d)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    long p = y - 1;

    return 365 * p + p / 4 - p / 100 + p / 400 + before[m - 1] + (m > 2 && fz_leap(y)) + d - 1 - 719162;
}

static inline void fz_civil(long day, long *y, int *m, int *d)
{
    long lo = 1, hi = 20000, rest;

    while (lo < hi) { /* the last year starting on or before day */
        long mid = (lo + hi + 1) / 2;

        if (fz_days(mid, 1, 1) <= day)
            lo = mid;
        else
            hi = mid - 1;
    }
    *y = lo;
    rest = day - fz_days(lo, 1, 1);
    for (*m = 1; rest >= fz_month_len(lo, *m); (*m)++)
        rest -= fz_month_len(lo, *m);
    *d = (int) rest + 1;
}

/* 0 = Monday: 1970-01-01 was a Thursday. */
static inline int fz_weekday(long day)
{
    return (int) (((day + 3) % 7 + 7) % 7);
}

/* Easter Sunday by Oudin's algorithm (1940), not the core's Meeus/Jones/Butcher. */
static inline long fz_easter(long y)
{
    long g = y % 19, c = y / 100;
    long h = (c - c / 4 - (8 * c + 13) / 25 + 19 * g + 15) % 30;
    long i = h - (h / 28) * (1 - (29 / (h + 1)) * ((21 - g) / 11));
    long j = (y + y / 4 + i + 2 - c + c / 4) % 7;
    long l = i - j;
    int month = (int) (3 + (l + 40) / 44);
    int day = (int) (l + 28 - 31 * (month / 4));

    return fz_days(y, month, day);
}

/* The calendars of docs/rules.md#holidays, listed again from there: fills days (unsorted, may repeat). */
static inline int fz_holiday_list(long y, int cal, long *out)
{
    static const int fixed[][2] = {{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}};
    static const int slavery[CAPES_N_CALENDARS][2] = {
        [CAPES_CAL_GUADELOUPE] = {5, 27}, [CAPES_CAL_MARTINIQUE] = {5, 22}, [CAPES_CAL_GUYANE] = {6, 10},
        [CAPES_CAL_REUNION] = {12, 20},   [CAPES_CAL_MAYOTTE] = {4, 27},
    };
    long easter = fz_easter(y);
    int n = 0;
    size_t i;

    if (cal == CAPES_CAL_NONE)
        return 0;
    for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        out[n++] = fz_days(y, fixed[i][0], fixed[i][1]);
    out[n++] = easter + 1;  /* Easter Monday */
    out[n++] = easter + 39; /* Ascension */
    out[n++] = easter + 50; /* Whit Monday */
    if (cal == CAPES_CAL_ALSACE_MOSELLE) {
        out[n++] = easter - 2; /* Good Friday */
        out[n++] = fz_days(y, 12, 26);
    }
    if (slavery[cal][0])
        out[n++] = fz_days(y, slavery[cal][0], slavery[cal][1]);
    /* the days chômé overseas (docs/rules.md#holidays) */
    if (cal == CAPES_CAL_GUADELOUPE || cal == CAPES_CAL_MARTINIQUE || cal == CAPES_CAL_GUYANE)
        out[n++] = easter - 2; /* Good Friday */
    if (cal == CAPES_CAL_GUADELOUPE || cal == CAPES_CAL_MARTINIQUE)
        out[n++] = fz_days(y, 7, 21); /* Victor Schoelcher */
    return n;
}

static inline bool fz_holiday(long day, int cal)
{
    long y, list[16];
    int m, d, n, i;

    fz_civil(day, &y, &m, &d);
    n = fz_holiday_list(y, cal, list);
    for (i = 0; i < n; i++)
        if (list[i] == day)
            return true;
    return false;
}

static inline bool fz_working(long day, int cal)
{
    return fz_weekday(day) < 5 && !fz_holiday(day, cal);
}

/* CPC 641 al. 2: same day number, or the month's last day. */
static inline long fz_add_months(long day, int months)
{
    long y;
    int m, d;
    long idx;

    fz_civil(day, &y, &m, &d);
    idx = y * 12 + (m - 1) + months;
    y = idx / 12;
    m = (int) (idx % 12) + 1;
    if (d > fz_month_len(y, m))
        d = fz_month_len(y, m);
    return fz_days(y, m, d);
}

/* The table of docs/rules.md#deadline-kinds, written again from there. */
static inline long fz_deadline(long start, int kind, int cal)
{
    static const struct {
        int days, months;
        bool extended;
    } rule[CAPES_N_KINDS] = {
        [CAPES_KIND_ESTABLISHMENT_DRAFT] = {30, 0, true}, [CAPES_KIND_AGENCY_DRAFT] = {30, 0, false},
        [CAPES_KIND_SIGNATURE] = {30, 0, false},          [CAPES_KIND_CONTRACT_END] = {0, 48, false},
        [CAPES_KIND_ANNUAL_REPORT] = {0, 12, false},      [CAPES_KIND_CURE] = {0, 12, false},
        [CAPES_KIND_OBSERVATIONS] = {30, 0, true},        [CAPES_KIND_REASSESSMENT] = {0, 24, false},
    };
    long day = rule[kind].months ? fz_add_months(start, rule[kind].months) : start + rule[kind].days;

    if (rule[kind].extended && cal != CAPES_CAL_NONE)
        while (!fz_working(day, cal))
            day++;
    return day;
}

#define FZ_DAY_MIN (-141349L) /* 1583-01-01 */
#define FZ_DAY_MAX 2932896L   /* 9999-12-31 */

static inline void fz_format(long day, char out[16])
{
    long y;
    int m, d;

    fz_civil(day, &y, &m, &d);
    snprintf(out, 16, "%04ld-%02d-%02d", y, m, d);
}

#endif
