/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Doubles (capes_revenue_from_double): the input's first 8 bytes as an IEEE
 * double, and as an integer (capes_revenue_from_int, SQLite's INTEGER revenue). Compared with an exact oracle on the binary value (mantissa and
 * exponent in 128-bit integers, no floating point): the nearest cent, ties away
 * from zero; NaN and amounts that round below zero refused as bad arguments, more
 * than 10^13 euros as out of range. */
#include "fuzz_common.h"

#include <math.h>

#define FN "capes_penalty"

/* Exact cents of a finite x >= 0, rounded half up; UINT64_MAX when above 2^60 cents. */
static uint64_t exact_cents(double x)
{
    uint64_t bits, mant;
    int exp;
    unsigned __int128 num;

    memcpy(&bits, &x, sizeof bits);
    exp = (int) ((bits >> 52) & 0x7FF);
    mant = bits & ((UINT64_C(1) << 52) - 1);
    if (exp == 0)
        exp = 1; /* subnormal */
    else
        mant |= UINT64_C(1) << 52;
    exp -= 1075; /* x = mant * 2^exp */
    num = (unsigned __int128) mant * 100;
    if (exp >= 0) {
        if (exp > 7 || (num << exp) >> 60)
            return UINT64_MAX;
        return (uint64_t) (num << exp);
    }
    if (-exp >= 120)
        return 0; /* num < 2^60: x * 100 < 2^-60 */
    {
        unsigned __int128 one = (unsigned __int128) 1 << -exp, q = num >> -exp, rem = num & (one - 1);

        if (q >> 60)
            return UINT64_MAX;
        return (uint64_t) q + (rem * 2 >= one);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    capes_err err;
    capes_err_init(&err, FN);
    double x = 0;
    capes_revenue revenue = {-7, -7};
    capes_code got, want = CAPES_OK;
    uint64_t exact = 0;
    char given[64], msg[CAPES_MSG_MAX];

    uint8_t bytes[8] = {0}; /* a shorter input is padded with zeros */

    memcpy(bytes, data, size < sizeof bytes ? size : sizeof bytes);
    memcpy(&x, bytes, sizeof x);
    {
        int64_t euros;
        capes_revenue from_int = {-7, -7};
        capes_code code;

        memcpy(&euros, bytes, sizeof euros);
        code = capes_revenue_from_int(&err, "revenue", euros, &from_int);
        CHECK(code == (euros < 0 ? CAPES_ERR_ARG : euros > 10000000000000 ? CAPES_ERR_AMOUNT_RANGE : CAPES_OK),
              "integer %lld: %s", (long long) euros, code ? err.msg : "ok");
        CHECK(code != CAPES_OK || (from_int.cents == euros * 100 && from_int.sub == 0), "integer %lld: %lld cents",
              (long long) euros, (long long) from_int.cents);
        if (code != CAPES_OK) {
            fz_check_err(&err, FN);
            snprintf(msg, sizeof msg, "%s: revenue must be an amount from 0 to 10000000000000 (got '%lld')", FN,
                     (long long) euros);
            CHECK(!strcmp(err.msg, msg), "message\n  got  %s\n  want %s", err.msg, msg);
        }
        memset(&err, 0, sizeof err);
        err.fn = FN;
    }
    got = capes_revenue_from_double(&err, "revenue", x, &revenue);
    if (isnan(x))
        want = CAPES_ERR_ARG;
    else if (signbit(x) && (isinf(x) || exact_cents(fabs(x)) != 0))
        want = CAPES_ERR_ARG; /* rounded to the cent first: -0.004 is zero */
    else if (isinf(x) || (exact = exact_cents(fabs(x))) > (uint64_t) CAPES_REVENUE_MAX_CENTS)
        want = CAPES_ERR_AMOUNT_RANGE;
    CHECK(got == want, "%.17g (%a): core %d (%s), oracle %d", x, x, (int) got, got ? err.msg : "ok", (int) want);
    if (got != CAPES_OK) {
        fz_check_err(&err, FN);
        /* quoted as a text revenue is; infinities spelt as PostgreSQL's numeric spells them */
        if (isnan(x))
            snprintf(given, sizeof given, "'NaN'");
        else if (isinf(x))
            snprintf(given, sizeof given, "'%sInfinity'", x < 0 ? "-" : "");
        else
            snprintf(given, sizeof given, "'%.17g'", x);
        snprintf(msg, sizeof msg, "%s: revenue must be %s (got %s)", FN,
                 isnan(x) ? "a decimal number such as 12345678.90" : "an amount from 0 to 10000000000000", given);
        CHECK(!strcmp(err.msg, msg), "message\n  got  %s\n  want %s", err.msg, msg);
        return 0;
    }
    CHECK((uint64_t) revenue.cents == exact && revenue.sub == 0, "%.17g (%a): core %lld cents, exact %llu", x, x,
          (long long) revenue.cents, (unsigned long long) exact);
    return 0;
}
