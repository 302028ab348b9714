/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The contract aggregate state (capes_contract_*): random risk rows, fed in order
 * to one state, and split in up to four partial states that are packed, unpacked
 * and merged in two different orders, as PostgreSQL's parallel aggregation does.
 * Both ways must fail together or give the same packed state; the rate and the
 * penalty must match docs/rules.md#contracts computed again here from the rows. */
#include "fuzz_common.h"

#define FN "capes_contract_penalty"
#define PARTS 4
/* another valid revenue */
#define OTHER(r) ((r) == CAPES_REVENUE_MAX_CENTS ? (r) - 1 : (r) + 1)

typedef struct row {
    int risk, level; /* risk -1: a NULL risk or level */
    int rev;         /* 0 NULL, 1 the contract's revenue, 2 another one (OTHER) */
    int part;
} row;

static capes_code feed(capes_err *err, capes_contract *c, const row *r, bool penalty, int64_t revenue)
{
    capes_code code = r->risk < 0 ? capes_contract_add_null(err, c) : capes_contract_add(err, c, r->risk, r->level);

    if (code != CAPES_OK || !penalty)
        return code;
    return capes_contract_revenue(err, c, r->rev == 0, r->rev == 2 ? OTHER(revenue) : revenue);
}

static void check_pack(const capes_contract *c)
{
    capes_contract u;
    uint64_t p = capes_contract_pack(c);

    memset(&u, 0xA5, sizeof u);
    capes_contract_unpack(p, &u);
    CHECK(u.seen == c->seen && u.open == c->open && u.partial == c->partial && u.rows == c->rows &&
              u.unknown == c->unknown && u.has_revenue == c->has_revenue && u.null_revenue == c->null_revenue &&
              (!c->has_revenue || u.revenue == c->revenue),
          "unpack(pack(state)) differs: %llx", (unsigned long long) p);
    CHECK(capes_contract_pack(&u) == p, "pack(unpack(%llx))", (unsigned long long) p);
}

/* Merges the packed parts in the given order into an empty state. */
static capes_code merge(capes_err *err, const uint64_t *packed, const int *order, int n, capes_contract *out)
{
    int i;

    memset(out, 0, sizeof *out);
    for (i = 0; i < n; i++) {
        capes_contract part;

        capes_contract_unpack(packed[order[i]], &part);
        if (capes_contract_merge(err, out, &part) != CAPES_OK)
            return err->code;
        check_pack(out);
    }
    return CAPES_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    uint8_t mode = take_u8(&in);
    bool penalty = mode & 1;
    uint64_t raw = (uint64_t) take_u32(&in) << 32 | take_u32(&in);
    int64_t revenue = (int64_t) (raw % (CAPES_REVENUE_MAX_CENTS + 1));
    row rows[64];
    int n = 0, i, order[PARTS], tree[PARTS] = {0, 1, 2, 3};
    capes_contract seq = {0}, part[PARTS], merged, merged2;
    capes_err err;
    capes_err_init(&err, FN);
    capes_code seq_code = CAPES_OK, part_code = CAPES_OK, merge_code, merge2_code;
    uint64_t packed[PARTS];

    if (mode & 2)
        revenue %= 100000; /* small revenues, where rounding down shows */
    /* the same 64 bits as a forged state (PostgreSQL takes a bigint state from anyone):
     * no crash, and no penalty above 1 % of a valid revenue */
    {
        capes_contract forged, into = {0};
        int64_t cents;
        int bp;

        capes_contract_unpack(raw, &forged);
        if (capes_contract_bp(&forged, &bp))
            CHECK(bp >= 0 && bp <= 100, "forged state %llx: rate %d bp", (unsigned long long) raw, bp);
        if (capes_contract_penalty(&forged, &cents))
            CHECK(forged.revenue >= 0 && forged.revenue <= CAPES_REVENUE_MAX_CENTS && cents >= 0 &&
                      cents <= forged.revenue / 100,
                  "forged state %llx: penalty %lld of %lld", (unsigned long long) raw, (long long) cents,
                  (long long) forged.revenue);
        if (capes_contract_merge(&err, &into, &forged) != CAPES_OK)
            fz_check_err(&err, FN);
        capes_err_init(&err, FN);
    }
    memset(part, 0, sizeof part);
    while (in.n > 0 && n < 64) {
        uint8_t a = take_u8(&in), b = take_u8(&in);

        rows[n].risk = a % 4 == 3 ? -1 : a % 4;
        rows[n].level = (a >> 2) % 3;
        rows[n].rev = b % 4 == 3 ? 1 : b % 4;
        rows[n].part = (b >> 2) % PARTS;
        n++;
    }
    /* in order, stopping at the first error as the aggregate does */
    for (i = 0; i < n && seq_code == CAPES_OK; i++)
        seq_code = feed(&err, &seq, &rows[i], penalty, revenue);
    if (seq_code != CAPES_OK) {
        fz_check_err(&err, FN);
        CHECK(seq_code == CAPES_ERR_ARG, "code %d", (int) seq_code);
    } else {
        check_pack(&seq);
    }
    /* in partitions */
    for (i = 0; i < n && part_code == CAPES_OK; i++)
        part_code = feed(&err, &part[rows[i].part], &rows[i], penalty, revenue);
    if (part_code != CAPES_OK) {
        CHECK(seq_code != CAPES_OK, "a partial state failed (%s) but the rows in order pass", err.msg);
        return 0;
    }
    for (i = 0; i < PARTS; i++) {
        check_pack(&part[i]);
        packed[i] = capes_contract_pack(&part[i]);
        order[i] = i;
    }
    /* a merge order chosen by the mode byte */
    for (i = PARTS - 1; i > 0; i--) {
        int j = (mode >> 2) % (i + 1), t = order[i];

        order[i] = order[j];
        order[j] = t;
    }
    merge_code = merge(&err, packed, order, PARTS, &merged);
    if (merge_code != CAPES_OK)
        fz_check_err(&err, FN);
    CHECK((merge_code == CAPES_OK) == (seq_code == CAPES_OK), "rows in order: %d, merged partial states: %d (%s)",
          (int) seq_code, (int) merge_code, err.msg);
    /* as a tree: (0+1) + (2+3) */
    {
        capes_contract left, right;
        uint64_t halves[2];
        int both[2] = {0, 1};

        merge2_code = merge(&err, packed, tree, 2, &left);
        if (merge2_code == CAPES_OK)
            merge2_code = merge(&err, packed, tree + 2, 2, &right);
        if (merge2_code == CAPES_OK) {
            halves[0] = capes_contract_pack(&left);
            halves[1] = capes_contract_pack(&right);
            merge2_code = merge(&err, halves, both, 2, &merged2);
        }
        CHECK(merge2_code == merge_code, "two merge orders disagree: %d and %d", (int) merge_code, (int) merge2_code);
    }
    if (seq_code != CAPES_OK)
        return 0;
    CHECK(capes_contract_pack(&merged) == capes_contract_pack(&seq) &&
              capes_contract_pack(&merged2) == capes_contract_pack(&seq),
          "merged state %llx, %llx, in order %llx", (unsigned long long) capes_contract_pack(&merged),
          (unsigned long long) capes_contract_pack(&merged2), (unsigned long long) capes_contract_pack(&seq));

    /* docs/rules.md#contracts and R162-45-2 III from the rows */
    {
        static const int table[2][4] = {{0, 33, 66, 100}, {0, 16, 33, 50}}; /* none, partial */
        bool unknown = false, null_rev = false, some_partial = false;
        int open = 0, bp = -1, want_bp;
        int64_t cents = -1, used = revenue;

        for (i = 0; i < n; i++) {
            if (rows[i].risk < 0)
                unknown = true;
            else if (rows[i].level != CAPES_LEVEL_COMPLETE) {
                open++;
                some_partial |= rows[i].level == CAPES_LEVEL_PARTIAL;
            }
            null_rev |= rows[i].rev == 0;
        }
        for (i = n - 1; i >= 0; i--) /* rows in order passed: every revenue given is this one */
            if (rows[i].rev == 2)
                used = OTHER(revenue);
        want_bp = table[some_partial][open];
        CHECK(capes_contract_bp(&seq, &bp) == (n > 0 && !unknown), "rate is NULL: %d rows, unknown %d", n, unknown);
        if (n > 0 && !unknown)
            CHECK(bp == want_bp, "rate %d bp, want %d", bp, want_bp);
        if (!penalty)
            return 0;
        CHECK(capes_contract_penalty(&seq, &cents) == (n > 0 && !unknown && !null_rev), "penalty is NULL");
        if (n > 0 && !unknown && !null_rev)
            CHECK(cents == used * want_bp / 10000, "penalty %lld, want %lld", (long long) cents,
                  (long long) (used * want_bp / 10000));
    }
    return 0;
}
