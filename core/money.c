/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Exact money in int64 cents and the penalty table of R162-45-2 III (docs/rules.md#money). */
#include "capes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define REVENUE_EXPECTED "an amount from 0 to 10000000000000"
#define DECIMAL_EXPECTED "a decimal number such as 12345678.90"

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

capes_number_kind capes_number_special(const char *text, size_t len)
{
    /* the common case, a digit, a point or a space, decided by the first byte */
    if (len == 0 || ((text[0] | 0x20) != 'n' && (text[0] | 0x20) != 'i'))
        return CAPES_NUMBER_FINITE;
    if (ascii_ieq(text, len, "nan"))
        return CAPES_NUMBER_NAN;
    if (ascii_ieq(text, len, "infinity") || ascii_ieq(text, len, "inf"))
        return CAPES_NUMBER_INF;
    return CAPES_NUMBER_FINITE;
}

/* floor(0.d1 d2 ... dn x m): the digits of a fraction times a small integer, by long
 * multiplication from the last digit, exact whatever the number of digits. */
static int32_t fraction_times(const char *digits, size_t n, int32_t m)
{
    int64_t carry = 0;

    while (n-- > 0)
        carry = ((digits[n] - '0') * (int64_t) m + carry) / 10;
    return (int32_t) carry;
}

capes_code capes_decimal_from_text(capes_err *err, const char *arg, const char *text, size_t len, bool negative_ok,
                                   capes_decimal *out)
{
    size_t b = 0, e = len, i, int_start, frac_start = 0, frac_end = 0;
    bool negative = false, nonzero = false, dot = false;
    int significant = 0;
    capes_number_kind special;

    while (b < e && text[b] == ' ')
        b++;
    while (e > b && text[e - 1] == ' ')
        e--;
    i = b;
    if (i < e && (text[i] == '+' || text[i] == '-'))
        negative = text[i++] == '-';
    /* NaN and infinities, as PostgreSQL's numeric and C's strtod spell them */
    special = capes_number_special(text + i, e - i);
    if (special == CAPES_NUMBER_NAN)
        return capes_fail_text(err, CAPES_ERR_ARG, arg, DECIMAL_EXPECTED, text, len);
    if (special == CAPES_NUMBER_INF)
        return capes_fail_text(err, negative ? CAPES_ERR_ARG : CAPES_ERR_AMOUNT_RANGE, arg, REVENUE_EXPECTED,
                               text, len);
    out->units = 0;
    for (int_start = i; i < e && text[i] >= '0' && text[i] <= '9'; i++) {
        if (out->units == 0 && text[i] == '0')
            continue; /* leading zeros */
        nonzero = true;
        if (++significant <= 15) /* past 10^14 euros the value is out of range: keep the count only */
            out->units = out->units * 10 + (text[i] - '0');
    }
    if (i < e && text[i] == '.') {
        dot = true;
        for (frac_start = ++i; i < e && text[i] >= '0' && text[i] <= '9'; i++)
            if (text[i] != '0') {
                nonzero = true;
                frac_end = i + 1; /* trailing zeros dropped */
            }
    }
    if (i != e || (i - int_start) - (dot ? 1 : 0) == 0)
        return capes_fail_text(err, CAPES_ERR_ARG, arg, DECIMAL_EXPECTED, text, len);
    out->negative = negative && nonzero;
    out->frac = frac_end ? text + frac_start : "";
    out->frac_len = frac_end ? frac_end - frac_start : 0;
    /* the range on the exact value: 10^13 + 0.004 is out of it */
    out->over = !out->negative && (significant > 14 || out->units > CAPES_REVENUE_MAX_CENTS / 100 ||
                                   (out->units == CAPES_REVENUE_MAX_CENTS / 100 && out->frac_len));
    if (out->negative && !negative_ok)
        return capes_fail_text(err, CAPES_ERR_ARG, arg, REVENUE_EXPECTED, text, len);
    if (out->over)
        return capes_fail_text(err, CAPES_ERR_AMOUNT_RANGE, arg, REVENUE_EXPECTED, text, len);
    return CAPES_OK;
}

void capes_revenue_from_decimal(const capes_decimal *d, capes_revenue *out)
{
    const char *f = d->frac;
    size_t n = d->frac_len;

    out->cents = d->units * 100 + (n > 0 ? (f[0] - '0') * 10 : 0) + (n > 1 ? f[1] - '0' : 0);
    out->sub = n > 2 ? fraction_times(f + 2, n - 2, CAPES_SUB_CENT) : 0;
}

/* The row "revenue" of an explanation: the exact decimal units.frac, at least two decimals,
 * the decimals past CAPES_TRACE_DECIMALS cut and marked "...". */
static void trace_revenue(capes_trace *trace, int64_t units, const char *frac, size_t frac_len, const char *rule)
{
    capes_trace_row *r = capes_trace_add(trace, "revenue", NULL);
    size_t shown = frac_len > CAPES_TRACE_DECIMALS ? CAPES_TRACE_DECIMALS : frac_len;

    if (!r)
        return;
    capes_format(r->value, sizeof r->value, "%lld.%.*s%s%s", (long long) units, (int) shown, frac,
                 shown == 0 ? "00" : shown == 1 ? "0" : "", shown < frac_len ? "..." : "");
    capes_format(r->rule, sizeof r->rule, "%s", rule);
}

CAPES_TRACED_WORKER capes_code revenue_from_text(capes_err *err, const char *arg, const char *text, size_t len,
                                           capes_revenue *out, capes_trace *trace)
{
    capes_decimal d;

    if (capes_decimal_from_text(err, arg, text, len, false, &d) != CAPES_OK)
        return err->code;
    capes_revenue_from_decimal(&d, out);
    if (trace)
        trace_revenue(trace, d.units, d.frac, d.frac_len, "the revenue given, an exact decimal, used exactly");
    return CAPES_OK;
}

capes_code capes_revenue_from_text(capes_err *err, const char *arg, const char *text, size_t len,
                                   capes_revenue *out)
{
    return revenue_from_text(err, arg, text, len, out, NULL);
}

capes_code capes_revenue_from_text_traced(capes_err *err, const char *arg, const char *text, size_t len,
                                          capes_revenue *out, capes_trace *trace)
{
    return revenue_from_text(err, arg, text, len, out, trace);
}

/* Inlined into both readers below: capes_penalty's revenue pays no call for the amounts' reader. */
CAPES_TRACED_WORKER bool decimal_from_base10000(bool negative, int weight, const int16_t *digits, int ndigits,
                                                char frac[CAPES_BASE10000_FRAC], capes_decimal *out)
{
    static const int64_t power[4] = {1, 10000, 100000000, 1000000000000};
    int64_t units = 0;
    int i, nfrac = 0;
    bool nonzero = false;

    if (weight > 3 || ndigits - weight - 1 > 8) /* 10^16 euros and more, or 32 decimals: the text path decides */
        return false;
    for (i = 0; i < ndigits; i++) {
        if (digits[i] < 0 || digits[i] > 9999)
            return false;
        nonzero |= digits[i] != 0;
        if (weight - i >= 0) {
            units += digits[i] * power[weight - i];
        } else {
            /* the fraction's decimal digits, four a base-10000 digit, zeros for the weights skipped */
            while (nfrac < 4 * (-1 - (weight - i)))
                frac[nfrac++] = '0';
            frac[nfrac++] = (char) ('0' + digits[i] / 1000);
            frac[nfrac++] = (char) ('0' + digits[i] / 100 % 10);
            frac[nfrac++] = (char) ('0' + digits[i] / 10 % 10);
            frac[nfrac++] = (char) ('0' + digits[i] % 10);
        }
    }
    while (nfrac > 0 && frac[nfrac - 1] == '0')
        nfrac--;
    /* above 10^13 euros, whatever the sign: the text path words the error, or reads the value */
    if (units > CAPES_REVENUE_MAX_CENTS / 100 || (units == CAPES_REVENUE_MAX_CENTS / 100 && nfrac > 0))
        return false;
    out->negative = negative && nonzero;
    out->over = false;
    out->units = units;
    out->frac = nfrac ? frac : "";
    out->frac_len = (size_t) nfrac;
    return true;
}

bool capes_decimal_from_base10000(bool negative, int weight, const int16_t *digits, int ndigits,
                                  char frac[CAPES_BASE10000_FRAC], capes_decimal *out)
{
    return decimal_from_base10000(negative, weight, digits, ndigits, frac, out);
}

bool capes_revenue_from_base10000(bool negative, int weight, const int16_t *digits, int ndigits, capes_revenue *out)
{
    char frac[CAPES_BASE10000_FRAC];
    capes_decimal d;

    if (!decimal_from_base10000(negative, weight, digits, ndigits, frac, &d) || d.negative)
        return false;
    capes_revenue_from_decimal(&d, out);
    return true;
}

void capes_decimal_from_cents(bool negative, int64_t cents, char frac[2], capes_decimal *out)
{
    int c = (int) (cents % 100);

    frac[0] = (char) ('0' + c / 10);
    frac[1] = (char) ('0' + c % 10);
    out->negative = negative && cents != 0;
    out->over = false;
    out->units = cents / 100;
    out->frac = c ? frac : "";
    out->frac_len = c == 0 ? 0 : c % 10 ? 2 : 1; /* trailing zeros dropped, as capes_decimal_from_text does */
}

CAPES_TRACED_WORKER capes_code revenue_from_int(capes_err *err, const char *arg, int64_t euros, capes_revenue *out,
                                          capes_trace *trace)
{
    char given[26];

    /* quoted like a text or numeric revenue, so that both engines word it the same */
    capes_format(given, sizeof given, "'%lld'", (long long) euros);
    if (euros < 0)
        return capes_fail(err, CAPES_ERR_ARG, arg, REVENUE_EXPECTED, given);
    if (euros > CAPES_REVENUE_MAX_CENTS / 100)
        return capes_fail(err, CAPES_ERR_AMOUNT_RANGE, arg, REVENUE_EXPECTED, given);
    out->cents = euros * 100;
    out->sub = 0;
    if (trace)
        trace_revenue(trace, euros, "", 0, "the revenue given, a whole number of euros");
    return CAPES_OK;
}

capes_code capes_revenue_from_int(capes_err *err, const char *arg, int64_t euros, capes_revenue *out)
{
    return revenue_from_int(err, arg, euros, out, NULL);
}

capes_code capes_revenue_from_int_traced(capes_err *err, const char *arg, int64_t euros, capes_revenue *out,
                                         capes_trace *trace)
{
    return revenue_from_int(err, arg, euros, out, trace);
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
        capes_format(given, sizeof given, "'%sInfinity'", v < 0 ? "-" : "");
    } else {
        given[0] = '\'';
        format_double(given + 1, sizeof given - 2, "%.17g", v);
        strcat(given, "'");
    }
    return capes_fail(err, code, arg, expected, given);
}

/* The cents of a positive decimal text "III.DDD...", half away from zero: the third
 * decimal alone decides. */
static int64_t round_to_cent(const char *text)
{
    int64_t cents = 0;
    int k;

    for (; *text >= '0' && *text <= '9'; text++)
        cents = cents * 10 + (*text - '0');
    if (*text == '.')
        text++;
    for (k = 0; k < 2; k++)
        cents = cents * 10 + (*text >= '0' && *text <= '9' ? *text++ - '0' : 0);
    return cents + (*text >= '5' && *text <= '9');
}

CAPES_TRACED_WORKER capes_code revenue_from_double(capes_err *err, const char *arg, double euros, capes_revenue *out,
                                             capes_trace *trace)
{
    double scaled, whole, mag;
    int64_t cents;

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
        cents = (int64_t) llround(scaled);
    } else {
        /* glibc prints the exact binary value; 40 decimals hold every digit that
         * matters for the third decimal */
        char exact[400];

        format_double(exact, sizeof exact, "%.40f", mag);
        cents = round_to_cent(exact);
    }
    if (cents > CAPES_REVENUE_MAX_CENTS)
        return double_fail(err, CAPES_ERR_AMOUNT_RANGE, arg, REVENUE_EXPECTED, euros);
    out->cents = cents;
    out->sub = 0;
    if (trace) {
        char exact[64], cents_text[4], rule[CAPES_TRACE_RULE_MAX];

        format_double(exact, sizeof exact, "%.17g", euros);
        capes_format(cents_text, sizeof cents_text, "%02d", (int) (cents % 100));
        capes_format(rule, sizeof rule,
                     "the REAL given, %s in binary, rounded to the nearest cent, halves away from zero "
                     "(docs/rules.md#revenue)", exact);
        trace_revenue(trace, cents / 100, cents_text, 2, rule);
    }
    return CAPES_OK;
}

capes_code capes_revenue_from_double(capes_err *err, const char *arg, double euros, capes_revenue *out)
{
    return revenue_from_double(err, arg, euros, out, NULL);
}

capes_code capes_revenue_from_double_traced(capes_err *err, const char *arg, double euros, capes_revenue *out,
                                            capes_trace *trace)
{
    return revenue_from_double(err, arg, euros, out, trace);
}

int capes_money_format(int64_t cents, char buf[CAPES_MONEY_TEXT_MAX])
{
    uint64_t mag = cents < 0 ? (uint64_t) 0 - (uint64_t) cents : (uint64_t) cents;

    return capes_format(buf, CAPES_MONEY_TEXT_MAX, "%s%llu.%02u", cents < 0 ? "-" : "",
                        (unsigned long long) (mag / 100), (unsigned) (mag % 100));
}

/* R162-45-2 III: rows are the degree of implementation, columns 1, 2, 3 risks. */
static const int rate_table[CAPES_N_LEVELS][4] = {
    [CAPES_LEVEL_NONE] = {0, 33, 66, 100},
    [CAPES_LEVEL_PARTIAL] = {0, 16, 33, 50},
    [CAPES_LEVEL_COMPLETE] = {0, 0, 0, 0},
};

/* "0.33 %": a rate of basis points in percent */
static void format_percent(int bp, char *buf, size_t size)
{
    capes_format(buf, size, "%d.%02d %%", bp / 100, bp % 100);
}

CAPES_TRACED_WORKER int rate_bp(int open_risks, capes_level level, capes_trace *trace)
{
    capes_trace_row *r;
    int bp;

    if (open_risks < 0 || open_risks > 3 || level < 0 || level >= CAPES_N_LEVELS)
        return 0;
    bp = rate_table[level][open_risks];
    if (trace && (r = capes_trace_add(trace, "rate", "R162-45-2 III")) != NULL) {
        format_percent(bp, r->value, sizeof r->value);
        capes_format(r->rule, sizeof r->rule,
                     "the cell of the table: row %s (the degree of implementation), column %d (risk%s not completely "
                     "treated)",
                     capes_levels.terms[level].code, open_risks, open_risks == 1 ? "" : "s");
    }
    return bp;
}

int capes_rate_bp(int open_risks, capes_level level)
{
    return rate_bp(open_risks, level, NULL);
}

int capes_rate_bp_traced(int open_risks, capes_level level, capes_trace *trace)
{
    return rate_bp(open_risks, level, trace);
}

capes_code capes_check_risks(capes_err *err, const char *arg, int64_t risks)
{
    char given[24];

    if (risks >= 0 && risks <= CAPES_N_RISKS)
        return CAPES_OK;
    capes_format(given, sizeof given, "%lld", (long long) risks);
    return capes_fail(err, CAPES_ERR_ARG, arg, CAPES_RISKS_EXPECTED, given);
}

/* The exact product revenue x bp / 10000 as a decimal text, from the revenue row's text
 * (its digits times bp, with four more decimals), trailing zeros dropped down to two
 * decimals; "..." when the revenue's text was cut. */
static void exact_product(const char *revenue, int bp, char *buf, size_t size)
{
    char out[CAPES_MSG_MAX + 8]; /* the product's digits, the last one first */
    const char *cut = strstr(revenue, "...");
    const char *end = cut ? cut : revenue + strlen(revenue), *dot = strchr(revenue, '.'), *p;
    size_t len = 0, scale = (dot && dot < end ? (size_t) (end - dot - 1) : 0) + 4, low = 0, n = 0, i;
    int carry = 0;

    for (p = end; p > revenue && len < sizeof out - 4;) {
        int v;

        if (*--p < '0' || *p > '9')
            continue;
        v = (*p - '0') * bp + carry;
        out[len++] = (char) ('0' + v % 10);
        carry = v / 10;
    }
    for (; carry > 0 && len < sizeof out; carry /= 10)
        out[len++] = (char) ('0' + carry % 10);
    while (len <= scale && len < sizeof out)
        out[len++] = '0';
    while (len > scale + 1 && out[len - 1] == '0')
        len--; /* leading zeros, but one before the point */
    while (low + 2 < scale && out[low] == '0')
        low++; /* trailing zeros, down to two decimals */
    for (i = len; i > low && n + 5 < size; i--) {
        if (i == scale)
            buf[n++] = '.';
        buf[n++] = out[i - 1];
    }
    capes_format(buf + n, size - n, "%s", cut ? "..." : "");
}

CAPES_TRACED_WORKER int64_t penalty_cents(const capes_revenue *revenue, int bp, capes_trace *trace)
{
    int64_t cents;
    capes_trace_row *r;

    /* floor((C + f) x bp / 10000) for C whole cents and f the rest of a cent is
     * floor((C x bp + floor(f x bp)) / 10000), and floor(f x bp) = sub x bp / 13200 exactly
     * because bp divides 13200 (capes_revenue). A checked revenue (0..10^15 cents) times a
     * rate of the table (0..100 bp) fits in 63 bits and both are >= 0: C's division is the
     * floor. */
    if (bp < 0 || bp > CAPES_REFUSAL_BP || CAPES_SUB_CENT % (bp ? bp : 1) != 0 || revenue->cents < 0 ||
        revenue->cents > CAPES_REVENUE_MAX_CENTS)
        return 0;
    cents = (revenue->cents * bp + revenue->sub * bp / CAPES_SUB_CENT) / CAPES_BP_DIVISOR;
    if (trace) {
        char rate[16];

        format_percent(bp, rate, sizeof rate);
        if (trace->n > 0 && (r = capes_trace_add(trace, "product", NULL)) != NULL) {
            const char *given = trace->rows[0].value;

            exact_product(given, bp, r->value, sizeof r->value);
            capes_format(r->rule, sizeof r->rule, "%.*s x %s, exact", 120, given, rate);
        }
        if ((r = capes_trace_add(trace, "rounded down", NULL)) != NULL) {
            capes_money_format(cents, r->value);
            capes_format(r->rule, sizeof r->rule,
                         "to the cent below, never to the nearest: the law gives a maximum "
                         "(docs/rules.md#rounding-down)");
        }
    }
    return cents;
}

int64_t capes_penalty_cents(const capes_revenue *revenue, int bp)
{
    return penalty_cents(revenue, bp, NULL);
}

int64_t capes_penalty_cents_traced(const capes_revenue *revenue, int bp, capes_trace *trace)
{
    return penalty_cents(revenue, bp, trace);
}

void capes_explain_penalty(int risks, int level, const capes_revenue *revenue, capes_trace *trace)
{
    bool refusal = level == CAPES_EXPLAIN_REFUSAL;
    const char *article = refusal ? "R162-45-1 II" : "R162-45-2 III";
    capes_trace_row *r;
    int64_t cents;
    int bp, i;

    /* the revenue the rate applies to: the products of the last year of the contract's
     * execution (R162-45-2 II), of the last closed financial year (R162-45-1 II) */
    if (trace->n > 0 && !trace->rows[0].article)
        trace->rows[0].article = refusal ? "R162-45-1 II" : "R162-45-2 II";
    if (refusal) {
        bp = CAPES_REFUSAL_BP;
        if ((r = capes_trace_add(trace, "rate", "R162-45-1 II")) != NULL) {
            format_percent(bp, r->value, sizeof r->value);
            capes_format(r->rule, sizeof r->rule, "a refusal to sign the contract: 1 %% of the revenue at most "
                                                  "(R162-45-1 II, L162-30-3 II)");
        }
    } else {
        bp = capes_rate_bp_traced(risks, (capes_level) level, trace);
    }
    cents = capes_penalty_cents_traced(revenue, bp, trace);
    /* the rows of capes_penalty_cents_traced: the article of the maximum they compute */
    for (i = 1; i < trace->n; i++)
        if (!trace->rows[i].article)
            trace->rows[i].article = article;
    if ((r = capes_trace_add(trace, "maximum", article)) != NULL) {
        capes_money_format(cents, r->value);
        capes_format(r->rule, sizeof r->rule, "%s", refusal ? "the maximum penalty for refusing to sign"
                                                        : "the maximum penalty");
    }
}
