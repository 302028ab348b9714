/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The SQL interface both glues expose, written once: each function's arguments (name,
 * what the value is, PostgreSQL type and default, what a NULL means, a valid example),
 * its result or columns, its strictness and the article it encodes. The SQLite
 * registration table, the PostgreSQL install scripts, the README's reference and the test
 * generators are checked against it (tests/catalog/, tests/docs/check.py), never the
 * other way round. */
#include "capes.h"

#define COUNT(a) ((int) (sizeof a / sizeof a[0]))

/* Arguments used by several functions. A NULL argument gives a NULL result unless
 * null_means says otherwise. */
/* a count or a year: integer as in 1.0, and from 1.1 the types a DBA passes one in (count(*)
 * is bigint, extract(year ...) numeric), double precision for the rest (smallint, real, an
 * untyped literal), each an overload (docs/rules.md#whole-numbers) */
#define WHOLE_ALSO {"bigint", "numeric", "double precision"}
#define RISKS {"risks", CAPES_VALUE_RISKS, NULL, "integer", NULL, NULL, "2", WHOLE_ALSO}
#define LEVEL {"level", CAPES_VALUE_CODE, &capes_levels, "text", NULL, NULL, "partial", {NULL}}
#define REVENUE {"revenue", CAPES_VALUE_REVENUE, NULL, "numeric", NULL, NULL, "48250000.00", {NULL}}
#define CALENDAR {"calendar", CAPES_VALUE_CODE, &capes_calendars, "text", "'fr'", NULL, "fr", {NULL}}
#define STATE {"state", CAPES_VALUE_CODE, &capes_states, "text", NULL, NULL, "notified", {NULL}}
#define FROM {"from", CAPES_VALUE_CODE, &capes_states, "text", NULL, "a new case (from_date is then ignored)", "notified", {NULL}}
#define TO {"to", CAPES_VALUE_CODE, &capes_states, "text", NULL, NULL, "establishment_draft", {NULL}}
/* aggregates: a NULL state, date or calendar makes that step invalid (history_null_step) */
#define STEP_STATE {"state", CAPES_VALUE_CODE, &capes_states, "text", NULL, "an invalid step", "notified", {NULL}}
#define STEP_DAY {"occurred_on", CAPES_VALUE_DATE, NULL, "date", NULL, "an invalid step", "2016-01-04", {NULL}}
#define STEP_CALENDAR {"calendar", CAPES_VALUE_CODE, &capes_calendars, "text", NULL, "an invalid step", "fr", {NULL}}
/* contract aggregates: a NULL risk, level or revenue makes the result NULL (contract_result_null) */
#define ROW_RISK {"risk", CAPES_VALUE_CODE, &capes_risks, "text", NULL, "a NULL result", "infectious", {NULL}}
#define ROW_LEVEL {"level", CAPES_VALUE_CODE, &capes_levels, "text", NULL, "a NULL result", "none", {NULL}}
#define ROW_REVENUE {"revenue", CAPES_VALUE_REVENUE, NULL, "numeric", NULL, "a NULL result", "48250000.00", {NULL}}
/* the terms of docs/rules.md#terms: a NULL term is its default; PostgreSQL serves them with
 * overloads (every call of 1.0 still finds exactly one function) */
#define UNTIL(example) {"until", CAPES_VALUE_DATE, NULL, "date", NULL, "its default", example, {NULL}}
#define FROM_UNTIL {"from_until", CAPES_VALUE_DATE, NULL, "date", NULL, "its default", "2017-01-10", {NULL}}
#define STEP_UNTIL {"until", CAPES_VALUE_DATE, NULL, "date", NULL, "its default", "2020-02-10", {NULL}}
#define FROM_DATE {"from_date", CAPES_VALUE_DATE, NULL, "date", NULL, NULL, "2016-01-04", {NULL}}
#define TO_DATE {"to_date", CAPES_VALUE_DATE, NULL, "date", NULL, NULL, "2016-01-20", {NULL}}
#define SINCE {"since", CAPES_VALUE_DATE, NULL, "date", NULL, NULL, "2016-01-04", {NULL}}
#define AMOUNT_STATE {"state", CAPES_VALUE_CODE, &capes_states, "text", NULL, NULL, "penalty_decided", {NULL}}

#define PROCEDURE "R162-45-1, R162-45-2"

const capes_function capes_functions[] = {
    {"capes_penalty_rate", CAPES_FN_SCALAR, 2, 2, {RISKS, LEVEL}, "numeric", {{0}}, "R162-45-2 III",
     "maximum rate as a fraction for a number of risks not completely treated and a degree"},
    {"capes_penalty", CAPES_FN_SCALAR, 3, 3, {RISKS, LEVEL, REVENUE}, "numeric", {{0}}, "R162-45-2 III",
     "maximum penalty, rounded down to the cent"},
    {"capes_refusal_penalty", CAPES_FN_SCALAR, 1, 1, {REVENUE}, "numeric", {{0}}, "R162-45-1 II",
     "maximum penalty for refusing to sign: 1 % of revenue, rounded down"},
    {"capes_contract_rate", CAPES_FN_AGGREGATE, 2, 2, {ROW_RISK, ROW_LEVEL}, "numeric", {{0}}, "R162-45-2 III",
     "maximum rate of one contract's risk rows"},
    {"capes_contract_penalty", CAPES_FN_AGGREGATE, 3, 3, {ROW_RISK, ROW_LEVEL, ROW_REVENUE}, "numeric", {{0}},
     "R162-45-2 III", "maximum penalty of one contract's risk rows"},
    {"capes_deadline", CAPES_FN_SCALAR, 2, 3,
     {{"start", CAPES_VALUE_DATE, NULL, "date", NULL, NULL, "2016-02-27", {NULL}},
      {"kind", CAPES_VALUE_CODE, &capes_kinds, "text", NULL, NULL, "observations", {NULL}}, CALENDAR},
     "date", {{0}}, "R162-45-1, R162-45-2, CPC 640-642", "end of a deadline of the procedure"},
    {"capes_due", CAPES_FN_SCALAR, 2, 4, {STATE, SINCE, CALENDAR, UNTIL("2017-01-10")}, "date", {{0}}, PROCEDURE,
     "the deadline running in a state"},
    {"capes_schedule", CAPES_FN_TABLE, 2, 4, {STATE, SINCE, CALENDAR, UNTIL("2017-01-10")}, NULL,
     {{"kind", "text"}, {"due", "date"}, {"article", "text"}}, PROCEDURE, "every deadline running from a state"},
    {"capes_transition_valid", CAPES_FN_SCALAR, 2, 2, {FROM, TO}, "boolean", {{0}}, PROCEDURE,
     "whether the table allows a step"},
    {"capes_transition_error", CAPES_FN_SCALAR, 4, 7, {FROM, TO, FROM_DATE, TO_DATE, CALENDAR, FROM_UNTIL,
                                                       UNTIL("2016-06-01")},
     "text", {{0}}, PROCEDURE, "why a step is refused, or NULL"},
    {"capes_check_transition", CAPES_FN_SCALAR, 4, 7, {FROM, TO, FROM_DATE, TO_DATE, CALENDAR, FROM_UNTIL,
                                                       UNTIL("2016-06-01")},
     "boolean", {{0}}, PROCEDURE, "true, or an error naming the rule a step breaks"},
    {"capes_history_error", CAPES_FN_AGGREGATE, 2, 4, {STEP_STATE, STEP_DAY, STEP_CALENDAR, STEP_UNTIL}, "text",
     {{0}}, PROCEDURE, "the first invalid step of a case's history, or NULL"},
    {"capes_history_check", CAPES_FN_AGGREGATE, 2, 4, {STEP_STATE, STEP_DAY, STEP_CALENDAR, STEP_UNTIL}, "boolean",
     {{0}}, PROCEDURE, "true, or an error naming the first step of a case's history the law does not allow"},
    {"capes_history_due", CAPES_FN_AGGREGATE, 2, 4, {STEP_STATE, STEP_DAY, STEP_CALENDAR, STEP_UNTIL}, "date",
     {{0}}, PROCEDURE, "the deadline running after the last step of a case's history, or NULL"},
    {"capes_history_trace", CAPES_FN_AGGREGATE, 2, 4, {STEP_STATE, STEP_DAY, STEP_CALENDAR, STEP_UNTIL}, "json",
     {{0}}, PROCEDURE, "a case's history step by step, as JSON: every check of every step, the first invalid one"},
    {"capes_amount_error", CAPES_FN_SCALAR, 3, 4,
     {AMOUNT_STATE, {"amount", CAPES_VALUE_AMOUNT, NULL, "numeric", NULL, NULL, "3000.00", {NULL}},
      {"maximum", CAPES_VALUE_AMOUNT, NULL, "numeric", NULL, NULL, "3300.00", {NULL}},
      {"envisaged", CAPES_VALUE_AMOUNT, NULL, "numeric", NULL, "not checked", "3300.00", {NULL}}},
     "text", {{0}}, "R162-45-1 II, R162-45-2 III", "why an amount decided is above its cap, or NULL"},
    {"capes_check_amount", CAPES_FN_SCALAR, 3, 4,
     {AMOUNT_STATE, {"amount", CAPES_VALUE_AMOUNT, NULL, "numeric", NULL, NULL, "3000.00", {NULL}},
      {"maximum", CAPES_VALUE_AMOUNT, NULL, "numeric", NULL, NULL, "3300.00", {NULL}},
      {"envisaged", CAPES_VALUE_AMOUNT, NULL, "numeric", NULL, "not checked", "3300.00", {NULL}}},
     "boolean", {{0}}, "R162-45-1 II, R162-45-2 III", "true, or an error naming the cap an amount decided exceeds"},
    {"capes_next_states", CAPES_FN_TABLE, 1, 1,
     {{"state", CAPES_VALUE_CODE, &capes_states, "text", NULL, "a new case", "notified", {NULL}}}, NULL, {{"state", "text"}},
     PROCEDURE, "the allowed next states"},
    {"capes_states", CAPES_FN_TABLE, 0, 0, {{0}}, NULL,
     {{"state", "text"}, {"label_fr", "text"}, {"label_en", "text"}, {"article", "text"}, {"initial", "boolean"},
      {"terminal", "boolean"}},
     PROCEDURE, "the states of the procedure"},
    {"capes_codes", CAPES_FN_TABLE, 0, 0, {{0}}, NULL,
     {{"vocabulary", "text"}, {"code", "text"}, {"label_fr", "text"}, {"label_en", "text"}, {"article", "text"}},
     "R162-45, R162-45-1, R162-45-2", "every code of every vocabulary"},
    {"capes_is_working_day", CAPES_FN_SCALAR, 1, 2,
     {{"day", CAPES_VALUE_DATE, NULL, "date", NULL, NULL, "2016-03-28", {NULL}}, CALENDAR}, "boolean", {{0}}, "CPC 642",
     "whether a day is a working day"},
    {"capes_holidays", CAPES_FN_TABLE, 1, 2,
     {{"year", CAPES_VALUE_YEAR, NULL, "integer", NULL, NULL, "2016", WHOLE_ALSO}, CALENDAR}, NULL,
     {{"day", "date"}, {"name", "text"}}, "CPC 642, C. trav. L3133-1", "the public holidays of a year"},
    {"capes_in_force", CAPES_FN_SCALAR, 1, 1, {{"day", CAPES_VALUE_DATE, NULL, "date", NULL, NULL, "2016-01-04", {NULL}}},
     "boolean", {{0}}, "décret 2015-1511, décret 2017-500", "whether R162-45 to R162-45-2 applied on a day"},
    {"capes_label", CAPES_FN_SCALAR, 1, 2,
     {{"code", CAPES_VALUE_LABEL_CODE, NULL, "text", NULL, NULL, "partial", {NULL}},
      {"lang", CAPES_VALUE_CODE, &capes_langs, "text", "'fr'", NULL, "en", {NULL}}},
     "text", {{0}}, "R162-45, R162-45-2 III", "label of a risk, degree or state"},
    {"capes_sources", CAPES_FN_TABLE, 0, 0, {{0}}, NULL,
     {{"rule", "text"}, {"article", "text"}, {"text_excerpt", "text"}}, "-", "every rule with its article"},
    {"capes_interpretations", CAPES_FN_TABLE, 0, 0, {{0}}, NULL,
     {{"id", "text"}, {"question", "text"}, {"choice", "text"}, {"rationale", "text"}}, "-",
     "every reading the library had to choose"},
    {"capes_explain_penalty", CAPES_FN_TABLE, 3, 3, {RISKS, LEVEL, REVENUE}, NULL,
     {{"step", "text"}, {"value", "text"}, {"rule", "text"}, {"article", "text"}}, "R162-45-2 III",
     "how capes_penalty computes its maximum, step by step"},
    {"capes_explain_refusal_penalty", CAPES_FN_TABLE, 1, 1, {REVENUE}, NULL,
     {{"step", "text"}, {"value", "text"}, {"rule", "text"}, {"article", "text"}}, "R162-45-1 II",
     "how capes_refusal_penalty computes its maximum, step by step"},
    {"capes_explain_deadline", CAPES_FN_TABLE, 2, 3,
     {{"start", CAPES_VALUE_DATE, NULL, "date", NULL, NULL, "2016-02-27", {NULL}},
      {"kind", CAPES_VALUE_CODE, &capes_kinds, "text", NULL, NULL, "observations", {NULL}}, CALENDAR},
     NULL, {{"step", "text"}, {"day", "date"}, {"rule", "text"}, {"article", "text"}}, "CPC 640-642",
     "how capes_deadline counts a deadline, day by day"},
    {"capes_explain_transition", CAPES_FN_TABLE, 4, 7, {FROM, TO, FROM_DATE, TO_DATE, CALENDAR, FROM_UNTIL,
                                                         UNTIL("2016-06-01")},
     NULL, {{"check", "text"}, {"passed", "boolean"}, {"detail", "text"}, {"article", "text"}}, PROCEDURE,
     "every check of a step, in order, and the verdict of capes_transition_error"},
    {"capes_version", CAPES_FN_SCALAR, 0, 0, {{0}}, "text", {{0}}, "-", "the library's version"},
};
const int capes_n_functions = COUNT(capes_functions);
