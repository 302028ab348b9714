/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for PostgreSQL: the aggregates' support functions, as sqlite_ext/aggregates.c has
 * SQLite's: the contract aggregates over a bigint state (the core's capes_contract packed
 * in 64 bits, so that parallel and distributed plans can combine it), and the history
 * aggregate over a capes_history in the aggregate's memory. */
#include "postgres.h"

#include "fmgr.h"
#include "nodes/execnodes.h"
#include "nodes/primnodes.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "glue.h"

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
		risk = arg_code(err, fcinfo, 1, "risk", &capes_risks);
		level = arg_code(err, fcinfo, 2, "level", &capes_levels);
		if (capes_contract_add(err, &c, risk, level) != CAPES_OK)
			raise_error(err);
	}
	if (penalty)
	{
		bool		is_null = PG_ARGISNULL(3);
		capes_revenue revenue = {0, 0};

		/* kept to the cent, rounded down (interpretation contract_revenue_to_the_cent) */
		if (!is_null)
			revenue = arg_revenue(err, fcinfo, 3);
		if (capes_contract_revenue(err, &c, is_null, revenue.cents) != CAPES_OK)
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
			capes_err	named;

			capes_err_init(&named, name);
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
	return result_rate(bp);
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
	return result_money(cents);
}

/* ------------------------------- the history aggregates (internal state) */

/* The state of capes_history_error, capes_history_check and capes_history_due: the core's
 * fold, and the name of the aggregate it serves, for its messages. */
typedef struct history_state
{
	capes_history h;
	const char *fn;				/* a string constant of history_step's callers */
}			history_state;

/* Over a frame whose start moves PostgreSQL restarts the fold from the frame's first row,
 * where SQLite calls xInverse: both refuse it, with the core's error. */
static void
refuse_moving_frame(FunctionCallInfo fcinfo, capes_err *err)
{
	if (fcinfo->context && IsA(fcinfo->context, WindowAggState) &&
		((WindowAggState *) fcinfo->context)->frameheadpos > 0)
	{
		capes_history_frame_error(err);
		raise_error(err);
	}
}

/* One step (state, occurred_on [, calendar [, until]]), arguments 1 to nargs: a NULL state,
 * date or calendar makes it invalid (false; interpretation history_null_step), a NULL until is
 * its default. The calendar is checked even on a step with a NULL state or date. */
static bool
arg_history_step(capes_err *err, FunctionCallInfo fcinfo, int nargs, capes_step *step, capes_calendar *cal)
{
	if (nargs > 2 && !PG_ARGISNULL(3))
		*cal = arg_calendar(err, fcinfo, 3);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (nargs > 2 && PG_ARGISNULL(3)))
		return false;
	step->state = arg_code(err, fcinfo, 1, "state", &capes_states);
	step->day = arg_date(err, fcinfo, 2, "occurred_on");
	if (nargs > 3)
		step->has_until = arg_until(err, fcinfo, 4, "until", &step->until);
	return true;
}

/* One step of the aggregate fn (arg_history_step). Each aggregate has its own transition
 * functions, so that its name is known in a window too, where there is no Aggref to ask. */
static Datum
history_step(FunctionCallInfo fcinfo, int nargs, const char *fn)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, fn);
	MemoryContext aggcontext;
	history_state *s;
	capes_step	step = {CAPES_STATE_NONE, 0, false, 0};
	capes_calendar cal = CAPES_CAL_FR;
	bool		has;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "%s called in non-aggregate context", fn);
	refuse_moving_frame(fcinfo, err);
	if (PG_ARGISNULL(0))
	{
		s = (history_state *) MemoryContextAlloc(aggcontext, sizeof(history_state));
		capes_history_init(&s->h);
		s->fn = fn;
	}
	else
		s = (history_state *) PG_GETARG_POINTER(0);
	has = arg_history_step(err, fcinfo, nargs, &step, &cal);
	if (capes_history_step(err, &s->h, has, &step, cal) != CAPES_OK)
		raise_error(err);
	PG_RETURN_POINTER(s);
}

/* The transition functions, (internal, state text, occurred_on date [, calendar text [, until
 * date]]) -> internal: capes_history_step (1.0's, and its until of 1.1) of capes_history_error,
 * capes_history_check_step and capes_history_due_step of the aggregates 1.1 adds. */
#define HISTORY_STEP(sym, nargs, fn) \
PG_FUNCTION_INFO_V1(sym); \
Datum \
sym(PG_FUNCTION_ARGS) \
{ \
	return history_step(fcinfo, nargs, fn); \
}

HISTORY_STEP(pg_capes_history_step, 2, "capes_history_error")
HISTORY_STEP(pg_capes_history_step_calendar, 3, "capes_history_error")
HISTORY_STEP(pg_capes_history_step_until, 4, "capes_history_error")
HISTORY_STEP(pg_capes_history_check_step, 2, "capes_history_check")
HISTORY_STEP(pg_capes_history_check_step_calendar, 3, "capes_history_check")
HISTORY_STEP(pg_capes_history_check_step_until, 4, "capes_history_check")
HISTORY_STEP(pg_capes_history_due_step, 2, "capes_history_due")
HISTORY_STEP(pg_capes_history_due_step_calendar, 3, "capes_history_due")
HISTORY_STEP(pg_capes_history_due_step_until, 4, "capes_history_due")

/* The fold of a final function, NULL for no rows. The finals only read it, so that the
 * aggregates also serve a running window frame. */
static const history_state *
history_of(FunctionCallInfo fcinfo, const char *final)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "%s called in non-aggregate context", final);
	return PG_ARGISNULL(0) ? NULL : (const history_state *) PG_GETARG_POINTER(0);
}

/* capes_history_final(internal) -> text: NULL when every step was valid */
PG_FUNCTION_INFO_V1(pg_capes_history_final);
Datum
pg_capes_history_final(PG_FUNCTION_ARGS)
{
	const history_state *s = history_of(fcinfo, "capes_history_final");

	if (!s || !s->h.invalid)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(s->h.msg));
}

/* capes_history_check_final(internal) -> boolean: true, or the first invalid step as an
 * error (23514); an empty history breaks no rule */
PG_FUNCTION_INFO_V1(pg_capes_history_check_final);
Datum
pg_capes_history_check_final(PG_FUNCTION_ARGS)
{
	const history_state *s = history_of(fcinfo, "capes_history_check_final");
	capes_err	err;

	if (s && s->h.invalid)
	{
		capes_err_init(&err, s->fn);
		capes_refuse(&err, s->h.article, s->h.msg);
		raise_error(&err);
	}
	PG_RETURN_BOOL(true);
}

/* capes_history_due_final(internal) -> date: the deadline running after the last step, NULL
 * when none runs or the history is invalid */
PG_FUNCTION_INFO_V1(pg_capes_history_due_final);
Datum
pg_capes_history_due_final(PG_FUNCTION_ARGS)
{
	const history_state *s = history_of(fcinfo, "capes_history_due_final");
	capes_err	err;
	capes_day	due;
	bool		has;

	if (!s)
		PG_RETURN_NULL();
	capes_err_init(&err, s->fn);
	if (capes_history_due(&err, &s->h, &has, &due) != CAPES_OK)
		raise_error(&err);
	if (!has)
		PG_RETURN_NULL();
	return result_date(due);
}

/* ----------------------------------------------- capes_history_trace (internal state) */

/* The fold and the JSON objects of its steps so far, comma separated, in the aggregate's
 * memory: the final function only reads them, so that a running window frame can ask again. */
typedef struct trace_state
{
	capes_history h;
	int			position;
	StringInfoData json;
}			trace_state;

/* One step of capes_history_trace(state, occurred_on [, calendar [, until]]), read as by
 * history_step, folded and written by capes_history_trace_step. */
static Datum
history_trace_step(FunctionCallInfo fcinfo, int nargs)
{
	const char *fn = "capes_history_trace";
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, fn);
	MemoryContext aggcontext,
				old;
	trace_state *s;
	capes_step	step = {CAPES_STATE_NONE, 0, false, 0};
	capes_calendar cal = CAPES_CAL_FR;
	bool		has;
	char	   *json;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "%s called in non-aggregate context", fn);
	refuse_moving_frame(fcinfo, err);
	if (PG_ARGISNULL(0))
	{
		old = MemoryContextSwitchTo(aggcontext);
		s = (trace_state *) palloc(sizeof(trace_state));
		capes_history_init(&s->h);
		s->position = 0;
		initStringInfo(&s->json);
		MemoryContextSwitchTo(old);
	}
	else
		s = (trace_state *) PG_GETARG_POINTER(0);
	has = arg_history_step(err, fcinfo, nargs, &step, &cal);
	json = palloc(CAPES_HISTORY_JSON_MAX);
	if (capes_history_trace_step(err, &s->h, ++s->position, has, &step, cal, json, CAPES_HISTORY_JSON_MAX) != CAPES_OK)
		raise_error(err);
	old = MemoryContextSwitchTo(aggcontext);
	if (s->json.len > 0)
		appendStringInfoChar(&s->json, ',');
	appendStringInfoString(&s->json, json);
	MemoryContextSwitchTo(old);
	pfree(json);
	PG_RETURN_POINTER(s);
}

/* capes_history_trace_step(internal, state text, occurred_on date [, calendar text [, until
 * date]]) -> internal */
PG_FUNCTION_INFO_V1(pg_capes_history_trace_step);
Datum
pg_capes_history_trace_step(PG_FUNCTION_ARGS)
{
	return history_trace_step(fcinfo, PG_NARGS() - 1);
}

/* capes_history_trace_final(internal) -> json: the steps as a JSON array, '[]' for no rows;
 * json keeps the text as written, so it is the same string as SQLite's */
PG_FUNCTION_INFO_V1(pg_capes_history_trace_final);
Datum
pg_capes_history_trace_final(PG_FUNCTION_ARGS)
{
	const trace_state *s;
	StringInfoData out;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "capes_history_trace_final called in non-aggregate context");
	s = PG_ARGISNULL(0) ? NULL : (const trace_state *) PG_GETARG_POINTER(0);
	initStringInfo(&out);
	appendStringInfoChar(&out, '[');
	if (s)
		appendBinaryStringInfo(&out, s->json.data, s->json.len);
	appendStringInfoChar(&out, ']');
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
}
