/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Decimal text (capes_revenue_from_text): any bytes. Compared with a slow exact
 * reading done here on decimal digit strings (no integer that can overflow):
 * same acceptance, same cents (half away from zero), same error and message.
 * An accepted amount is 0..10^15 cents and its capes_money_format text parses
 * back to itself. */
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

/* The oracle: fills *code (CAPES_OK or the error), *expected and, when OK, *cents. */
static void oracle(const char *t, size_t len, capes_code *code, const char **expected, int64_t *cents)
{
    size_t b = 0, e = len, i, k;
    bool neg = false, dot = false;
    char mag[4096]; /* magnitude in cents as decimal digits, most significant first */
    size_t ml = 0, frac = 0;
    int third = 0, digits = 0;

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
        if (!dot) {
            mag[ml++] = t[i];
        } else if (frac < 2) {
            mag[ml++] = t[i];
            frac++;
        } else if (frac++ == 2) {
            third = t[i] - '0';
        }
    }
    if (digits == 0) {
        *code = CAPES_ERR_ARG;
        return;
    }
    while (frac < 2)
        mag[ml++] = '0', frac++;
    /* half away from zero: add one cent when the rest is at least half a cent */
    if (third >= 5) {
        for (k = ml; k > 0 && mag[k - 1] == '9'; k--)
            mag[k - 1] = '0';
        if (k == 0) {
            memmove(mag + 1, mag, ml++);
            mag[0] = '1';
        } else {
            mag[k - 1]++;
        }
    }
    /* strip leading zeros, then compare with 10^15 as digit strings */
    for (k = 0; k + 1 < ml && mag[k] == '0'; k++)
        ;
    memmove(mag, mag + k, ml - k);
    ml -= k;
    mag[ml] = '\0';
    *expected = REVENUE_EXPECTED;
    if (neg && strcmp(mag, "0") != 0) {
        *code = CAPES_ERR_ARG;
        return;
    }
    if (ml > 16 || (ml == 16 && strcmp(mag, "1000000000000000") > 0)) {
        *code = CAPES_ERR_AMOUNT_RANGE;
        return;
    }
    *code = CAPES_OK;
    *cents = 0;
    for (k = 0; k < ml; k++)
        *cents = *cents * 10 + (mag[k] - '0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048)
        return 0; /* the oracle's buffer; -max_len keeps inputs far shorter */

    capes_err err;
    capes_err_init(&err, FN);
    const char *text = (const char *) data;
    int64_t cents = -7, want_cents = -7, again = -7;
    capes_code got, want;
    const char *expected;
    char buf[CAPES_MONEY_TEXT_MAX], msg[CAPES_MSG_MAX];
    static const int bps[] = {0, 16, 33, 50, 66, 100};
    size_t i;

    got = capes_revenue_from_text(&err, "revenue", text, size, &cents);
    oracle(text, size, &want, &expected, &want_cents);
    CHECK(got == want, "'%.*s': core says %d (%s), oracle %d", (int) size, text, (int) got,
          got ? err.msg : "ok", (int) want);
    if (got != CAPES_OK) {
        fz_check_err(&err, FN);
        fz_expect_msg(msg, sizeof msg, FN, "revenue", expected, text, size);
        CHECK(!strcmp(err.msg, msg), "message\n  got  %s\n  want %s", err.msg, msg);
        return 0;
    }
    CHECK(cents == want_cents, "'%.*s': core %lld cents, oracle %lld", (int) size, text, (long long) cents,
          (long long) want_cents);
    CHECK(cents >= 0 && cents <= CAPES_REVENUE_MAX_CENTS, "cents %lld", (long long) cents);
    /* the canonical text: digits, a dot, two decimals; it parses back to itself */
    {
        int n = capes_money_format(cents, buf);

        CHECK(n > 3 && (size_t) n < sizeof buf && buf[n - 3] == '.', "format '%s'", buf);
        CHECK(capes_revenue_from_text(&err, "revenue", buf, (size_t) n, &again) == CAPES_OK && again == cents,
              "'%s' reparsed as %lld, not %lld", buf, (long long) again, (long long) cents);
    }
    /* maximum penalties: floor(revenue * bp / 10000), never above the cap */
    for (i = 0; i < sizeof bps / sizeof bps[0]; i++) {
        int64_t p = capes_penalty_cents(cents, bps[i]);

        CHECK(p == cents * bps[i] / 10000, "penalty of %lld at %d bp: %lld", (long long) cents, bps[i],
              (long long) p);
        CHECK(p * 10000 <= cents * bps[i], "penalty above the cap");
    }
    return 0;
}
