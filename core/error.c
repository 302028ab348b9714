/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The one table of errors (docs/rules.md#errors) and the helpers that fill a capes_err. */
#include "capes.h"

#include <stdarg.h>
#include <string.h>

/* SQLite result codes are part of its stable ABI: SQLITE_ERROR 1, SQLITE_CONSTRAINT 19. */
const capes_error_kind capes_errors[CAPES_N_ERRORS] = {
    {CAPES_OK, "00000", 0},
    /* "fn: arg must be EXPECTED (got GIVEN)": capes_fail, capes_fail_text */
    {CAPES_ERR_ARG, "22023", 1},
    {CAPES_ERR_TYPE, "22023", 1},
    {CAPES_ERR_DATE_FORMAT, "22007", 1},
    {CAPES_ERR_DATE_RANGE, "22008", 1},
    {CAPES_ERR_AMOUNT_RANGE, "22003", 1},
    /* "fn: from -> to refused ...: why (article)": capes_refuse */
    {CAPES_ERR_TRANSITION, "23514", 19},
};

/* "fn: " then the reason, formatted once, in place: the glue passes the message (err->len)
 * to the engine as it is. */
static void set_message(capes_err *err, capes_code code, const char *fmt, va_list ap) CAPES_PRINTF(3, 0);

static void set_message(capes_err *err, capes_code code, const char *fmt, va_list ap)
{
    const char *fn = err->fn ? err->fn : "capes";
    size_t n = strlen(fn), room = sizeof err->msg - 1;
    int r;

    err->code = code;
    if (n + 2 > room) /* no name is that long: the reason alone */
        n = 0;
    else {
        memcpy(err->msg, fn, n);
        memcpy(err->msg + n, ": ", 2);
        n += 2;
    }
    err->reason_at = n;
    r = capes_vformat(err->msg + n, sizeof err->msg - n, fmt, ap);
    err->len = n + (r < 0 ? 0 : (size_t) r < sizeof err->msg - n ? (size_t) r : sizeof err->msg - n - 1);
}

static void set_messagef(capes_err *err, capes_code code, const char *fmt, ...) CAPES_PRINTF(3, 4);

static void set_messagef(capes_err *err, capes_code code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set_message(err, code, fmt, ap);
    va_end(ap);
}

capes_code capes_fail(capes_err *err, capes_code code, const char *arg, const char *expected,
                      const char *given)
{
    set_messagef(err, code, "%s must be %s (got %s)", arg, expected, given);
    return code;
}

capes_code capes_refuse(capes_err *err, const char *article, const char *reason)
{
    return capes_refusef(err, article, "%s", reason);
}

capes_code capes_refusef(capes_err *err, const char *article, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    capes_vrefuse(err, article, fmt, ap);
    va_end(ap);
    return CAPES_ERR_TRANSITION;
}

capes_code capes_vrefuse(capes_err *err, const char *article, const char *fmt, va_list ap)
{
    err->article = article;
    set_message(err, CAPES_ERR_TRANSITION, fmt, ap);
    return CAPES_ERR_TRANSITION;
}

/* Length of the valid UTF-8 sequence at s, or 0 when s[0] does not start one. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
    size_t n, i;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4;
    else
        return 0;
    if (n > avail)
        return 0;
    for (i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* overlong 3- and 4-byte forms, surrogates, beyond U+10FFFF */
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

/* Characters that cannot be seen (Unicode Zs but the space, Zl, Zp, Cf, and the C1
 * controls): shown \uXXXX, or a message would read "(got 'partial')" for a code that
 * looks right but ends with a zero-width space pasted from a web page. So are the
 * combining marks of the blocks of marks that go on any letter (Combining Diacritical
 * Marks, its Extended and Supplement blocks, for Symbols, Half Marks: U+0300..U+036F,
 * U+1AB0..U+1AFF, U+1DC0..U+1DFF, U+20D0..U+20FF, U+FE20..U+FE2F), or a refused 'e'
 * U+0301 would look like an accepted 'é' (docs/rules.md#marks_shown_escaped). */
static const uint32_t invisible[][2] = {
    {0x80, 0x9F},       {0xA0, 0xA0},       {0xAD, 0xAD},       {0x300, 0x36F},     {0x600, 0x605},
    {0x61C, 0x61C},     {0x6DD, 0x6DD},     {0x70F, 0x70F},     {0x890, 0x891},     {0x8E2, 0x8E2},
    {0x1680, 0x1680},   {0x180E, 0x180E},   {0x1AB0, 0x1AFF},   {0x1DC0, 0x1DFF},   {0x2000, 0x200F},
    {0x2028, 0x202F},   {0x205F, 0x2064},   {0x2066, 0x206F},   {0x20D0, 0x20FF},   {0x3000, 0x3000},
    {0xFE20, 0xFE2F},   {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
    {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
};

static bool is_invisible(uint32_t cp)
{
    size_t i;

    for (i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
        if (cp >= invisible[i][0] && cp <= invisible[i][1])
            return true;
    return false;
}

static uint32_t code_point(const unsigned char *s, size_t n)
{
    static const unsigned char lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    uint32_t cp = s[0] & lead_mask[n];
    size_t i;

    for (i = 1; i < n; i++)
        cp = cp << 6 | (s[i] & 0x3F);
    return cp;
}

#define SHOWN_CHARS 40

capes_code capes_fail_text(capes_err *err, capes_code code, const char *arg,
                           const char *expected, const char *text, size_t len)
{
    /* 40 characters of at most 4 bytes or escapes of at most 7 ("\\u1D173"), quotes, "..." */
    char shown[SHOWN_CHARS * 7 + 8];
    const unsigned char *s = (const unsigned char *) text;
    size_t i = 0, o = 0;
    int chars = 0;

    shown[o++] = '\'';
    while (i < len && chars < SHOWN_CHARS) {
        size_t n = utf8_len(s + i, len - i);

        if (n == 0 || s[i] < 0x20 || s[i] == 0x7F) {
            o += (size_t) capes_format(shown + o, sizeof shown - o, "\\x%02X", s[i]);
            i++;
        } else if (n > 1 && is_invisible(code_point(s + i, n))) {
            o += (size_t) capes_format(shown + o, sizeof shown - o, "\\u%04X", (unsigned) code_point(s + i, n));
            i += n;
        } else {
            memcpy(shown + o, s + i, n);
            o += n;
            i += n;
        }
        chars++;
    }
    shown[o++] = '\'';
    if (i < len) {
        memcpy(shown + o, "...", 3);
        o += 3;
    }
    shown[o] = '\0';
    return capes_fail(err, code, arg, expected, shown);
}

const char *capes_err_reason(const capes_err *err)
{
    return err->msg + err->reason_at;
}

size_t capes_err_reason_len(const capes_err *err)
{
    return err->len - err->reason_at;
}
