/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/*
 * capes: the PostgreSQL glue over the core (the interface of core/catalog.c). Datums in, core calls, Datums out.
 *
 * Every SQL function here converts its arguments in the same order and with the same
 * NULL rules as the text glue of the core tests (tests/core/call.c), so that a call fails
 * on the same argument with the same message in SQLite and PostgreSQL. Every error comes
 * from the core through raise_error(); the glue writes no message of its own.
 *
 * C symbols are pg_capes_*: the core already owns the capes_* names.
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "funcapi.h"
#include "nodes/pg_list.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

#include "capes.h"

PG_MODULE_MAGIC;

/* PostgreSQL counts days from 2000-01-01, the core from 1970-01-01. */
#define PG_EPOCH_DAY (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE)

/* ------------------------------------------------------------------ errors */

/* The article of a SQL function, from the core's catalog. */
static const char *
catalog_article(const char *fn)
{
	int			i;

	for (i = 0; fn && i < capes_n_functions; i++)
		if (strcmp(capes_functions[i].name, fn) == 0)
			return capes_functions[i].article;
	return NULL;
}

/* A core error as an ERROR: its SQLSTATE, its message, the article of the rule. */
static void
raise_error(const capes_err *err)
{
	const char *state,
			   *article;
	int			code;

	if (err->code <= CAPES_OK || err->code >= CAPES_ERR_COUNT_)
		elog(ERROR, "capes: core returned unknown error code %d", (int) err->code);
	state = capes_errors[err->code].sqlstate;
	code = MAKE_SQLSTATE(state[0], state[1], state[2], state[3], state[4]);
	article = err->article ? err->article : catalog_article(err->fn);
	if (article && strcmp(article, "-") != 0)
		ereport(ERROR,
				(errcode(code),
				 errmsg("%s", err->msg),
				 errdetail("Article: %s.", article)));
	ereport(ERROR, (errcode(code), errmsg("%s", err->msg)));
}

/* --------------------------------------------------------------- arguments */

/* A code of vocabulary v (risk, level, state, kind, calendar, lang). */
static int
code_arg(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name, const capes_vocab *v)
{
	text	   *t = PG_GETARG_TEXT_PP(i);
	int			out;

	if (capes_lookup(err, name, v, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &out) != CAPES_OK)
		raise_error(err);
	return out;
}

/* The calendar argument at i ('fr' by SQL default). */
static capes_calendar
calendar_arg(capes_err *err, FunctionCallInfo fcinfo, int i)
{
	if (PG_NARGS() <= i)
		return CAPES_CAL_FR;
	return (capes_calendar) code_arg(err, fcinfo, i, "calendar", &capes_calendars);
}

/* A date as a core day number, 1583-01-01 .. 9999-12-31. */
static capes_day
day_arg(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name)
{
	DateADT		d = PG_GETARG_DATEADT(i);
	int64		day;

	if (DATE_NOT_FINITE(d))
	{
		const char *given = DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity";

		capes_fail_text(err, CAPES_ERR_DATE_RANGE, name, CAPES_DATE_RANGE_EXPECTED, given, strlen(given));
		raise_error(err);
	}
	/* every finite date fits: PostgreSQL's last date is 5874897-12-31 */
	day = (int64) d + PG_EPOCH_DAY;
	if (capes_check_day(err, name, (capes_day) day) != CAPES_OK)
		raise_error(err);
	return (capes_day) day;
}

/*
 * numeric's short on-disk format (utils/adt/numeric.c), which pg_upgrade keeps as it
 * is and so cannot change: a 16-bit header (sign, display scale, weight) and base-10000
 * digits. Reading it spares numeric_out and a parse on the hot path of every amount;
 * any other value, and every error, goes through numeric_out's text.
 */
#define NUM_FLAG_MASK 0xC000
#define NUM_SHORT 0x8000
#define NUM_SHORT_NEG 0x2000
#define NUM_SHORT_WEIGHT(h) (((h) & 0x0040) ? ((h) | ~0x003F) : ((h) & 0x003F))
#define NUM_FAST_DIGITS 5       /* weight 3 down to -1: all the core looks at */

static bool
revenue_fast(const char *data, size_t size, int64_t *cents)
{
	int16		digits[NUM_FAST_DIGITS];
	int			ndigits;
	uint16		h;

	if (size < sizeof(uint16))
		return false;
	memcpy(&h, data, sizeof h);
	if ((h & NUM_FLAG_MASK) != NUM_SHORT)
		return false;
	ndigits = (int) Min((size - sizeof(uint16)) / sizeof(int16), NUM_FAST_DIGITS);
	memcpy(digits, data + sizeof(uint16), ndigits * sizeof(int16));	/* may be unaligned */
	return capes_revenue_from_base10000((h & NUM_SHORT_NEG) != 0, NUM_SHORT_WEIGHT((int) h), digits, ndigits,
										cents);
}

/* A revenue in cents: the core reads numeric's digits, or its decimal text. */
static int64_t
revenue_arg(capes_err *err, FunctionCallInfo fcinfo, int i)
{
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(i));
	int64_t		cents;
	char	   *s;

	if (revenue_fast(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &cents))
		return cents;
	s = DatumGetCString(DirectFunctionCall1(numeric_out, PointerGetDatum(v)));
	if (capes_revenue_from_text(err, "revenue", s, strlen(s), &cents) != CAPES_OK)
		raise_error(err);
	pfree(s);
	return cents;
}

/* ----------------------------------------------------------------- results */

static Datum
money_datum(int64_t cents)
{
	return NumericGetDatum(int64_div_fast_to_numeric(cents, 2));
}

static Datum
rate_datum(int bp)
{
	return NumericGetDatum(int64_div_fast_to_numeric(bp, 4));
}

static Datum
date_datum(capes_day day)
{
	return DateADTGetDatum((DateADT) (day - PG_EPOCH_DAY));
}

static Datum
text_datum(const char *s)
{
	return PointerGetDatum(cstring_to_text(s));
}

/* ------------------------------------------------------------------- money */

/* capes_penalty_rate(risks integer, level text) -> numeric */
PG_FUNCTION_INFO_V1(pg_capes_penalty_rate);
Datum
pg_capes_penalty_rate(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_penalty_rate");
	int32		risks = PG_GETARG_INT32(0);
	int			level;

	if (capes_check_risks(err, "risks", risks) != CAPES_OK)
		raise_error(err);
	level = code_arg(err, fcinfo, 1, "level", &capes_levels);
	return rate_datum(capes_rate_bp(risks, (capes_level) level));
}

/* capes_penalty(risks integer, level text, revenue numeric) -> numeric */
PG_FUNCTION_INFO_V1(pg_capes_penalty);
Datum
pg_capes_penalty(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_penalty");
	int32		risks = PG_GETARG_INT32(0);
	int			level;
	int64_t		cents;

	if (capes_check_risks(err, "risks", risks) != CAPES_OK)
		raise_error(err);
	level = code_arg(err, fcinfo, 1, "level", &capes_levels);
	cents = revenue_arg(err, fcinfo, 2);
	return money_datum(capes_penalty_cents(cents, capes_rate_bp(risks, (capes_level) level)));
}

/* capes_refusal_penalty(revenue numeric) -> numeric */
PG_FUNCTION_INFO_V1(pg_capes_refusal_penalty);
Datum
pg_capes_refusal_penalty(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_refusal_penalty");

	return money_datum(capes_penalty_cents(revenue_arg(err, fcinfo, 0), CAPES_REFUSAL_BP));
}

/* ------------------------------------------------- contract aggregates (bigint state) */

/* One row of capes_contract_rate(risk, level) or capes_contract_penalty(risk, level, revenue). */
static Datum
contract_step(FunctionCallInfo fcinfo, const char *fn, bool penalty)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, fn);
	capes_contract c;
	int			risk,
				level;

	capes_contract_unpack(PG_ARGISNULL(0) ? 0 : (uint64_t) PG_GETARG_INT64(0), &c);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (capes_contract_add_null(err, &c) != CAPES_OK)
			raise_error(err);
	}
	else
	{
		risk = code_arg(err, fcinfo, 1, "risk", &capes_risks);
		level = code_arg(err, fcinfo, 2, "level", &capes_levels);
		if (capes_contract_add(err, &c, risk, level) != CAPES_OK)
			raise_error(err);
	}
	if (penalty)
	{
		bool		is_null = PG_ARGISNULL(3);
		int64_t		cents = is_null ? 0 : revenue_arg(err, fcinfo, 3);

		if (capes_contract_revenue(err, &c, is_null, cents) != CAPES_OK)
			raise_error(err);
	}
	PG_RETURN_INT64((int64) capes_contract_pack(&c));
}

/* capes_contract_rate_step(state bigint, risk text, level text) -> bigint */
PG_FUNCTION_INFO_V1(pg_capes_contract_rate_step);
Datum
pg_capes_contract_rate_step(PG_FUNCTION_ARGS)
{
	return contract_step(fcinfo, "capes_contract_rate", false);
}

/* capes_contract_penalty_step(state bigint, risk text, level text, revenue numeric) -> bigint */
PG_FUNCTION_INFO_V1(pg_capes_contract_penalty_step);
Datum
pg_capes_contract_penalty_step(PG_FUNCTION_ARGS)
{
	return contract_step(fcinfo, "capes_contract_penalty", true);
}

/* capes_contract_merge(a bigint, b bigint) -> bigint: the combine function of both aggregates */
PG_FUNCTION_INFO_V1(pg_capes_contract_merge);
Datum
pg_capes_contract_merge(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_contract_merge");
	capes_contract into,
				from;

	capes_contract_unpack((uint64_t) PG_GETARG_INT64(0), &into);
	capes_contract_unpack((uint64_t) PG_GETARG_INT64(1), &from);
	if (capes_contract_merge(err, &into, &from) != CAPES_OK)
	{
		/* the message names the aggregate being combined, as a serial plan would */
		Aggref	   *aggref = AggGetAggref(fcinfo);
		char	   *name = aggref ? get_func_name(aggref->aggfnoid) : NULL;

		if (name)
		{
			capes_err	named = CAPES_ERR_INIT(name);

			/* the same merge again, from the same states, for the core to word it */
			capes_contract_unpack((uint64_t) PG_GETARG_INT64(0), &into);
			if (capes_contract_merge(&named, &into, &from) != CAPES_OK)
				raise_error(&named);
		}
		raise_error(err);
	}
	PG_RETURN_INT64((int64) capes_contract_pack(&into));
}

/* capes_contract_rate_final(state bigint) -> numeric */
PG_FUNCTION_INFO_V1(pg_capes_contract_rate_final);
Datum
pg_capes_contract_rate_final(PG_FUNCTION_ARGS)
{
	capes_contract c;
	int			bp;

	capes_contract_unpack((uint64_t) PG_GETARG_INT64(0), &c);
	if (!capes_contract_bp(&c, &bp))
		PG_RETURN_NULL();
	return rate_datum(bp);
}

/* capes_contract_penalty_final(state bigint) -> numeric */
PG_FUNCTION_INFO_V1(pg_capes_contract_penalty_final);
Datum
pg_capes_contract_penalty_final(PG_FUNCTION_ARGS)
{
	capes_contract c;
	int64_t		cents;

	capes_contract_unpack((uint64_t) PG_GETARG_INT64(0), &c);
	if (!capes_contract_penalty(&c, &cents))
		PG_RETURN_NULL();
	return money_datum(cents);
}

/* --------------------------------------------------------------- deadlines */

/* capes_deadline(start date, kind text, calendar text DEFAULT 'fr') -> date */
PG_FUNCTION_INFO_V1(pg_capes_deadline);
Datum
pg_capes_deadline(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_deadline");
	capes_day	start = day_arg(err, fcinfo, 0, "start"),
				out;
	int			kind = code_arg(err, fcinfo, 1, "kind", &capes_kinds);
	capes_calendar cal = calendar_arg(err, fcinfo, 2);

	if (capes_deadline(err, start, (capes_kind) kind, cal, &out) != CAPES_OK)
		raise_error(err);
	return date_datum(out);
}

/* capes_due(state text, since date, calendar text DEFAULT 'fr') -> date */
PG_FUNCTION_INFO_V1(pg_capes_due);
Datum
pg_capes_due(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_due");
	int			state = code_arg(err, fcinfo, 0, "state", &capes_states);
	capes_day	since = day_arg(err, fcinfo, 1, "since"),
				out;
	capes_calendar cal = calendar_arg(err, fcinfo, 2);
	bool		has;

	if (capes_due(err, state, since, cal, &has, &out) != CAPES_OK)
		raise_error(err);
	if (!has)
		PG_RETURN_NULL();
	return date_datum(out);
}

/* capes_schedule(state text, since date, calendar text DEFAULT 'fr')
 *   -> TABLE (kind text, due date, article text) */
PG_FUNCTION_INFO_V1(pg_capes_schedule);
Datum
pg_capes_schedule(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_schedule");
	int			state = code_arg(err, fcinfo, 0, "state", &capes_states);
	capes_day	since = day_arg(err, fcinfo, 1, "since");
	capes_calendar cal = calendar_arg(err, fcinfo, 2);
	capes_schedule_row rows[CAPES_SCHEDULE_MAX];
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n,
				i;

	if (capes_schedule(err, state, since, cal, rows, &n) != CAPES_OK)
		raise_error(err);
	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = text_datum(capes_kinds.terms[rows[i].kind].code);
		values[1] = date_datum(rows[i].due);
		values[2] = text_datum(rows[i].article);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* capes_is_working_day(day date, calendar text DEFAULT 'fr') -> boolean */
PG_FUNCTION_INFO_V1(pg_capes_is_working_day);
Datum
pg_capes_is_working_day(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_is_working_day");
	capes_day	day = day_arg(err, fcinfo, 0, "day");
	capes_calendar cal = calendar_arg(err, fcinfo, 1);

	PG_RETURN_BOOL(capes_is_working_day(day, cal));
}

/* capes_holidays(year integer, calendar text DEFAULT 'fr') -> TABLE (day date, name text) */
PG_FUNCTION_INFO_V1(pg_capes_holidays);
Datum
pg_capes_holidays(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_holidays");
	int32		year = PG_GETARG_INT32(0);
	capes_calendar cal;
	capes_holiday h[CAPES_HOLIDAYS_MAX];
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n,
				i;

	if (capes_check_year(err, "year", year) != CAPES_OK)
		raise_error(err);
	cal = calendar_arg(err, fcinfo, 1);
	n = capes_holidays(year, cal, h);
	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = date_datum(h[i].day);
		values[1] = text_datum(h[i].name);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* capes_in_force(day date) -> boolean */
PG_FUNCTION_INFO_V1(pg_capes_in_force);
Datum
pg_capes_in_force(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_in_force");

	PG_RETURN_BOOL(capes_in_force(day_arg(err, fcinfo, 0, "day")));
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
		from = code_arg(err, fcinfo, 0, "from", &capes_states);
	to = code_arg(err, fcinfo, 1, "to", &capes_states);
	PG_RETURN_BOOL(capes_transition_allowed(from, to));
}

/*
 * (from, to, from_date, to_date, calendar): false when the answer is NULL; else true,
 * with reason->code CAPES_OK when the step is allowed, else the reason. A bad argument
 * raises at once. from NULL is a new case, and then from_date is ignored.
 */
static bool
transition(FunctionCallInfo fcinfo, capes_err *reason)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, reason->fn);
	int			from = CAPES_STATE_NONE,
				to;
	capes_day	from_day = 0,
				to_day;
	capes_calendar cal;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3) || (!PG_ARGISNULL(0) && PG_ARGISNULL(2)) ||
		(PG_NARGS() > 4 && PG_ARGISNULL(4)))
		return false;
	if (!PG_ARGISNULL(0))
		from = code_arg(err, fcinfo, 0, "from", &capes_states);
	to = code_arg(err, fcinfo, 1, "to", &capes_states);
	if (!PG_ARGISNULL(0))
		from_day = day_arg(err, fcinfo, 2, "from_date");
	to_day = day_arg(err, fcinfo, 3, "to_date");
	cal = calendar_arg(err, fcinfo, 4);
	capes_check_transition(reason, from, to, from_day, to_day, cal);
	return true;
}

/* capes_transition_error("from" text, "to" text, from_date date, to_date date,
 *   calendar text DEFAULT 'fr') -> text: NULL when allowed, else the reason */
PG_FUNCTION_INFO_V1(pg_capes_transition_error);
Datum
pg_capes_transition_error(PG_FUNCTION_ARGS)
{
	capes_err	reason = CAPES_ERR_INIT("capes_transition_error");

	if (!transition(fcinfo, &reason) || reason.code == CAPES_OK)
		PG_RETURN_NULL();
	if (reason.code != CAPES_ERR_TRANSITION)
		raise_error(&reason);
	PG_RETURN_TEXT_P(cstring_to_text(capes_err_reason(&reason)));
}

/* capes_check_transition("from" text, "to" text, from_date date, to_date date,
 *   calendar text DEFAULT 'fr') -> boolean: true, or the reason as an error (23514) */
PG_FUNCTION_INFO_V1(pg_capes_check_transition);
Datum
pg_capes_check_transition(PG_FUNCTION_ARGS)
{
	capes_err	reason = CAPES_ERR_INIT("capes_check_transition");

	if (!transition(fcinfo, &reason))
		PG_RETURN_NULL();
	if (reason.code != CAPES_OK)
		raise_error(&reason);
	PG_RETURN_BOOL(true);
}

/* capes_next_states(text) -> TABLE (state text); NULL is a new case */
PG_FUNCTION_INFO_V1(pg_capes_next_states);
Datum
pg_capes_next_states(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_next_states");
	int			from = PG_ARGISNULL(0) ? CAPES_STATE_NONE : code_arg(err, fcinfo, 0, "state", &capes_states);
	int			next[CAPES_N_STATES];
	int			n = capes_next_states(from, next),
				i;
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	/* one column: the result type is text, not a row type */
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	for (i = 0; i < n; i++)
	{
		Datum		values[1] = {text_datum(capes_states.terms[next[i]].code)};
		bool		nulls[1] = {false};

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* capes_states() -> TABLE (state, label_fr, label_en, article text, initial, terminal boolean) */
PG_FUNCTION_INFO_V1(pg_capes_states);
Datum
pg_capes_states(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			s;

	InitMaterializedSRF(fcinfo, 0);
	for (s = 0; s < CAPES_N_STATES; s++)
	{
		const capes_term *t = &capes_states.terms[s];
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		values[0] = text_datum(t->code);
		values[1] = text_datum(t->label_fr);
		values[2] = text_datum(t->label_en);
		values[3] = text_datum(t->article);
		values[4] = BoolGetDatum(capes_state_initial(s));
		values[5] = BoolGetDatum(capes_state_terminal(s));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ------------------------------------- capes_history_error (internal state) */

/* One step: the state is a capes_history in the aggregate's memory context. */
static Datum
history_step(FunctionCallInfo fcinfo, bool with_calendar)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_history_error");
	MemoryContext aggcontext;
	capes_history *h;
	capes_calendar cal = CAPES_CAL_FR;
	int			state = CAPES_STATE_NONE;
	capes_day	day = 0;
	bool		has;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "capes_history_step called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		h = (capes_history *) MemoryContextAlloc(aggcontext, sizeof(capes_history));
		capes_history_init(h);
	}
	else
		h = (capes_history *) PG_GETARG_POINTER(0);
	/* NULL state, date or calendar: the step is invalid (capes_interpretations) */
	if (with_calendar && !PG_ARGISNULL(3))
		cal = calendar_arg(err, fcinfo, 3);
	has = !PG_ARGISNULL(1) && !PG_ARGISNULL(2) && !(with_calendar && PG_ARGISNULL(3));
	if (has)
	{
		state = code_arg(err, fcinfo, 1, "state", &capes_states);
		day = day_arg(err, fcinfo, 2, "occurred_on");
	}
	capes_history_step(h, has, state, day, cal);
	PG_RETURN_POINTER(h);
}

/* capes_history_step(internal, state text, occurred_on date) -> internal */
PG_FUNCTION_INFO_V1(pg_capes_history_step);
Datum
pg_capes_history_step(PG_FUNCTION_ARGS)
{
	return history_step(fcinfo, false);
}

/* capes_history_step(internal, state text, occurred_on date, calendar text) -> internal */
PG_FUNCTION_INFO_V1(pg_capes_history_step_calendar);
Datum
pg_capes_history_step_calendar(PG_FUNCTION_ARGS)
{
	return history_step(fcinfo, true);
}

/* capes_history_final(internal) -> text: NULL when every step was valid */
PG_FUNCTION_INFO_V1(pg_capes_history_final);
Datum
pg_capes_history_final(PG_FUNCTION_ARGS)
{
	capes_history *h;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "capes_history_final called in non-aggregate context");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	h = (capes_history *) PG_GETARG_POINTER(0);
	if (!h->invalid)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(h->msg));
}

/* ------------------------------------------------------------- vocabulary */

/* capes_label(code text, lang text DEFAULT 'fr') -> text */
PG_FUNCTION_INFO_V1(pg_capes_label);
Datum
pg_capes_label(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_label");
	int			lang = PG_NARGS() > 1 ? code_arg(err, fcinfo, 1, "lang", &capes_langs) : CAPES_LANG_FR;
	text	   *code = PG_GETARG_TEXT_PP(0);
	const char *label;

	if (capes_label(err, VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code), (capes_lang) lang, &label) != CAPES_OK)
		raise_error(err);
	PG_RETURN_TEXT_P(cstring_to_text(label));
}

/* ---------------------------------------------------------- traceability */

/* capes_sources() -> TABLE (rule, article, text_excerpt text) */
PG_FUNCTION_INFO_V1(pg_capes_sources);
Datum
pg_capes_sources(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < capes_n_sources; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = text_datum(capes_sources[i].rule);
		values[1] = text_datum(capes_sources[i].article);
		values[2] = text_datum(capes_sources[i].excerpt);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* capes_interpretations() -> TABLE (id, question, choice, rationale text) */
PG_FUNCTION_INFO_V1(pg_capes_interpretations);
Datum
pg_capes_interpretations(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < capes_n_interpretations; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = text_datum(capes_interpretations[i].id);
		values[1] = text_datum(capes_interpretations[i].question);
		values[2] = text_datum(capes_interpretations[i].choice);
		values[3] = text_datum(capes_interpretations[i].rationale);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* capes_version() -> text */
PG_FUNCTION_INFO_V1(pg_capes_version);
Datum
pg_capes_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(capes_release));
}
