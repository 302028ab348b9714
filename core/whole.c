/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Whole numbers: a count of risks or a year, in whatever number type an engine gives it
 * (docs/rules.md#whole-numbers). A value with no fraction is that integer whatever its type
 * (2, 2.0, '2.000', 2e0); it is then checked against its range with the range's own message.
 * Anything else is refused with one message, the same for every type, so that both engines
 * and every PostgreSQL overload word the same value the same way. */
#include "capes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHOLE_EXPECTED "a whole number"
#define KEPT 48          /* significant digits kept: more than a message shows */
#define SHOWN_CHARS 40   /* as a given text is cut (docs/rules.md#given-values) */
#define EXP_CAP 1000000  /* an exponent beyond this is the same as this for every check */

/* A number as sign, significant digits and the place of the point: the value is
 * 0.D x 10^point, D the digits without leading or trailing zeros (none for zero). */
typedef struct number {
    bool negative, nan, inf;
    char digits[KEPT];
    int kept;          /* digits stored, at most KEPT */
    int64_t count;     /* significant digits in all */
    int64_t point;
} number;

/* Spaces around, a sign, digits with an optional point, an optional exponent (e5, E-3), or
 * NaN, Infinity, inf: what PostgreSQL's numeric and double precision inputs take, and what
 * they print. false for anything else. */
static bool parse_number(const char *text, size_t len, number *n)
{
    size_t b = 0, e = len, i;
    int64_t index = 0, first = -1, last = -1, int_len = 0, exp = 0;
    bool dot = false, any = false, exp_negative = false;

    memset(n, 0, sizeof *n);
    while (b < e && text[b] == ' ')
        b++;
    while (e > b && text[e - 1] == ' ')
        e--;
    i = b;
    if (i < e && (text[i] == '+' || text[i] == '-'))
        n->negative = text[i++] == '-';
    switch (capes_number_special(text + i, e - i)) {
    case CAPES_NUMBER_NAN:
        n->nan = true;
        return true;
    case CAPES_NUMBER_INF:
        n->inf = true;
        return true;
    case CAPES_NUMBER_FINITE:
        break;
    }
    for (; i < e; i++) {
        char c = text[i];

        if (c == '.' && !dot) {
            dot = true;
            continue;
        }
        if (c < '0' || c > '9')
            break;
        any = true;
        if (!dot)
            int_len++;
        if (c != '0') {
            if (first < 0)
                first = index;
            last = index;
        }
        if (first >= 0 && index - first < KEPT)
            n->digits[index - first] = c;
        index++;
    }
    if (!any)
        return false;
    if (i < e && (text[i] == 'e' || text[i] == 'E')) {
        bool exp_digits = false;

        if (++i < e && (text[i] == '+' || text[i] == '-'))
            exp_negative = text[i++] == '-';
        for (; i < e && text[i] >= '0' && text[i] <= '9'; i++) {
            exp_digits = true;
            if (exp < EXP_CAP)
                exp = exp * 10 + (text[i] - '0');
        }
        if (!exp_digits)
            return false;
    }
    if (i != e)
        return false;
    if (first < 0) { /* zero, whatever its sign or exponent */
        n->negative = false;
        return true;
    }
    n->count = last - first + 1;
    n->kept = n->count < KEPT ? (int) n->count : KEPT;
    n->point = int_len - first + (exp_negative ? -exp : exp);
    return true;
}

/* The number in plain decimal (no exponent, no trailing zeros after the point), cut after
 * SHOWN_CHARS characters with "...". */
static void number_text(const number *n, char *buf, size_t size)
{
    size_t o = 0;
    int64_t at, end;
    int chars = 0;
    bool cut = false;

#define PUT(ch)                                                                                                        \
    do {                                                                                                               \
        if (chars == SHOWN_CHARS) {                                                                                    \
            cut = true;                                                                                                \
            goto done;                                                                                                 \
        }                                                                                                              \
        if (o + 1 < size)                                                                                              \
            buf[o++] = (ch);                                                                                           \
        chars++;                                                                                                       \
    } while (0)

    if (n->nan) {
        capes_format(buf, size, "NaN");
        return;
    }
    if (n->inf) {
        capes_format(buf, size, "%sInfinity", n->negative ? "-" : "");
        return;
    }
    if (n->count == 0) {
        capes_format(buf, size, "0");
        return;
    }
    if (n->negative)
        PUT('-');
    if (n->point <= 0) {
        PUT('0');
        PUT('.');
        for (at = n->point; at < 0; at++)
            PUT('0');
    }
    /* digit k (0-based) of the significant ones, zeros after the last */
    end = n->count > n->point ? n->count : n->point;
    for (at = 0; at < end; at++) {
        if (at == n->point && at > 0)
            PUT('.');
        PUT(at < n->kept ? n->digits[at] : '0');
    }
done:
    if (cut && o + 4 <= size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o < size ? o : size - 1] = '\0';
#undef PUT
}

static capes_code range_fail(capes_err *err, capes_value value, const char *arg, const char *given)
{
    if (value == CAPES_VALUE_YEAR)
        return capes_fail(err, CAPES_ERR_DATE_RANGE, arg, CAPES_YEAR_EXPECTED, given);
    return capes_fail(err, CAPES_ERR_ARG, arg, CAPES_RISKS_EXPECTED, given);
}

capes_code capes_whole_from_int(capes_err *err, capes_value value, const char *arg, int64_t v, int64_t *out)
{
    *out = v;
    if (value == CAPES_VALUE_YEAR)
        return capes_check_year(err, arg, v);
    return capes_check_risks(err, arg, v);
}

/* A parsed number: the integer when whole, else the error. */
static capes_code whole_of(capes_err *err, capes_value value, const char *arg, const number *n, int64_t *out)
{
    char given[SHOWN_CHARS * 2];
    int64_t v = 0, k;

    if (!n->nan && !n->inf && (n->count == 0 || n->point >= n->count)) {
        if (n->count == 0)
            return capes_whole_from_int(err, value, arg, 0, out);
        /* below 10^18 it fits in 64 bits; above, it is far beyond every range */
        if (n->point <= 18) {
            for (k = 0; k < n->point; k++)
                v = v * 10 + (k < n->count ? n->digits[k] - '0' : 0);
            return capes_whole_from_int(err, value, arg, n->negative ? -v : v, out);
        }
    }
    number_text(n, given, sizeof given);
    if (n->nan || !(n->inf || n->point >= n->count))
        return capes_fail(err, CAPES_ERR_ARG, arg, WHOLE_EXPECTED, given);
    return range_fail(err, value, arg, given);
}

capes_code capes_whole_from_text(capes_err *err, capes_value value, const char *arg, const char *text, size_t len,
                                 int64_t *out)
{
    number n;

    if (!parse_number(text, len, &n))
        return capes_fail_text(err, CAPES_ERR_ARG, arg, WHOLE_EXPECTED, text, len);
    return whole_of(err, value, arg, &n, out);
}

capes_code capes_whole_from_double(capes_err *err, capes_value value, const char *arg, double v, int64_t *out)
{
    char raw[40], plain[40];
    size_t i, o = 0;
    int p;
    number n;

    /* the hot path: a whole double of 64 bits */
    if (v == floor(v) && fabs(v) < 1e18)
        return capes_whole_from_int(err, value, arg, (int64_t) v, out);
    if (isnan(v) || isinf(v)) {
        memset(&n, 0, sizeof n);
        n.nan = isnan(v);
        n.inf = isinf(v);
        n.negative = v < 0;
        return whole_of(err, value, arg, &n, out);
    }
    /* the shortest decimal that reads back as v, as both engines print a double: printf and
     * strtod use the same locale, whatever its decimal point */
    for (p = 1; p <= 17; p++) {
        snprintf(raw, sizeof raw, "%.*e", p - 1, v);
        if (strtod(raw, NULL) == v)
            break;
    }
    /* [-]d[POINT ddd]e[+-]dd, the point written '.' whatever the bytes of the locale's */
    for (i = 0; raw[i] && o + 1 < sizeof plain; i++) {
        char c = raw[i];

        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e')
            plain[o++] = c;
        else if (o == 0 || plain[o - 1] != '.')
            plain[o++] = '.';
    }
    plain[o] = '\0';
    if (!parse_number(plain, o, &n)) /* cannot happen: printf wrote it */
        return capes_fail_text(err, CAPES_ERR_ARG, arg, WHOLE_EXPECTED, plain, o);
    return whole_of(err, value, arg, &n, out);
}
