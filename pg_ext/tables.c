/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for PostgreSQL: the table functions, in the order of the core's catalog, as
 * sqlite_ext/tables.c has SQLite's: each fills a materialized tuplestore with the core's
 * rows, in the core's order.
 *
 * Each takes the caller's tuple descriptor (MAT_SRF_USE_EXPECTED_DESC), which the executor
 * frees after every call: get_call_result_type would build one from the catalog in the
 * query's memory on every call and leave the work arrays behind, hundreds of bytes a call
 * kept until the query ends (tests/memory). */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

#include "glue.h"

/* capes_schedule(state text, since date, calendar text DEFAULT 'fr' [, until date])
 *   -> TABLE (kind text, due date, article text); the overload with until is not STRICT:
 *   a NULL until is its default */
PG_FUNCTION_INFO_V1(pg_capes_schedule);
Datum
pg_capes_schedule(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_schedule");
	int			state;
	capes_day	since,
				until = 0;
	capes_calendar cal;
	capes_schedule_row rows[CAPES_SCHEDULE_MAX];
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n = 0,
				i;
	bool		has_until;

	if (!PG_ARGISNULL(0) && !PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		state = arg_code(err, fcinfo, 0, "state", &capes_states);
		since = arg_date(err, fcinfo, 1, "since");
		cal = arg_calendar(err, fcinfo, 2);
		has_until = arg_until(err, fcinfo, 3, "until", &until);
		if (capes_schedule(err, state, since, cal, has_until, until, rows, &n) != CAPES_OK)
			raise_error(err);
	}
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	for (i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = result_text(rows[i].kind);
		values[1] = result_date(rows[i].due);
		values[2] = result_text(rows[i].article);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* capes_next_states(text) -> TABLE (state text); NULL is a new case */
PG_FUNCTION_INFO_V1(pg_capes_next_states);
Datum
pg_capes_next_states(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_next_states");
	int			from = PG_ARGISNULL(0) ? CAPES_STATE_NONE : arg_code(err, fcinfo, 0, "state", &capes_states);
	int			next[CAPES_N_STATES];
	int			n = capes_next_states(from, next),
				i;
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	for (i = 0; i < n; i++)
	{
		Datum		values[1] = {result_text(capes_states.terms[next[i]].code)};
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

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	for (s = 0; s < CAPES_N_STATES; s++)
	{
		const capes_term *t = &capes_states.terms[s];
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		values[0] = result_text(t->code);
		values[1] = result_text(t->label_fr);
		values[2] = result_text(t->label_en);
		values[3] = result_text(t->article);
		values[4] = BoolGetDatum(capes_state_initial(s));
		values[5] = BoolGetDatum(capes_state_terminal(s));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* capes_codes() -> TABLE (vocabulary, code, label_fr, label_en, article text): every code of
 * every vocabulary, in the core's order */
PG_FUNCTION_INFO_V1(pg_capes_codes);
Datum
pg_capes_codes(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			v,
				k;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	for (v = 0; v < CAPES_N_VOCABULARIES; v++)
		for (k = 0; k < capes_vocabularies[v].vocab->n; k++)
		{
			const capes_term *t = &capes_vocabularies[v].vocab->terms[k];
			Datum		values[5];
			bool		nulls[5] = {false, false, false, false, false};

			values[0] = result_text(capes_vocabularies[v].name);
			values[1] = result_text(t->code);
			values[2] = result_text(t->label_fr);
			values[3] = result_text(t->label_en);
			values[4] = result_text(t->article);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	return (Datum) 0;
}

/* capes_holidays(year integer, calendar text DEFAULT 'fr') -> TABLE (day date, name text); from
 * 1.1 also year bigint, numeric and double precision (docs/rules.md#whole-numbers) */
static Datum
holidays(FunctionCallInfo fcinfo, glue_number type)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_holidays");
	int64		year = arg_whole(err, fcinfo, 0, CAPES_VALUE_YEAR, "year", type);
	capes_calendar cal = arg_calendar(err, fcinfo, 1);
	capes_holiday h[CAPES_HOLIDAYS_MAX];
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n = capes_holidays((int) year, cal, h),
				i;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	for (i = 0; i < n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = result_date(h[i].day);
		values[1] = result_text(h[i].name);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

GLUE_WHOLE_ENTRIES(pg_capes_holidays, holidays);

/* ---------------------------------------------------------- explanations */

/* The rows of a trace (docs/rules.md#explanations), as call.c and SQLite's glue show them:
 * kind 'p' (step, value, rule, article), 'd' (step, day, rule, article), 't' (check, passed,
 * detail, article). The trace is a local of the caller: nothing is kept between calls. */
static void
put_trace(FunctionCallInfo fcinfo, const capes_trace *t, char kind)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			i;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	for (i = 0; t && i < t->n; i++)
	{
		const capes_trace_row *r = &t->rows[i];
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = result_text(r->step);
		values[1] = kind == 'p' ? result_text(r->value) : kind == 'd' ? result_date(r->day) : BoolGetDatum(r->passed);
		values[2] = result_text(kind == 't' ? r->value : r->rule);
		values[3] = result_text(r->article ? r->article : "-");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* capes_explain_penalty(risks integer | bigint | numeric | double precision, level text,
 *   revenue numeric) -> TABLE (step, value, rule, article text): risks read as capes_penalty
 *   reads it (docs/rules.md#whole-numbers) */
static Datum
explain_penalty(FunctionCallInfo fcinfo, glue_number type)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_explain_penalty");
	int64		risks = arg_whole(err, fcinfo, 0, CAPES_VALUE_RISKS, "risks", type);
	int			level = arg_code(err, fcinfo, 1, "level", &capes_levels);
	capes_revenue revenue;
	capes_trace trace;

	trace.n = 0;
	revenue = arg_revenue_traced(err, fcinfo, 2, &trace);
	capes_explain_penalty((int) risks, level, &revenue, &trace);
	put_trace(fcinfo, &trace, 'p');
	return (Datum) 0;
}

GLUE_WHOLE_ENTRIES(pg_capes_explain_penalty, explain_penalty);

/* capes_explain_refusal_penalty(revenue numeric) -> TABLE (step, value, rule, article text) */
PG_FUNCTION_INFO_V1(pg_capes_explain_refusal_penalty);
Datum
pg_capes_explain_refusal_penalty(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_explain_refusal_penalty");
	capes_revenue revenue;
	capes_trace trace;

	trace.n = 0;
	revenue = arg_revenue_traced(err, fcinfo, 0, &trace);
	capes_explain_penalty(0, CAPES_EXPLAIN_REFUSAL, &revenue, &trace);
	put_trace(fcinfo, &trace, 'p');
	return (Datum) 0;
}

/* capes_explain_deadline(start date, kind text, calendar text DEFAULT 'fr')
 *   -> TABLE (step text, day date, rule text, article text) */
PG_FUNCTION_INFO_V1(pg_capes_explain_deadline);
Datum
pg_capes_explain_deadline(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_explain_deadline");
	capes_day	start = arg_date(err, fcinfo, 0, "start"),
				out;
	int			kind = arg_code(err, fcinfo, 1, "kind", &capes_kinds);
	capes_calendar cal = arg_calendar(err, fcinfo, 2);
	capes_trace trace;

	trace.n = 0;
	if (capes_deadline_traced(err, start, (capes_kind) kind, cal, &out, &trace) != CAPES_OK)
		raise_error(err);
	put_trace(fcinfo, &trace, 'd');
	return (Datum) 0;
}

/* capes_explain_transition("from" text, "to" text, from_date date, to_date date,
 *   calendar text DEFAULT 'fr' [, from_until date [, until date]])
 *   -> TABLE ("check" text, passed boolean, detail text, article text); not STRICT, as
 *   capes_transition_error: a NULL from is a new case, a NULL term its default, any other
 *   NULL gives no rows */
PG_FUNCTION_INFO_V1(pg_capes_explain_transition);
Datum
pg_capes_explain_transition(PG_FUNCTION_ARGS)
{
	capes_err	err_buf;
	capes_err  *err = capes_err_init(&err_buf, "capes_explain_transition");
	capes_step	from,
				to;
	capes_calendar cal;
	capes_code	code;
	capes_trace trace;

	trace.n = 0;
	if (!arg_transition(err, fcinfo, &from, &to, &cal))
	{
		put_trace(fcinfo, NULL, 't');
		return (Datum) 0;
	}
	code = capes_explain_step(err, &from, &to, cal, &trace);
	if (code != CAPES_OK && code != CAPES_ERR_TRANSITION)
		raise_error(err);
	put_trace(fcinfo, &trace, 't');
	return (Datum) 0;
}

/* ---------------------------------------------------------- traceability */

/* capes_sources() -> TABLE (rule, article, text_excerpt text) */
PG_FUNCTION_INFO_V1(pg_capes_sources);
Datum
pg_capes_sources(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			i;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	for (i = 0; i < capes_n_sources; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = result_text(capes_sources[i].rule);
		values[1] = result_text(capes_sources[i].article);
		values[2] = result_text(capes_sources[i].excerpt);
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

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	for (i = 0; i < capes_n_interpretations; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = result_text(capes_interpretations[i].id);
		values[1] = result_text(capes_interpretations[i].question);
		values[2] = result_text(capes_interpretations[i].choice);
		values[3] = result_text(capes_interpretations[i].rationale);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
