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

static void put(out *o, const char *s, size_t len)
{
    if (len > 0 && o->n < o->size) { /* no call for the "" of a sign or an ending */
        size_t room = o->size - 1 - o->n;

        memcpy(o->buf + o->n, s, len < room ? len : room);
    }
    o->n += len;
}

static void put_char(out *o, char c)
{
    if (o->n + 1 < o->size)
        o->buf[o->n] = c;
    o->n++;
}

/* An integer's magnitude in base 10 or 16, zero-padded to width after its sign, as printf's
 * %0Nd and %0NX do. */
static void put_integer(out *o, bool negative, unsigned long long mag, unsigned base, bool upper, int width,
                        bool zero_pad)
{
    const char *digit = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char text[24]; /* 2^64 - 1 has 20 decimal digits */
    size_t len = 0, i;
    int pad;

    do {
        text[sizeof text - 1 - len++] = digit[mag % base];
        mag /= base;
    } while (mag);
    pad = width - (int) len - (negative ? 1 : 0);
    for (i = 0; !zero_pad && pad > 0 && (int) i < pad; i++)
        put_char(o, ' ');
    if (negative)
        put_char(o, '-');
    for (i = 0; zero_pad && pad > 0 && (int) i < pad; i++)
        put_char(o, '0');
    put(o, text + sizeof text - len, len);
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
            if (is_long) {
                long long v = va_arg(ap, long long);

                put_integer(&o, v < 0, v < 0 ? 0ull - (unsigned long long) v : (unsigned long long) v, 10, false,
                            width, zero_pad);
            } else {
                int v = va_arg(ap, int);

                put_integer(&o, v < 0, v < 0 ? 0u - (unsigned) v : (unsigned) v, 10, false, width, zero_pad);
            }
            break;
        case 'u':
        case 'x':
        case 'X':
            put_integer(&o, false, is_long ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned),
                        *f == 'u' ? 10 : 16, *f == 'X', width, zero_pad);
            break;
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
