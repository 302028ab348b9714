/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The amounts the actors decide, under their caps (docs/rules.md#amounts): the envisaged
 * and the decided penalty at most the table's maximum (R162-45-2 III), the decided one at
 * most the envisaged one put to the establishment (interpretation decided_within_envisaged),
 * the refusal penalty at most 1 % of the last closed fiscal year (R162-45-1 II); never
 * negative. Amounts are exact decimals, compared exactly. */
#include "capes.h"

#include <string.h>

/* -1, 0 or 1 as a < b, exactly */
static int compare(const capes_decimal *a, const capes_decimal *b)
{
    size_t i, n = a->frac_len > b->frac_len ? a->frac_len : b->frac_len;
    int sign = a->negative ? -1 : 1;

    if (a->negative != b->negative)
        return a->negative ? -1 : 1;
    if (a->units != b->units)
        return a->units < b->units ? -sign : sign;
    for (i = 0; i < n; i++) {
        char x = i < a->frac_len ? a->frac[i] : '0', y = i < b->frac_len ? b->frac[i] : '0';

        if (x != y)
            return x < y ? -sign : sign;
    }
    return 0;
}

/* Two decimals, or all of them when there are more; cut after 40 characters as a given
 * text is (docs/rules.md#given-values). Written by hand, not by capes_format: a refusal shows
 * two amounts, and their digits cost more than the rest of the message. At most
 * "-" 19 digits "." 40 decimals: 61 characters and the NUL. */
static const char *shown(const capes_decimal *d, char buf[64])
{
    char digits[20];
    size_t n = 0, k = 0, frac = d->frac_len < 40 ? d->frac_len : 40;
    uint64_t u = (uint64_t) d->units;

    if (d->negative)
        buf[n++] = '-';
    do {
        digits[k++] = (char) ('0' + u % 10);
        u /= 10;
    } while (u);
    while (k > 0)
        buf[n++] = digits[--k];
    buf[n++] = '.';
    memcpy(buf + n, d->frac, frac);
    n += frac;
    for (; frac < 2; frac++)
        buf[n++] = '0';
    buf[n] = '\0';
    if (n > 40)
        strcpy(buf + 40, "...");
    return buf;
}

static bool decides_amount(int state, const char **article)
{
    switch (state) {
    case CAPES_STATE_PENALTY_PROPOSED:
    case CAPES_STATE_PENALTY_DECIDED:
        *article = "R162-45-2 III";
        return true;
    case CAPES_STATE_REFUSAL_PENALTY:
        *article = "R162-45-1 II";
        return true;
    default:
        return false;
    }
}

capes_code capes_check_amount(capes_err *err, int state, const capes_decimal *amount, const capes_decimal *maximum,
                              const capes_decimal *envisaged)
{
    const char *article, *code = capes_states.terms[state].code;
    char a[64], m[64];

    /* the amounts are shown only in a refusal: an amount within its cap formats nothing */
    if (!decides_amount(state, &article))
        return CAPES_OK;
    if (amount->negative)
        return capes_refusef(err, article, "%s amount %s refused: an amount is never negative (%s)", code,
                             shown(amount, a), article);
    if (state != CAPES_STATE_REFUSAL_PENALTY && compare(amount, maximum) > 0)
        return capes_refusef(err, article,
                             "%s amount %s refused: it must be at most the maximum of the table, %s (R162-45-2 III)",
                             code, shown(amount, a), shown(maximum, m));
    if (state == CAPES_STATE_PENALTY_DECIDED && envisaged && compare(amount, envisaged) > 0)
        return capes_refusef(err, article,
                             "%s amount %s refused: it must be at most the envisaged amount put to the "
                             "establishment, %s (R162-45-2 III)", code, shown(amount, a), shown(envisaged, m));
    if (state == CAPES_STATE_REFUSAL_PENALTY && compare(amount, maximum) > 0)
        return capes_refusef(err, article,
                             "%s amount %s refused: it must be at most 1 %% of the last closed fiscal year's "
                             "products, %s (R162-45-1 II)", code, shown(amount, a), shown(maximum, m));
    return CAPES_OK;
}
