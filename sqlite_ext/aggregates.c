/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for SQLite: the aggregates (docs/rules.md#contracts, docs/rules.md#histories). An error
 * in a step ends the query at once.
 *
 * capes_history_error checks the steps in the order SQLite feeds them, which is the
 * order of its input: order the rows in a subquery,
 *   SELECT capes_history_error(state, occurred_on)
 *     FROM (SELECT state, occurred_on FROM steps WHERE case_id = 1 ORDER BY occurred_on, seq);
 * (from SQLite 3.44 also capes_history_error(state, occurred_on ORDER BY occurred_on, seq)). */
#include "glue.h"

/* capes_contract_rate(risk TEXT, level TEXT), capes_contract_penalty(risk TEXT, level TEXT, revenue) step */
void glue_contract_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    capes_contract *c = sqlite3_aggregate_context(ctx, (int) sizeof *c); /* zeroed: no rows yet */
    int risk, level;
    int64_t cents = 0;
    bool null_revenue;

    capes_err_init(&err, (const char *) sqlite3_user_data(ctx));
    if (!c) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* a NULL risk or level makes the result NULL; the other value is not looked at */
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        if (capes_contract_add_null(&err, c))
            goto failed;
    } else if (arg_code(&err, argv[0], "risk", &capes_risks, &risk) ||
               arg_code(&err, argv[1], "level", &capes_levels, &level) ||
               capes_contract_add(&err, c, risk, level)) {
        goto failed;
    }
    if (argc > 2) {
        null_revenue = sqlite3_value_type(argv[2]) == SQLITE_NULL;
        if ((!null_revenue && arg_revenue(&err, argv[2], "revenue", &cents)) ||
            capes_contract_revenue(&err, c, null_revenue, cents))
            goto failed;
    }
    return;
failed:
    raise_error(ctx, &err);
}

/* capes_contract_rate(risk, level) -> REAL, NULL for no rows or a NULL risk or level */
void glue_contract_rate_final(sqlite3_context *ctx)
{
    capes_contract *c = sqlite3_aggregate_context(ctx, 0);
    int bp;

    if (c && capes_contract_bp(c, &bp))
        result_rate(ctx, bp);
}

/* capes_contract_penalty(risk, level, revenue) -> REAL, NULL as above or for a NULL revenue */
void glue_contract_penalty_final(sqlite3_context *ctx)
{
    capes_contract *c = sqlite3_aggregate_context(ctx, 0);
    int64_t cents;

    if (c && capes_contract_penalty(c, &cents))
        result_money(ctx, cents);
}

typedef struct history_state {
    bool started;
    capes_history h;
} history_state;

/* capes_history_error(state TEXT, occurred_on TEXT [, calendar TEXT]) step: a NULL state,
 * date or calendar makes the step invalid; an unknown code or a bad date is an error. */
void glue_history_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    history_state *s = sqlite3_aggregate_context(ctx, (int) sizeof *s);
    int state = CAPES_STATE_NONE, cal = CAPES_CAL_FR;
    capes_day day = 0;
    bool has_step, null_calendar;

    capes_err_init(&err, (const char *) sqlite3_user_data(ctx));
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!s->started) {
        capes_history_init(&s->h);
        s->started = true;
    }
    /* the calendar is checked even on a step with a NULL state or date */
    null_calendar = argc > 2 && sqlite3_value_type(argv[2]) == SQLITE_NULL;
    has_step = !any_null(argc, argv, 0);
    if ((!null_calendar && arg_calendar(&err, argc, argv, 2, &cal)) ||
        (has_step && (arg_code(&err, argv[0], "state", &capes_states, &state) ||
                      arg_date(&err, argv[1], "occurred_on", &day)))) {
        raise_error(ctx, &err);
        return;
    }
    capes_history_step(&s->h, has_step, state, day, (capes_calendar) cal);
}

/* capes_history_error(state, occurred_on [, calendar]) -> TEXT, NULL when every step is valid */
void glue_history_final(sqlite3_context *ctx)
{
    history_state *s = sqlite3_aggregate_context(ctx, 0);

    if (s && s->started && s->h.invalid)
        sqlite3_result_text(ctx, s->h.msg, -1, SQLITE_TRANSIENT);
}
