/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for SQLite: the aggregates (docs/rules.md#contracts, docs/rules.md#histories), also
 * window functions: the contract aggregates over any frame, the history aggregates over a
 * running frame. An error in a step ends the query at once.
 *
 * capes_history_error checks the steps in the order SQLite feeds them, which is the
 * order of its input: order the rows in a subquery,
 *   SELECT capes_history_error(state, occurred_on)
 *     FROM (SELECT state, occurred_on FROM steps WHERE case_id = 1 ORDER BY occurred_on, seq);
 * (from SQLite 3.44 also capes_history_error(state, occurred_on ORDER BY occurred_on, seq)). */
#include "glue.h"

#include <stdio.h>
#include <string.h>

/* The rows of a contract in the frame, in order: at most three (a fourth is an error), so
 * that a row can leave the frame (xInverse) and the contract be counted again from the rows
 * left, as PostgreSQL counts each frame from its first row. */
typedef struct contract_row {
    bool null_code; /* a NULL risk or level: the result is NULL */
    int risk, level;
    bool null_revenue;
    int64_t cents; /* kept to the cent, rounded down (interpretation contract_revenue_to_the_cent) */
} contract_row;

typedef struct contract_rows {
    int n;
    contract_row row[CAPES_N_RISKS];
} contract_rows;

/* Adds one row to c, in the order of the checks of a step: its codes, then its revenue. */
static capes_code add_row(capes_err *err, capes_contract *c, const contract_row *r, bool with_revenue)
{
    if ((r->null_code ? capes_contract_add_null(err, c) : capes_contract_add(err, c, r->risk, r->level)) != CAPES_OK)
        return err->code;
    return with_revenue ? capes_contract_revenue(err, c, r->null_revenue, r->cents) : CAPES_OK;
}

/* The contract of the rows in the frame (each checked when it came in). */
static void contract_of(const contract_rows *rows, bool with_revenue, capes_contract *c)
{
    capes_err ignored;
    int i;

    memset(c, 0, sizeof *c);
    capes_err_init(&ignored, NULL);
    for (i = 0; i < rows->n; i++)
        add_row(&ignored, c, &rows->row[i], with_revenue);
}

/* capes_contract_rate(risk TEXT, level TEXT), capes_contract_penalty(risk TEXT, level TEXT, revenue) step */
void glue_contract_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    contract_rows *rows = sqlite3_aggregate_context(ctx, (int) sizeof *rows); /* zeroed: no rows yet */
    capes_contract c;
    contract_row r = {false, 0, 0, false, 0};
    capes_revenue revenue = {0, 0};

    capes_err_init(&err, (const char *) sqlite3_user_data(ctx));
    if (!rows) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    contract_of(rows, argc > 2, &c);
    /* a NULL risk or level makes the result NULL; the other value is not looked at */
    r.null_code = sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL;
    if (r.null_code) {
        if (capes_contract_add_null(&err, &c))
            goto failed;
    } else if (arg_code(&err, argv[0], "risk", &capes_risks, &r.risk) ||
               arg_code(&err, argv[1], "level", &capes_levels, &r.level) ||
               capes_contract_add(&err, &c, r.risk, r.level)) {
        goto failed;
    }
    if (argc > 2) {
        r.null_revenue = sqlite3_value_type(argv[2]) == SQLITE_NULL;
        if (!r.null_revenue && arg_revenue(&err, argv[2], "revenue", &revenue))
            goto failed;
        r.cents = r.null_revenue ? 0 : revenue.cents;
        if (capes_contract_revenue(&err, &c, r.null_revenue, r.cents))
            goto failed;
    }
    rows->row[rows->n++] = r; /* a fourth row was refused by capes_contract_add(_null) above */
    return;
failed:
    raise_error(ctx, &err);
}

/* xInverse: the frame's first row leaves it. */
void glue_contract_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    contract_rows *rows = sqlite3_aggregate_context(ctx, 0);

    (void) argc;
    (void) argv;
    if (rows && rows->n > 0) {
        memmove(&rows->row[0], &rows->row[1], (size_t) (rows->n - 1) * sizeof rows->row[0]);
        rows->n--;
    }
}

/* capes_contract_rate(risk, level) -> REAL, NULL for no rows or a NULL risk or level */
void glue_contract_rate_final(sqlite3_context *ctx)
{
    const contract_rows *rows = sqlite3_aggregate_context(ctx, 0);
    capes_contract c;
    int bp;

    if (!rows)
        return;
    contract_of(rows, false, &c);
    if (capes_contract_bp(&c, &bp))
        result_rate(ctx, bp);
}

/* capes_contract_penalty(risk, level, revenue) -> REAL, NULL as above or for a NULL revenue */
void glue_contract_penalty_final(sqlite3_context *ctx)
{
    const contract_rows *rows = sqlite3_aggregate_context(ctx, 0);
    capes_contract c;
    int64_t cents;

    if (!rows)
        return;
    contract_of(rows, true, &c);
    if (capes_contract_penalty(&c, &cents))
        result_money(ctx, cents);
}

typedef struct history_state {
    bool started;
    capes_history h;
} history_state;

/* One step of a history aggregate (state TEXT, occurred_on TEXT [, calendar TEXT [, until
 * TEXT]]): a NULL state, date or calendar makes the step invalid (*has_step false), a NULL until
 * is its default; an unknown code or a bad date is an error. The calendar is checked even on a
 * step with a NULL state or date. */
static capes_code arg_history_step(capes_err *err, int argc, sqlite3_value **argv, bool *has_step,
                                   capes_step *step, int *cal)
{
    bool null_calendar = argc > 2 && sqlite3_value_type(argv[2]) == SQLITE_NULL;

    *has_step = !any_null(argc < 3 ? argc : 3, argv, 0);
    if (!null_calendar && arg_calendar(err, argc, argv, 2, cal))
        return err->code;
    if (!*has_step)
        return CAPES_OK;
    if (arg_code(err, argv[0], "state", &capes_states, &step->state) ||
        arg_date(err, argv[1], "occurred_on", &step->day))
        return err->code;
    return argc > 3 ? arg_until(err, argv[3], "until", &step->has_until, &step->until) : CAPES_OK;
}

/* capes_history_error, capes_history_check, capes_history_due step (arg_history_step). */
void glue_history_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    history_state *s = sqlite3_aggregate_context(ctx, (int) sizeof *s);
    capes_step step = {CAPES_STATE_NONE, 0, false, 0};
    int cal = CAPES_CAL_FR;
    bool has_step;

    capes_err_init(&err, (const char *) sqlite3_user_data(ctx));
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!s->started) {
        capes_history_init(&s->h);
        s->started = true;
    }
    if (arg_history_step(&err, argc, argv, &has_step, &step, &cal) ||
        capes_history_step(&err, &s->h, has_step, &step, (capes_calendar) cal)) {
        raise_error(ctx, &err);
        return;
    }
}

/* xInverse: a row leaves the frame, which a case's history cannot do (the core's error). */
void glue_history_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;

    (void) argc;
    (void) argv;
    capes_err_init(&err, (const char *) sqlite3_user_data(ctx));
    capes_history_frame_error(&err);
    raise_error(ctx, &err);
}

static const capes_history *history_of(sqlite3_context *ctx)
{
    history_state *s = sqlite3_aggregate_context(ctx, 0);

    return s && s->started ? &s->h : NULL;
}

/* capes_history_error(...) -> TEXT, NULL when every step is valid */
void glue_history_error_value(sqlite3_context *ctx)
{
    const capes_history *h = history_of(ctx);

    if (h && h->invalid)
        sqlite3_result_text(ctx, h->msg, -1, SQLITE_TRANSIENT);
}

/* capes_history_check(...) -> INTEGER 1, or the first invalid step as an error with
 * SQLITE_CONSTRAINT (an empty history breaks no rule) */
void glue_history_check_value(sqlite3_context *ctx)
{
    const capes_history *h = history_of(ctx);
    capes_err err;

    if (h && h->invalid) {
        capes_err_init(&err, (const char *) sqlite3_user_data(ctx));
        capes_refuse(&err, h->article, h->msg);
        raise_error(ctx, &err);
        return;
    }
    sqlite3_result_int(ctx, 1);
}

/* capes_history_due(...) -> TEXT: the deadline running after the last step, NULL when none
 * runs or the history is invalid */
void glue_history_due_value(sqlite3_context *ctx)
{
    const capes_history *h = history_of(ctx);
    capes_err err;
    capes_day due;
    bool has;

    if (!h)
        return;
    capes_err_init(&err, (const char *) sqlite3_user_data(ctx));
    if (capes_history_due(&err, h, &has, &due)) {
        raise_error(ctx, &err);
        return;
    }
    if (has)
        result_date(ctx, due);
}

/* ---------------------------------------------------- capes_history_trace */

/* The fold and the JSON array of its steps so far, without its brackets (sqlite3_malloc). */
typedef struct trace_state {
    bool started;
    capes_history h;
    int position;
    char *json;
    size_t len, cap;
} trace_state;

/* capes_history_trace(state TEXT, occurred_on TEXT [, calendar TEXT [, until TEXT]]) step: the
 * arguments read as by the other history aggregates (arg_history_step), the step folded and its
 * JSON object (capes_history_trace_step) appended. */
void glue_history_trace_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const size_t step_max = CAPES_HISTORY_JSON_MAX;
    capes_err err;
    trace_state *s = sqlite3_aggregate_context(ctx, (int) sizeof *s);
    capes_step step = {CAPES_STATE_NONE, 0, false, 0};
    int cal = CAPES_CAL_FR;
    bool has_step;
    char *json;
    size_t n;

    capes_err_init(&err, (const char *) sqlite3_user_data(ctx));
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!s->started) {
        capes_history_init(&s->h);
        s->started = true;
    }
    if (arg_history_step(&err, argc, argv, &has_step, &step, &cal)) {
        raise_error(ctx, &err);
        return;
    }
    /* room for the step's object and a comma after what is there */
    if (s->cap - s->len < step_max + 2) {
        size_t cap = s->cap ? 2 * s->cap : 4 * step_max;
        char *grown;

        while (cap - s->len < step_max + 2)
            cap *= 2;
        grown = sqlite3_realloc64(s->json, cap);
        if (!grown) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        s->json = grown;
        s->cap = cap;
    }
    json = s->json + s->len + (s->len ? 1 : 0);
    if (capes_history_trace_step(&err, &s->h, ++s->position, has_step, &step, (capes_calendar) cal, json,
                                 step_max)) {
        raise_error(ctx, &err);
        return;
    }
    n = strlen(json);
    if (s->len)
        s->json[s->len] = ',';
    s->len += n + (s->len ? 1 : 0);
}

/* The JSON array of the steps so far: '[]' for no rows. */
void glue_history_trace_value(sqlite3_context *ctx)
{
    trace_state *s = sqlite3_aggregate_context(ctx, 0);
    char *out;

    if (!s || !s->started) {
        sqlite3_result_text(ctx, "[]", 2, SQLITE_STATIC);
        return;
    }
    out = sqlite3_malloc64(s->len + 3);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    out[0] = '[';
    memcpy(out + 1, s->json, s->len);
    out[s->len + 1] = ']';
    out[s->len + 2] = '\0';
    sqlite3_result_text(ctx, out, (int) (s->len + 2), sqlite3_free);
}

/* xFinal: the value, then the buffer freed (xValue keeps it for the next rows of a window). */
void glue_history_trace_final(sqlite3_context *ctx)
{
    trace_state *s = sqlite3_aggregate_context(ctx, 0);

    glue_history_trace_value(ctx);
    if (s) {
        sqlite3_free(s->json);
        s->json = NULL;
        s->len = s->cap = 0;
    }
}
