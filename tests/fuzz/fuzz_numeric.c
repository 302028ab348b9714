/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* PostgreSQL numeric digits (capes_revenue_from_base10000): a sign, a weight and
 * base-10000 digits, as numeric's short format holds them. When it answers, the
 * same value written as decimal text must give the same revenue through
 * capes_revenue_from_text (which the glue uses for everything else and every
 * error); when it declines, nothing is claimed. Input: sign/ndigits byte, weight
 * byte, then 2 bytes per digit (mostly reduced to 0..9999). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    uint8_t head = take_u8(&in);
    bool negative = head & 1, raw = head & 2;
    int weight = (int8_t) take_u8(&in), ndigits = 0, e, top, bottom;
    int16_t digits[64];
    char text[2048];
    size_t o = 0;
    capes_revenue got = {-7, -7}, want = {-7, -7};
    capes_err err;
    capes_err_init(&err, "capes_penalty");
    bool ok, valid = true;

    while (in.n >= 2 && ndigits < 64) {
        uint16_t v = (uint16_t) (take_u8(&in) << 8 | take_u8(&in));

        digits[ndigits] = raw ? (int16_t) v : (int16_t) (v % 10000);
        valid &= digits[ndigits] >= 0 && digits[ndigits] <= 9999;
        ndigits++;
    }
    ok = capes_revenue_from_base10000(negative, weight, digits, ndigits, &got);
    if (!valid) {
        CHECK(!ok, "digits out of 0..9999 accepted");
        return 0;
    }
    for (e = 0; e < ndigits; e++) /* the ignored ones, for the text below */
        if (digits[e] < 0 || digits[e] > 9999)
            digits[e] = 0;
    /* the value as decimal text: 4-digit groups from 10000^top down to 10000^bottom */
    top = weight > 0 ? weight : 0;
    bottom = weight - ndigits + 1 < -1 ? weight - ndigits + 1 : -1;
    o += (size_t) snprintf(text + o, sizeof text - o, "%s", negative ? "-" : "");
    for (e = top; e >= bottom; e--) {
        int i = weight - e, g = i >= 0 && i < ndigits ? digits[i] : 0;

        o += (size_t) snprintf(text + o, sizeof text - o, e == top ? "%d" : "%04d", g);
        if (e == 0)
            text[o++] = '.';
    }
    text[o] = '\0';
    CHECK(o < sizeof text - 1, "text too long");
    if (!ok)
        return 0; /* the glue then passes the text; the money target checks that path */
    CHECK(capes_revenue_from_text(&err, "revenue", text, o, &want) == CAPES_OK,
          "base 10000 accepted %s, which text refuses: %s", text, err.msg);
    CHECK(got.cents == want.cents && got.sub == want.sub, "%s: base 10000 gives %lld cents + %d, text %lld + %d", text,
          (long long) got.cents, (int) got.sub, (long long) want.cents, (int) want.sub);
    return 0;
}
