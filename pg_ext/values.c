/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* capes for PostgreSQL: Datums to the core's types and back, and the core's errors to
 * PostgreSQL's: the same helpers, in the same order, as sqlite_ext/values.c. */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/numeric.h"

#include "glue.h"

/* --------------------------------------------------------------- arguments */

/* A date as a core day number, 1583-01-01 .. 9999-12-31. */
capes_day
arg_date(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name)
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
 * The last code read at each argument of a call site, in fn_extra: a constant kind or
 * calendar (capes_deadline(d, 'observations', 'fr')) is then looked up once per query and
 * compared byte for byte on the other rows, and a per-row code (a column) costs one short
 * memcmp more. Keyed by the bytes, never by the argument's origin, so a value that changes
 * between calls (a PL/pgSQL variable in a reused expression) is always looked up again.
 */
#define CODE_CACHE_ARGS 8
#define CODE_CACHE_BYTES 24		/* "establishment_draft", the longest code, fits */

typedef struct code_cache
{
	struct
	{
		int			len;		/* -1: nothing kept */
		int			code;
		char		bytes[CODE_CACHE_BYTES];
	}			arg[CODE_CACHE_ARGS];
} code_cache;

static code_cache *
code_cache_of(FunctionCallInfo fcinfo)
{
	FmgrInfo   *f = fcinfo->flinfo;
	code_cache *c;
	int			i;

	if (f == NULL)
		return NULL;
	if (f->fn_extra == NULL)
	{
		c = MemoryContextAlloc(f->fn_mcxt, sizeof *c);
		for (i = 0; i < CODE_CACHE_ARGS; i++)
			c->arg[i].len = -1;
		f->fn_extra = c;
	}
	return (code_cache *) f->fn_extra;
}

/* A code of vocabulary v (risk, level, state, kind, calendar, lang). */
int
arg_code(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name, const capes_vocab *v)
{
	text	   *t = PG_GETARG_TEXT_PP(i);
	const char *bytes = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	code_cache *c = i < CODE_CACHE_ARGS ? code_cache_of(fcinfo) : NULL;
	int			out;

	if (c && (size_t) c->arg[i].len == len && memcmp(c->arg[i].bytes, bytes, len) == 0)
		return c->arg[i].code;
	if (capes_lookup(err, name, v, bytes, len, &out) != CAPES_OK)
		raise_error(err);
	if (c && len <= CODE_CACHE_BYTES)
	{
		memcpy(c->arg[i].bytes, bytes, len);
		c->arg[i].len = (int) len;
		c->arg[i].code = out;
	}
	return out;
}

/* The calendar argument at i ('fr' by SQL default). */
capes_calendar
arg_calendar(capes_err *err, FunctionCallInfo fcinfo, int i)
{
	if (PG_NARGS() <= i)
		return CAPES_CAL_FR;
	return (capes_calendar) arg_code(err, fcinfo, i, "calendar", &capes_calendars);
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
#define NUM_FAST_DIGITS 12		/* weight 3 down to -8: what the core reads without the text */

/* The sign, weight and base-10000 digits of a numeric in the short format; false for any
 * other (the text path decides). Inlined into its two callers: capes_penalty's revenue pays no
 * call for it. */
static pg_attribute_always_inline bool
numeric_digits(const struct varlena *v, bool *negative, int *weight, int16 digits[NUM_FAST_DIGITS], int *ndigits)
{
	const char *data = VARDATA_ANY(v);
	size_t		size = VARSIZE_ANY_EXHDR(v);
	uint16		h;

	if (size < sizeof(uint16))
		return false;
	memcpy(&h, data, sizeof h);
	*ndigits = (int) ((size - sizeof(uint16)) / sizeof(int16));
	if ((h & NUM_FLAG_MASK) != NUM_SHORT || *ndigits > NUM_FAST_DIGITS)
		return false;
	memcpy(digits, data + sizeof(uint16), (size_t) *ndigits * sizeof(int16)); /* may be unaligned */
	*negative = (h & NUM_SHORT_NEG) != 0;
	*weight = NUM_SHORT_WEIGHT((int) h);
	return true;
}

static bool
revenue_fast(const struct varlena *v, capes_revenue *out)
{
	int16		digits[NUM_FAST_DIGITS];
	bool		negative;
	int			weight,
				ndigits;

	return numeric_digits(v, &negative, &weight, digits, &ndigits) &&
		capes_revenue_from_base10000(negative, weight, digits, ndigits, out);
}

/* A revenue, exact: the core reads numeric's digits, or its decimal text. */
capes_revenue
arg_revenue(capes_err *err, FunctionCallInfo fcinfo, int i)
{
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(i));
	capes_revenue revenue;
	char	   *s;

	if (revenue_fast(v, &revenue))
		return revenue;
	s = DatumGetCString(DirectFunctionCall1(numeric_out, PointerGetDatum(v)));
	if (capes_revenue_from_text(err, "revenue", s, strlen(s), &revenue) != CAPES_OK)
		raise_error(err);
	pfree(s);
	return revenue;
}

/* The same for an explanation, from numeric's text (exact, as the fast path): the core
 * writes the revenue row of the trace. */
capes_revenue
arg_revenue_traced(capes_err *err, FunctionCallInfo fcinfo, int i, capes_trace *trace)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(i)));
	capes_revenue revenue;

	if (capes_revenue_from_text_traced(err, "revenue", s, strlen(s), &revenue, trace) != CAPES_OK)
		raise_error(err);
	pfree(s);
	return revenue;
}

/* An exact amount (capes_amount_error): the core reads numeric's digits, its decimals written
 * in frac, as capes_revenue does, sparing numeric_out and a parse on every row; any other
 * value, and every error, from numeric's text (which out then points into). */
capes_decimal
arg_amount(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name, bool negative_ok,
		   char frac[CAPES_BASE10000_FRAC])
{
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(i));
	int16		digits[NUM_FAST_DIGITS];
	bool		negative;
	int			weight,
				ndigits;
	capes_decimal out;
	char	   *s;

	if (numeric_digits(v, &negative, &weight, digits, &ndigits) &&
		capes_decimal_from_base10000(negative, weight, digits, ndigits, frac, &out) &&
		(negative_ok || !out.negative))
		return out;
	s = DatumGetCString(DirectFunctionCall1(numeric_out, PointerGetDatum(v)));
	if (capes_decimal_from_text(err, name, s, strlen(s), negative_ok, &out) != CAPES_OK)
		raise_error(err);
	return out;
}

/* A count of risks or a year: an integer as it is, a numeric from its exact text (NaN and
 * the infinities included), a double as it is; the core checks it is whole and in range. */
int64
arg_whole(capes_err *err, FunctionCallInfo fcinfo, int i, capes_value value, const char *name, glue_number type)
{
	int64_t		out = 0;
	capes_code	code;
	char	   *s;

	switch (type)
	{
		case GLUE_INT4:
			code = capes_whole_from_int(err, value, name, PG_GETARG_INT32(i), &out);
			break;
		case GLUE_INT8:
			code = capes_whole_from_int(err, value, name, PG_GETARG_INT64(i), &out);
			break;
		case GLUE_NUMERIC:
			s = DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(i)));
			code = capes_whole_from_text(err, value, name, s, strlen(s), &out);
			pfree(s);
			break;
		default:
			code = capes_whole_from_double(err, value, name, PG_GETARG_FLOAT8(i), &out);
			break;
	}
	if (code != CAPES_OK)
		raise_error(err);
	return (int64) out;
}

/* A term (until): NULL is its default, and so is an argument the function does not have. */
bool
arg_until(capes_err *err, FunctionCallInfo fcinfo, int i, const char *name, capes_day *out)
{
	if (PG_NARGS() <= i || PG_ARGISNULL(i))
		return false;
	*out = arg_date(err, fcinfo, i, name);
	return true;
}

/* capes_transition_error, capes_check_transition and capes_explain_transition read their step
 * the same way: a NULL to, to_date or calendar, or a NULL from_date after a from, gives no answer. */
bool
arg_transition(capes_err *err, FunctionCallInfo fcinfo, capes_step *from, capes_step *to, capes_calendar *cal)
{
	capes_step	none = {CAPES_STATE_NONE, 0, false, 0};

	*from = none;
	*to = none;
	if (PG_ARGISNULL(1) || PG_ARGISNULL(3) || (!PG_ARGISNULL(0) && PG_ARGISNULL(2)) ||
		(PG_NARGS() > 4 && PG_ARGISNULL(4)))
		return false;
	if (!PG_ARGISNULL(0))
		from->state = arg_code(err, fcinfo, 0, "from", &capes_states);
	to->state = arg_code(err, fcinfo, 1, "to", &capes_states);
	if (!PG_ARGISNULL(0))
		from->day = arg_date(err, fcinfo, 2, "from_date");
	to->day = arg_date(err, fcinfo, 3, "to_date");
	*cal = arg_calendar(err, fcinfo, 4);
	from->has_until = arg_until(err, fcinfo, 5, "from_until", &from->until);
	to->has_until = arg_until(err, fcinfo, 6, "until", &to->until);
	return true;
}

/* ----------------------------------------------------------------- results */

Datum
result_money(int64_t cents)
{
	return NumericGetDatum(int64_div_fast_to_numeric(cents, 2));
}

Datum
result_rate(int bp)
{
	return NumericGetDatum(int64_div_fast_to_numeric(bp, 4));
}

Datum
result_date(capes_day day)
{
	return DateADTGetDatum((DateADT) (day - PG_EPOCH_DAY));
}

Datum
result_text(const char *s)
{
	return PointerGetDatum(cstring_to_text(s));
}

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
void
raise_error(const capes_err *err)
{
	const char *state,
			   *article;
	int			code;

	if (err->code <= CAPES_OK || err->code >= CAPES_N_ERRORS)
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
