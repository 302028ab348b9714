/* The one table of errors (SPEC §7) and the helpers that fill a capes_err. */
#include "capes.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* SQLite result codes are part of its stable ABI: SQLITE_ERROR 1, SQLITE_CONSTRAINT 19. */
const capes_error_kind capes_errors[CAPES_ERR_COUNT_] = {
    {CAPES_OK, "ok", "00000", 0, ""},
    {CAPES_ERR_ARG, "bad_argument", "22023", 1, "%s: %s must be %s (got %s)"},
    {CAPES_ERR_TYPE, "wrong_type", "22023", 1, "%s: %s must be %s (got %s)"},
    {CAPES_ERR_DATE_FORMAT, "bad_date_text", "22007", 1, "%s: %s must be %s (got %s)"},
    {CAPES_ERR_DATE_RANGE, "date_out_of_range", "22008", 1, "%s: %s must be %s (got %s)"},
    {CAPES_ERR_AMOUNT_RANGE, "amount_out_of_range", "22003", 1, "%s: %s must be %s (got %s)"},
    {CAPES_ERR_TRANSITION, "refused_transition", "23514", 19, "%s: %s"},
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void set_message(capes_err *err, capes_code code, const char *fmt, ...);

static void set_message(capes_err *err, capes_code code, const char *fmt, ...)
{
    const char *fn = err->fn ? err->fn : "capes";
    va_list ap;
    int n;

    err->code = code;
    n = snprintf(err->msg, sizeof err->msg, "%s: ", fn);
    err->reason_at = (n > 0 && (size_t) n < sizeof err->msg) ? (size_t) n : 0;
    va_start(ap, fmt);
    vsnprintf(err->msg + err->reason_at, sizeof err->msg - err->reason_at, fmt, ap);
    va_end(ap);
}

capes_code capes_fail(capes_err *err, capes_code code, const char *arg, const char *expected,
                      const char *given)
{
    if (code == CAPES_ERR_TRANSITION)
        set_message(err, code, "%s", given);
    else
        set_message(err, code, "%s must be %s (got %s)", arg, expected, given);
    return code;
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

#define SHOWN_CHARS 40

capes_code capes_fail_text(capes_err *err, capes_code code, const char *arg,
                           const char *expected, const char *text, size_t len)
{
    /* 40 characters of at most 4 bytes, escapes of 4 bytes, quotes, "..." */
    char shown[SHOWN_CHARS * 4 + 8];
    const unsigned char *s = (const unsigned char *) text;
    size_t i = 0, o = 0;
    int chars = 0;

    shown[o++] = '\'';
    while (i < len && chars < SHOWN_CHARS) {
        size_t n = utf8_len(s + i, len - i);

        if (n == 0 || s[i] < 0x20 || s[i] == 0x7F) {
            o += (size_t) snprintf(shown + o, sizeof shown - o, "\\x%02X", s[i]);
            i++;
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
