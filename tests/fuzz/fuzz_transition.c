/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The transition check (capes_check_transition, the terms NULL: their defaults) with any
 * states, days and calendar. Compared with docs/rules.md#transitions and #order-of-the-checks written again here
 * (the table and the guards in their order, deadlines from fuzz_common.h): a refusal is
 * CAPES_ERR_TRANSITION (or a date-range error when a guard's deadline cannot be computed)
 * with a message starting with "capes_check_transition: FROM -> TO refused"; an accepted
 * step is in the table and passes every guard. */
#include "fuzz_common.h"

#define FN "capes_check_transition"
#define NONE CAPES_STATE_NONE

/* docs/rules.md#transitions, by state code. */
static const char *const table[][2] = {
    {"(none)", "notified"},
    {"notified", "establishment_draft"},         {"notified", "agency_draft"},
    {"establishment_draft", "agency_draft"},     {"establishment_draft", "signed"},
    {"establishment_draft", "refused"},          {"agency_draft", "signed"},
    {"agency_draft", "refused"},                 {"refused", "signed"},
    {"refused", "refusal_hearing"},              {"refused", "closed"},
    {"refusal_hearing", "refusal_penalty"},      {"refusal_hearing", "signed"},
    {"refusal_hearing", "closed"},
    {"refusal_penalty", "recovery_notified"},    {"signed", "formal_notice"},
    {"signed", "completed"},                     {"formal_notice", "signed"},
    {"formal_notice", "penalty_proposed"},       {"penalty_proposed", "observations_received"},
    {"penalty_proposed", "penalty_decided"},     {"penalty_proposed", "signed"},
    {"penalty_proposed", "closed"},              {"observations_received", "penalty_decided"},
    {"observations_received", "signed"},         {"observations_received", "closed"},
    {"penalty_decided", "recovery_notified"},    {"recovery_notified", "signed"},
    {"recovery_notified", "closed"},             {"completed", "closed"},
};

static const char *code_of(int s)
{
    return s == NONE ? "(none)" : capes_states.terms[s].code;
}

static bool in_table(int from, int to)
{
    size_t i;

    for (i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i][0], code_of(from)) && !strcmp(table[i][1], code_of(to)))
            return true;
    return false;
}

/* A day from 4 bytes and a mode: mostly around the years the rules were in force,
 * else anywhere in 1583..9999, or a little beyond (an engine's own date type). */
static capes_day take_day(fuzz_in *in, int mode)
{
    uint32_t r = take_u32(in);

    switch (mode & 3) {
    case 0:
    case 1:
        return (capes_day) (CAPES_IN_FORCE_FROM - 400 + (long) (r % 1400));
    case 2:
        return (capes_day) (FZ_DAY_MIN + (long) (r % (uint32_t) (FZ_DAY_MAX - FZ_DAY_MIN + 1)));
    default:
        return (capes_day) (FZ_DAY_MIN - 1000 + (long) (r % (uint32_t) (FZ_DAY_MAX - FZ_DAY_MIN + 2001)));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    int from = take_u8(&in) % (CAPES_N_STATES + 1) - 1; /* -1 is a new case */
    int to = take_u8(&in) % CAPES_N_STATES, cal = take_u8(&in) % CAPES_N_CALENDARS, mode = take_u8(&in);
    capes_day to_day = take_day(&in, mode), from_day;
    capes_err err;
    capes_err_init(&err, FN);
    capes_code got, want = CAPES_OK;
    char head[128], on[16], first[16];
    const char *why = NULL;
    int next[CAPES_N_STATES], n, i, s;

    /* the previous step: a few days before or after, or any day */
    if (mode & 4)
        from_day = take_day(&in, mode >> 3);
    else
        from_day = to_day - (int) (int8_t) take_u8(&in) * (mode & 8 ? 1 : 3);

    got = capes_check_transition(&err, from, to, from_day, to_day, (capes_calendar) cal);

    snprintf(head, sizeof head, "%s: %s -> %s refused", FN, code_of(from), code_of(to));
    fz_format(to_day, on);
    if (!in_table(from, to)) {
        want = CAPES_ERR_TRANSITION;
    } else if (from == NONE) {
        /* guard 4: in force 2015-11-22 to 2017-04-08 */
        if (!(to_day >= fz_days(2015, 11, 22) && to_day <= fz_days(2017, 4, 8)))
            want = CAPES_ERR_TRANSITION, why = "on";
    } else if (to_day < from_day) {
        want = CAPES_ERR_TRANSITION, why = "on"; /* guard 1 */
    } else if (to != CAPES_STATE_COMPLETED && to != CAPES_STATE_CLOSED && to_day > fz_days(2017, 12, 31)) {
        want = CAPES_ERR_TRANSITION, why = "on"; /* guard 8: the lapse */
    } else if (to == CAPES_STATE_SIGNED && to_day > fz_days(2017, 4, 22) &&
               (from == CAPES_STATE_NOTIFIED || from == CAPES_STATE_ESTABLISHMENT_DRAFT ||
                from == CAPES_STATE_AGENCY_DRAFT || from == CAPES_STATE_REFUSED || from == CAPES_STATE_REFUSAL_HEARING)) {
        want = CAPES_ERR_TRANSITION, why = "on"; /* guard 7: a first signature by 2017-04-22 */
    } else {
        /* the waits: guards 2, 3, 5 (a year, the notice's default term), 6 (30 days) */
        int kind = -1;
        long last;

        if (from == CAPES_STATE_NOTIFIED && to == CAPES_STATE_AGENCY_DRAFT)
            kind = CAPES_KIND_ESTABLISHMENT_DRAFT;
        else if (from == CAPES_STATE_PENALTY_PROPOSED && to == CAPES_STATE_PENALTY_DECIDED)
            kind = CAPES_KIND_OBSERVATIONS;
        else if (from == CAPES_STATE_FORMAL_NOTICE && to == CAPES_STATE_PENALTY_PROPOSED)
            kind = CAPES_KIND_CURE;
        else if (from == CAPES_STATE_REFUSAL_HEARING && to == CAPES_STATE_REFUSAL_PENALTY)
            kind = CAPES_KIND_OBSERVATIONS;
        if (kind < 0) {
        } else if (from_day < FZ_DAY_MIN || from_day > FZ_DAY_MAX ||
                   (last = fz_deadline(from_day, kind, cal)) > FZ_DAY_MAX) {
            want = CAPES_ERR_DATE_RANGE;
        } else if (to_day <= last) {
            want = CAPES_ERR_TRANSITION, why = "before";
            fz_format(last + 1, first);
        }
    }
    CHECK(got == want, "%s -> %s, %d -> %d, cal %d: core %d (%s), oracle %d", code_of(from), code_of(to), (int) from_day,
          (int) to_day, cal, (int) got, got ? err.msg : "ok", (int) want);
    if (got == CAPES_ERR_DATE_RANGE) /* a guard's deadline from from_date cannot be counted */
        CHECK(!strncmp(err.msg, FN ": from_date must be ", strlen(FN ": from_date must be ")), "message '%s'", err.msg);
    if (got != CAPES_OK) {
        fz_check_err(&err, FN);
        if (got == CAPES_ERR_TRANSITION) {
            CHECK(err.article && err.article[0], "a refusal names its article");
            CHECK(!strncmp(err.msg, head, strlen(head)), "message '%s' does not start with '%s'", err.msg, head);
            if (why && !strcmp(why, "on"))
                CHECK(!strncmp(err.msg + strlen(head), " on ", 4) && !strncmp(err.msg + strlen(head) + 4, on, 10),
                      "message '%s' names no date %s", err.msg, on);
            if (why && !strcmp(why, "before"))
                CHECK(!strncmp(err.msg + strlen(head), " before ", 8) && !strncmp(err.msg + strlen(head) + 8, first, 10),
                      "message '%s' does not wait for %s", err.msg, first);
        }
    }
    /* the table alone, and the lists built from it */
    CHECK(capes_transition_allowed(from, to) == in_table(from, to), "allowed(%d, %d)", from, to);
    n = capes_next_states(from, next);
    for (i = 0, s = 0; s < CAPES_N_STATES; s++)
        if (in_table(from, s)) {
            CHECK(i < n && next[i] == s, "next states of %s", code_of(from));
            i++;
        }
    CHECK(i == n, "next states of %s: %d, want %d", code_of(from), n, i);
    if (from != NONE) {
        CHECK(capes_state_terminal(from) == (n == 0), "terminal %s", code_of(from));
        CHECK(capes_state_initial(from) == (from == CAPES_STATE_NOTIFIED), "initial %s", code_of(from));
    }
    return 0;
}
