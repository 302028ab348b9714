/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Exact money in int64 cents and the penalty table of R162-45-2 III (docs/rules.md#money). */
#include "capes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define REVENUE_EXPECTED "an amount from 0 to 10000000000000"

static bool ascii_ieq(const char *s, size_t len, const char *word)
{
    size_t i;

    for (i = 0; i < len; i++) {
        char c = s[i];

        if (c >= 'A' && c <= 'Z')
            c = (char) (c + 32);
        if (word[i] == '\0' || c != word[i])
            return false;
    }
    return word[len] == '\0';
}

static capes_code check_revenue(capes_err *err, const char *arg, bool negative, int64_t cents,
                                const char *text, size_t len)
{
    if (negative && cents != 0)
        return capes_fail_text(err, CAPES_ERR_ARG, arg, REVENUE_EXPECTED, text, len);
    if (cents > CAPES_REVENUE_MAX_CENTS)
        return capes_fail_text(err, CAPES_ERR_AMOUNT_RANGE, arg, REVENUE_EXPECTED, text, len);
    return CAPES_OK;
}

capes_code capes_revenue_from_text(capes_err *err, const char *arg, const char *text, size_t len,
                                   int64_t *cents)
{
    size_t b = 0, e = len, i;
    bool negative = false, nonzero = false;
    int64_t units = 0;
    int int_digits = 0, significant = 0, frac_digits = 0, third = 0;

    while (b < e && text[b] == ' ')
        b++;
    while (e > b && text[e - 1] == ' ')
        e--;
    i = b;
    if (i < e && (text[i] == '+' || text[i] == '-'))
        negative = text[i++] == '-';
    /* NaN and infinities, as PostgreSQL's numeric and C's strtod spell them */
    if (ascii_ieq(text + i, e - i, "nan"))
        return capes_fail_text(err, CAPES_ERR_ARG, arg, "a decimal number such as 12345678.90", text, len);
    if (ascii_ieq(text + i, e - i, "infinity") || ascii_ieq(text + i, e - i, "inf"))
        return capes_fail_text(err, negative ? CAPES_ERR_ARG : CAPES_ERR_AMOUNT_RANGE, arg,
                               REVENUE_EXPECTED, text, len);
    for (; i < e && text[i] >= '0' && text[i] <= '9'; i++) {
        int_digits++;
        if (units == 0 && text[i] == '0')
            continue; /* leading zeros */
        nonzero = true;
        if (++significant > 16) /* 10^16 euros: past the limit, once the text is known to be a number */
            continue;
        units = units * 10 + (text[i] - '0');
    }
    *cents = units * 100;
    if (i < e && text[i] == '.') {
        for (i++; i < e && text[i] >= '0' && text[i] <= '9'; i++) {
            int digit = text[i] - '0';

            frac_digits++;
            nonzero |= digit != 0;
            if (frac_digits == 1)
                *cents += digit * 10;
            else if (frac_digits == 2)
                *cents += digit;
            else if (frac_digits == 3)
                third = digit;
        }
    }
    if (i != e || int_digits + frac_digits == 0)
        return capes_fail_text(err, CAPES_ERR_ARG, arg, "a decimal number such as 12345678.90", text, len);
    if (significant > 16)
        return check_revenue(err, arg, negative, CAPES_REVENUE_MAX_CENTS + 1, text, len);
    /* half away from zero: the third decimal alone decides */
    if (third >= 5)
        *cents += 1;
    return check_revenue(err, arg, negative && nonzero, *cents, text, len);
}

bool capes_revenue_from_base10000(bool negative, int weight, const int16_t *digits, int ndigits, int64_t *cents)
{
    static const int64_t power[4] = {1, 10000, 100000000, 1000000000000};
    int64_t units = 0;
    int frac = 0, i;

    if (weight > 3) /* 10^16 euros and more, or an unnormalized value: the text path decides */
        return false;
    for (i = 0; i < ndigits && weight - i >= -1; i++) {
        if (digits[i] < 0 || digits[i] > 9999)
            return false;
        if (weight - i >= 0)
            units += digits[i] * power[weight - i];
        else
            frac = digits[i]; /* the first four decimals: the rest cannot change the rounding */
    }
    /* to the cent, half away from zero: the third decimal alone decides, as in text */
    *cents = units * 100 + frac / 100 + (frac / 10 % 10 >= 5);
    return (!negative || *cents == 0) && *cents <= CAPES_REVENUE_MAX_CENTS;
}

capes_code capes_revenue_from_int(capes_err *err, const char *arg, int64_t euros, int64_t *cents)
{
    char given[26];

    /* quoted like a text or numeric revenue, so that both engines word it the same */
    snprintf(given, sizeof given, "'%lld'", (long long) euros);
    if (euros < 0)
        return capes_fail(err, CAPES_ERR_ARG, arg, REVENUE_EXPECTED, given);
    if (euros > CAPES_REVENUE_MAX_CENTS / 100)
        return capes_fail(err, CAPES_ERR_AMOUNT_RANGE, arg, REVENUE_EXPECTED, given);
    *cents = euros * 100;
    return CAPES_OK;
}

/* printf of a double, with '.' for the decimal point whatever the process locale: C's
 * printf writes the locale's (a comma under fr_FR.UTF-8, where the embedding program or
 * the server calls setlocale), and capes' answers and messages must not depend on it. The
 * output is [-]digits[POINT digits][e...]: the bytes between the first digits and the next
 * digit are the point, however many bytes the locale spells it with. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 0)))
#endif
static int format_double(char *buf, size_t size, const char *fmt, double v)
{
    int n = snprintf(buf, size, fmt, v);
    size_t i = buf[0] == '-', j;

    if (n < 0 || (size_t) n >= size)
        return n;
    while (buf[i] >= '0' && buf[i] <= '9')
        i++;
    if (buf[i] == '\0' || buf[i] == 'e' || (buf[i] >= '0' && buf[i] <= '9'))
        return n;
    for (j = i; buf[j] && !(buf[j] >= '0' && buf[j] <= '9'); j++)
        ;
    buf[i] = '.';
    memmove(buf + i + 1, buf + j, (size_t) n - j + 1);
    return n - (int) (j - i - 1);
}

/* An error about a double, formatted only when it happens: this is a hot path. */
static capes_code double_fail(capes_err *err, capes_code code, const char *arg, const char *expected, double v)
{
    char given[64];

    /* quoted, and infinities spelt as PostgreSQL's numeric spells them */
    if (isinf(v)) {
        snprintf(given, sizeof given, "'%sInfinity'", v < 0 ? "-" : "");
    } else {
        given[0] = '\'';
        format_double(given + 1, sizeof given - 2, "%.17g", v);
        strcat(given, "'");
    }
    return capes_fail(err, code, arg, expected, given);
}

capes_code capes_revenue_from_double(capes_err *err, const char *arg, double euros, int64_t *cents)
{
    double scaled, whole, mag;

    if (isnan(euros))
        return capes_fail(err, CAPES_ERR_ARG, arg, "a decimal number such as 12345678.90", "'NaN'");
    /* like text: rounded to the cent first, then checked, so -0.004 is zero */
    if (euros <= -0.005)
        return double_fail(err, CAPES_ERR_ARG, arg, REVENUE_EXPECTED, euros);
    if (!(euros <= 1e13 + 0.005))
        return double_fail(err, CAPES_ERR_AMOUNT_RANGE, arg, REVENUE_EXPECTED, euros);
    mag = fabs(euros);
    /* mag * 100 is within half an ulp of the exact product; below 2^40 that is far
     * less than 0.001, so only a near tie needs the exact decimal expansion. */
    scaled = mag * 100.0;
    whole = floor(scaled);
    if (scaled < 1099511627776.0 && fabs(scaled - whole - 0.5) > 0.001) {
        *cents = (int64_t) llround(scaled);
    } else {
        /* glibc prints the exact binary value; 40 decimals hold every digit that
         * matters for the third decimal */
        char exact[400];
        int n = format_double(exact, sizeof exact, "%.40f", mag);

        if (capes_revenue_from_text(err, arg, exact, (size_t) n, cents) != CAPES_OK)
            return double_fail(err, err->code, arg, REVENUE_EXPECTED, euros);
    }
    if (*cents > CAPES_REVENUE_MAX_CENTS)
        return double_fail(err, CAPES_ERR_AMOUNT_RANGE, arg, REVENUE_EXPECTED, euros);
    return CAPES_OK;
}

int capes_money_format(int64_t cents, char buf[CAPES_MONEY_TEXT_MAX])
{
    uint64_t mag = cents < 0 ? (uint64_t) 0 - (uint64_t) cents : (uint64_t) cents;

    return snprintf(buf, CAPES_MONEY_TEXT_MAX, "%s%llu.%02u", cents < 0 ? "-" : "",
                    (unsigned long long) (mag / 100), (unsigned) (mag % 100));
}

/* GCC and Clang on 64-bit targets; __extension__ keeps -pedantic quiet. */
__extension__ typedef __int128 wide;

bool capes_mul_div_floor(int64_t a, int64_t b, int64_t d, int64_t *out)
{
    wide p = (wide) a * b, q;

    if (d == 0)
        return false;
    q = p / d;
    if ((p % d != 0) && ((p < 0) != (d < 0)))
        q -= 1; /* C division truncates toward zero; floor goes down */
    if (q > INT64_MAX || q < INT64_MIN)
        return false;
    *out = (int64_t) q;
    return true;
}

/* R162-45-2 III: rows are the degree of implementation, columns 1, 2, 3 risks. */
static const int rate_table[CAPES_N_LEVELS][4] = {
    [CAPES_LEVEL_NONE] = {0, 33, 66, 100},
    [CAPES_LEVEL_PARTIAL] = {0, 16, 33, 50},
    [CAPES_LEVEL_COMPLETE] = {0, 0, 0, 0},
};

int capes_rate_bp(int open_risks, capes_level level)
{
    if (open_risks < 0 || open_risks > 3 || level < 0 || level >= CAPES_N_LEVELS)
        return 0;
    return rate_table[level][open_risks];
}

capes_code capes_check_risks(capes_err *err, const char *arg, int64_t risks)
{
    char given[24];

    if (risks >= 0 && risks <= CAPES_N_RISKS)
        return CAPES_OK;
    snprintf(given, sizeof given, "%lld", (long long) risks);
    return capes_fail(err, CAPES_ERR_ARG, arg, "a number of risks from 0 to 3", given);
}

int64_t capes_penalty_cents(int64_t revenue_cents, int bp)
{
    int64_t out = 0;

    /* a checked revenue (0..10^15 cents) times a rate (0..100 bp) fits in 63 bits, and
     * both are >= 0, so C's division is the floor; anything else takes the wide path */
    if (revenue_cents >= 0 && revenue_cents <= CAPES_REVENUE_MAX_CENTS && bp >= 0 && bp <= CAPES_BP_DIVISOR)
        return revenue_cents * bp / CAPES_BP_DIVISOR;
    if (!capes_mul_div_floor(revenue_cents, bp, CAPES_BP_DIVISOR, &out))
        return 0;
    return out;
}
