/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for SQLite: what the glue files share. The glue only converts SQLite values
 * to the core's types and the core's errors to SQLite errors; every rule is the core's.
 *
 * Built as a loadable extension (build/capes.so), or with -DSQLITE_CORE into a program
 * that registers sqlite3_capes_init with sqlite3_auto_extension. */
#ifndef CAPES_SQLITE_GLUE_H
#define CAPES_SQLITE_GLUE_H

#include "capes.h"
#include "sqlite3ext.h"

SQLITE_EXTENSION_INIT3

#if SQLITE_VERSION_NUMBER < 3031000
#error "capes needs SQLite 3.31 or later (SQLITE_INNOCUOUS, SQLITE_VTAB_INNOCUOUS)"
#endif

/* The helpers' link names, the same in the source as PostgreSQL's glue (pg_ext/glue.h):
 * in a program that embeds the static build, every name shared between these files is
 * capes_sqlite_* in the object files, so that it cannot collide with the program's own. */
#define raise_error capes_sqlite_raise_error
#define raise_vtab_error capes_sqlite_raise_vtab_error
#define arg_date capes_sqlite_arg_date
#define arg_civil capes_sqlite_arg_civil
#define arg_code capes_sqlite_arg_code
#define arg_code_cached capes_sqlite_arg_code_cached
#define arg_calendar capes_sqlite_arg_calendar
#define arg_whole capes_sqlite_arg_whole
#define arg_revenue capes_sqlite_arg_revenue
#define arg_revenue_traced capes_sqlite_arg_revenue_traced
#define arg_amount capes_sqlite_arg_amount
#define arg_until capes_sqlite_arg_until
#define arg_transition capes_sqlite_arg_transition
#define arg_text capes_sqlite_arg_text
#define arg_absent capes_sqlite_arg_absent
#define expected_code capes_sqlite_expected_code
#define any_null capes_sqlite_any_null
#define result_money capes_sqlite_result_money
#define result_rate capes_sqlite_result_rate
#define result_date capes_sqlite_result_date
#define result_civil capes_sqlite_result_civil

#define GLUE_FLAGS (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)

/* Not a capes_code: SQLite could not allocate (a text value's terminator). */
#define GLUE_NOMEM ((capes_code) CAPES_N_ERRORS)

/* What a wrong storage class or a missing argument is told it must be. */
#define GLUE_EXPECT_DATE "a date 'YYYY-MM-DD' as text"
#define GLUE_EXPECT_WHOLE "a whole number"
#define GLUE_EXPECT_AMOUNT "an amount as integer, real or decimal text"

/* ------------------------------------------------------------- values.c */

/* Arguments. Each returns CAPES_OK, or fills err (CAPES_ERR_TYPE for a value of the
 * wrong storage class, the core's error for a bad value, GLUE_NOMEM). NULLs are the
 * caller's business: none of these is given one. */
capes_code arg_date(capes_err *err, sqlite3_value *v, const char *arg, capes_day *out);
/* A date with the civil date its text was read from (capes_date, core/capes.h): for the
 * functions that need both, where PostgreSQL's day numbers convert once in the core. */
capes_code arg_civil(capes_err *err, sqlite3_value *v, const char *arg, capes_date *out);
capes_code arg_code(capes_err *err, sqlite3_value *v, const char *arg, const capes_vocab *vocab, int *out);
/* A count of risks or a year (value): an INTEGER, a REAL or a TEXT number with no fraction,
 * checked against its range (capes_whole_from_*, docs/rules.md#whole-numbers). */
capes_code arg_whole(capes_err *err, sqlite3_value *v, capes_value value, const char *arg, int64_t *out);
capes_code arg_revenue(capes_err *err, sqlite3_value *v, const char *arg, capes_revenue *out);
/* The revenue of an explanation: its row written in trace. */
capes_code arg_revenue_traced(capes_err *err, sqlite3_value *v, const char *arg, capes_revenue *out,
                              capes_trace *trace);
/* An exact amount (capes_amount_error): negative_ok for the amount decided, whose sign the
 * rule refuses; buf holds the text of an INTEGER or REAL while out points into it. */
#define GLUE_AMOUNT_MAX 48
capes_code arg_amount(capes_err *err, sqlite3_value *v, const char *arg, bool negative_ok, char buf[GLUE_AMOUNT_MAX],
                      capes_decimal *out);
/* A term (until): SQL NULL is its default (*has false). */
capes_code arg_until(capes_err *err, sqlite3_value *v, const char *arg, bool *has, capes_day *out);
/* The arguments of a step, arg[k] NULL where argument k is not given ("from", "to", from_date,
 * to_date, calendar, from_until, until): *no_answer when a NULL gives no answer; a NULL from is a
 * new case, a NULL term its default, a calendar not given 'fr'. */
capes_code arg_transition(capes_err *err, sqlite3_value *const arg[7], capes_step *from, capes_step *to, int *cal,
                          bool *no_answer);
/* The text of a code argument, for the core functions that look it up themselves. */
capes_code arg_text(capes_err *err, sqlite3_value *v, const char *arg, const char *expected, const char **text,
                     size_t *len);
/* An optional calendar: argv[i] when given (i < argc), else 'fr'. */
capes_code arg_calendar(capes_err *err, int argc, sqlite3_value **argv, int i, int *cal);
/* arg_code for a scalar function's argument that is usually a constant (a deadline's
 * kind): looked up once per statement and kept with sqlite3_set_auxdata. Not for
 * arguments that vary per row: SQLite would allocate and free the cache every row. */
capes_code arg_code_cached(sqlite3_context *ctx, capes_err *err, sqlite3_value **argv, int i, const char *arg,
                         const capes_vocab *vocab, int *out);
/* "fn: arg must be EXPECTED (got no argument)": a table function's argument left out. */
capes_code arg_absent(capes_err *err, const char *arg, const char *expected);
/* "one of a, b, c as text", what a code argument of another storage class is told. */
const char *expected_code(const capes_vocab *vocab, char *buf, size_t size);

bool any_null(int argc, sqlite3_value **argv, int from);

/* Results: money as REAL euros, rates as a REAL fraction, dates as TEXT. */
void result_money(sqlite3_context *ctx, int64_t cents);
void result_rate(sqlite3_context *ctx, int bp);
void result_date(sqlite3_context *ctx, capes_day day);
void result_civil(sqlite3_context *ctx, const capes_date *date);

/* The one place a capes_err becomes a SQLite error: the core's message and the code
 * of capes_errors[] (SQLITE_CONSTRAINT for a refused transition, else SQLITE_ERROR). */
void raise_error(sqlite3_context *ctx, const capes_err *err);
/* The same for a virtual table: sets vtab->zErrMsg, returns the code for xFilter. */
int raise_vtab_error(sqlite3_vtab *vtab, const capes_err *err);

/* ------------------------------------------------ aggregates.c, tables.c */

void glue_contract_step(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void glue_contract_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void glue_contract_rate_final(sqlite3_context *ctx);
void glue_contract_penalty_final(sqlite3_context *ctx);
void glue_history_step(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void glue_history_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void glue_history_error_value(sqlite3_context *ctx);
void glue_history_check_value(sqlite3_context *ctx);
void glue_history_due_value(sqlite3_context *ctx);
void glue_history_trace_step(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void glue_history_trace_value(sqlite3_context *ctx);
void glue_history_trace_final(sqlite3_context *ctx);

/* Registers the eponymous virtual tables (capes_schedule, capes_states, ...). */
int glue_register_tables(sqlite3 *db);

#endif
