/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* SQLite values to the core's types and back, and the core's errors to SQLite's.
 *
 * A value of the wrong storage class is an error, never a guess:
 *   fn: arg must be EXPECTED (got GIVEN)
 * where GIVEN is the value with its storage class: integer 20160101, real 2016.5,
 * blob x'0102', or text in quotes like every other message ('abc'). */
#include "glue.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define BLOB_SHOWN 16 /* bytes of a blob shown in a message */

static capes_code wrong_type(capes_err *err, sqlite3_value *v, const char *arg, const char *expected)
{
    char given[24 + 2 * BLOB_SHOWN];
    const unsigned char *b;
    int n, i, o;

    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        capes_format(given, sizeof given, "integer %lld", (long long) sqlite3_value_int64(v));
        break;
    case SQLITE_FLOAT:
        /* as SQLite itself shows a REAL */
        sqlite3_snprintf((int) sizeof given, given, "real %!.15g", sqlite3_value_double(v));
        break;
    case SQLITE_TEXT: {
        const char *text = (const char *) sqlite3_value_text(v);

        if (!text) {
            err->code = GLUE_NOMEM;
            return GLUE_NOMEM;
        }
        return capes_fail_text(err, CAPES_ERR_TYPE, arg, expected, text, (size_t) sqlite3_value_bytes(v));
    }
    default:
        b = sqlite3_value_blob(v);
        n = sqlite3_value_bytes(v);
        o = capes_format(given, sizeof given, "blob x'");
        for (i = 0; i < n && i < BLOB_SHOWN; i++)
            o += capes_format(given + o, sizeof given - (size_t) o, "%02X", b[i]);
        capes_format(given + o, sizeof given - (size_t) o, "'%s", n > BLOB_SHOWN ? "..." : "");
        break;
    }
    return capes_fail(err, CAPES_ERR_TYPE, arg, expected, given);
}

capes_code arg_absent(capes_err *err, const char *arg, const char *expected)
{
    return capes_fail(err, CAPES_ERR_TYPE, arg, expected, "no argument");
}

const char *expected_code(const capes_vocab *vocab, char *buf, size_t size)
{
    size_t n = strlen(capes_vocab_expected(vocab, buf, size));

    capes_format(buf + n, size - n, " as text");
    return buf;
}

/* The text of a TEXT value, else a type error. */
capes_code arg_text(capes_err *err, sqlite3_value *v, const char *arg, const char *expected, const char **text,
                     size_t *len)
{
    *text = NULL;
    *len = 0;
    if (sqlite3_value_type(v) != SQLITE_TEXT)
        return wrong_type(err, v, arg, expected);
    *text = (const char *) sqlite3_value_text(v);
    if (!*text) {
        err->code = GLUE_NOMEM;
        return GLUE_NOMEM;
    }
    *len = (size_t) sqlite3_value_bytes(v);
    return CAPES_OK;
}

capes_code arg_civil(capes_err *err, sqlite3_value *v, const char *arg, capes_date *out)
{
    const char *text;
    size_t len;

    if (arg_text(err, v, arg, GLUE_EXPECT_DATE, &text, &len) != CAPES_OK)
        return err->code;
    return capes_parse_civil(err, arg, text, len, out);
}

capes_code arg_date(capes_err *err, sqlite3_value *v, const char *arg, capes_day *out)
{
    capes_date date;

    if (arg_civil(err, v, arg, &date) != CAPES_OK)
        return err->code;
    *out = date.day;
    return CAPES_OK;
}

capes_code arg_code(capes_err *err, sqlite3_value *v, const char *arg, const capes_vocab *vocab, int *out)
{
    char expected[CAPES_MSG_MAX / 2];
    const char *text;
    size_t len;

    if (sqlite3_value_type(v) != SQLITE_TEXT)
        return wrong_type(err, v, arg, expected_code(vocab, expected, sizeof expected));
    if (arg_text(err, v, arg, NULL, &text, &len) != CAPES_OK)
        return err->code;
    return capes_lookup(err, arg, vocab, text, len, out);
}

capes_code arg_calendar(capes_err *err, int argc, sqlite3_value **argv, int i, int *cal)
{
    *cal = CAPES_CAL_FR;
    if (i >= argc)
        return CAPES_OK;
    return arg_code(err, argv[i], "calendar", &capes_calendars, cal);
}

capes_code arg_code_cached(sqlite3_context *ctx, capes_err *err, sqlite3_value **argv, int i, const char *arg,
                         const capes_vocab *vocab, int *out)
{
    /* the code + 1, so that a cached 0 is not taken for no cache */
    intptr_t cached = (intptr_t) sqlite3_get_auxdata(ctx, i);

    if (cached) {
        *out = (int) cached - 1;
        return CAPES_OK;
    }
    if (arg_code(err, argv[i], arg, vocab, out) != CAPES_OK)
        return err->code;
    sqlite3_set_auxdata(ctx, i, (void *) (intptr_t) (*out + 1), NULL);
    return CAPES_OK;
}

capes_code arg_whole(capes_err *err, sqlite3_value *v, capes_value value, const char *arg, int64_t *out)
{
    const char *text;
    size_t len;

    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        return capes_whole_from_int(err, value, arg, sqlite3_value_int64(v), out);
    case SQLITE_FLOAT:
        return capes_whole_from_double(err, value, arg, sqlite3_value_double(v), out);
    case SQLITE_TEXT:
        if (arg_text(err, v, arg, NULL, &text, &len) != CAPES_OK)
            return err->code;
        return capes_whole_from_text(err, value, arg, text, len, out);
    default:
        return wrong_type(err, v, arg, GLUE_EXPECT_WHOLE);
    }
}

/* A revenue as INTEGER, REAL or TEXT: one reader for both entry points below. Inlined into each
 * with its trace, so that without one (every capes_penalty row) it calls the core's untraced
 * readers and pays nothing for the explanations. */
static inline capes_code revenue_of(capes_err *err, sqlite3_value *v, const char *arg, capes_revenue *out,
                                    capes_trace *trace)
{
    const char *text;
    size_t len;

    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        return trace ? capes_revenue_from_int_traced(err, arg, sqlite3_value_int64(v), out, trace)
                     : capes_revenue_from_int(err, arg, sqlite3_value_int64(v), out);
    case SQLITE_FLOAT:
        return trace ? capes_revenue_from_double_traced(err, arg, sqlite3_value_double(v), out, trace)
                     : capes_revenue_from_double(err, arg, sqlite3_value_double(v), out);
    case SQLITE_TEXT:
        if (arg_text(err, v, arg, NULL, &text, &len) != CAPES_OK)
            return err->code;
        return trace ? capes_revenue_from_text_traced(err, arg, text, len, out, trace)
                     : capes_revenue_from_text(err, arg, text, len, out);
    default:
        return wrong_type(err, v, arg, GLUE_EXPECT_AMOUNT);
    }
}

capes_code arg_revenue(capes_err *err, sqlite3_value *v, const char *arg, capes_revenue *out)
{
    return revenue_of(err, v, arg, out, NULL);
}

capes_code arg_revenue_traced(capes_err *err, sqlite3_value *v, const char *arg, capes_revenue *out,
                              capes_trace *trace)
{
    return revenue_of(err, v, arg, out, trace);
}

capes_code arg_amount(capes_err *err, sqlite3_value *v, const char *arg, bool negative_ok, char buf[GLUE_AMOUNT_MAX],
                      capes_decimal *out)
{
    const char *text;
    size_t len;
    capes_revenue cents;

    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: {
        /* an integer is exact: its decimal without a text up to 10^13 euros; beyond, and for a
         * negative one refused, the text's reading words the error */
        sqlite3_int64 i = sqlite3_value_int64(v);

        if (i >= -CAPES_REVENUE_MAX_CENTS / 100 && i <= CAPES_REVENUE_MAX_CENTS / 100 && (i >= 0 || negative_ok)) {
            capes_decimal_from_cents(i < 0, (i < 0 ? -i : i) * 100, buf, out);
            return CAPES_OK;
        }
        len = (size_t) capes_format(buf, GLUE_AMOUNT_MAX, "%lld", (long long) i);
        return capes_decimal_from_text(err, arg, buf, len, negative_ok, out);
    }
    case SQLITE_FLOAT: {
        /* a REAL is first rounded to its nearest cent, as a revenue is (docs/rules.md#revenue):
         * then the decimal of those cents, which the text "[-]E.CC" would read as */
        double d = sqlite3_value_double(v);
        /* a finite negative amount is rounded as its magnitude; an infinity is refused as given */
        bool minus = negative_ok && d < 0 && isfinite(d);

        if (capes_revenue_from_double(err, arg, minus ? -d : d, &cents) != CAPES_OK)
            return err->code;
        capes_decimal_from_cents(minus, cents.cents, buf, out);
        return CAPES_OK;
    }
    case SQLITE_TEXT:
        if (arg_text(err, v, arg, NULL, &text, &len) != CAPES_OK)
            return err->code;
        return capes_decimal_from_text(err, arg, text, len, negative_ok, out);
    default:
        return wrong_type(err, v, arg, GLUE_EXPECT_AMOUNT);
    }
}

capes_code arg_until(capes_err *err, sqlite3_value *v, const char *arg, bool *has, capes_day *out)
{
    *has = sqlite3_value_type(v) != SQLITE_NULL;
    return *has ? arg_date(err, v, arg, out) : CAPES_OK;
}

static bool null_or_absent(sqlite3_value *v)
{
    return !v || sqlite3_value_type(v) == SQLITE_NULL;
}

/* capes_transition_error, capes_check_transition and capes_explain_transition read their step
 * the same way: a NULL to, to_date or calendar, or a NULL from_date after a from, gives no answer. */
capes_code arg_transition(capes_err *err, sqlite3_value *const arg[7], capes_step *from, capes_step *to, int *cal,
                          bool *no_answer)
{
    static const capes_step none = {CAPES_STATE_NONE, 0, false, 0};
    bool new_case = null_or_absent(arg[0]);

    *from = none;
    *to = none;
    *cal = CAPES_CAL_FR;
    *no_answer = null_or_absent(arg[1]) || null_or_absent(arg[3]) || (!new_case && null_or_absent(arg[2])) ||
                 (arg[4] && sqlite3_value_type(arg[4]) == SQLITE_NULL);
    if (*no_answer)
        return CAPES_OK;
    if ((!new_case && arg_code(err, arg[0], "from", &capes_states, &from->state)) ||
        arg_code(err, arg[1], "to", &capes_states, &to->state) ||
        (!new_case && arg_date(err, arg[2], "from_date", &from->day)) || arg_date(err, arg[3], "to_date", &to->day) ||
        (arg[4] && arg_code(err, arg[4], "calendar", &capes_calendars, cal)) ||
        (arg[5] && arg_until(err, arg[5], "from_until", &from->has_until, &from->until)) ||
        (arg[6] && arg_until(err, arg[6], "until", &to->has_until, &to->until)))
        return err->code;
    return CAPES_OK;
}

bool any_null(int argc, sqlite3_value **argv, int from)
{
    int i;

    for (i = from; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return true;
    return false;
}

void result_money(sqlite3_context *ctx, int64_t cents)
{
    /* cents <= 10^15 < 2^53: exact in a double, and cents / 100.0 prints back with %.2f */
    sqlite3_result_double(ctx, (double) cents / 100.0);
}

void result_rate(sqlite3_context *ctx, int bp)
{
    sqlite3_result_double(ctx, (double) bp / CAPES_BP_DIVISOR);
}

void result_date(sqlite3_context *ctx, capes_day day)
{
    capes_date date = capes_date_of(day);

    result_civil(ctx, &date);
}

void result_civil(sqlite3_context *ctx, const capes_date *date)
{
    char text[CAPES_DATE_TEXT_MAX];
    int n = capes_format_civil(date, text);

    sqlite3_result_text(ctx, text, n, SQLITE_TRANSIENT);
}

void raise_error(sqlite3_context *ctx, const capes_err *err)
{
    if (err->code <= CAPES_OK || err->code >= CAPES_N_ERRORS) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* the message first: sqlite3_result_error resets the code to SQLITE_ERROR */
    sqlite3_result_error(ctx, err->msg, (int) err->len);
    sqlite3_result_error_code(ctx, capes_errors[err->code].sqlite_code);
}

int raise_vtab_error(sqlite3_vtab *vtab, const capes_err *err)
{
    if (err->code <= CAPES_OK || err->code >= CAPES_N_ERRORS)
        return SQLITE_NOMEM;
    sqlite3_free(vtab->zErrMsg);
    vtab->zErrMsg = sqlite3_mprintf("%s", err->msg);
    return vtab->zErrMsg ? capes_errors[err->code].sqlite_code : SQLITE_NOMEM;
}
