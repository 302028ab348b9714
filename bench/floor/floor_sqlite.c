/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The floor of every capes scalar in SQLite (make bench): floor_NAME takes the arguments of
 * capes_NAME, with the same arities, flags and NULL rule, reads each of them with the
 * accessor capes' glue uses for it, and returns a value of the same type, and does nothing
 * else. What a query costs with floor_NAME is what any C function of that shape costs in
 * SQLite: the ratio of capes_NAME to it is the cost of capes' own work.
 *
 *   REAL      a double made from an argument (rates, penalties)
 *   date      a fresh 10-character text, copied by SQLite as capes' date results are
 *   INTEGER   0/1 (booleans)
 *   text      transition_error, amount_error: a fresh text of the length of capes' messages;
 *             label, version: a constant, SQLITE_STATIC, as capes returns its own
 *
 * Built by make bench only (build/bench/floor.so), never installed. */
#include <stdint.h>
#include <string.h>

#include "sqlite3ext.h"

SQLITE_EXTENSION_INIT1

#define FLAGS (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)

/* As long as a typical refusal of capes_transition_error (about 110 bytes). */
static const char message[] = "notified -> agency_draft refused before 2016-04-01: the establishment has 30 days "
                              "to propose a draft (R162-45-1 I)";
/* As long as a typical refusal of capes_amount_error (about 110 bytes). */
static const char amount_message[] = "penalty_decided amount 48250000.00 refused: it must be at most the maximum "
                                     "of the table, 0.00 (R162-45-2 III)";

static int any_null(int argc, sqlite3_value **argv, int from)
{
    int i;

    for (i = from; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return 1;
    return 0;
}

/* A TEXT argument (a code or a date): its bytes and length; 0 when it is not text. */
static size_t text_arg(sqlite3_value *v, const unsigned char **text)
{
    if (sqlite3_value_type(v) != SQLITE_TEXT) {
        *text = NULL;
        return 0;
    }
    *text = sqlite3_value_text(v);
    return *text ? (size_t) sqlite3_value_bytes(v) : 0;
}

static int64_t int_arg(sqlite3_value *v)
{
    return sqlite3_value_type(v) == SQLITE_INTEGER ? sqlite3_value_int64(v) : 0;
}

/* An amount: INTEGER, REAL or TEXT, as capes reads it. */
static double amount_arg(sqlite3_value *v)
{
    const unsigned char *text;

    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        return (double) sqlite3_value_int64(v);
    case SQLITE_FLOAT:
        return sqlite3_value_double(v);
    default:
        return (double) text_arg(v, &text);
    }
}

/* A fresh date text: the first ten bytes of a date argument (or zeros). */
static void result_date(sqlite3_context *ctx, const unsigned char *day, size_t len)
{
    char out[10] = "0000-00-00";

    if (day && len >= sizeof out)
        memcpy(out, day, sizeof out);
    sqlite3_result_text(ctx, out, (int) sizeof out, SQLITE_TRANSIENT);
}

/* floor_penalty_rate(risks, level) -> REAL */
static void penalty_rate(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *level;
    size_t n;

    if (any_null(argc, argv, 0))
        return;
    n = text_arg(argv[1], &level);
    sqlite3_result_double(ctx, (double) (int_arg(argv[0]) + (int64_t) n) / 10000.0);
}

/* floor_penalty(risks, level, revenue) -> REAL */
static void penalty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *level;
    size_t n;

    if (any_null(argc, argv, 0))
        return;
    n = text_arg(argv[1], &level);
    sqlite3_result_double(ctx, amount_arg(argv[2]) + (double) (int_arg(argv[0]) + (int64_t) n));
}

/* floor_refusal_penalty(revenue) -> REAL */
static void refusal_penalty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (any_null(argc, argv, 0))
        return;
    sqlite3_result_double(ctx, amount_arg(argv[0]));
}

/* floor_deadline(start, kind [, calendar]) -> TEXT */
static void deadline(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *start, *kind, *cal;
    size_t len;

    if (any_null(argc, argv, 0))
        return;
    len = text_arg(argv[0], &start);
    text_arg(argv[1], &kind);
    if (argc > 2)
        text_arg(argv[2], &cal);
    result_date(ctx, start, len);
}

/* floor_due(state, since [, calendar [, until]]) -> TEXT; a NULL until is its default, so
 * only the first three arguments make the result NULL, as in capes */
static void due(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *state, *since, *cal, *until;
    size_t len;

    if (any_null(argc < 3 ? argc : 3, argv, 0))
        return;
    text_arg(argv[0], &state);
    len = text_arg(argv[1], &since);
    if (argc > 2)
        text_arg(argv[2], &cal);
    if (argc > 3)
        text_arg(argv[3], &until);
    result_date(ctx, since, len);
}

/* floor_transition_valid(from|NULL, to) -> INTEGER */
static void transition_valid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *from, *to;
    size_t n;

    (void) argc;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    n = text_arg(argv[0], &from);
    n += text_arg(argv[1], &to);
    sqlite3_result_int(ctx, n > 0);
}

/* The four to seven arguments of a step, with capes' NULL rule (a NULL from is a new case,
 * whose from_date is ignored; a NULL term, from_until or until, is its default); 0 when the
 * answer is NULL. */
static size_t step_args(int argc, sqlite3_value **argv)
{
    const unsigned char *t;
    int new_case = sqlite3_value_type(argv[0]) == SQLITE_NULL;
    size_t n = 0;

    if (sqlite3_value_type(argv[1]) == SQLITE_NULL || sqlite3_value_type(argv[3]) == SQLITE_NULL ||
        (!new_case && sqlite3_value_type(argv[2]) == SQLITE_NULL) || any_null(argc < 5 ? argc : 5, argv, 4))
        return 0;
    if (!new_case)
        n += text_arg(argv[0], &t);
    n += text_arg(argv[1], &t);
    if (!new_case)
        n += text_arg(argv[2], &t);
    n += text_arg(argv[3], &t);
    if (argc > 4)
        n += text_arg(argv[4], &t);
    if (argc > 5)
        n += text_arg(argv[5], &t);
    if (argc > 6)
        n += text_arg(argv[6], &t);
    return n + 1;
}

/* floor_transition_error(from, to, from_date, to_date [, calendar [, from_until [, until]]]) -> TEXT */
static void transition_error(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (step_args(argc, argv))
        sqlite3_result_text(ctx, message, (int) sizeof message - 1, SQLITE_TRANSIENT);
}

/* floor_check_transition(from, to, from_date, to_date [, calendar [, from_until [, until]]]) -> INTEGER */
static void check_transition(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (step_args(argc, argv))
        sqlite3_result_int(ctx, 1);
}

/* The three or four arguments of an amount, with capes' NULL rule (a NULL envisaged is not
 * checked, and reads as 0 here); 0 when the answer is NULL. */
static int amount_args(int argc, sqlite3_value **argv)
{
    const unsigned char *state;
    double x;

    if (any_null(3, argv, 0))
        return 0;
    x = (double) text_arg(argv[0], &state) + amount_arg(argv[1]) + amount_arg(argv[2]);
    if (argc > 3)
        x += amount_arg(argv[3]);
    return 1 + (x != 0);
}

/* floor_amount_error(state, amount, maximum [, envisaged]) -> TEXT */
static void amount_error(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (amount_args(argc, argv))
        sqlite3_result_text(ctx, amount_message, (int) sizeof amount_message - 1, SQLITE_TRANSIENT);
}

/* floor_check_amount(state, amount, maximum [, envisaged]) -> INTEGER */
static void check_amount(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (amount_args(argc, argv))
        sqlite3_result_int(ctx, 1);
}

/* floor_is_working_day(day [, calendar]) -> INTEGER */
static void is_working_day(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *day, *cal;
    size_t n;

    if (any_null(argc, argv, 0))
        return;
    n = text_arg(argv[0], &day);
    if (argc > 1)
        n += text_arg(argv[1], &cal);
    sqlite3_result_int(ctx, n > 0);
}

/* floor_in_force(day) -> INTEGER */
static void in_force(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *day;

    if (any_null(argc, argv, 0))
        return;
    sqlite3_result_int(ctx, text_arg(argv[0], &day) > 0);
}

/* floor_label(code [, lang]) -> TEXT */
static void label(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *code, *lang;

    if (any_null(argc, argv, 0))
        return;
    if (argc > 1)
        text_arg(argv[1], &lang);
    text_arg(argv[0], &code);
    sqlite3_result_text(ctx, "partiellement", -1, SQLITE_STATIC);
}

/* floor_version() -> TEXT */
static void version(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void) argc;
    (void) argv;
    sqlite3_result_text(ctx, "1.1.0", -1, SQLITE_STATIC);
}

static const struct {
    const char *name;
    int n_arg;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
} functions[] = {
    {"floor_penalty_rate", 2, penalty_rate},
    {"floor_penalty", 3, penalty},
    {"floor_refusal_penalty", 1, refusal_penalty},
    {"floor_deadline", 2, deadline},
    {"floor_deadline", 3, deadline},
    {"floor_due", 2, due},
    {"floor_due", 3, due},
    {"floor_due", 4, due},
    {"floor_transition_valid", 2, transition_valid},
    {"floor_transition_error", 4, transition_error},
    {"floor_transition_error", 5, transition_error},
    {"floor_transition_error", 6, transition_error},
    {"floor_transition_error", 7, transition_error},
    {"floor_check_transition", 4, check_transition},
    {"floor_check_transition", 5, check_transition},
    {"floor_check_transition", 6, check_transition},
    {"floor_check_transition", 7, check_transition},
    {"floor_amount_error", 3, amount_error},
    {"floor_amount_error", 4, amount_error},
    {"floor_check_amount", 3, check_amount},
    {"floor_check_amount", 4, check_amount},
    {"floor_is_working_day", 1, is_working_day},
    {"floor_is_working_day", 2, is_working_day},
    {"floor_in_force", 1, in_force},
    {"floor_label", 1, label},
    {"floor_label", 2, label},
    {"floor_version", 0, version},
};

/* The entry point SQLite derives from the file name floor.so. */
__attribute__((visibility("default"))) int sqlite3_floor_init(sqlite3 *db, char **pzErrMsg,
                                                              const sqlite3_api_routines *pApi)
{
    size_t i;
    int rc = SQLITE_OK;

    SQLITE_EXTENSION_INIT2(pApi);
    for (i = 0; rc == SQLITE_OK && i < sizeof functions / sizeof functions[0]; i++)
        rc = sqlite3_create_function_v2(db, functions[i].name, functions[i].n_arg, FLAGS, NULL, functions[i].fn,
                                        NULL, NULL, NULL);
    if (rc != SQLITE_OK && pzErrMsg)
        *pzErrMsg = sqlite3_mprintf("floor: cannot register its functions: %s", sqlite3_errstr(rc));
    return rc;
}
