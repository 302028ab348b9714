/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/*
 * The floor of every capes scalar in PostgreSQL (make bench): floor_NAME has the arguments,
 * defaults, strictness and volatility of capes_NAME (capes_floor--1.0.sql), with capes' NULL
 * rule where a function is not STRICT (a NULL term is its default), reads each
 * argument as capes' glue does (dates by value, text without a copy, numeric's packed
 * header), returns a fresh value of the same type, and does nothing else:
 *
 *   numeric   int64_div_fast_to_numeric of an int64, as capes builds its amounts and rates
 *   date      a DateADT
 *   boolean   a bool
 *   text      a palloc'd text, as long as capes' result
 *
 * What a query costs with floor_NAME is what any C function of that shape costs in
 * PostgreSQL. Built and installed by make bench only (bench/bench.mk), as the extension
 * capes_floor, into the system's PostgreSQL 15 for the bench's throwaway cluster, then
 * removed; never by make install, never in a package.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/numeric.h"

PG_MODULE_MAGIC;

/* As long as a typical refusal of capes_transition_error. */
static const char message[] = "notified -> agency_draft refused before 2016-04-01: the establishment has 30 days "
"to propose a draft (R162-45-1 I)";

/* As long as a typical refusal of capes_amount_error. */
static const char amount_message[] = "penalty_decided amount 48250000.00 refused: it must be at most the maximum "
"of the table, 0.00 (R162-45-2 III)";

/* A text argument, as capes' arg_code reads it: its length, without a copy. */
static int64
text_arg(FunctionCallInfo fcinfo, int i)
{
	text	   *t = PG_GETARG_TEXT_PP(i);

	return VARSIZE_ANY_EXHDR(t) + (VARDATA_ANY(t)[0] != 0);
}

/* A numeric argument, as capes' arg_revenue reads it: packed, then its first 16 bits. */
static int64
numeric_arg(FunctionCallInfo fcinfo, int i)
{
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(i));
	uint16		h = 0;

	if (VARSIZE_ANY_EXHDR(v) >= sizeof h)
		memcpy(&h, VARDATA_ANY(v), sizeof h);
	return (int64) h + VARSIZE_ANY_EXHDR(v);
}

/* floor_penalty_rate(risks integer, level text) -> numeric */
PG_FUNCTION_INFO_V1(floor_penalty_rate);
Datum
floor_penalty_rate(PG_FUNCTION_ARGS)
{
	int64		x = PG_GETARG_INT32(0) + text_arg(fcinfo, 1);

	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(x, 4));
}

/* floor_penalty(risks integer, level text, revenue numeric) -> numeric */
PG_FUNCTION_INFO_V1(floor_penalty);
Datum
floor_penalty(PG_FUNCTION_ARGS)
{
	int64		x = PG_GETARG_INT32(0) + text_arg(fcinfo, 1) + numeric_arg(fcinfo, 2);

	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(x, 2));
}

/* 1.1: the count as bigint, numeric (read as capes reads it: its text) and double precision */
static int64
numeric_text_arg(FunctionCallInfo fcinfo, int i)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(i)));
	int64		n = (int64) strlen(s);

	pfree(s);
	return n;
}

PG_FUNCTION_INFO_V1(floor_penalty_rate_int8);
Datum
floor_penalty_rate_int8(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(PG_GETARG_INT64(0) + text_arg(fcinfo, 1), 4));
}

PG_FUNCTION_INFO_V1(floor_penalty_rate_numeric);
Datum
floor_penalty_rate_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(numeric_text_arg(fcinfo, 0) + text_arg(fcinfo, 1), 4));
}

PG_FUNCTION_INFO_V1(floor_penalty_rate_float8);
Datum
floor_penalty_rate_float8(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric((int64) PG_GETARG_FLOAT8(0) + text_arg(fcinfo, 1), 4));
}

PG_FUNCTION_INFO_V1(floor_penalty_int8);
Datum
floor_penalty_int8(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(PG_GETARG_INT64(0) + text_arg(fcinfo, 1) + numeric_arg(fcinfo, 2), 2));
}

PG_FUNCTION_INFO_V1(floor_penalty_numeric);
Datum
floor_penalty_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(numeric_text_arg(fcinfo, 0) + text_arg(fcinfo, 1)
												+ numeric_arg(fcinfo, 2), 2));
}

PG_FUNCTION_INFO_V1(floor_penalty_float8);
Datum
floor_penalty_float8(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric((int64) PG_GETARG_FLOAT8(0) + text_arg(fcinfo, 1)
												+ numeric_arg(fcinfo, 2), 2));
}

/* floor_refusal_penalty(revenue numeric) -> numeric */
PG_FUNCTION_INFO_V1(floor_refusal_penalty);
Datum
floor_refusal_penalty(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(numeric_arg(fcinfo, 0), 2));
}

/* floor_deadline(start date, kind text, calendar text DEFAULT 'fr') -> date */
PG_FUNCTION_INFO_V1(floor_deadline);
Datum
floor_deadline(PG_FUNCTION_ARGS)
{
	DateADT		start = PG_GETARG_DATEADT(0);
	int64		n = text_arg(fcinfo, 1) + text_arg(fcinfo, 2);

	PG_RETURN_DATEADT(start + (n == 0));
}

/* floor_due(state text, since date, calendar text DEFAULT 'fr' [, until date]) -> date; the
 * overload with until is not STRICT: NULL from the first three, a NULL until is its default */
PG_FUNCTION_INFO_V1(floor_due);
Datum
floor_due(PG_FUNCTION_ARGS)
{
	int64		n;
	DateADT		since;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	n = text_arg(fcinfo, 0);
	since = PG_GETARG_DATEADT(1);
	n += text_arg(fcinfo, 2);
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		n += PG_GETARG_DATEADT(3);
	PG_RETURN_DATEADT(since + (n == 0));
}

/* floor_transition_valid("from" text, "to" text) -> boolean; from NULL = a new case */
PG_FUNCTION_INFO_V1(floor_transition_valid);
Datum
floor_transition_valid(PG_FUNCTION_ARGS)
{
	int64		n;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	n = text_arg(fcinfo, 1);
	if (!PG_ARGISNULL(0))
		n += text_arg(fcinfo, 0);
	PG_RETURN_BOOL(n > 0);
}

/* The arguments of a step with capes' NULL rule (a NULL term, from_until or until, is its
 * default): -1 when the answer is NULL. */
static int64
step_args(FunctionCallInfo fcinfo)
{
	int64		n;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3) || (!PG_ARGISNULL(0) && PG_ARGISNULL(2)) ||
		(PG_NARGS() > 4 && PG_ARGISNULL(4)))
		return -1;
	n = text_arg(fcinfo, 1) + PG_GETARG_DATEADT(3);
	if (!PG_ARGISNULL(0))
		n += text_arg(fcinfo, 0) + PG_GETARG_DATEADT(2);
	if (PG_NARGS() > 4)
		n += text_arg(fcinfo, 4);
	if (PG_NARGS() > 5 && !PG_ARGISNULL(5))
		n += PG_GETARG_DATEADT(5);
	if (PG_NARGS() > 6 && !PG_ARGISNULL(6))
		n += PG_GETARG_DATEADT(6);
	return n;
}

/* floor_transition_error("from", "to", from_date, to_date, calendar DEFAULT 'fr'
 *   [, from_until [, until]]) -> text */
PG_FUNCTION_INFO_V1(floor_transition_error);
Datum
floor_transition_error(PG_FUNCTION_ARGS)
{
	if (step_args(fcinfo) < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(message, sizeof message - 1));
}

/* floor_check_transition("from", "to", from_date, to_date, calendar DEFAULT 'fr'
 *   [, from_until [, until]]) -> boolean */
PG_FUNCTION_INFO_V1(floor_check_transition);
Datum
floor_check_transition(PG_FUNCTION_ARGS)
{
	int64		n = step_args(fcinfo);

	if (n < 0)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(n != 0);
}

/* The arguments of an amount with capes' NULL rule (a NULL state, amount or maximum gives
 * NULL, a NULL envisaged is not checked): -1 when the answer is NULL. The amounts are read
 * as numeric_arg reads a revenue; capes' arg_amount also prints them with numeric_out,
 * which is its own work, so the floor does not. */
static int64
amount_args(FunctionCallInfo fcinfo)
{
	int64		n;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return -1;
	n = text_arg(fcinfo, 0) + numeric_arg(fcinfo, 1) + numeric_arg(fcinfo, 2);
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		n += numeric_arg(fcinfo, 3);
	return n;
}

/* floor_amount_error(state text, amount numeric, maximum numeric [, envisaged numeric]) -> text */
PG_FUNCTION_INFO_V1(floor_amount_error);
Datum
floor_amount_error(PG_FUNCTION_ARGS)
{
	if (amount_args(fcinfo) < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(amount_message, sizeof amount_message - 1));
}

/* floor_check_amount(state text, amount numeric, maximum numeric [, envisaged numeric]) -> boolean */
PG_FUNCTION_INFO_V1(floor_check_amount);
Datum
floor_check_amount(PG_FUNCTION_ARGS)
{
	int64		n = amount_args(fcinfo);

	if (n < 0)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(n != 0);
}

/* floor_is_working_day(day date, calendar text DEFAULT 'fr') -> boolean */
PG_FUNCTION_INFO_V1(floor_is_working_day);
Datum
floor_is_working_day(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_DATEADT(0) + text_arg(fcinfo, 1) != 0);
}

/* floor_in_force(day date) -> boolean */
PG_FUNCTION_INFO_V1(floor_in_force);
Datum
floor_in_force(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_DATEADT(0) != 0);
}

/* floor_label(code text, lang text DEFAULT 'fr') -> text */
PG_FUNCTION_INFO_V1(floor_label);
Datum
floor_label(PG_FUNCTION_ARGS)
{
	int64		n = text_arg(fcinfo, 1) + text_arg(fcinfo, 0);

	PG_RETURN_TEXT_P(cstring_to_text(n > 0 ? "partiellement" : ""));
}

/* floor_version() -> text */
PG_FUNCTION_INFO_V1(floor_version);
Datum
floor_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text("1.1.0"));
}
