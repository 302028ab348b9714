/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for SQLite: the entry point, the registration table and the scalar functions
 * (capes_functions[] in core/sources.c). NULL in, NULL out, except the transition
 * functions, where a NULL `from` means a new case (docs/rules.md#nulls). SQLite has no
 * default arguments: an optional argument is a second registration with one more argument. */
#include "glue.h"

SQLITE_EXTENSION_INIT1

/* The SQL name, registered as the function's user data, names the errors. */
static const char *fn_name(sqlite3_context *ctx)
{
    return (const char *) sqlite3_user_data(ctx);
}


/* capes_penalty_rate(risks INTEGER|REAL|TEXT, level TEXT) -> REAL: risks a whole number */
static void penalty_rate(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    int64_t risks;
    int level;

    capes_err_init(&err, fn_name(ctx));
    if (any_null(argc, argv, 0))
        return;
    if (arg_whole(&err, argv[0], CAPES_VALUE_RISKS, "risks", &risks) ||
        arg_code(&err, argv[1], "level", &capes_levels, &level)) {
        raise_error(ctx, &err);
        return;
    }
    result_rate(ctx, capes_rate_bp((int) risks, (capes_level) level));
}

/* capes_penalty(risks INTEGER|REAL|TEXT, level TEXT, revenue INTEGER|REAL|TEXT) -> REAL: risks a whole number */
static void penalty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    int64_t risks;
    capes_revenue revenue;
    int level;

    capes_err_init(&err, fn_name(ctx));
    if (any_null(argc, argv, 0))
        return;
    if (arg_whole(&err, argv[0], CAPES_VALUE_RISKS, "risks", &risks) ||
        arg_code(&err, argv[1], "level", &capes_levels, &level) ||
        arg_revenue(&err, argv[2], "revenue", &revenue)) {
        raise_error(ctx, &err);
        return;
    }
    result_money(ctx, capes_penalty_cents(&revenue, capes_rate_bp((int) risks, (capes_level) level)));
}

/* capes_refusal_penalty(revenue INTEGER|REAL|TEXT) -> REAL */
static void refusal_penalty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    capes_revenue revenue;

    capes_err_init(&err, fn_name(ctx));
    if (any_null(argc, argv, 0))
        return;
    if (arg_revenue(&err, argv[0], "revenue", &revenue)) {
        raise_error(ctx, &err);
        return;
    }
    result_money(ctx, capes_penalty_cents(&revenue, CAPES_REFUSAL_BP));
}

/* capes_deadline(start TEXT, kind TEXT [, calendar TEXT]) -> TEXT */
static void deadline(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    capes_date start, due;
    int kind, cal;

    capes_err_init(&err, fn_name(ctx));
    if (any_null(argc, argv, 0))
        return;
    if (arg_civil(&err, argv[0], "start", &start) || arg_code_cached(ctx, &err, argv, 1, "kind", &capes_kinds, &kind) ||
        arg_calendar(&err, argc, argv, 2, &cal) ||
        capes_deadline_date(&err, &start, (capes_kind) kind, (capes_calendar) cal, &due)) {
        raise_error(ctx, &err);
        return;
    }
    result_civil(ctx, &due);
}

/* capes_due(state TEXT, since TEXT [, calendar TEXT [, until TEXT]]) -> TEXT, NULL when no
 * deadline runs; a NULL until is its default */
static void due(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    capes_day since, day, until = 0;
    int state, cal;
    bool has, has_until = false;

    capes_err_init(&err, fn_name(ctx));
    if (any_null(argc < 3 ? argc : 3, argv, 0))
        return;
    if (arg_code(&err, argv[0], "state", &capes_states, &state) || arg_date(&err, argv[1], "since", &since) ||
        arg_calendar(&err, argc, argv, 2, &cal) || (argc > 3 && arg_until(&err, argv[3], "until", &has_until, &until)) ||
        capes_due(&err, state, since, (capes_calendar) cal, has_until, until, &has, &day)) {
        raise_error(ctx, &err);
        return;
    }
    if (has)
        result_date(ctx, day);
}

/* capes_transition_valid(from TEXT|NULL, to TEXT) -> INTEGER 0/1 */
static void transition_valid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    int from = CAPES_STATE_NONE, to;

    capes_err_init(&err, fn_name(ctx));
    (void) argc;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    if ((sqlite3_value_type(argv[0]) != SQLITE_NULL && arg_code(&err, argv[0], "from", &capes_states, &from)) ||
        arg_code(&err, argv[1], "to", &capes_states, &to)) {
        raise_error(ctx, &err);
        return;
    }
    sqlite3_result_int(ctx, capes_transition_allowed(from, to));
}

/* The two functions below: the procedure (docs/rules.md#procedure) on one step, with the
 * terms from_until and until. A NULL from is a new case (from_date is then ignored), a
 * NULL term its default; any other NULL gives NULL. Returns false after setting an error. */
static bool check_step(sqlite3_context *ctx, int argc, sqlite3_value **argv, capes_err *reason, bool *is_null)
{
    capes_err err;
    sqlite3_value *arg[7] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    capes_step from, to;
    int cal, k;

    capes_err_init(&err, fn_name(ctx));
    for (k = 0; k < argc && k < 7; k++)
        arg[k] = argv[k];
    if (arg_transition(&err, arg, &from, &to, &cal, is_null)) {
        raise_error(ctx, &err);
        return false;
    }
    if (*is_null)
        return true;
    capes_check_step(reason, &from, &to, (capes_calendar) cal);
    return true;
}

/* capes_transition_error(from TEXT|NULL, to TEXT, from_date TEXT, to_date TEXT [, calendar TEXT
 *   [, from_until TEXT [, until TEXT]]]) -> TEXT */
static void transition_error(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err reason;
    bool is_null;

    capes_err_init(&reason, fn_name(ctx));
    if (!check_step(ctx, argc, argv, &reason, &is_null) || is_null || reason.code == CAPES_OK)
        return;
    if (reason.code != CAPES_ERR_TRANSITION) {
        raise_error(ctx, &reason);
        return;
    }
    sqlite3_result_text(ctx, capes_err_reason(&reason), (int) capes_err_reason_len(&reason), SQLITE_TRANSIENT);
}

/* capes_check_transition(from TEXT|NULL, to TEXT, from_date TEXT, to_date TEXT [, calendar TEXT
 *   [, from_until TEXT [, until TEXT]]]) -> INTEGER 1, or the reason as an error with SQLITE_CONSTRAINT */
static void check_transition(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err reason;
    bool is_null;

    capes_err_init(&reason, fn_name(ctx));
    if (!check_step(ctx, argc, argv, &reason, &is_null) || is_null)
        return;
    if (reason.code != CAPES_OK) {
        raise_error(ctx, &reason);
        return;
    }
    sqlite3_result_int(ctx, 1);
}

/* The two functions below: the amount decided at a step under its cap (docs/rules.md#amounts).
 * A NULL state, amount or maximum gives NULL; a NULL envisaged is not checked. */
static bool amount_step(sqlite3_context *ctx, int argc, sqlite3_value **argv, capes_err *reason, bool *is_null)
{
    capes_err err;
    capes_decimal amount, maximum, envisaged;
    char amount_buf[GLUE_AMOUNT_MAX], maximum_buf[GLUE_AMOUNT_MAX], envisaged_buf[GLUE_AMOUNT_MAX];
    bool has_envisaged = argc > 3 && sqlite3_value_type(argv[3]) != SQLITE_NULL;
    int state;

    capes_err_init(&err, fn_name(ctx));
    *is_null = any_null(3, argv, 0);
    if (*is_null)
        return true;
    if (arg_code(&err, argv[0], "state", &capes_states, &state) ||
        arg_amount(&err, argv[1], "amount", true, amount_buf, &amount) ||
        arg_amount(&err, argv[2], "maximum", false, maximum_buf, &maximum) ||
        (has_envisaged && arg_amount(&err, argv[3], "envisaged", false, envisaged_buf, &envisaged))) {
        raise_error(ctx, &err);
        return false;
    }
    capes_check_amount(reason, state, &amount, &maximum, has_envisaged ? &envisaged : NULL);
    return true;
}

/* capes_amount_error(state TEXT, amount, maximum [, envisaged]) -> TEXT: NULL within its cap */
static void amount_error(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err reason;
    bool is_null;

    capes_err_init(&reason, fn_name(ctx));
    if (!amount_step(ctx, argc, argv, &reason, &is_null) || is_null || reason.code == CAPES_OK)
        return;
    sqlite3_result_text(ctx, capes_err_reason(&reason), (int) capes_err_reason_len(&reason), SQLITE_TRANSIENT);
}

/* capes_check_amount(state TEXT, amount, maximum [, envisaged]) -> INTEGER 1, or the reason as
 * an error with SQLITE_CONSTRAINT */
static void check_amount(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err reason;
    bool is_null;

    capes_err_init(&reason, fn_name(ctx));
    if (!amount_step(ctx, argc, argv, &reason, &is_null) || is_null)
        return;
    if (reason.code != CAPES_OK) {
        raise_error(ctx, &reason);
        return;
    }
    sqlite3_result_int(ctx, 1);
}

/* capes_is_working_day(day TEXT [, calendar TEXT]) -> INTEGER 0/1 */
static void is_working_day(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    capes_date day;
    int cal;

    capes_err_init(&err, fn_name(ctx));
    if (any_null(argc, argv, 0))
        return;
    if (arg_civil(&err, argv[0], "day", &day) || arg_calendar(&err, argc, argv, 1, &cal)) {
        raise_error(ctx, &err);
        return;
    }
    sqlite3_result_int(ctx, capes_is_working_date(&day, (capes_calendar) cal));
}

/* capes_in_force(day TEXT) -> INTEGER 0/1 */
static void in_force(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    capes_day day;

    capes_err_init(&err, fn_name(ctx));
    if (any_null(argc, argv, 0))
        return;
    if (arg_date(&err, argv[0], "day", &day)) {
        raise_error(ctx, &err);
        return;
    }
    sqlite3_result_int(ctx, capes_in_force(day));
}

/* capes_label(code TEXT [, lang TEXT]) -> TEXT */
static void label(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    capes_err err;
    const char *code, *text;
    size_t len;
    int lang = CAPES_LANG_FR;

    capes_err_init(&err, fn_name(ctx));
    if (any_null(argc, argv, 0))
        return;
    if ((argc > 1 && arg_code(&err, argv[1], "lang", &capes_langs, &lang)) ||
        arg_text(&err, argv[0], "code", "a risk, degree or state code as text", &code, &len) ||
        capes_label(&err, code, len, (capes_lang) lang, &text)) {
        raise_error(ctx, &err);
        return;
    }
    sqlite3_result_text(ctx, text, -1, SQLITE_STATIC);
}

/* capes_version() -> TEXT */
static void version(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void) argc;
    (void) argv;
    sqlite3_result_text(ctx, capes_release, -1, SQLITE_STATIC);
}

typedef void (*glue_fn)(sqlite3_context *, int, sqlite3_value **);
typedef void (*glue_final)(sqlite3_context *);

/* Every function of capes_functions[] but the table functions (tables.c), once per arity,
 * in the catalog's order. An aggregate with x_inverse is also a window function. */
static const struct {
    const char *name;
    int n_arg;
    int flags;
    glue_fn x_func;    /* scalar */
    glue_fn x_step;    /* aggregate */
    glue_final x_final;
    glue_fn x_inverse; /* window function */
} functions[] = {
    {"capes_penalty_rate", 2, GLUE_FLAGS, penalty_rate, NULL, NULL, NULL},
    {"capes_penalty", 3, GLUE_FLAGS, penalty, NULL, NULL, NULL},
    {"capes_refusal_penalty", 1, GLUE_FLAGS, refusal_penalty, NULL, NULL, NULL},
    {"capes_contract_rate", 2, GLUE_FLAGS, NULL, glue_contract_step, glue_contract_rate_final, glue_contract_inverse},
    {"capes_contract_penalty", 3, GLUE_FLAGS, NULL, glue_contract_step, glue_contract_penalty_final,
     glue_contract_inverse},
    {"capes_deadline", 2, GLUE_FLAGS, deadline, NULL, NULL, NULL},
    {"capes_deadline", 3, GLUE_FLAGS, deadline, NULL, NULL, NULL},
    {"capes_due", 2, GLUE_FLAGS, due, NULL, NULL, NULL},
    {"capes_due", 3, GLUE_FLAGS, due, NULL, NULL, NULL},
    {"capes_due", 4, GLUE_FLAGS, due, NULL, NULL, NULL},
    {"capes_transition_valid", 2, GLUE_FLAGS, transition_valid, NULL, NULL, NULL},
    {"capes_transition_error", 4, GLUE_FLAGS, transition_error, NULL, NULL, NULL},
    {"capes_transition_error", 5, GLUE_FLAGS, transition_error, NULL, NULL, NULL},
    {"capes_transition_error", 6, GLUE_FLAGS, transition_error, NULL, NULL, NULL},
    {"capes_transition_error", 7, GLUE_FLAGS, transition_error, NULL, NULL, NULL},
    {"capes_check_transition", 4, GLUE_FLAGS, check_transition, NULL, NULL, NULL},
    {"capes_check_transition", 5, GLUE_FLAGS, check_transition, NULL, NULL, NULL},
    {"capes_check_transition", 6, GLUE_FLAGS, check_transition, NULL, NULL, NULL},
    {"capes_check_transition", 7, GLUE_FLAGS, check_transition, NULL, NULL, NULL},
    {"capes_history_error", 2, GLUE_FLAGS, NULL, glue_history_step, glue_history_error_value, glue_history_inverse},
    {"capes_history_error", 3, GLUE_FLAGS, NULL, glue_history_step, glue_history_error_value, glue_history_inverse},
    {"capes_history_error", 4, GLUE_FLAGS, NULL, glue_history_step, glue_history_error_value, glue_history_inverse},
    {"capes_history_check", 2, GLUE_FLAGS, NULL, glue_history_step, glue_history_check_value, glue_history_inverse},
    {"capes_history_check", 3, GLUE_FLAGS, NULL, glue_history_step, glue_history_check_value, glue_history_inverse},
    {"capes_history_check", 4, GLUE_FLAGS, NULL, glue_history_step, glue_history_check_value, glue_history_inverse},
    {"capes_history_due", 2, GLUE_FLAGS, NULL, glue_history_step, glue_history_due_value, glue_history_inverse},
    {"capes_history_due", 3, GLUE_FLAGS, NULL, glue_history_step, glue_history_due_value, glue_history_inverse},
    {"capes_history_due", 4, GLUE_FLAGS, NULL, glue_history_step, glue_history_due_value, glue_history_inverse},
    {"capes_amount_error", 3, GLUE_FLAGS, amount_error, NULL, NULL, NULL},
    {"capes_amount_error", 4, GLUE_FLAGS, amount_error, NULL, NULL, NULL},
    {"capes_check_amount", 3, GLUE_FLAGS, check_amount, NULL, NULL, NULL},
    {"capes_check_amount", 4, GLUE_FLAGS, check_amount, NULL, NULL, NULL},
    {"capes_is_working_day", 1, GLUE_FLAGS, is_working_day, NULL, NULL, NULL},
    {"capes_is_working_day", 2, GLUE_FLAGS, is_working_day, NULL, NULL, NULL},
    {"capes_in_force", 1, GLUE_FLAGS, in_force, NULL, NULL, NULL},
    {"capes_label", 1, GLUE_FLAGS, label, NULL, NULL, NULL},
    {"capes_label", 2, GLUE_FLAGS, label, NULL, NULL, NULL},
    {"capes_version", 0, GLUE_FLAGS, version, NULL, NULL, NULL},
};

/* The entry point SQLite derives from the file name capes.so. */
#ifdef _WIN32
__declspec(dllexport)
#else
__attribute__((visibility("default")))
#endif
int sqlite3_capes_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
    size_t i;
    int rc = SQLITE_OK;

    SQLITE_EXTENSION_INIT2(pApi);
    for (i = 0; rc == SQLITE_OK && i < sizeof functions / sizeof functions[0]; i++)
        if (functions[i].x_inverse)
            /* the value of a running frame is the final answer over the rows so far */
            rc = sqlite3_create_window_function(db, functions[i].name, functions[i].n_arg, functions[i].flags,
                                                (void *) functions[i].name, functions[i].x_step, functions[i].x_final,
                                                functions[i].x_final, functions[i].x_inverse, NULL);
        else
            rc = sqlite3_create_function_v2(db, functions[i].name, functions[i].n_arg, functions[i].flags,
                                            (void *) functions[i].name, functions[i].x_func, functions[i].x_step,
                                            functions[i].x_final, NULL);
    /* capes_history_trace frees its JSON at xFinal, which xValue must not: its own registration */
    for (i = 2; rc == SQLITE_OK && i <= 4; i++)
        rc = sqlite3_create_window_function(db, "capes_history_trace", (int) i, GLUE_FLAGS,
                                            (void *) "capes_history_trace", glue_history_trace_step,
                                            glue_history_trace_final, glue_history_trace_value, glue_history_inverse,
                                            NULL);
    if (rc == SQLITE_OK)
        rc = glue_register_tables(db);
    if (rc != SQLITE_OK && pzErrMsg)
        *pzErrMsg = sqlite3_mprintf("capes: cannot register its functions: %s", sqlite3_errstr(rc));
    return rc;
}

#ifndef SQLITE_CORE
/* The entry point SQLite derives from mod_capes.so, the name the Debian package
 * libsqlite3-mod-capes installs it under (debian/rules), as mod_spatialite.so is. */
#ifdef _WIN32
__declspec(dllexport)
#else
__attribute__((visibility("default")))
#endif
int sqlite3_modcapes_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
    return sqlite3_capes_init(db, pzErrMsg, pApi);
}
#endif
