/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* A text glue over the core: every SQL function of capes_functions[] called with text cells,
 * its result as text. The core tests and the fuzz targets drive the core through it,
 * the way the SQLite and PostgreSQL glue do with their own types. */
#ifndef CAPES_TEST_CALL_H
#define CAPES_TEST_CALL_H

#include "capes.h"
#include "csv.h"

#define CALL_OUT_MAX 16384

typedef struct call_result {
    bool failed;         /* err holds the error */
    bool null;           /* SQL NULL result */
    char text[CALL_OUT_MAX];
    capes_err err;
} call_result;

/* args: the cells arg1..argN (omitted cells end the list). */
void call_scalar(const char *fn, const cell *args, int nargs, call_result *r);
/* Rows joined by ';', columns by '|'. */
void call_table(const char *fn, const cell *args, int nargs, call_result *r);
/* The trace of the last capes_explain_* called through call_table (its rows empty when the
 * call gave no rows or failed). */
const capes_trace *call_last_trace(void);
/* rows: "risk:level;..." ('' for none). revenue: for capes_contract_penalty. */
void call_contract(const char *fn, const char *rows, const cell *revenue, call_result *r);
/* When set, call_history folds with capes_history_trace_step (capes_history_trace) and counts
 * the steps whose JSON object has a reason (the one that makes the history invalid). */
extern bool call_history_traced;
extern int call_history_invalid_objects;
/* fn: capes_history_error, capes_history_check or capes_history_due; steps:
 * "state@date[~until];...". calendar: omitted for the form without it. */
void call_history(const char *fn, const char *steps, const cell *calendar, call_result *r);

#endif
