/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Decimal text (capes_revenue_from_text): any bytes. Compared with a slow exact
 * reading done here on decimal digit strings (no integer that can overflow): same
 * acceptance, same whole cents, the same maximum penalty for every rate of the table
 * (the floor of the exact product, by long multiplication), same error and message. */
#include "fuzz_common.h"

#define NUMBER_EXPECTED "a decimal number such as 12345678.90"
#define REVENUE_EXPECTED "an amount from 0 to 10000000000000"
#define FN "capes_refusal_penalty"

static bool word_ieq(const char *s, size_t n, const char *w)
{
    size_t i;

    if (strlen(w) != n)
        return false;
    for (i = 0; i < n; i++)
        if ((s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]) != w[i])
            return false;
    return true;
}

/* The oracle, on decimal digit strings (no integer that can overflow): fills *code
 * (CAPES_OK or the error), *expected and, when OK, the exact value in cents as digits:
 * int_part (whole cents, most significant first) and frac (the rest of a cent). */
typedef struct exact {
    char cents[4096];
    size_t cl;
    char frac[4096];
    size_t fl;
} exact;

static void oracle(const char *t, size_t len, capes_code *code, const char **expected, exact *x)
{
    size_t b = 0, e = len, i, k, decimals = 0;
    bool neg = false, dot = false, nonzero = false;
    int digits = 0;

    x->cl = x->fl = 0;
    while (b < e && t[b] == ' ')
        b++;
    while (e > b && t[e - 1] == ' ')
        e--;
    if (b < e && (t[b] == '+' || t[b] == '-'))
        neg = t[b++] == '-';
    *expected = NUMBER_EXPECTED;
    if (word_ieq(t + b, e - b, "nan")) {
        *code = CAPES_ERR_ARG;
        return;
    }
    if (word_ieq(t + b, e - b, "inf") || word_ieq(t + b, e - b, "infinity")) {
        *code = neg ? CAPES_ERR_ARG : CAPES_ERR_AMOUNT_RANGE;
        *expected = REVENUE_EXPECTED;
        return;
    }
    for (i = b; i < e; i++) {
        if (t[i] == '.' && !dot) {
            dot = true;
            continue;
        }
        if (t[i] < '0' || t[i] > '9') {
            *code = CAPES_ERR_ARG;
            return;
        }
        digits++;
        nonzero |= t[i] != '0';
        if (!dot || decimals++ < 2)
            x->cents[x->cl++] = t[i];
        else
            x->frac[x->fl++] = t[i];
    }
    if (digits == 0) {
        *code = CAPES_ERR_ARG;
        return;
    }
    while (dot ? decimals < 2 : decimals < 2)
        x->cents[x->cl++] = '0', decimals++;
    for (k = 0; k + 1 < x->cl && x->cents[k] == '0'; k++)
        ;
    memmove(x->cents, x->cents + k, x->cl - k);
    x->cl -= k;
    x->cents[x->cl] = '\0';
    while (x->fl > 0 && x->frac[x->fl - 1] == '0')
        x->fl--;
    *expected = REVENUE_EXPECTED;
    /* the sign and the range on the exact value (docs/rules.md#revenue) */
    if (neg && nonzero) {
        *code = CAPES_ERR_ARG;
        return;
    }
    if (x->cl > 16 || (x->cl == 16 && (strcmp(x->cents, "1000000000000000") > 0 || x->fl > 0))) {
        *code = CAPES_ERR_AMOUNT_RANGE;
        return;
    }
    *code = CAPES_OK;
}

/* floor(x x bp / 10000), by long multiplication of all of x's digits by bp. */
static int64_t exact_penalty(const exact *x, int bp)
{
    char prod[8200];
    size_t n = x->cl + x->fl, k;
    int64_t carry = 0, whole = 0;

    for (k = n; k-- > 0;) {
        int d = k < x->cl ? x->cents[k] - '0' : x->frac[k - x->cl] - '0';
        int64_t v = d * (int64_t) bp + carry;

        prod[k] = (char) ('0' + v % 10);
        carry = v / 10;
    }
    /* prod has the product's digits below the carry; keep those of whole cents, less 4 */
    whole = carry;
    for (k = 0; k < x->cl; k++)
        whole = whole * 10 + (prod[k] - '0');
    return whole / 10000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048)
        return 0; /* the oracle's buffer; -max_len keeps inputs far shorter */

    capes_err err;
    capes_err_init(&err, FN);
    const char *text = (const char *) data;
    capes_revenue revenue = {-7, -7}, again = {-7, -7};
    static exact want_x;
    capes_code got, want;
    const char *expected;
    char buf[CAPES_MONEY_TEXT_MAX], msg[CAPES_MSG_MAX];
    static const int bps[] = {0, 16, 33, 50, 66, 100};
    size_t i;

    got = capes_revenue_from_text(&err, "revenue", text, size, &revenue);
    oracle(text, size, &want, &expected, &want_x);
    CHECK(got == want, "'%.*s': core says %d (%s), oracle %d", (int) size, text, (int) got,
          got ? err.msg : "ok", (int) want);
    if (got != CAPES_OK) {
        fz_check_err(&err, FN);
        fz_expect_msg(msg, sizeof msg, FN, "revenue", expected, text, size);
        CHECK(!strcmp(err.msg, msg), "message\n  got  %s\n  want %s", err.msg, msg);
        return 0;
    }
    CHECK(revenue.cents >= 0 && revenue.cents <= CAPES_REVENUE_MAX_CENTS && revenue.sub >= 0 &&
              revenue.sub < CAPES_SUB_CENT, "revenue %lld cents + %d", (long long) revenue.cents, (int) revenue.sub);
    CHECK(revenue.cents == strtoll(want_x.cents, NULL, 10), "'%.*s': core %lld whole cents, oracle %s", (int) size,
          text, (long long) revenue.cents, want_x.cents);
    /* the canonical text of the whole cents: digits, a dot, two decimals; it parses back to itself */
    {
        int n = capes_money_format(revenue.cents, buf);

        CHECK(n > 3 && (size_t) n < sizeof buf && buf[n - 3] == '.', "format '%s'", buf);
        CHECK(capes_revenue_from_text(&err, "revenue", buf, (size_t) n, &again) == CAPES_OK &&
                  again.cents == revenue.cents && again.sub == 0,
              "'%s' reparsed as %lld, not %lld", buf, (long long) again.cents, (long long) revenue.cents);
    }
    /* maximum penalties: floor(exact revenue x bp / 10000), never above the cap */
    for (i = 0; i < sizeof bps / sizeof bps[0]; i++) {
        int64_t p = capes_penalty_cents(&revenue, bps[i]), w = exact_penalty(&want_x, bps[i]);

        CHECK(p == w, "penalty of '%.*s' at %d bp: core %lld, oracle %lld", (int) size, text, bps[i], (long long) p,
              (long long) w);
    }
    return 0;
}
