/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The core's own snprintf, for its messages and explanations. glibc's vsnprintf costs about
 * 2,000 instructions a message (a FILE set up, the format parsed for positional arguments,
 * the locale consulted), several times what the rule it reports costs (bench/results.md,
 * "Where capes' instructions go"); these messages need only strings and integers, whose
 * spelling never depends on the locale. Doubles (%g, %e, %f) stay with the C library:
 * core/money.c and core/whole.c print them, on paths that are not every row's. */
#include "capes.h"

#include <stdarg.h>
#include <string.h>

typedef struct out {
    char *buf;
    size_t size; /* room for size - 1 characters and the NUL */
    size_t n;    /* characters the whole text has, written or not */
} out;

static inline void put(out *o, const char *s, size_t len)
{
    if (len > 0 && o->n < o->size) { /* no call for the "" of a sign or an ending */
        size_t room = o->size - 1 - o->n;

        memcpy(o->buf + o->n, s, len < room ? len : room);
    }
    o->n += len;
}

static inline void put_char(out *o, char c)
{
    if (o->n + 1 < o->size)
        o->buf[o->n] = c;
    o->n++;
}

/* An integer's magnitude in base 10 or 16, padded to width after its sign with zeros or before
 * it with spaces, as printf's %0Nd and %NX do, written at the end of text: returns its start.
 * It writes no out, so that capes_vformat keeps its own in registers. */
#define INTEGER_TEXT 48 /* 2^64 - 1 has 20 decimal digits; widths are cut to 24 */

static char *integer_text(char text[INTEGER_TEXT], bool negative, unsigned long long mag, unsigned base, bool upper,
                          int width, bool zero_pad)
{
    const char *digit = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = text + INTEGER_TEXT;
    char *end = p;

    if (width > 24)
        width = 24;
    do {
        *--p = digit[mag % base];
        mag /= base;
    } while (mag);
    while (zero_pad && end - p < width - (negative ? 1 : 0))
        *--p = '0';
    if (negative)
        *--p = '-';
    while (end - p < width)
        *--p = ' ';
    return p;
}

int capes_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    out o = {buf, size, 0};
    const char *f = fmt;

    for (;;) {
        const char *lit = f;
        bool zero_pad = false, is_long = false;
        int width = 0, precision = -1;

        /* the C library's strchr and strlen find the next conversion a word at a time: a loop
         * over the bytes costs several instructions each, most of a message being its words;
         * two conversions in a row ("%s%lld") need neither */
        const char *pct = *f == '%' ? f : *f ? strchr(f, '%') : NULL;

        if (pct != f) {
            f = pct ? pct : f + strlen(f);
            put(&o, lit, (size_t) (f - lit));
        }
        if (!pct)
            break;
        lit = f++;
        if (*f == 's') { /* most conversions: no flag to read */
            const char *s = va_arg(ap, const char *);

            put(&o, s, strlen(s));
            f++;
            continue;
        }
        if (*f == '0') {
            zero_pad = true;
            f++;
        }
        while (*f >= '1' && *f <= '9') /* a width: %02d, %04X */
            width = width * 10 + (*f++ - '0');
        if (f[0] == '.' && f[1] == '*') {
            precision = va_arg(ap, int);
            f += 2;
        }
        if (f[0] == 'l' && f[1] == 'l') {
            is_long = true;
            f += 2;
        }
        switch (*f) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            size_t len = 0;

            if (precision < 0) /* %.*s may name an array with no NUL: read at most precision bytes */
                len = strlen(s);
            else
                while ((int) len < precision && s[len])
                    len++;

            put(&o, s, len);
            break;
        }
        case 'c':
            put_char(&o, (char) va_arg(ap, int));
            break;
        case 'd':
        case 'u':
        case 'x':
        case 'X': {
            char text[INTEGER_TEXT], *t;
            unsigned long long mag;
            bool negative = false;

            if (*f == 'd' && is_long) {
                long long v = va_arg(ap, long long);

                negative = v < 0;
                mag = negative ? 0ull - (unsigned long long) v : (unsigned long long) v;
            } else if (*f == 'd') {
                int v = va_arg(ap, int);

                negative = v < 0;
                mag = negative ? 0u - (unsigned) v : (unsigned) v;
            } else {
                mag = is_long ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            }
            t = integer_text(text, negative, mag, *f == 'd' || *f == 'u' ? 10 : 16, *f == 'X', width, zero_pad);
            put(&o, t, (size_t) (text + INTEGER_TEXT - t));
            break;
        }
        case '%':
            put_char(&o, '%');
            break;
        default: /* not one of the conversions above: written as it is, for a test to see */
            if (!*f)
                f--;
            put(&o, lit, (size_t) (f + 1 - lit));
            break;
        }
        f++;
    }
    if (size > 0)
        buf[o.n < size ? o.n : size - 1] = '\0';
    return (int) o.n;
}

int capes_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = capes_vformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
