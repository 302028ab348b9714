/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* One contract's rate (R162-45-2 III): the number of risks not completely treated,
 * and the degree of implementation among them. Combinable, so that PostgreSQL can
 * aggregate in parallel and merge partial states. */
#include "capes.h"


static int popcount3(unsigned bits)
{
    return (int) (bits & 1u) + (int) ((bits >> 1) & 1u) + (int) ((bits >> 2) & 1u);
}

/* At most three rows, since R162-45 names three risks (docs/rules.md#contracts). */
static capes_code count_rows(capes_err *err, capes_contract *c, int more)
{
    char given[32];

    if (c->rows + more <= CAPES_N_RISKS) {
        c->rows = (uint8_t) (c->rows + more);
        return CAPES_OK;
    }
    capes_format(given, sizeof given, "%d", c->rows + more);
    err->article = "R162-45";
    return capes_fail(err, CAPES_ERR_ARG, "a contract's risk rows", "at most 3", given);
}

capes_code capes_contract_add(capes_err *err, capes_contract *c, int risk, int level)
{
    char given[64];

    if (c->seen & (1u << risk)) {
        capes_format(given, sizeof given, "'%s' twice", capes_risks.terms[risk].code);
        err->article = "R162-45-2 III";
        return capes_fail(err, CAPES_ERR_ARG, "risk", "listed once per contract", given);
    }
    if (count_rows(err, c, 1) != CAPES_OK)
        return err->code;
    c->seen |= (uint8_t) (1u << risk);
    if (level != CAPES_LEVEL_COMPLETE)
        c->open |= (uint8_t) (1u << risk);
    if (level == CAPES_LEVEL_PARTIAL)
        c->partial |= (uint8_t) (1u << risk);
    return CAPES_OK;
}

capes_code capes_contract_add_null(capes_err *err, capes_contract *c)
{
    if (count_rows(err, c, 1) != CAPES_OK)
        return err->code;
    c->unknown = true;
    return CAPES_OK;
}

static capes_code revenue_differs(capes_err *err, int64_t a, int64_t b)
{
    char x[CAPES_MONEY_TEXT_MAX], y[CAPES_MONEY_TEXT_MAX], given[2 * CAPES_MONEY_TEXT_MAX + 8];

    capes_money_format(a, x);
    capes_money_format(b, y);
    capes_format(given, sizeof given, "%s and %s", x, y);
    err->article = "R162-45-2 II";
    return capes_fail(err, CAPES_ERR_ARG, "revenue", "the same on every row of a contract", given);
}

capes_code capes_contract_revenue(capes_err *err, capes_contract *c, bool is_null, int64_t cents)
{
    if (is_null) {
        c->null_revenue = true;
        return CAPES_OK;
    }
    if (c->has_revenue && c->revenue != cents)
        return revenue_differs(err, c->revenue, cents);
    c->has_revenue = true;
    c->revenue = cents;
    return CAPES_OK;
}

capes_code capes_contract_merge(capes_err *err, capes_contract *into, const capes_contract *from)
{
    unsigned twice = into->seen & from->seen;
    char given[64];
    int r;

    /* a risk seen by two partial aggregates is a repeated risk */
    if (twice) {
        for (r = 0; !(twice & (1u << r)); r++)
            ;
        capes_format(given, sizeof given, "'%s' twice", capes_risks.terms[r].code);
        err->article = "R162-45-2 III";
        return capes_fail(err, CAPES_ERR_ARG, "risk", "listed once per contract", given);
    }
    if (count_rows(err, into, from->rows) != CAPES_OK)
        return err->code;
    if (from->has_revenue && capes_contract_revenue(err, into, false, from->revenue) != CAPES_OK)
        return err->code;
    into->seen |= from->seen;
    into->open |= from->open;
    into->partial |= from->partial;
    into->unknown |= from->unknown;
    into->null_revenue |= from->null_revenue;
    return CAPES_OK;
}

bool capes_contract_bp(const capes_contract *c, int *bp)
{
    int open = popcount3(c->open);

    if (c->rows == 0 || c->unknown)
        return false;
    /* The table's row is the degree among the risks not completely treated:
     * 'none' when every one of them is not implemented at all, else 'partial'. */
    *bp = capes_rate_bp(open, c->partial ? CAPES_LEVEL_PARTIAL : CAPES_LEVEL_NONE);
    return true;
}

bool capes_contract_penalty(const capes_contract *c, int64_t *cents)
{
    /* the contract's revenue is kept to the cent, rounded down (interpretation
     * contract_revenue_to_the_cent: a 64-bit state has no room for more) */
    capes_revenue r = {c->revenue, 0};
    int bp;

    /* a state forged by hand can hold up to 2^50 cents: past the limit, no answer */
    if (!capes_contract_bp(c, &bp) || c->null_revenue || !c->has_revenue || c->revenue > CAPES_REVENUE_MAX_CENTS)
        return false;
    *cents = capes_penalty_cents(&r, bp);
    return true;
}

/* bits 0-2 seen, 3-5 open, 6-8 partial, 9-10 rows, 11 unknown, 12 has_revenue,
 * 13 null_revenue, 14-63 revenue in cents (10^15 < 2^50). */
uint64_t capes_contract_pack(const capes_contract *c)
{
    return (uint64_t) c->seen | (uint64_t) c->open << 3 | (uint64_t) c->partial << 6 |
           (uint64_t) c->rows << 9 | (uint64_t) c->unknown << 11 | (uint64_t) c->has_revenue << 12 |
           (uint64_t) c->null_revenue << 13 | (uint64_t) c->revenue << 14;
}

void capes_contract_unpack(uint64_t p, capes_contract *c)
{
    c->seen = (uint8_t) (p & 7u);
    c->open = (uint8_t) ((p >> 3) & 7u);
    c->partial = (uint8_t) ((p >> 6) & 7u);
    c->rows = (uint8_t) ((p >> 9) & 3u);
    c->unknown = (p >> 11) & 1u;
    c->has_revenue = (p >> 12) & 1u;
    c->null_revenue = (p >> 13) & 1u;
    c->revenue = (int64_t) (p >> 14);
}
