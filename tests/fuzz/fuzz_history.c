/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The fold of a case's history (capes_history_step) fed a random case: a calendar, then
 * steps of 8 bytes (state or a NULL step, how to date it, 4 bytes of day, 2 of a term). It
 * must refuse every step the pairwise check (capes_check_step, fed the previous step and
 * its term) refuses, at that step or before; before it only by a rule that needs the history
 * (docs/rules.md#histories: guard 9, the contract's end at a return, a case's first signature
 * after a refusal penalty); report "step N (state on date): reason" or the NULL step; change
 * nothing after its first invalid step; and, while valid, give capes_due's running deadline. */
#include "fuzz_common.h"

static bool history_rule(const char *msg)
{
    return strstr(msg, "the contract runs until") || strstr(msg, "fixed at its first signature") ||
           strstr(msg, "only contracts concluded") || strstr(msg, "after the signature") ||
           strstr(msg, "four years after the signature");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    int cal = take_u8(&in) % CAPES_N_CALENDARS, steps = 0;
    capes_history h;
    capes_step prev = {CAPES_STATE_NONE, 0, false, 0};
    capes_day day = CAPES_IN_FORCE_FROM;
    bool pairwise_invalid = false;
    char on[16];

    capes_history_init(&h);
    CHECK(h.steps == 0 && !h.invalid && h.last.state == CAPES_STATE_NONE, "init");
    while (in.n > 0) {
        int state = take_u8(&in) % (CAPES_N_STATES + 2), how = take_u8(&in);
        uint32_t r = take_u32(&in);
        int term = (int) (take_u8(&in) << 8 | take_u8(&in));
        bool has = state < CAPES_N_STATES, was_invalid = h.invalid;
        capes_step step = {0, 0, (term & 3) == 0, 0};
        capes_err err;

        /* mostly a little after the previous step, sometimes before, sometimes anywhere */
        switch (how & 3) {
        case 0:
        case 1:
            day += (capes_day) (r % 400);
            break;
        case 2:
            day -= (capes_day) (r % 40);
            break;
        default:
            day = (capes_day) (FZ_DAY_MIN + (long) (r % (uint32_t) (FZ_DAY_MAX - FZ_DAY_MIN + 1)));
        }
        if (day < FZ_DAY_MIN || day > FZ_DAY_MAX)
            day = CAPES_IN_FORCE_FROM;
        step.state = has ? state : CAPES_STATE_NONE;
        step.day = day;
        step.until = day + (term >> 2) % 1600 - 10;
        if (step.until < FZ_DAY_MIN || step.until > FZ_DAY_MAX)
            step.until = day;
        capes_err_init(&err, "capes_history_error");
        if (capes_history_step(&err, &h, has, &step, (capes_calendar) cal) != CAPES_OK) {
            /* a computed date past 9999-12-31: an error of the call, named occurred_on */
            CHECK(err.code == CAPES_ERR_DATE_RANGE && strstr(err.msg, "occurred_on"), "history error %s", err.msg);
            return 0;
        }
        if (was_invalid) {
            CHECK(h.invalid && h.steps == steps, "a step after the first invalid one changed the history");
            continue;
        }
        steps++;
        CHECK(h.steps == steps, "step %d: %d steps counted", steps, (int) h.steps);
        if (!has) {
            snprintf(on, sizeof on, "step %d: ", steps);
            CHECK(h.invalid && !strncmp(h.msg, on, strlen(on)) && strstr(h.msg, "state, date or calendar is NULL"),
                  "a NULL step: %s", h.msg);
            return 0;
        }
        if (!pairwise_invalid) {
            capes_err_init(&err, "capes_history_error");
            if (capes_check_step(&err, &prev, &step, (capes_calendar) cal) != CAPES_OK) {
                pairwise_invalid = true;
                if (err.code == CAPES_ERR_TRANSITION) {
                    fz_format(day, on);
                    CHECK(h.invalid, "step %d: the pairwise check refuses it, the history accepts it: %s", steps,
                          err.msg);
                }
            } else {
                prev = step;
            }
        }
        if (h.invalid) {
            CHECK(!strncmp(h.msg, "step ", 5) && fz_utf8_valid(h.msg, strlen(h.msg)), "message '%s'", h.msg);
            CHECK(pairwise_invalid || history_rule(h.msg), "refused by no rule of the history: %s", h.msg);
        } else {
            bool has_h, has_d;
            capes_day due_h, due_d;
            bool signed_ = h.last.state == CAPES_STATE_SIGNED;
            capes_code a, b;

            capes_err_init(&err, "capes_history_due");
            a = capes_history_due(&err, &h, &has_h, &due_h);
            b = capes_due(&err, h.last.state, signed_ ? h.contract_start : h.last.day, h.last_cal,
                          signed_ || h.last.has_until, signed_ ? h.contract_end : h.last.until, &has_d, &due_d);
            CHECK(a == b && (a != CAPES_OK || (has_h == has_d && (!has_h || due_h == due_d))),
                  "step %d: capes_history_due and capes_due disagree", steps);
        }
    }
    return 0;
}
