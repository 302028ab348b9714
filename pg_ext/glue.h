/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for PostgreSQL: what the glue files share, with the same names as SQLite's glue
 * (sqlite_ext/glue.h). The glue only converts Datums to the core's types and the core's
 * errors to PostgreSQL's; every rule is the core's. */
#ifndef CAPES_PG_GLUE_H
#define CAPES_PG_GLUE_H

#include "postgres.h"

#include "fmgr.h"

#include "capes.h"

#if PG_VERSION_NUM < 150000
#error "capes needs PostgreSQL 15 or later (InitMaterializedSRF, int64_div_fast_to_numeric)"
#endif

/* The helpers' link names: PostgreSQL 15 loads modules with their symbols global and does
 * not build them with hidden visibility, so every name shared between these files is
 * capes_pg_* in the object files, whatever the source calls it. */
#define arg_date capes_pg_arg_date
#define arg_code capes_pg_arg_code
#define arg_calendar capes_pg_arg_calendar
#define arg_revenue capes_pg_arg_revenue
#define arg_revenue_traced capes_pg_arg_revenue_traced
#define arg_amount capes_pg_arg_amount
#define arg_until capes_pg_arg_until
#define arg_whole capes_pg_arg_whole
#define arg_transition capes_pg_arg_transition
#define result_money capes_pg_result_money
#define result_rate capes_pg_result_rate
#define result_date capes_pg_result_date
#define result_text capes_pg_result_text
#define raise_error capes_pg_raise_error

/* PostgreSQL counts days from 2000-01-01, the core from 1970-01-01. */
#define PG_EPOCH_DAY (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE)

/* ------------------------------------------------------------- values.c */

/* Arguments: each raises the core's error for a bad value. NULLs are the caller's
 * business: none of these is given one. */
capes_day	arg_date(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name);
int			arg_code(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name, const capes_vocab *v);
/* The calendar argument at i, or 'fr' when the function has no argument i. */
capes_calendar arg_calendar(capes_err *err, FunctionCallInfo fcinfo, int i);
capes_revenue arg_revenue(capes_err *err, FunctionCallInfo fcinfo, int i);
/* The revenue of an explanation: its row written in trace. */
capes_revenue arg_revenue_traced(capes_err *err, FunctionCallInfo fcinfo, int i, capes_trace *trace);
/* An exact amount; negative_ok for the amount decided, whose sign the rule refuses. Its
 * decimals are in frac, or in a text allocated in the call's memory context. */
capes_decimal arg_amount(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name, bool negative_ok,
						 char frac[CAPES_BASE10000_FRAC]);
/* The PostgreSQL type a count or a year is given in: each has its function (the 1.0 one takes
 * integer; 1.1 adds bigint, numeric and double precision, docs/rules.md#whole-numbers). */
typedef enum
{
	GLUE_INT4,
	GLUE_INT8,
	GLUE_NUMERIC,
	GLUE_FLOAT8
} glue_number;

/* A count of risks or a year (value), whole and within its range (capes_whole_from_*). */
int64		arg_whole(capes_err *err, FunctionCallInfo fcinfo, int i, capes_value value, const char *name,
					  glue_number type);
/* A term: false when NULL (its default) or not an argument of the function. */
bool		arg_until(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name, capes_day *out);
/* The arguments of a step ("from", "to", from_date, to_date [, calendar [, from_until [, until]]]):
 * false when a NULL gives no answer; a NULL from is a new case, a NULL term its default. */
bool		arg_transition(capes_err *err, FunctionCallInfo fcinfo, capes_step *from, capes_step *to,
						   capes_calendar *cal);

/* Results: money with two decimals, rates with four, dates, text. */
Datum		result_money(int64_t cents);
Datum		result_rate(int bp);
Datum		result_date(capes_day day);
Datum		result_text(const char *s);

/* The one place a capes_err becomes a PostgreSQL error: the core's message, the SQLSTATE
 * of capes_errors[], the article of the rule in DETAIL. */
void		raise_error(const capes_err *err) pg_attribute_noreturn();

/* The four C entry points of a function taking a count or a year (docs/rules.md#whole-numbers):
 * NAME (integer, 1.0's symbol), NAME_int8, NAME_numeric and NAME_float8, each calling IMPL with
 * the type its SQL overload declares. */
#define GLUE_WHOLE_ENTRY(name, impl, type) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS) { return impl(fcinfo, type); } \
	extern int	no_such_variable
#define GLUE_WHOLE_ENTRIES(name, impl) \
	GLUE_WHOLE_ENTRY(name, impl, GLUE_INT4); \
	GLUE_WHOLE_ENTRY(name##_int8, impl, GLUE_INT8); \
	GLUE_WHOLE_ENTRY(name##_numeric, impl, GLUE_NUMERIC); \
	GLUE_WHOLE_ENTRY(name##_float8, impl, GLUE_FLOAT8)

#endif
