/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/*
 * capes: the rules of the CAPES regime (Code de la sécurité sociale, L162-30-3,
 * R162-45 to R162-45-2, 2015-2017) as plain C, for the SQLite and PostgreSQL glue.
 *
 * Nothing here knows either database. Every function that can fail returns a
 * capes_code and writes its results through out-parameters; on failure it fills
 * the caller's capes_err with the message both engines show. No function
 * allocates, prints, exits or keeps state between calls.
 */
#ifndef CAPES_H
#define CAPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The release, as written in the file VERSION (compiled in by core/version.c). */
extern const char capes_release[];

/* ---------------------------------------------------------------- format */

#if defined(__GNUC__)
#define CAPES_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CAPES_PRINTF(fmt, args)
#endif

/* snprintf for every text the core writes (format.c): always NUL-terminated, cut to size,
 * returns the length the whole text has. Only %s, %.*s, %c, %d, %u, %x, %X (with ll, and a
 * width up to 24, zero-padded or not: %02d, %04X) and %%, never the locale's spelling; gcc
 * checks the arguments as printf's. A double needs the C library's snprintf. */
int capes_format(char *buf, size_t size, const char *fmt, ...) CAPES_PRINTF(3, 4);
int capes_vformat(char *buf, size_t size, const char *fmt, va_list ap) CAPES_PRINTF(3, 0);

/* ---------------------------------------------------------------- errors */

/* Each code has one row in capes_errors[] (error.c): SQLSTATE, SQLite code. */
typedef enum capes_code {
    CAPES_OK = 0,
    CAPES_ERR_ARG,          /* bad argument value: unknown code, out of its range   22023 */
    CAPES_ERR_TYPE,         /* SQLite value of the wrong storage class              22023 */
    CAPES_ERR_DATE_FORMAT,  /* date text not 'YYYY-MM-DD'                           22007 */
    CAPES_ERR_DATE_RANGE,   /* impossible date, or outside 1583-01-01..9999-12-31   22008 */
    CAPES_ERR_AMOUNT_RANGE, /* amount beyond 10^13 euros, infinite                  22003 */
    CAPES_ERR_TRANSITION,   /* a procedure step the law does not allow              23514 */
    CAPES_N_ERRORS
} capes_code;

typedef struct capes_error_kind {
    capes_code code;
    const char *sqlstate; /* PostgreSQL SQLSTATE */
    int sqlite_code;      /* SQLITE_ERROR (1) or SQLITE_CONSTRAINT (19) */
} capes_error_kind;

extern const capes_error_kind capes_errors[CAPES_N_ERRORS];

#define CAPES_MSG_MAX 1024 /* the longest message (a list of codes and 40 escaped characters) fits */

typedef struct capes_err {
    const char *fn;        /* SQL function name, set by the caller before the call */
    capes_code code;
    const char *article;   /* article of the rule involved, or NULL */
    size_t reason_at;      /* offset in msg where the text after "fn: " starts */
    size_t len;            /* strlen(msg), so that the glue passes it to the engine without a count */
    char msg[CAPES_MSG_MAX];
} capes_err;

/* Every capes_err starts here. It does not clear msg: zeroing the whole buffer on every
 * call of a hot function would cost more than the call, for a message written only on
 * failure. */
static inline capes_err *capes_err_init(capes_err *err, const char *fn)
{
    err->fn = fn;
    err->code = CAPES_OK;
    err->article = NULL;
    err->reason_at = 0;
    err->len = 0;
    err->msg[0] = '\0';
    return err;
}

/* "fn: REASON": a step, term or amount the law does not allow (CAPES_ERR_TRANSITION),
 * with the article of the rule it breaks. */
capes_code capes_refuse(capes_err *err, const char *article, const char *reason);
/* The same with the reason formatted (capes_format) straight into the message. */
capes_code capes_refusef(capes_err *err, const char *article, const char *fmt, ...) CAPES_PRINTF(3, 4);
capes_code capes_vrefuse(capes_err *err, const char *article, const char *fmt, va_list ap) CAPES_PRINTF(3, 0);
/* "fn: arg must be EXPECTED (got GIVEN)" -- GIVEN is quoted and escaped by the caller. */
capes_code capes_fail(capes_err *err, capes_code code, const char *arg, const char *expected,
                      const char *given);
/* "fn: arg must be EXPECTED (got 'TEXT')": TEXT shown quoted, cut at 40 characters,
 * bytes that are not valid UTF-8 and ASCII controls shown as \xNN, invisible characters
 * and combining marks as \uXXXX (docs/rules.md#given-values). */
capes_code capes_fail_text(capes_err *err, capes_code code, const char *arg,
                           const char *expected, const char *text, size_t len);
/* The message without its "fn: " prefix, and its length. */
const char *capes_err_reason(const capes_err *err);
size_t capes_err_reason_len(const capes_err *err);

/* ------------------------------------------------------------ vocabulary */

typedef struct capes_term {
    const char *code;
    size_t code_len; /* strlen(code): compared first on every lookup */
    const char *alias[3];
    const char *label_fr;
    const char *label_en;
    const char *article;
} capes_term;

typedef struct capes_vocab {
    const capes_term *terms;
    int n;
} capes_vocab;

typedef enum { CAPES_RISK_INFECTIOUS, CAPES_RISK_MEDICATION, CAPES_RISK_CARE_PATHWAY, CAPES_N_RISKS } capes_risk;
typedef enum { CAPES_LEVEL_NONE, CAPES_LEVEL_PARTIAL, CAPES_LEVEL_COMPLETE, CAPES_N_LEVELS } capes_level;
typedef enum {
    CAPES_STATE_NOTIFIED, CAPES_STATE_ESTABLISHMENT_DRAFT, CAPES_STATE_AGENCY_DRAFT, CAPES_STATE_SIGNED,
    CAPES_STATE_REFUSED, CAPES_STATE_REFUSAL_HEARING, CAPES_STATE_REFUSAL_PENALTY, CAPES_STATE_FORMAL_NOTICE,
    CAPES_STATE_PENALTY_PROPOSED,
    CAPES_STATE_OBSERVATIONS_RECEIVED, CAPES_STATE_PENALTY_DECIDED, CAPES_STATE_RECOVERY_NOTIFIED,
    CAPES_STATE_COMPLETED, CAPES_STATE_CLOSED, CAPES_N_STATES
} capes_state;
#define CAPES_STATE_NONE (-1) /* before the first step of a case */
typedef enum {
    CAPES_KIND_ESTABLISHMENT_DRAFT, CAPES_KIND_AGENCY_DRAFT, CAPES_KIND_SIGNATURE, CAPES_KIND_CONTRACT_END,
    CAPES_KIND_ANNUAL_REPORT, CAPES_KIND_CURE, CAPES_KIND_OBSERVATIONS, CAPES_KIND_REASSESSMENT, CAPES_N_KINDS
} capes_kind;
typedef enum {
    CAPES_CAL_NONE, CAPES_CAL_FR, CAPES_CAL_ALSACE_MOSELLE, CAPES_CAL_GUADELOUPE, CAPES_CAL_MARTINIQUE,
    CAPES_CAL_GUYANE, CAPES_CAL_REUNION, CAPES_CAL_MAYOTTE, CAPES_N_CALENDARS
} capes_calendar;
typedef enum { CAPES_LANG_FR, CAPES_LANG_EN, CAPES_N_LANGS } capes_lang;

extern const capes_vocab capes_risks, capes_levels, capes_states, capes_kinds, capes_calendars, capes_langs;

/* Every vocabulary, in the order capes_codes() lists them, with its name. */
#define CAPES_N_VOCABULARIES 6
typedef struct capes_named_vocab {
    const char *name; /* risk, level, state, kind, calendar, lang */
    const capes_vocab *vocab;
} capes_named_vocab;
extern const capes_named_vocab capes_vocabularies[CAPES_N_VOCABULARIES];

/* Looks text up by code or alias: ASCII and Latin-1 letters in any case, surrounding
 * spaces ignored. On failure: CAPES_ERR_ARG "fn: arg must be one of ... (got '...')". */
capes_code capes_lookup(capes_err *err, const char *arg, const capes_vocab *v, const char *text,
                        size_t len, int *out);
/* "one of infectious, medication, care_pathway": what a code of v must be, written from
 * its terms into buf. Returns buf. */
const char *capes_vocab_expected(const capes_vocab *v, char *buf, size_t size);
/* Label of a risk, degree or state code in lang; CAPES_ERR_ARG when it is none of them. */
capes_code capes_label(capes_err *err, const char *code, size_t len, capes_lang lang,
                       const char **label);

/* ----------------------------------------------------------------- money */

/* Amounts are int64 cents. Revenue is 0 .. 10^13 euros (docs/rules.md#revenue). */
#define CAPES_REVENUE_MAX_CENTS INT64_C(1000000000000000)
#define CAPES_MONEY_TEXT_MAX 24 /* "-92233720368547758.08" and a NUL */

/* An exact decimal as given ("12345678.90", " 12 ", "-0.004"): whole euros and the
 * decimals, which stay in the caller's text (trailing zeros dropped). */
typedef struct capes_decimal {
    bool negative;     /* and not zero: -0.000 is 0 */
    bool over;         /* above 10^13 euros, exactly */
    int64_t units;     /* whole euros (only meaningful when !over) */
    const char *frac;  /* the decimals, without the trailing zeros */
    size_t frac_len;
} capes_decimal;
/* Reads text as an exact decimal: CAPES_ERR_ARG for text that is not a number (NaN
 * included) or, unless negative_ok, a negative value; CAPES_ERR_AMOUNT_RANGE above 10^13
 * euros (on the exact value: 10^13 + 0.004 is above) or infinite. */
/* Whether text[0..len) spells NaN ('nan') or an infinity ('infinity', 'inf'), in any case, as
 * PostgreSQL's numeric and double precision and C's strtod spell them: the decimal readers'
 * special values (money.c, whole.c). */
typedef enum { CAPES_NUMBER_FINITE, CAPES_NUMBER_NAN, CAPES_NUMBER_INF } capes_number_kind;
capes_number_kind capes_number_special(const char *text, size_t len);
capes_code capes_decimal_from_text(capes_err *err, const char *arg, const char *text, size_t len, bool negative_ok,
                                   capes_decimal *out);

/* A revenue, exact: its whole cents, and the rest of a cent as floor(rest x 13200), which
 * decides floor(revenue x rate) exactly for every rate of the table (16, 33, 50, 66 and 100
 * basis points each divide 13200): docs/rules.md#revenue. */
#define CAPES_SUB_CENT 13200
typedef struct capes_revenue {
    int64_t cents; /* 0 .. 10^15 */
    int32_t sub;   /* 0 .. CAPES_SUB_CENT - 1 */
} capes_revenue;

void capes_revenue_from_decimal(const capes_decimal *d, capes_revenue *out);
/* Exact decimal text, checked as a revenue (>= 0 and <= 10^13 euros, exactly). */
capes_code capes_revenue_from_text(capes_err *err, const char *arg, const char *text, size_t len,
                                   capes_revenue *out);
/* A decimal given as base-10000 digits, as PostgreSQL's numeric keeps it: the value is
 * the sum of digits[i] * 10000^(weight - i). true with a valid revenue; false for anything
 * else (and for more than 32 decimals), which the caller then passes as text to
 * capes_revenue_from_text for the value or the error. */
bool capes_revenue_from_base10000(bool negative, int weight, const int16_t *digits, int ndigits, capes_revenue *out);
/* The same digits as the exact decimal capes_decimal_from_text reads from numeric's text, its
 * decimals written in frac: true for any sign up to 10^13 euros; false for anything else,
 * which the caller then passes as text (for the value or the error). negative_ok is the
 * caller's: out->negative may be true. */
#define CAPES_BASE10000_FRAC 32
bool capes_decimal_from_base10000(bool negative, int weight, const int16_t *digits, int ndigits,
                                  char frac[CAPES_BASE10000_FRAC], capes_decimal *out);
/* The decimal capes_decimal_from_text reads from "[-]E.CC", for cents 0 .. 10^15 (a checked
 * revenue's, or an integer's times 100), its decimals written in frac: the exact value without
 * a text. */
void capes_decimal_from_cents(bool negative, int64_t cents, char frac[2], capes_decimal *out);
capes_code capes_revenue_from_int(capes_err *err, const char *arg, int64_t euros, capes_revenue *out);
/* A binary double: the nearest cent to its exact value, ties away from zero (its binary
 * value is not the amount the user meant: docs/rules.md#revenue). */
capes_code capes_revenue_from_double(capes_err *err, const char *arg, double euros, capes_revenue *out);
/* "1234.56", "-0.05": always two decimals. Returns the length. */
int capes_money_format(int64_t cents, char buf[CAPES_MONEY_TEXT_MAX]);

/* R162-45-2 III table, in basis points (1/100 of a percent): 33 = 0.33 %. */
int capes_rate_bp(int open_risks, capes_level level);
#define CAPES_REFUSAL_BP 100 /* R162-45-1 II, L162-30-3 II: 1 % */
#define CAPES_BP_DIVISOR 10000
/* Risks not completely treated: integer 0..3, else CAPES_ERR_ARG "arg must be
 * CAPES_RISKS_EXPECTED (got N)". Any number type: capes_whole_from_* (below). */
#define CAPES_RISKS_EXPECTED "a number of risks from 0 to 3"
capes_code capes_check_risks(capes_err *err, const char *arg, int64_t risks);
/* Maximum penalty, in cents: floor(revenue x bp / 10000) on the exact revenue. */
int64_t capes_penalty_cents(const capes_revenue *revenue, int bp);

/* One contract's risk rows (R162-45-2 III), small enough to pack in 64 bits so that
 * PostgreSQL can keep it as a bigint aggregate state and merge partial states. */
typedef struct capes_contract {
    uint8_t seen;        /* bit per risk: rows seen */
    uint8_t open;        /* bit per risk: not completely treated */
    uint8_t partial;     /* bit per risk: partially treated */
    uint8_t rows;        /* rows fed, 0..3 */
    bool unknown;        /* a NULL risk or level: the result is NULL */
    bool has_revenue;
    bool null_revenue;
    int64_t revenue;     /* cents, when has_revenue */
} capes_contract;

capes_code capes_contract_add(capes_err *err, capes_contract *c, int risk, int level);
capes_code capes_contract_add_null(capes_err *err, capes_contract *c);
capes_code capes_contract_revenue(capes_err *err, capes_contract *c, bool is_null, int64_t cents);
capes_code capes_contract_merge(capes_err *err, capes_contract *into, const capes_contract *from);
/* false when the result is NULL (no rows, or a NULL risk or level); else the rate. */
bool capes_contract_bp(const capes_contract *c, int *bp);
/* false when the result is NULL (as above, or a NULL or missing revenue). */
bool capes_contract_penalty(const capes_contract *c, int64_t *cents);
uint64_t capes_contract_pack(const capes_contract *c);
void capes_contract_unpack(uint64_t packed, capes_contract *c);

/* ----------------------------------------------------------------- dates */

/* Days since 1970-01-01 in the proleptic Gregorian calendar. */
typedef int32_t capes_day;
#define CAPES_DAY_MIN (-141349)  /* 1583-01-01 */
#define CAPES_DAY_MAX 2932896    /* 9999-12-31 */
#define CAPES_DATE_RANGE_EXPECTED "a date from 1583-01-01 to 9999-12-31" /* for ±infinity in glue */
#define CAPES_DATE_TEXT_MAX 16   /* "YYYY-MM-DD", or "-4713-11-24" and "5874897-12-31" in messages */

capes_day capes_days_from_civil(int y, int m, int d);
void capes_civil_from_days(capes_day day, int *y, int *m, int *d);
/* A day with its civil date, for the callers that hold both: a date parsed from text (SQLite)
 * keeps the year, month and day it was read from, a deadline walks them along its days, and
 * the result is written from them, so that a date function converts once a call. */
typedef struct capes_date {
    capes_day day;
    int y, m, d;
} capes_date;
capes_date capes_date_of(capes_day day);
/* n days later (n >= 0): the month walked, for the delays of CPC 641 al. 1 (30 days). */
capes_date capes_date_add_days(capes_date date, int n);
/* This and capes_weekday are inline: called on every day a deadline walks, every date parsed. */
static inline int capes_days_in_month(int y, int m)
{
    static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : len[m - 1];
}
/* 0 = Monday .. 6 = Sunday; 1970-01-01 was a Thursday. */
static inline int capes_weekday(capes_day day)
{
    int w = (day + 3) % 7;

    return w < 0 ? w + 7 : w;
}
/* Gregorian Easter Sunday of year. */
capes_day capes_easter(int year);
/* 'YYYY-MM-DD', optionally followed by ' ' or 'T' and a time that is ignored. */
capes_code capes_parse_date(capes_err *err, const char *arg, const char *text, size_t len, capes_day *out);
capes_code capes_parse_civil(capes_err *err, const char *arg, const char *text, size_t len, capes_date *out);
/* A day number from an engine's own date type: CAPES_ERR_DATE_RANGE outside 1583..9999. */
capes_code capes_check_day(capes_err *err, const char *arg, capes_day day);
int capes_format_date(capes_day day, char buf[CAPES_DATE_TEXT_MAX]);
int capes_format_civil(const capes_date *date, char buf[CAPES_DATE_TEXT_MAX]);
/* CPC art. 641: same day number n months later, or the last day of that month. */
capes_day capes_add_months(capes_day day, int months);
capes_date capes_date_add_months(capes_date date, int months);

/* -------------------------------------------------------------- calendars */

#define CAPES_HOLIDAYS_MAX 16
typedef struct capes_holiday {
    capes_day day;
    const char *name; /* French */
} capes_holiday;

/* Public holidays of year in cal, sorted by day, one entry per day (names of two
 * holidays on one day are joined in a static string). Returns the count. */
int capes_holidays(int year, capes_calendar cal, capes_holiday out[CAPES_HOLIDAYS_MAX]);
bool capes_is_holiday(capes_day day, capes_calendar cal);
bool capes_is_working_day(capes_day day, capes_calendar cal);
/* The same for a caller that holds the civil date (a parsed text, a walked deadline). */
bool capes_is_working_date(const capes_date *date, capes_calendar cal);
/* The name of the holiday on day in cal (capes_holidays' spelling), or NULL. */
const char *capes_holiday_name(capes_day day, capes_calendar cal);
/* The three dates of the end of the regime (docs/rules.md#in-force): R162-45 to R162-45-2
 * applied from 2015-11-22 to 2017-04-08 (décret 2015-1511; décret 2017-500, published on
 * 2017-04-08); only contracts concluded by 2017-04-22 survived it, and they lapsed on
 * 2018-01-01 (décret 2017-584 art. 2). */
#define CAPES_IN_FORCE_FROM 16761  /* 2015-11-22 */
#define CAPES_IN_FORCE_TO   17264  /* 2017-04-08 */
#define CAPES_LAST_SIGNATURE 17278 /* 2017-04-22 */
#define CAPES_LAPSE 17531          /* 2017-12-31, the last day a CAPES produces effects */
bool capes_in_force(capes_day day);
/* A year for capes_holidays: 1583..9999, else CAPES_ERR_DATE_RANGE "arg must be
 * CAPES_YEAR_EXPECTED (got N)". Any number type: capes_whole_from_* (below). */
#define CAPES_YEAR_EXPECTED "a year from 1583 to 9999"
capes_code capes_check_year(capes_err *err, const char *arg, int64_t year);

/* ---------------------------------------------------------- explanations */

/* The steps a computation takes, each with the rule and the article behind it, written by
 * the very functions that compute the answer when they are given a trace (NULL on every
 * normal call: each trace point is one test of that pointer). The texts are the core's, so
 * both engines show the same rows (docs/rules.md#explanations). Which fields a row uses
 * depends on the explanation: a penalty's (step, value, rule, article), a deadline's (step,
 * day, rule, article), a transition's (step as the check, passed, value as the detail,
 * article). */
#define CAPES_TRACE_MAX 24
#define CAPES_TRACE_RULE_MAX 256
#define CAPES_TRACE_DECIMALS 100 /* decimals of a revenue shown in full; more are cut, marked "..." */
typedef struct capes_trace_row {
    const char *step;                 /* a string constant */
    char value[CAPES_MSG_MAX];
    capes_day day;
    bool passed;
    char rule[CAPES_TRACE_RULE_MAX];
    const char *article;              /* a string constant; NULL until known */
} capes_trace_row;

typedef struct capes_trace {
    int n;
    capes_trace_row rows[CAPES_TRACE_MAX];
} capes_trace;

/* The worker of a function and its traced form: inlined into both, so that the normal call,
 * whose trace is the constant NULL, compiles without the trace points. */
#if defined(__GNUC__)
#define CAPES_TRACED_WORKER static inline __attribute__((always_inline))
#else
#define CAPES_TRACED_WORKER static inline
#endif

/* A new row, its texts empty, passed true; NULL when the trace is full (never for the
 * explanations of capes: each has at most CAPES_TRACE_MAX rows). */
capes_trace_row *capes_trace_add(capes_trace *t, const char *step, const char *article);

/* The traced forms of the money functions: the same code as capes_revenue_from_text,
 * capes_revenue_from_int, capes_revenue_from_double, capes_rate_bp and capes_penalty_cents
 * (which are these with a NULL trace). The readers write the row "revenue" (the revenue as
 * read, exact, or a REAL rounded to the cent); capes_rate_bp_traced the table's cell;
 * capes_penalty_cents_traced the exact product (from the revenue row) and its rounding down. */
capes_code capes_revenue_from_text_traced(capes_err *err, const char *arg, const char *text, size_t len,
                                          capes_revenue *out, capes_trace *trace);
capes_code capes_revenue_from_int_traced(capes_err *err, const char *arg, int64_t euros, capes_revenue *out,
                                         capes_trace *trace);
capes_code capes_revenue_from_double_traced(capes_err *err, const char *arg, double euros, capes_revenue *out,
                                            capes_trace *trace);
int capes_rate_bp_traced(int open_risks, capes_level level, capes_trace *trace);
int64_t capes_penalty_cents_traced(const capes_revenue *revenue, int bp, capes_trace *trace);
/* capes_explain_penalty (level a capes_level) and capes_explain_refusal_penalty (level
 * CAPES_EXPLAIN_REFUSAL), after the reader wrote the revenue row: the rate, the product, the
 * rounding and the maximum, whose value is the function's result. */
#define CAPES_EXPLAIN_REFUSAL (-1)
void capes_explain_penalty(int risks, int level, const capes_revenue *revenue, capes_trace *trace);

/* ------------------------------------------------------------- deadlines */

typedef struct capes_kind_rule {
    int days;      /* deadline in days (CPC 641 al. 1), or 0 */
    int months;    /* deadline in months (CPC 641 al. 2), or 0 */
    bool extended; /* CPC 642 applies: a deadline for the establishment to act */
    const char *start_of; /* what start is the date of (docs/rules.md#deadline-kinds) */
} capes_kind_rule;

extern const capes_kind_rule capes_kind_rules[CAPES_N_KINDS];

/* start + the kind's delay, extended to the next working day when the kind allows.
 * CAPES_ERR_DATE_RANGE when the result passes 9999-12-31. */
capes_code capes_deadline(capes_err *err, capes_day start, capes_kind kind, capes_calendar cal, capes_day *out);
/* The same from a civil date, to a civil date (no conversion when the kind is in days). */
capes_code capes_deadline_date(capes_err *err, const capes_date *start, capes_kind kind, capes_calendar cal,
                               capes_date *out);
/* The same, for a deadline computed from the argument arg (whose value given is shown
 * in errors) through an intermediate start, as capes_schedule and the guards do. */
capes_code capes_deadline_arg(capes_err *err, const char *arg, capes_day given, capes_day start, capes_kind kind,
                              capes_calendar cal, capes_day *out);
/* capes_deadline with its trace (capes_explain_deadline): the start and what it is the date of,
 * the delay added (CPC 641), each day skipped and why (CPC 642) or why the deadline is not
 * extended, and the result. */
capes_code capes_deadline_traced(capes_err *err, capes_day start, capes_kind kind, capes_calendar cal,
                                 capes_day *out, capes_trace *trace);

/* --------------------------------------------------------------- procedure */

bool capes_transition_allowed(int from, int to);
/* Next states of from (CAPES_STATE_NONE for a new case); returns the count. */
int capes_next_states(int from, int out[CAPES_N_STATES]);
bool capes_state_initial(int state);
bool capes_state_terminal(int state);

/* A step of a case: its state, the date logged, and the term its actor fixed (until: a
 * contract's end, the delay of a formal notice or of a hearing; has_until false when NULL,
 * which means the term's default). docs/rules.md#terms. */
typedef struct capes_step {
    int state; /* CAPES_STATE_NONE before the first step of a case */
    capes_day day;
    bool has_until;
    capes_day until;
} capes_step;

/* The procedure of R162-45-1 and R162-45-2 on one step (docs/rules.md#procedure): the
 * transition table, the guards that need only the previous step and its term, and the new
 * step's term, in the order of docs/rules.md#order-of-the-checks. CAPES_OK, or the reason in err
 * (CAPES_ERR_TRANSITION; CAPES_ERR_DATE_RANGE for a computed date past 9999-12-31).
 * from->day is ignored when from->state is CAPES_STATE_NONE. */
capes_code capes_check_step(capes_err *err, const capes_step *from, const capes_step *to, capes_calendar cal);
/* capes_check_step with its trace (capes_explain_transition): a row for every check that
 * applies, in the order of the checks, the later ones too after a refusal, then the row
 * "verdict" (passed, and "allowed" or the reason of capes_transition_error). CAPES_OK or
 * CAPES_ERR_TRANSITION (the refusal in err), or the call's error (a date past 9999-12-31). */
capes_code capes_explain_step(capes_err *err, const capes_step *from, const capes_step *to, capes_calendar cal,
                              capes_trace *trace);
/* The same without terms (1.0's capes_check_transition): both until NULL. */
capes_code capes_check_transition(capes_err *err, int from, int to, capes_day from_day, capes_day to_day,
                                  capes_calendar cal);

/* The deadline running while a case is in state since since, with the term until fixed at
 * that step (for signed: since is the first signature, until the contract's end). *has is
 * false when none runs. A term the law refuses is CAPES_ERR_TRANSITION. */
capes_code capes_due(capes_err *err, int state, capes_day since, capes_calendar cal, bool has_until, capes_day until,
                     bool *has, capes_day *out);

#define CAPES_SCHEDULE_MAX 8
typedef struct capes_schedule_row {
    const char *kind; /* a kind of capes_kinds, or "contract_lapse" */
    capes_day due;
    const char *article;
    int order;        /* of kinds at one date: the vocabulary's, contract_lapse last */
} capes_schedule_row;
/* Every deadline that runs from state entered on since, with the term until; n gets the
 * count. */
capes_code capes_schedule(capes_err *err, int state, capes_day since, capes_calendar cal, bool has_until,
                          capes_day until, capes_schedule_row out[CAPES_SCHEDULE_MAX], int *n);

/* A case's history, folded one step at a time in order (docs/rules.md#histories): what the
 * later rules need of the earlier steps, and the first invalid step. */
typedef struct capes_history {
    int32_t steps;
    capes_step last;             /* state CAPES_STATE_NONE before the first step */
    capes_calendar last_cal;     /* the calendar given with the last step */
    bool contract;               /* the case has been signed */
    capes_day contract_start;    /* the first signature */
    capes_day contract_end;      /* its until, or four years after it */
    bool invalid;
    const char *article;         /* when invalid: the article of the rule the step breaks, or NULL */
    char msg[CAPES_MSG_MAX];     /* when invalid: "step N (state on date): reason" */
} capes_history;

void capes_history_init(capes_history *h);
/* has_step false: the step's state, date or calendar is NULL (the step is invalid). A step
 * the law refuses makes the history invalid (CAPES_OK); a computed date past 9999-12-31 is
 * an error of the call (CAPES_ERR_DATE_RANGE in err, named occurred_on). */
capes_code capes_history_step(capes_err *err, capes_history *h, bool has_step, const capes_step *step,
                              capes_calendar cal);
/* capes_history_step with its trace (capes_history_trace): the step folded as by
 * capes_history_step, and written to json as one JSON object (docs/rules.md#explanations):
 * {"step": position, "state", "on", "until", "valid" (null once an earlier step was invalid:
 * the fold no longer checks), "checks": [{"check", "passed", "detail", "article"}...], "reason"
 * (the history's message at the step that makes it invalid), "due" (the deadline running after
 * it)}. CAPES_HISTORY_JSON_MAX holds any step. */
#define CAPES_HISTORY_JSON_MAX (CAPES_TRACE_MAX * (CAPES_MSG_MAX + 128) + 2 * CAPES_MSG_MAX)
capes_code capes_history_trace_step(capes_err *err, capes_history *h, int position, bool has_step,
                                    const capes_step *step, capes_calendar cal, char *json, size_t size);
/* The deadline running after the last step, counted with the whole history; *has false
 * when none runs, when the history is empty or invalid. */
capes_code capes_history_due(capes_err *err, const capes_history *h, bool *has, capes_day *out);
/* A step cannot leave a case's history: as window functions the history aggregates take a
 * running frame only (from UNBOUNDED PRECEDING), where each row gets the answer for the steps
 * up to it. The error of a frame whose start moves, CAPES_ERR_ARG (docs/rules.md#histories). */
capes_code capes_history_frame_error(capes_err *err);

/* ----------------------------------------------------------------- amounts */

/* The amount decided at a step of state under its cap (docs/rules.md#amounts): CAPES_OK
 * when within it, or when state decides no amount; else CAPES_ERR_TRANSITION with the
 * reason. envisaged NULL: not known (not checked). */
capes_code capes_check_amount(capes_err *err, int state, const capes_decimal *amount, const capes_decimal *maximum,
                              const capes_decimal *envisaged);

/* ------------------------------------------------------------ traceability */

typedef struct capes_source {
    const char *rule;
    const char *article;
    const char *excerpt;
} capes_source;

typedef struct capes_interpretation {
    const char *id;
    const char *question;
    const char *choice;
    const char *rationale;
} capes_interpretation;

extern const capes_source capes_sources[];
extern const int capes_n_sources;
extern const capes_interpretation capes_interpretations[];
extern const int capes_n_interpretations;

/* ---------------------------------------------------------------- catalog */

/* The SQL interface both glues expose (catalog.c): the one place it is written. */
typedef enum { CAPES_FN_SCALAR, CAPES_FN_AGGREGATE, CAPES_FN_TABLE } capes_fn_kind;
/* What an argument's value is, whatever its engine type. */
typedef enum {
    CAPES_VALUE_DATE,       /* a day: PostgreSQL date, SQLite text 'YYYY-MM-DD' */
    CAPES_VALUE_CODE,       /* a code of the vocabulary of the argument */
    CAPES_VALUE_LABEL_CODE, /* a risk, degree or state code (capes_label) */
    CAPES_VALUE_RISKS,      /* a number of risks not completely treated, 0..3 */
    CAPES_VALUE_YEAR,       /* a year, 1583..9999 */
    CAPES_VALUE_REVENUE,    /* an amount of money: PostgreSQL numeric, SQLite integer, real or text */
    CAPES_VALUE_AMOUNT      /* the same, an amount decided (capes_amount_error) */
} capes_value;

#define CAPES_PG_ALSO_MAX 3
typedef struct capes_arg {
    const char *name;
    capes_value value;
    const capes_vocab *vocab;   /* CAPES_VALUE_CODE: its vocabulary */
    const char *pg_type;
    /* PostgreSQL's DEFAULT of an optional argument; NULL for a required one, or for an
     * optional one that PostgreSQL serves with an overload of one more argument (as
     * SQLite serves every optional argument with one more registration). */
    const char *pg_default;
    const char *null_means;     /* what a NULL is; NULL: the result is NULL */
    const char *example;        /* a valid value, as SQL text without quotes */
    /* The other PostgreSQL types the argument is given in, each served by an overload of its
     * own beside the pg_type one (1.1: a count or a year as bigint, numeric or double
     * precision, docs/rules.md#whole-numbers); the rest NULL. */
    const char *pg_also[CAPES_PG_ALSO_MAX];
} capes_arg;

typedef struct capes_column {
    const char *name;
    const char *pg_type;
} capes_column;

#define CAPES_ARGS_MAX 7
#define CAPES_COLUMNS_MAX 6
typedef struct capes_function {
    const char *name;
    capes_fn_kind kind;
    int min_args, max_args;          /* the arguments after min_args are optional */
    capes_arg args[CAPES_ARGS_MAX];
    const char *result;              /* PostgreSQL type of a scalar or an aggregate; NULL for a table */
    capes_column columns[CAPES_COLUMNS_MAX];   /* a table function's columns */
    /* PostgreSQL STRICT: an overload is when none of its arguments has a null_means */
    const char *article;
    const char *summary;
} capes_function;

extern const capes_function capes_functions[];
extern const int capes_n_functions;

/* ---------------------------------------------------------- whole numbers */

/* A count of risks (CAPES_VALUE_RISKS) or a year (CAPES_VALUE_YEAR) in whatever number type
 * the engine gives it (docs/rules.md#whole-numbers): an integer (PostgreSQL smallint,
 * integer, bigint; SQLite INTEGER), a decimal text (PostgreSQL numeric's text, SQLite TEXT,
 * the core tests' cells: a sign, digits, a point, an exponent, spaces around, NaN, Infinity)
 * or a double (PostgreSQL real and double precision, SQLite REAL). A value with no fraction
 * is that integer (2.0, '2.000', 2e0 are 2), then checked as capes_check_risks or
 * capes_check_year does, with the same message; one beyond 64 bits or an infinity is out of
 * that range. A fraction or NaN is CAPES_ERR_ARG "arg must be a whole number (got 2.5)", a
 * text that is no number the same with the text quoted. GIVEN is the value in plain
 * decimal, trailing zeros dropped, cut after 40 characters (a double: the shortest decimal
 * that reads back as it), so that one value is worded the same whatever its type. */
capes_code capes_whole_from_int(capes_err *err, capes_value value, const char *arg, int64_t v, int64_t *out);
capes_code capes_whole_from_text(capes_err *err, capes_value value, const char *arg, const char *text, size_t len,
                                 int64_t *out);
capes_code capes_whole_from_double(capes_err *err, capes_value value, const char *arg, double v, int64_t *out);

#endif
