/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/*
 * capes for PostgreSQL: the module and its scalar functions, in the order of the core's
 * catalog (core/catalog.c), as sqlite_ext/capes_sqlite.c has SQLite's. The SQL side
 * (names, arguments, defaults, volatility) is the install script (sql/, pg_ext/Makefile).
 *
 * Every function converts its arguments in the same order and with the same NULL rules as
 * SQLite's glue and the text glue of the core tests (tests/core/call.c), so that a call
 * fails on the same argument with the same message in both engines. Every error comes from
 * the core through raise_error(); the glue writes no message of its own.
 *
 * C symbols are pg_capes_*: the core already owns the capes_* names.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "glue.h"

PG_MODULE_MAGIC;

/* ------------------------------------------------------------------- money */

/* capes_penalty_rate(risks integer, level text) -> numeric; from 1.1 also risks bigint, numeric
 * and double precision, one C function each (docs/rules.md#whole-numbers) */
static Datum
penalty_rate(FunctionCallInfo fcinfo, glue_number type)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_penalty_rate");
	int64		risks = arg_whole(err, fcinfo, 0, CAPES_VALUE_RISKS, "risks", type);
	int			level = arg_code(err, fcinfo, 1, "level", &capes_levels);

	return result_rate(capes_rate_bp((int) risks, (capes_level) level));
}

GLUE_WHOLE_ENTRIES(pg_capes_penalty_rate, penalty_rate);

/* capes_penalty(risks integer, level text, revenue numeric) -> numeric; from 1.1 also risks
 * bigint, numeric and double precision */
static Datum
penalty(FunctionCallInfo fcinfo, glue_number type)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_penalty");
	int64		risks = arg_whole(err, fcinfo, 0, CAPES_VALUE_RISKS, "risks", type);
	int			level = arg_code(err, fcinfo, 1, "level", &capes_levels);
	capes_revenue revenue = arg_revenue(err, fcinfo, 2);

	return result_money(capes_penalty_cents(&revenue, capes_rate_bp((int) risks, (capes_level) level)));
}

GLUE_WHOLE_ENTRIES(pg_capes_penalty, penalty);

/* capes_refusal_penalty(revenue numeric) -> numeric */
PG_FUNCTION_INFO_V1(pg_capes_refusal_penalty);
Datum
pg_capes_refusal_penalty(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_refusal_penalty");

	capes_revenue revenue = arg_revenue(err, fcinfo, 0);

	return result_money(capes_penalty_cents(&revenue, CAPES_REFUSAL_BP));
}

/* --------------------------------------------------------------- deadlines */

/* capes_deadline(start date, kind text, calendar text DEFAULT 'fr') -> date */
PG_FUNCTION_INFO_V1(pg_capes_deadline);
Datum
pg_capes_deadline(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_deadline");
	capes_day	start = arg_date(err, fcinfo, 0, "start"),
				out;
	int			kind = arg_code(err, fcinfo, 1, "kind", &capes_kinds);
	capes_calendar cal = arg_calendar(err, fcinfo, 2);

	if (capes_deadline(err, start, (capes_kind) kind, cal, &out) != CAPES_OK)
		raise_error(err);
	return result_date(out);
}

/* capes_due(state text, since date, calendar text DEFAULT 'fr' [, until date]) -> date; the
 * overload with until is not STRICT: a NULL until is its default */
PG_FUNCTION_INFO_V1(pg_capes_due);
Datum
pg_capes_due(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_due");
	int			state;
	capes_day	since,
				until = 0,
				out;
	capes_calendar cal;
	bool		has,
				has_until;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	state = arg_code(err, fcinfo, 0, "state", &capes_states);
	since = arg_date(err, fcinfo, 1, "since");
	cal = arg_calendar(err, fcinfo, 2);
	has_until = arg_until(err, fcinfo, 3, "until", &until);
	if (capes_due(err, state, since, cal, has_until, until, &has, &out) != CAPES_OK)
		raise_error(err);
	if (!has)
		PG_RETURN_NULL();
	return result_date(out);
}

/* --------------------------------------------------------------- procedure */

/* capes_transition_valid("from" text, "to" text) -> boolean; from NULL = a new case */
PG_FUNCTION_INFO_V1(pg_capes_transition_valid);
Datum
pg_capes_transition_valid(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_transition_valid");
	int			from = CAPES_STATE_NONE,
				to;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(0))
		from = arg_code(err, fcinfo, 0, "from", &capes_states);
	to = arg_code(err, fcinfo, 1, "to", &capes_states);
	PG_RETURN_BOOL(capes_transition_allowed(from, to));
}

/*
 * (from, to, from_date, to_date, calendar [, from_until [, until]]): false when the answer
 * is NULL; else true, with reason->code CAPES_OK when the step is allowed, else the
 * reason. A bad argument raises at once. from NULL is a new case, and then from_date is
 * ignored; a NULL term is its default.
 */
static bool
transition(FunctionCallInfo fcinfo, capes_err *reason)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, reason->fn);
	capes_step	from,
				to;
	capes_calendar cal;

	if (!arg_transition(err, fcinfo, &from, &to, &cal))
		return false;
	capes_check_step(reason, &from, &to, cal);
	return true;
}

/* capes_transition_error("from" text, "to" text, from_date date, to_date date,
 *   calendar text DEFAULT 'fr' [, from_until date [, until date]]) -> text: NULL when allowed, else the reason */
PG_FUNCTION_INFO_V1(pg_capes_transition_error);
Datum
pg_capes_transition_error(PG_FUNCTION_ARGS)
{
	capes_err	reason;

	capes_err_init(&reason, "capes_transition_error");
	if (!transition(fcinfo, &reason) || reason.code == CAPES_OK)
		PG_RETURN_NULL();
	if (reason.code != CAPES_ERR_TRANSITION)
		raise_error(&reason);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(capes_err_reason(&reason), (int) capes_err_reason_len(&reason)));
}

/* capes_check_transition("from" text, "to" text, from_date date, to_date date,
 *   calendar text DEFAULT 'fr' [, from_until date [, until date]]) -> boolean: true, or the reason as an error (23514) */
PG_FUNCTION_INFO_V1(pg_capes_check_transition);
Datum
pg_capes_check_transition(PG_FUNCTION_ARGS)
{
	capes_err	reason;

	capes_err_init(&reason, "capes_check_transition");
	if (!transition(fcinfo, &reason))
		PG_RETURN_NULL();
	if (reason.code != CAPES_OK)
		raise_error(&reason);
	PG_RETURN_BOOL(true);
}

/*
 * (state, amount, maximum [, envisaged]): false when the answer is NULL (a NULL state,
 * amount or maximum); else true, with reason->code CAPES_OK within the cap.
 */
static bool
amount(FunctionCallInfo fcinfo, capes_err *reason)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, reason->fn);
	capes_decimal decided,
				maximum,
				envisaged;
	char		fracs[3][CAPES_BASE10000_FRAC];
	bool		has_envisaged = PG_NARGS() > 3 && !PG_ARGISNULL(3);
	int			state;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return false;
	state = arg_code(err, fcinfo, 0, "state", &capes_states);
	decided = arg_amount(err, fcinfo, 1, "amount", true, fracs[0]);
	maximum = arg_amount(err, fcinfo, 2, "maximum", false, fracs[1]);
	if (has_envisaged)
		envisaged = arg_amount(err, fcinfo, 3, "envisaged", false, fracs[2]);
	capes_check_amount(reason, state, &decided, &maximum, has_envisaged ? &envisaged : NULL);
	return true;
}

/* capes_amount_error(state text, amount numeric, maximum numeric [, envisaged numeric])
 *   -> text: NULL within its cap, else the reason */
PG_FUNCTION_INFO_V1(pg_capes_amount_error);
Datum
pg_capes_amount_error(PG_FUNCTION_ARGS)
{
	capes_err	reason;

	capes_err_init(&reason, "capes_amount_error");
	if (!amount(fcinfo, &reason) || reason.code == CAPES_OK)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(capes_err_reason(&reason), (int) capes_err_reason_len(&reason)));
}

/* capes_check_amount(state text, amount numeric, maximum numeric [, envisaged numeric])
 *   -> boolean: true, or the reason as an error (23514) */
PG_FUNCTION_INFO_V1(pg_capes_check_amount);
Datum
pg_capes_check_amount(PG_FUNCTION_ARGS)
{
	capes_err	reason;

	capes_err_init(&reason, "capes_check_amount");
	if (!amount(fcinfo, &reason))
		PG_RETURN_NULL();
	if (reason.code != CAPES_OK)
		raise_error(&reason);
	PG_RETURN_BOOL(true);
}

/* --------------------------------------------------------------- calendars */

/* capes_is_working_day(day date, calendar text DEFAULT 'fr') -> boolean */
PG_FUNCTION_INFO_V1(pg_capes_is_working_day);
Datum
pg_capes_is_working_day(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_is_working_day");
	capes_day	day = arg_date(err, fcinfo, 0, "day");
	capes_calendar cal = arg_calendar(err, fcinfo, 1);

	PG_RETURN_BOOL(capes_is_working_day(day, cal));
}

/* capes_in_force(day date) -> boolean */
PG_FUNCTION_INFO_V1(pg_capes_in_force);
Datum
pg_capes_in_force(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_in_force");

	PG_RETURN_BOOL(capes_in_force(arg_date(err, fcinfo, 0, "day")));
}

/* ------------------------------------------------------------- vocabulary */

/* capes_label(code text, lang text DEFAULT 'fr') -> text */
PG_FUNCTION_INFO_V1(pg_capes_label);
Datum
pg_capes_label(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_label");
	int			lang = PG_NARGS() > 1 ? arg_code(err, fcinfo, 1, "lang", &capes_langs) : CAPES_LANG_FR;
	text	   *code = PG_GETARG_TEXT_PP(0);
	const char *label;

	if (capes_label(err, VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code), (capes_lang) lang, &label) != CAPES_OK)
		raise_error(err);
	PG_RETURN_TEXT_P(cstring_to_text(label));
}

/* ------------------------------------------------------------ traceability */

/* capes_version() -> text */
PG_FUNCTION_INFO_V1(pg_capes_version);
Datum
pg_capes_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(capes_release));
}
