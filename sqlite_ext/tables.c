/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for SQLite: the table functions of capes_functions[], as eponymous virtual tables whose
 * arguments are HIDDEN columns:
 *   SELECT * FROM capes_holidays(2016, 'fr');
 *   SELECT t.id, s.* FROM t, capes_schedule(t.state, t.since) AS s;
 * A NULL argument gives no rows, but a NULL state of capes_next_states is a new case
 * (it lists notified, as capes_transition_valid(NULL, ...) allows); a required argument
 * left out is an error. Each table is computed whole by the core at
 * xFilter (at most a few dozen rows) and read from the cursor. */
#include "glue.h"

#include <string.h>

#define MAX_ARGS 7

/* ARG_UNTIL: a term, optional, whose NULL is its default (not "no rows"); it reaches the
 * fill function as NO_UNTIL when NULL or left out. */
/* ARG_VALUE: read by the fill function itself (the explanations), NULLs included. */
typedef enum { ARG_CODE, ARG_DATE, ARG_YEAR, ARG_UNTIL, ARG_VALUE } arg_kind;
#define NO_UNTIL (CAPES_DAY_MIN - 1)

typedef struct arg_def {
    const char *name;
    arg_kind kind;
    const capes_vocab *vocab; /* ARG_CODE */
    bool optional;            /* the calendar: 'fr' when left out */
    bool null_is_new_case;    /* capes_next_states(NULL) */
} arg_def;

typedef struct table_cursor table_cursor;

typedef struct table_def {
    const char *name;
    const char *schema; /* visible columns, then one HIDDEN column per argument */
    int n_cols;         /* visible columns */
    int n_args;
    arg_def args[MAX_ARGS];
    /* fills the cursor's rows from the converted arguments */
    capes_code (*fill)(table_cursor *cur, const int *arg, capes_err *err);
    void (*column)(const table_cursor *cur, sqlite3_context *ctx, int col);
} table_def;

struct table_cursor {
    sqlite3_vtab_cursor base;
    const table_def *def;
    sqlite3_value *arg[MAX_ARGS]; /* the arguments as given, for the hidden columns */
    int row, n_rows;
    union {
        capes_schedule_row schedule[CAPES_SCHEDULE_MAX];
        int states[CAPES_N_STATES];
        capes_holiday holidays[CAPES_HOLIDAYS_MAX];
    } u;
    capes_trace *trace; /* an explanation's rows, allocated by its first xFilter (the other tables need none) */
};

typedef struct table_vtab {
    sqlite3_vtab base;
    const table_def *def;
} table_vtab;

static void result_text(sqlite3_context *ctx, const char *text)
{
    sqlite3_result_text(ctx, text, -1, SQLITE_STATIC);
}

/* ------------------------------------------------------------ the tables */

/* capes_schedule(state TEXT, since TEXT [, calendar TEXT [, until TEXT]]) -> (kind, due, article) */
static capes_code schedule_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    return capes_schedule(err, arg[0], (capes_day) arg[1], (capes_calendar) arg[2], arg[3] != NO_UNTIL,
                          (capes_day) arg[3], cur->u.schedule, &cur->n_rows);
}

static void schedule_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    const capes_schedule_row *r = &cur->u.schedule[cur->row];

    if (col == 0)
        result_text(ctx, r->kind);
    else if (col == 1)
        result_date(ctx, r->due);
    else
        result_text(ctx, r->article);
}

/* capes_next_states(state TEXT|NULL) -> (state) */
static capes_code next_states_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    (void) err;
    cur->n_rows = capes_next_states(arg[0], cur->u.states);
    return CAPES_OK;
}

static void next_states_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    (void) col;
    result_text(ctx, capes_states.terms[cur->u.states[cur->row]].code);
}

/* capes_states() -> (state, label_fr, label_en, article, initial, terminal) */
static capes_code states_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    (void) arg;
    (void) err;
    cur->n_rows = CAPES_N_STATES;
    return CAPES_OK;
}

static void states_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    const capes_term *t = &capes_states.terms[cur->row];

    switch (col) {
    case 0: result_text(ctx, t->code); break;
    case 1: result_text(ctx, t->label_fr); break;
    case 2: result_text(ctx, t->label_en); break;
    case 3: result_text(ctx, t->article); break;
    case 4: sqlite3_result_int(ctx, capes_state_initial(cur->row)); break;
    default: sqlite3_result_int(ctx, capes_state_terminal(cur->row)); break;
    }
}

/* capes_codes() -> (vocabulary, code, label_fr, label_en, article): every code of every
 * vocabulary, in the core's order */
static capes_code codes_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    int v;

    (void) arg;
    (void) err;
    cur->n_rows = 0;
    for (v = 0; v < CAPES_N_VOCABULARIES; v++)
        cur->n_rows += capes_vocabularies[v].vocab->n;
    return CAPES_OK;
}

static void codes_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    int v = 0, k = cur->row;
    const capes_term *t;

    while (k >= capes_vocabularies[v].vocab->n)
        k -= capes_vocabularies[v++].vocab->n;
    t = &capes_vocabularies[v].vocab->terms[k];
    result_text(ctx, col == 0 ? capes_vocabularies[v].name : col == 1 ? t->code : col == 2 ? t->label_fr
                     : col == 3 ? t->label_en : t->article);
}

/* capes_holidays(year INTEGER|REAL|TEXT [, calendar TEXT]) -> (day, name): year a whole number */
static capes_code holidays_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    (void) err;
    cur->n_rows = capes_holidays(arg[0], (capes_calendar) arg[1], cur->u.holidays);
    return CAPES_OK;
}

static void holidays_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    const capes_holiday *h = &cur->u.holidays[cur->row];

    if (col == 0)
        result_date(ctx, h->day);
    else
        result_text(ctx, h->name);
}

/* capes_sources() -> (rule, article, text_excerpt) */
static capes_code sources_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    (void) arg;
    (void) err;
    cur->n_rows = capes_n_sources;
    return CAPES_OK;
}

static void sources_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    const capes_source *s = &capes_sources[cur->row];

    result_text(ctx, col == 0 ? s->rule : col == 1 ? s->article : s->excerpt);
}

/* capes_interpretations() -> (id, question, choice, rationale) */
static capes_code interpretations_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    (void) arg;
    (void) err;
    cur->n_rows = capes_n_interpretations;
    return CAPES_OK;
}

static void interpretations_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    const capes_interpretation *i = &capes_interpretations[cur->row];

    result_text(ctx, col == 0 ? i->id : col == 1 ? i->question : col == 2 ? i->choice : i->rationale);
}

/* ---------------------------------------------------------- explanations */

/* The cursor's trace, emptied (docs/rules.md#explanations). */
static capes_trace *trace_of(table_cursor *cur)
{
    if (!cur->trace)
        cur->trace = sqlite3_malloc((int) sizeof *cur->trace);
    if (cur->trace)
        cur->trace->n = 0;
    return cur->trace;
}

/* The explanations' arguments are ARG_VALUE: the values as given, or NULL when left out. */
static sqlite3_value *given(const table_cursor *cur, int k)
{
    return cur->arg[k];
}

static bool is_null(const table_cursor *cur, int k)
{
    return !cur->arg[k] || sqlite3_value_type(cur->arg[k]) == SQLITE_NULL;
}

static int explain_rows(table_cursor *cur, capes_trace *trace)
{
    cur->n_rows = trace->n;
    return CAPES_OK;
}

/* capes_explain_penalty(risks INTEGER|REAL|TEXT, level TEXT, revenue INTEGER|REAL|TEXT)
 *   -> (step, value, rule, article); capes_explain_refusal_penalty(revenue) the same */
static capes_code explain_penalty_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    bool refusal = cur->def->n_args == 1;
    capes_trace *trace;
    capes_revenue revenue;
    int64_t risks = 0;
    int level = CAPES_EXPLAIN_REFUSAL, k;

    (void) arg;
    for (k = 0; k < cur->def->n_args; k++)
        if (is_null(cur, k))
            return CAPES_OK;
    if (!(trace = trace_of(cur)))
        return GLUE_NOMEM;
    if ((!refusal && (arg_whole(err, given(cur, 0), CAPES_VALUE_RISKS, "risks", &risks) ||
                      arg_code(err, given(cur, 1), "level", &capes_levels, &level))) ||
        arg_revenue_traced(err, given(cur, refusal ? 0 : 2), "revenue", &revenue, trace))
        return err->code;
    capes_explain_penalty((int) risks, level, &revenue, trace);
    return explain_rows(cur, trace);
}

/* capes_explain_deadline(start TEXT, kind TEXT [, calendar TEXT]) -> (step, day, rule, article) */
static capes_code explain_deadline_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    capes_trace *trace;
    capes_day start, out;
    int kind, cal = CAPES_CAL_FR;

    (void) arg;
    if (is_null(cur, 0) || is_null(cur, 1) || (given(cur, 2) && is_null(cur, 2)))
        return CAPES_OK;
    if (!(trace = trace_of(cur)))
        return GLUE_NOMEM;
    if (arg_date(err, given(cur, 0), "start", &start) || arg_code(err, given(cur, 1), "kind", &capes_kinds, &kind) ||
        (given(cur, 2) && arg_code(err, given(cur, 2), "calendar", &capes_calendars, &cal)) ||
        capes_deadline_traced(err, start, (capes_kind) kind, (capes_calendar) cal, &out, trace))
        return err->code;
    return explain_rows(cur, trace);
}

/* capes_explain_transition(from TEXT|NULL, to TEXT, from_date TEXT, to_date TEXT [, calendar
 *   TEXT [, from_until TEXT [, until TEXT]]]) -> (check, passed, detail, article): as
 *   capes_transition_error, a NULL from is a new case (from_date ignored), a NULL term its
 *   default, any other NULL gives no rows */
static capes_code explain_transition_fill(table_cursor *cur, const int *arg, capes_err *err)
{
    capes_step from, to;
    capes_trace *trace;
    capes_code code;
    bool no_answer;
    int cal;

    (void) arg;
    if (arg_transition(err, cur->arg, &from, &to, &cal, &no_answer) || no_answer)
        return err->code;
    if (!(trace = trace_of(cur)))
        return GLUE_NOMEM;
    code = capes_explain_step(err, &from, &to, (capes_calendar) cal, trace);
    if (code != CAPES_OK && code != CAPES_ERR_TRANSITION)
        return code;
    capes_err_init(err, err->fn); /* a refusal is the verdict row, not an error */
    return explain_rows(cur, trace);
}

/* The columns of a trace, as pg_ext/tables.c and tests/core/call.c show them. */
static void explain_column(const table_cursor *cur, sqlite3_context *ctx, int col, char kind)
{
    const capes_trace_row *r = &cur->trace->rows[cur->row];

    if (col == 0)
        result_text(ctx, r->step);
    else if (col == 1 && kind == 'p')
        result_text(ctx, r->value);
    else if (col == 1 && kind == 'd')
        result_date(ctx, r->day);
    else if (col == 1)
        sqlite3_result_int(ctx, r->passed);
    else if (col == 2)
        result_text(ctx, kind == 't' ? r->value : r->rule);
    else
        result_text(ctx, r->article ? r->article : "-");
}

static void explain_penalty_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    explain_column(cur, ctx, col, 'p');
}

static void explain_deadline_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    explain_column(cur, ctx, col, 'd');
}

static void explain_transition_column(const table_cursor *cur, sqlite3_context *ctx, int col)
{
    explain_column(cur, ctx, col, 't');
}

#define CALENDAR_ARG {"calendar", ARG_CODE, &capes_calendars, true, false}
#define UNTIL_ARG {"until", ARG_UNTIL, NULL, true, false}

static const table_def tables[] = {
    {"capes_schedule",
     "CREATE TABLE x(kind TEXT, due TEXT, article TEXT, state HIDDEN, since HIDDEN, calendar HIDDEN, until HIDDEN)",
     3, 4,
     {{"state", ARG_CODE, &capes_states, false, false}, {"since", ARG_DATE, NULL, false, false}, CALENDAR_ARG,
      UNTIL_ARG},
     schedule_fill, schedule_column},
    {"capes_next_states", "CREATE TABLE x(state TEXT, from_state HIDDEN)", 1, 1,
     {{"state", ARG_CODE, &capes_states, false, true}}, next_states_fill, next_states_column},
    {"capes_states",
     "CREATE TABLE x(state TEXT, label_fr TEXT, label_en TEXT, article TEXT, initial INTEGER, terminal INTEGER)",
     6, 0, {{0}}, states_fill, states_column},
    {"capes_codes", "CREATE TABLE x(vocabulary TEXT, code TEXT, label_fr TEXT, label_en TEXT, article TEXT)", 5, 0,
     {{0}}, codes_fill, codes_column},
    {"capes_holidays", "CREATE TABLE x(day TEXT, name TEXT, year HIDDEN, calendar HIDDEN)", 2, 2,
     {{"year", ARG_YEAR, NULL, false, false}, CALENDAR_ARG}, holidays_fill, holidays_column},
#define VALUE(name, optional) {name, ARG_VALUE, NULL, optional, false}
#define VALUE_CODE(name, vocab, optional) {name, ARG_VALUE, vocab, optional, false}
    {"capes_explain_penalty",
     "CREATE TABLE x(step TEXT, value TEXT, rule TEXT, article TEXT, risks HIDDEN, level HIDDEN, revenue HIDDEN)", 4,
     3, {VALUE("risks", false), VALUE_CODE("level", &capes_levels, false), VALUE("revenue", false)}, explain_penalty_fill,
     explain_penalty_column},
    {"capes_explain_refusal_penalty", "CREATE TABLE x(step TEXT, value TEXT, rule TEXT, article TEXT, revenue HIDDEN)",
     4, 1, {VALUE("revenue", false)}, explain_penalty_fill, explain_penalty_column},
    {"capes_explain_deadline",
     "CREATE TABLE x(step TEXT, day TEXT, rule TEXT, article TEXT, start HIDDEN, kind HIDDEN, calendar HIDDEN)", 4, 3,
     {VALUE("start", false), VALUE_CODE("kind", &capes_kinds, false), VALUE_CODE("calendar", &capes_calendars, true)}, explain_deadline_fill,
     explain_deadline_column},
    {"capes_explain_transition",
     "CREATE TABLE x(\"check\" TEXT, passed INTEGER, detail TEXT, article TEXT, \"from\" HIDDEN, \"to\" HIDDEN, "
     "from_date HIDDEN, to_date HIDDEN, calendar HIDDEN, from_until HIDDEN, until HIDDEN)",
     4, 7,
     {VALUE_CODE("from", &capes_states, false), VALUE_CODE("to", &capes_states, false), VALUE("from_date", false),
      VALUE("to_date", false), VALUE_CODE("calendar", &capes_calendars, true), VALUE("from_until", true), VALUE("until", true)},
     explain_transition_fill, explain_transition_column},
    {"capes_sources", "CREATE TABLE x(rule TEXT, article TEXT, text_excerpt TEXT)", 3, 0, {{0}}, sources_fill,
     sources_column},
    {"capes_interpretations", "CREATE TABLE x(id TEXT, question TEXT, choice TEXT, rationale TEXT)", 4, 0, {{0}},
     interpretations_fill, interpretations_column},
};

/* ------------------------------------------------------- the one module */

static int table_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out,
                         char **errmsg)
{
    const table_def *def = aux;
    table_vtab *t;
    int rc;

    (void) argc;
    (void) argv;
    (void) errmsg;
    rc = sqlite3_declare_vtab(db, def->schema);
    if (rc != SQLITE_OK)
        return rc;
    /* pure functions of their arguments: usable in views and triggers with trusted_schema=OFF */
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    t = sqlite3_malloc((int) sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    memset(t, 0, sizeof *t);
    t->def = def;
    *out = &t->base;
    return SQLITE_OK;
}

static int table_disconnect(sqlite3_vtab *vtab)
{
    sqlite3_free(vtab);
    return SQLITE_OK;
}

/* The arguments are equality constraints on the hidden columns; idxNum has a bit per
 * argument given. A plan where an argument cannot be used yet (a join's other order)
 * is refused, so that SQLite picks the order that passes it. */
static int table_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
    const table_def *def = ((table_vtab *) vtab)->def;
    int use[MAX_ARGS] = {-1, -1, -1, -1, -1, -1, -1}, unusable = 0, mask = 0, n = 0, i, k;

    for (i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];

        k = c->iColumn - def->n_cols;
        if (k < 0 || k >= def->n_args || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable)
            unusable |= 1 << k;
        else if (use[k] < 0)
            use[k] = i;
    }
    for (k = 0; k < def->n_args; k++) {
        if (use[k] >= 0) {
            mask |= 1 << k;
            info->aConstraintUsage[use[k]].argvIndex = ++n;
            info->aConstraintUsage[use[k]].omit = 1;
        } else if (unusable & (1 << k)) {
            return SQLITE_CONSTRAINT;
        }
    }
    info->idxNum = mask;
    info->estimatedCost = 10.0;
    info->estimatedRows = 16;
    return SQLITE_OK;
}

static int table_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    table_cursor *cur = sqlite3_malloc((int) sizeof *cur);

    if (!cur)
        return SQLITE_NOMEM;
    memset(cur, 0, sizeof *cur);
    cur->def = ((table_vtab *) vtab)->def;
    *out = &cur->base;
    return SQLITE_OK;
}

static void free_args(table_cursor *cur)
{
    int k;

    for (k = 0; k < MAX_ARGS; k++) {
        sqlite3_value_free(cur->arg[k]);
        cur->arg[k] = NULL;
    }
}

static int table_close(sqlite3_vtab_cursor *base)
{
    free_args((table_cursor *) base);
    sqlite3_free(((table_cursor *) base)->trace);
    sqlite3_free(base);
    return SQLITE_OK;
}

/* One argument to the core's type. */
static capes_code convert(capes_err *err, const arg_def *a, sqlite3_value *v, int *out)
{
    capes_day day;
    int64_t year;

    switch (a->kind) {
    case ARG_CODE:
        return arg_code(err, v, a->name, a->vocab, out);
    case ARG_DATE:
        if (arg_date(err, v, a->name, &day) == CAPES_OK)
            *out = (int) day;
        return err->code;
    case ARG_UNTIL:
        if (arg_date(err, v, a->name, &day) == CAPES_OK)
            *out = (int) day;
        return err->code;
    default:
        if (arg_whole(err, v, CAPES_VALUE_YEAR, a->name, &year) == CAPES_OK)
            *out = (int) year;
        return err->code;
    }
}

/* What a missing argument must be, as in the type errors. */
static const char *expected_of(const arg_def *a, char *buf, size_t size)
{
    if (a->vocab)
        return expected_code(a->vocab, buf, size);
    if (a->kind == ARG_VALUE && !strcmp(a->name, "revenue"))
        return GLUE_EXPECT_AMOUNT;
    return a->kind == ARG_DATE || a->kind == ARG_UNTIL ? GLUE_EXPECT_DATE : GLUE_EXPECT_WHOLE;
}

static int table_filter(sqlite3_vtab_cursor *base, int idx_num, const char *idx_str, int argc,
                        sqlite3_value **argv)
{
    table_cursor *cur = (table_cursor *) base;
    const table_def *def = cur->def;
    capes_err err;
    capes_err_init(&err, def->name);
    int arg[MAX_ARGS] = {0}, k, given = 0;
    capes_code rc;
    char expected[CAPES_MSG_MAX / 2];

    (void) idx_str;
    free_args(cur);
    cur->row = cur->n_rows = 0;
    for (k = 0; k < def->n_args; k++)
        if (idx_num & (1 << k)) {
            if (given >= argc)
                return SQLITE_ERROR;
            cur->arg[k] = sqlite3_value_dup(argv[given++]);
            if (!cur->arg[k])
                return SQLITE_NOMEM;
        }
    /* a required argument left out is an error; else a NULL gives no rows */
    for (k = 0; k < def->n_args; k++) {
        const arg_def *a = &def->args[k];

        if (!cur->arg[k] && !a->optional) {
            arg_absent(&err, a->name, expected_of(a, expected, sizeof expected));
            return raise_vtab_error(base->pVtab, &err);
        }
    }
    for (k = 0; k < def->n_args; k++)
        if (cur->arg[k] && sqlite3_value_type(cur->arg[k]) == SQLITE_NULL && !def->args[k].null_is_new_case &&
            def->args[k].kind != ARG_UNTIL && def->args[k].kind != ARG_VALUE)
            return SQLITE_OK;
    for (k = 0; k < def->n_args; k++) {
        const arg_def *a = &def->args[k];

        if (a->kind == ARG_VALUE)
            continue; /* the fill function reads it */
        if (a->kind == ARG_UNTIL && (!cur->arg[k] || sqlite3_value_type(cur->arg[k]) == SQLITE_NULL))
            arg[k] = NO_UNTIL; /* the term's default */
        else if (!cur->arg[k])
            arg[k] = CAPES_CAL_FR; /* the optional calendar */
        else if (sqlite3_value_type(cur->arg[k]) == SQLITE_NULL)
            arg[k] = CAPES_STATE_NONE; /* null_is_new_case */
        else if (convert(&err, a, cur->arg[k], &arg[k]) != CAPES_OK)
            return raise_vtab_error(base->pVtab, &err);
    }
    if ((rc = def->fill(cur, arg, &err)) != CAPES_OK) {
        cur->n_rows = 0;
        if (rc == GLUE_NOMEM)
            return SQLITE_NOMEM;
        return raise_vtab_error(base->pVtab, &err);
    }
    return SQLITE_OK;
}

static int table_next(sqlite3_vtab_cursor *base)
{
    ((table_cursor *) base)->row++;
    return SQLITE_OK;
}

static int table_eof(sqlite3_vtab_cursor *base)
{
    const table_cursor *cur = (const table_cursor *) base;

    return cur->row >= cur->n_rows;
}

static int table_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int col)
{
    const table_cursor *cur = (const table_cursor *) base;

    if (col < cur->def->n_cols)
        cur->def->column(cur, ctx, col);
    else if (cur->arg[col - cur->def->n_cols])
        sqlite3_result_value(ctx, cur->arg[col - cur->def->n_cols]);
    return SQLITE_OK;
}

static int table_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid)
{
    *rowid = ((const table_cursor *) base)->row + 1;
    return SQLITE_OK;
}

/* Eponymous only: no xCreate, so CREATE VIRTUAL TABLE cannot make another. */
static const sqlite3_module table_module = {
    .iVersion = 0,
    .xConnect = table_connect,
    .xBestIndex = table_best_index,
    .xDisconnect = table_disconnect,
    .xOpen = table_open,
    .xClose = table_close,
    .xFilter = table_filter,
    .xNext = table_next,
    .xEof = table_eof,
    .xColumn = table_column,
    .xRowid = table_rowid,
};

int glue_register_tables(sqlite3 *db)
{
    size_t i;
    int rc = SQLITE_OK;

    for (i = 0; rc == SQLITE_OK && i < sizeof tables / sizeof tables[0]; i++)
        rc = sqlite3_create_module_v2(db, tables[i].name, &table_module, (void *) &tables[i], NULL);
    return rc;
}
