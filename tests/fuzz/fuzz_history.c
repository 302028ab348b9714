/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The history checker (capes_history_step) fed a random case: a calendar, then
 * steps of 6 bytes (state or a NULL step, how to date it, 4 bytes of day). It must
 * agree with capes_check_transition called step by step: the same first invalid
 * step, reported as "step N (state on date): reason", and nothing after it. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    int cal = take_u8(&in) % CAPES_N_CALENDARS;
    capes_history h;
    int last_state = CAPES_STATE_NONE, steps = 0;
    capes_day last_day = 0, day = CAPES_IN_FORCE_FROM;
    bool invalid = false;
    char msg[CAPES_MSG_MAX] = "", on[16];

    capes_history_init(&h);
    CHECK(h.steps == 0 && !h.invalid && h.last_state == CAPES_STATE_NONE, "init");
    while (in.n > 0) {
        int state = take_u8(&in) % (CAPES_N_STATES + 2), how = take_u8(&in);
        uint32_t r = take_u32(&in);
        bool has = state < CAPES_N_STATES;

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
        if (!has)
            state = 0;
        capes_history_step(&h, has, has ? state : CAPES_STATE_NONE, day, (capes_calendar) cal);

        /* the same step through capes_check_transition */
        if (invalid)
            continue;
        steps++;
        if (!has) {
            invalid = true;
            snprintf(msg, sizeof msg, "step %d: state, date or calendar is NULL", steps);
        } else {
            capes_err err;
            capes_err_init(&err, "capes_history_error");

            if (capes_check_transition(&err, last_state, state, last_day, day, (capes_calendar) cal) != CAPES_OK) {
                fz_check_err(&err, "capes_history_error");
                CHECK(err.code == CAPES_ERR_TRANSITION || err.code == CAPES_ERR_DATE_RANGE, "code %d", (int) err.code);
                invalid = true;
                fz_format(day, on);
                snprintf(msg, sizeof msg, "step %d (%s on %s): %s", steps, capes_states.terms[state].code, on,
                         capes_err_reason(&err));
            } else {
                last_state = state;
                last_day = day;
            }
        }
        CHECK(h.invalid == invalid && h.steps == steps, "step %d: history invalid=%d steps=%d, expected %d %d", steps,
              (int) h.invalid, (int) h.steps, (int) invalid, steps);
        CHECK(!invalid || !strcmp(h.msg, msg), "step %d\n  got  %s\n  want %s", steps, h.msg, msg);
        CHECK(invalid || (h.last_state == last_state && h.last_day == last_day), "step %d: last state", steps);
    }
    if (h.invalid)
        CHECK(!strncmp(h.msg, "step ", 5) && fz_utf8_valid(h.msg, strlen(h.msg)), "message '%s'", h.msg);
    return 0;
}
