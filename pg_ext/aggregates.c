/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for PostgreSQL: the aggregates' support functions, as sqlite_ext/aggregates.c has
 * SQLite's: the contract aggregates over a bigint state (the core's capes_contract packed
 * in 64 bits, so that parallel and distributed plans can combine it), and the history
 * aggregate over a capes_history in the aggregate's memory. */
#include "postgres.h"

#include "fmgr.h"
#include "nodes/primnodes.h"
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
		int64_t		cents = is_null ? 0 : arg_revenue(err, fcinfo, 3);

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
		cal = arg_calendar(err, fcinfo, 3);
	has = !PG_ARGISNULL(1) && !PG_ARGISNULL(2) && !(with_calendar && PG_ARGISNULL(3));
	if (has)
	{
		state = arg_code(err, fcinfo, 1, "state", &capes_states);
		day = arg_date(err, fcinfo, 2, "occurred_on");
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
