/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The core suite: every row of tests/vectors/ through the core, then property checks. */
#define _POSIX_C_SOURCE 200809L
/* Core tests: every row of tests/vectors/ through the text glue (call.c), then
 * property checks over many generated inputs. Prints TAP. */
#include "call.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tests, failures;

static void report(bool ok, const char *fmt, ...)
{
    va_list ap;

    tests++;
    if (!ok)
        failures++;
    printf("%sok %d - ", ok ? "" : "not ", tests);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

/* ------------------------------------------------------------------ vectors */

static bool for_core(const cell *engines)
{
    return engines->omitted || !strcmp(engines->text, "all") || strstr(engines->text, "core") != NULL;
}

static const char *show(const cell *c)
{
    return c->omitted ? "(empty)" : c->null ? "NULL" : c->text;
}

/* Compares a result with the row's expected, sqlstate and message columns. */
static void check_row(const char *file, const csv_file *f, const csv_row *row, const call_result *r)
{
    const cell *id = csv_get(f, row, "id"), *exp = csv_get(f, row, "expected");
    const cell *state = csv_get(f, row, "sqlstate"), *msg = csv_get(f, row, "message");
    const char *got = r->failed ? r->err.msg : r->null ? "NULL" : r->text;

    if (!state->omitted) {
        bool ok = r->failed && !strcmp(capes_errors[r->err.code].sqlstate, state->text) && !strcmp(r->err.msg, msg->text);

        report(ok, "%s:%s", file, id->text);
        if (!ok)
            printf("#   expected error %s: %s\n#   got %s%s%s\n", state->text, msg->text,
                   r->failed ? capes_errors[r->err.code].sqlstate : "", r->failed ? ": " : "", got);
        return;
    }
    {
        bool ok = !r->failed && (exp->null ? r->null : !r->null && !strcmp(r->text, exp->text));

        report(ok, "%s:%s", file, id->text);
        if (!ok)
            printf("#   expected %s\n#   got      %s%s\n", show(exp),
                   r->failed ? capes_errors[r->err.code].sqlstate : "", got);
    }
}

static int args_of(const csv_file *f, const csv_row *row, cell *args, int max)
{
    static const char *names[] = {"arg1", "arg2", "arg3", "arg4", "arg5", "arg6", "arg7"};
    int n = 0;

    while (n < max && n < 7) {
        const cell *c = csv_get(f, row, names[n]);

        if (c->omitted)
            break;
        args[n++] = *c;
    }
    return n;
}

/* ------------------------------------------------------------- explanations */

/* The explanation of a vector's call against the call's own result (docs/rules.md#explanations):
 * its last row is the result, or the same error; for a penalty the exact product, cut to the
 * cent, is the rounding down. */
static void check_explanation(const char *file, const char *id, const char *fn, const cell *args, int n,
                              const call_result *r)
{
    static call_result e;
    const char *explain = !strcmp(fn, "capes_penalty") ? "capes_explain_penalty"
                          : !strcmp(fn, "capes_refusal_penalty") ? "capes_explain_refusal_penalty"
                          : !strcmp(fn, "capes_deadline") ? "capes_explain_deadline"
                          : !strcmp(fn, "capes_transition_error") || !strcmp(fn, "capes_check_transition")
                              ? "capes_explain_transition"
                              : NULL;
    const capes_trace *t = call_last_trace();
    const capes_trace_row *last;
    char got[CALL_OUT_MAX + 2 * CAPES_MSG_MAX + 64], want[CALL_OUT_MAX + 32];
    bool transition;

    if (!explain)
        return;
    transition = explain[14] == 't';
    call_table(explain, args, n, &e);
    last = t->n > 0 ? &t->rows[t->n - 1] : NULL;
    if (e.failed)
        snprintf(got, sizeof got, "error %s", capes_err_reason(&e.err));
    else if (!last)
        snprintf(got, sizeof got, "no rows");
    else if (transition)
        snprintf(got, sizeof got, "%s %s %s", last->step, last->passed ? "true" : "false", last->value);
    else if (explain[14] == 'd')
        capes_format_date(last->day, got + snprintf(got, sizeof got, "%s ", last->step));
    else
        snprintf(got, sizeof got, "%s %s", last->step, last->value);
    if (r->failed && !(transition && r->err.code == CAPES_ERR_TRANSITION))
        snprintf(want, sizeof want, "error %s", capes_err_reason(&r->err));
    else if (r->null && !transition)
        snprintf(want, sizeof want, "no rows");
    else if (transition && r->failed)
        snprintf(want, sizeof want, "verdict false %s", capes_err_reason(&r->err));
    else if (transition && !strcmp(fn, "capes_check_transition"))
        snprintf(want, sizeof want, "verdict true allowed");
    else if (transition)
        snprintf(want, sizeof want, r->null ? "verdict true allowed" : "verdict false %s", r->text);
    else
        snprintf(want, sizeof want, "%s %s", explain[14] == 'd' ? "result" : "maximum", r->text);
    /* a NULL argument of capes_transition_error gives NULL, of the explanation no rows */
    if (transition && r->null &&
        (args[1].null || args[3].null || (!args[0].null && args[2].null) || (n > 4 && args[4].null)))
        snprintf(want, sizeof want, "no rows");
    if (!transition && explain[14] != 'd' && last && !e.failed) {
        const capes_trace_row *product = NULL, *down = NULL;
        int i;

        for (i = 0; i < t->n; i++) {
            if (!strcmp(t->rows[i].step, "product"))
                product = &t->rows[i];
            if (!strcmp(t->rows[i].step, "rounded down"))
                down = &t->rows[i];
        }
        if (product && down && !strstr(product->value, "...")) {
            const char *dot = strchr(product->value, '.');
            int len = dot ? (int) (dot - product->value) + 3 : 0;

            if (!dot || strncmp(product->value, down->value, (size_t) len) || down->value[len] != '\0')
                snprintf(got + strlen(got), sizeof got - strlen(got), " (product %s, rounded down %s)",
                         product->value, down->value);
        }
    }
    report(!strcmp(got, want), "explanation of %s:%s ends with the result", file, id);
    if (strcmp(got, want))
        printf("#   expected %s\n#   got      %s\n", want, got);
}

/* Explanations checked by hand, row by row (docs/rules.md#explanations; README, Explanations). */
static void explanations_by_hand(void)
{
    static const struct {
        const char *fn, *args[7], *want;
    } cases[] = {
        /* 30 days from 2016-02-27 end on Easter Monday and move to the Tuesday (CPC 641, 642) */
        {"capes_explain_deadline", {"2016-02-27", "observations"},
         "start|2016-02-27|the date of receipt of the envisaged penalty amount|CPC 640;"
         "delay|2016-03-28|30 days added, the day of the start not counted|CPC 641 al. 1;"
         "skipped|2016-03-28|Lundi de Pâques, a holiday (fr): not a working day, the deadline moves to the next day|CPC 642 al. 2;"
         "result|2016-03-29|the last day of the deadline observations, which expires at midnight (CPC 642 al. 1)|R162-45-2 III"},
        /* a month end: no 29 February in 2017 (CPC 641 al. 2), and a duration is not extended */
        {"capes_explain_deadline", {"2016-02-29", "annual_report", "fr"},
         "start|2016-02-29|the date of signature|CPC 640;"
         "delay|2017-02-28|12 months added: no day 29 in 2017-02, the last day of the month|CPC 641 al. 2;"
         "not extended|2017-02-28|a duration, not a deadline to act: CPC 642 does not extend it "
         "(docs/rules.md#durations_not_extended)|CPC 642 al. 2;"
         "result|2017-02-28|the last day of the deadline annual_report, which expires at midnight (CPC 642 al. 1)|R162-45-2 I al. 2"},
        /* Christmas on a Sunday and Saint-Étienne in Alsace-Moselle (guard 3's example) */
        {"capes_explain_deadline", {"2016-11-25", "observations", "fr-alsace-moselle"},
         "start|2016-11-25|the date of receipt of the envisaged penalty amount|CPC 640;"
         "delay|2016-12-25|30 days added, the day of the start not counted|CPC 641 al. 1;"
         "skipped|2016-12-25|Sunday and Noël (fr-alsace-moselle): not a working day, the deadline moves to the next day|CPC 642 al. 2;"
         "skipped|2016-12-26|Saint-Étienne, a holiday (fr-alsace-moselle): not a working day, the deadline moves to the next day|CPC 642 al. 2;"
         "result|2016-12-27|the last day of the deadline observations, which expires at midnight (CPC 642 al. 1)|R162-45-2 III"},
        /* a product below the cent: 0.999999 is rounded down to 0.99 */
        {"capes_explain_penalty", {"1", "none", "303.03"},
         "revenue|303.03|the revenue given, an exact decimal, used exactly|R162-45-2 II;"
         "rate|0.33 %|the cell of the table: row none (the degree of implementation), column 1 (risk not completely treated)|R162-45-2 III;"
         "product|0.999999|303.03 x 0.33 %, exact|R162-45-2 III;"
         "rounded down|0.99|to the cent below, never to the nearest: the law gives a maximum (docs/rules.md#rounding-down)|R162-45-2 III;"
         "maximum|0.99|the maximum penalty|R162-45-2 III"},
        {"capes_explain_refusal_penalty", {"99999.995"},
         "revenue|99999.995|the revenue given, an exact decimal, used exactly|R162-45-1 II;"
         "rate|1.00 %|a refusal to sign the contract: 1 % of the revenue at most (R162-45-1 II, L162-30-3 II)|R162-45-1 II;"
         "product|999.99995|99999.995 x 1.00 %, exact|R162-45-1 II;"
         "rounded down|999.99|to the cent below, never to the nearest: the law gives a maximum (docs/rules.md#rounding-down)|R162-45-1 II;"
         "maximum|999.99|the maximum penalty for refusing to sign|R162-45-1 II"},
        /* a refused step: guard 2 fails, the term is still checked, the verdict is the refusal */
        {"capes_explain_transition", {"notified", "agency_draft", "2016-03-01", "2016-03-20"},
         "transition table|true|notified -> agency_draft is a step of the table|R162-45-1 I al. 3-4;"
         "guard 1: date order|true|2016-03-20 is not before the previous step, of 2016-03-01|R162-45-1 I al. 3-4;"
         "guard 8: lapse|true|2016-03-20 is not after 2017-12-31, the last day a CAPES produces effects|décret 2017-584 art. 2;"
         "guard 2: establishment's draft|false|notified -> agency_draft refused before 2016-04-01: the establishment has 30 "
         "days to propose a draft (R162-45-1 I)|R162-45-1 I al. 2;"
         "term|true|until is NULL: no term is fixed at this step|R162-45-1 I al. 3-4;"
         "verdict|false|notified -> agency_draft refused before 2016-04-01: the establishment has 30 days to propose a "
         "draft (R162-45-1 I)|R162-45-1 I al. 2"},
        /* two refusals: the table's is the verdict, guard 8's is shown after it */
        {"capes_explain_transition", {"closed", "signed", "2016-01-02", "2018-01-05"},
         "transition table|false|closed -> signed refused: closed is a terminal state|-;"
         "guard 1: date order|true|2018-01-05 is not before the previous step, of 2016-01-02|R162-45-1 I al. 4;"
         "guard 8: lapse|false|closed -> signed refused on 2018-01-05: the CAPES lapsed on 2018-01-01, only completed and "
         "closed may follow (décret 2017-584 art. 2)|décret 2017-584 art. 2;"
         "term|true|until is NULL: the term's default|R162-45-1 I al. 4;"
         "verdict|false|closed -> signed refused: closed is a terminal state|-"},
        /* a new case in force */
        {"capes_explain_transition", {"NULL", "notified", "NULL", "2016-01-04"},
         "transition table|true|(none) -> notified is a step of the table|R162-45-1 I al. 1;"
         "guard 4: in force|true|2016-01-04 is within 2015-11-22 to 2017-04-08, while R162-45 to R162-45-2 apply|R162-45;"
         "guard 8: lapse|true|2016-01-04 is not after 2017-12-31, the last day a CAPES produces effects|décret 2017-584 art. 2;"
         "term|true|until is NULL: no term is fixed at this step|R162-45-1 I al. 1;"
         "verdict|true|allowed|R162-45-1 I al. 1"},
    };
    static call_result r;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cell args[7];
        int n = 0;

        while (n < 7 && cases[i].args[n]) {
            args[n] = (cell) {false, !strcmp(cases[i].args[n], "NULL"), cases[i].args[n], strlen(cases[i].args[n])};
            n++;
        }
        call_table(cases[i].fn, args, n, &r);
        report(!r.failed && !strcmp(r.text, cases[i].want), "explanation by hand: %s(%s, ...)", cases[i].fn,
               cases[i].args[0]);
        if (r.failed || strcmp(r.text, cases[i].want))
            printf("#   expected %s\n#   got      %s\n", cases[i].want, r.failed ? r.err.msg : r.text);
    }
}

/* capes_history_trace's fold (capes_history_trace_step) gives every history vector's answer,
 * as capes_history_step's does, and its JSON has a reason at exactly the invalid step. */
static void check_history_trace(const csv_file *f, const csv_row *row, const cell *fn, const call_result *plain)
{
    static call_result r;
    const char *name = fn->omitted ? "capes_history_error" : fn->text;
    bool invalid;

    call_history_traced = true;
    call_history(name, csv_get(f, row, "steps")->text, csv_get(f, row, "calendar"), &r);
    call_history_traced = false;
    invalid = !strcmp(name, "capes_history_error") && !r.failed && !r.null;
    report(r.failed == plain->failed && r.null == plain->null &&
               !strcmp(r.failed ? r.err.msg : r.text, plain->failed ? plain->err.msg : plain->text) &&
               (strcmp(name, "capes_history_error") || r.failed || call_history_invalid_objects == (invalid ? 1 : 0)),
           "capes_history_trace's fold of histories.csv:%s gives its answer", csv_get(f, row, "id")->text);
}

static void run_file(const char *dir, const char *name)
{
    char path[1024];
    csv_file f;
    csv_row row;
    call_result r;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!csv_open(&f, path)) {
        report(false, "%s: cannot read", path);
        return;
    }
    while (csv_next(&f, &row)) {
        const cell *fn = csv_get(&f, &row, "fn");
        cell args[7];
        int n;

        if (!for_core(csv_get(&f, &row, "engines")))
            continue;
        if (!strncmp(name, "calls-", 6)) {
            n = args_of(&f, &row, args, 7);
            call_scalar(fn->text, args, n, &r);
            check_explanation(name, csv_get(&f, &row, "id")->text, fn->text, args, n, &r);
        } else if (!strcmp(name, "tables.csv")) {
            n = args_of(&f, &row, args, 4);
            call_table(fn->text, args, n, &r);
        } else if (!strcmp(name, "contracts.csv")) {
            call_contract(fn->text, csv_get(&f, &row, "rows")->text, csv_get(&f, &row, "revenue"), &r);
        } else if (!strcmp(name, "histories.csv")) {
            call_history(fn->omitted ? "capes_history_error" : fn->text, csv_get(&f, &row, "steps")->text,
                         csv_get(&f, &row, "calendar"), &r);
            check_history_trace(&f, &row, fn, &r);
        } else {
            continue;
        }
        check_row(name, &f, &row, &r);
    }
    csv_close(&f);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static void run_vectors(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *names[64];
    int n = 0, i;

    if (!d) {
        report(false, "vectors: cannot open %s", dir);
        return;
    }
    while ((e = readdir(d)) && n < 64)
        if (strlen(e->d_name) > 4 && !strcmp(e->d_name + strlen(e->d_name) - 4, ".csv"))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t) n, sizeof names[0], by_name);
    for (i = 0; i < n; i++) {
        run_file(dir, names[i]);
        free(names[i]);
    }
}

/* --------------------------------------------------------------- properties */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t next_random(void)
{
    /* xorshift64*: deterministic, so a failure is reproducible */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1Du;
}

static int64_t random_in(int64_t lo, int64_t hi)
{
    return lo + (int64_t) (next_random() % (uint64_t) (hi - lo + 1));
}

#define SAMPLES 200000
#define LAST_SAFE_START (CAPES_DAY_MAX - 60) /* room for 30 days and an extension */

static void prop_civil_round_trip(void)
{
    capes_day d;
    int y, m, dd, bad = 0, prev_w = capes_weekday(CAPES_DAY_MIN - 1);
    char text[CAPES_DATE_TEXT_MAX];

    for (d = CAPES_DAY_MIN; d <= CAPES_DAY_MAX; d++) {
        capes_err err;
        capes_err_init(&err, "t");
        capes_day back;
        int w = capes_weekday(d);

        capes_civil_from_days(d, &y, &m, &dd);
        capes_format_date(d, text);
        if (capes_days_from_civil(y, m, dd) != d || dd < 1 || dd > capes_days_in_month(y, m) ||
            capes_parse_date(&err, "d", text, strlen(text), &back) != CAPES_OK || back != d ||
            w != (prev_w + 1) % 7)
            bad++;
        prev_w = w;
    }
    report(bad == 0, "property: every day 1583-01-01..9999-12-31 round-trips through civil date and text (%d bad)", bad);
}

static bool same_date(capes_date a, capes_date b)
{
    return a.day == b.day && a.y == b.y && a.m == b.m && a.d == b.d;
}

/* The civil dates that SQLite's deadline walks (capes_date) against the day numbers that
 * PostgreSQL's converts: the same days, every day of the range. */
static void prop_civil_dates_agree(void)
{
    static const int steps[] = {0, 1, 30, 31, 61, 62, 63, 400};
    capes_day d;
    int bad = 0, i;
    char text[CAPES_DATE_TEXT_MAX], civil[CAPES_DATE_TEXT_MAX];

    for (d = CAPES_DAY_MIN; d <= CAPES_DAY_MAX; d++) {
        capes_err err;
        capes_date date = capes_date_of(d), parsed;
        int months = (int) (d % 37);

        capes_err_init(&err, "t");
        capes_format_date(d, text);
        if (capes_parse_civil(&err, "d", text, strlen(text), &parsed) != CAPES_OK || !same_date(parsed, date) ||
            capes_format_civil(&parsed, civil) != 10 || strcmp(text, civil) != 0)
            bad++;
        for (i = 0; i < (int) (sizeof steps / sizeof steps[0]); i++)
            if (!same_date(capes_date_add_days(date, steps[i]), capes_date_of(d + steps[i])))
                bad++;
        if (d < CAPES_DAY_MAX - 3 * 366) {
            /* CPC 641 al. 2 on the civil date itself: the same day number, or the month's last */
            capes_date later = capes_date_add_months(date, months);
            int last = capes_days_in_month(later.y, later.m);

            if (!same_date(later, capes_date_of(later.day)) ||
                (later.y * 12 + later.m) - (date.y * 12 + date.m) != months ||
                later.d != (date.d < last ? date.d : last))
                bad++;
        }
        if (capes_is_working_date(&date, (capes_calendar) (d % CAPES_N_CALENDARS)) !=
            capes_is_working_day(d, (capes_calendar) (d % CAPES_N_CALENDARS)))
            bad++;
    }
    report(bad == 0, "property: civil dates walked by days and months, parsed and written, are the days they "
           "convert to, 1583-01-01..9999-12-31 (%d bad)", bad);
}

/* capes_deadline_date (SQLite's path) walks civil dates; here the same deadline is counted on
 * day numbers alone (CPC 641, then CPC 642 al. 2 a day at a time with capes_is_working_day), and
 * capes_deadline (PostgreSQL's path) must give the same day or the same error. */
static void prop_deadline_paths_agree(void)
{
    int i, bad = 0;

    for (i = 0; i < SAMPLES; i++) {
        capes_err e1, e2;
        capes_day start = (capes_day) (i % 2 ? random_in(CAPES_DAY_MIN, CAPES_DAY_MAX)
                                             : random_in(CAPES_DAY_MAX - 800, CAPES_DAY_MAX)),
                  due = 0;
        capes_date from = capes_date_of(start), last = {0};
        capes_kind kind = (capes_kind) random_in(0, CAPES_N_KINDS - 1);
        capes_calendar cal = (capes_calendar) random_in(0, CAPES_N_CALENDARS - 1);
        const capes_kind_rule *rule = &capes_kind_rules[kind];
        capes_day want = rule->months ? capes_add_months(start, rule->months) : start + rule->days;
        capes_code c1, c2;

        if (rule->extended && cal != CAPES_CAL_NONE)
            while (!capes_is_working_day(want, cal))
                want++;
        capes_err_init(&e1, "t");
        capes_err_init(&e2, "t");
        c1 = capes_deadline(&e1, start, kind, cal, &due);
        c2 = capes_deadline_date(&e2, &from, kind, cal, &last);
        if (want > CAPES_DAY_MAX ? c2 != CAPES_ERR_DATE_RANGE || c1 != c2 || strcmp(e1.msg, e2.msg) != 0
                                 : c2 != CAPES_OK || !same_date(last, capes_date_of(want)) || c1 != CAPES_OK ||
                                       due != want)
            bad++;
    }
    report(bad == 0, "property: a deadline walked on civil dates equals the deadline counted on day numbers, "
           "errors included (%d bad)", bad);
}

/* Easter by Oudin's algorithm (1940), as given by Tondering: independent of the core's. */
static capes_day easter_oudin(int y)
{
    int g = y % 19, c = y / 100;
    int h = (c - c / 4 - (8 * c + 13) / 25 + 19 * g + 15) % 30;
    int i = h - (h / 28) * (1 - (h / 28) * (29 / (h + 1)) * ((21 - g) / 11));
    int j = (y + y / 4 + i + 2 - c + c / 4) % 7;
    int l = i - j;
    int month = 3 + (l + 40) / 44;
    int day = l + 28 - 31 * (month / 4);

    return capes_days_from_civil(y, month, day);
}

static void prop_easter(void)
{
    int y, bad = 0;

    for (y = 1583; y <= 9999; y++)
        if (capes_easter(y) != easter_oudin(y) || capes_weekday(capes_easter(y)) != 6)
            bad++;
    report(bad == 0, "property: Easter equals Oudin's formula and is a Sunday for 1583..9999 (%d bad)", bad);
}

static void prop_deadlines(void)
{
    int i, before = 0, not_working = 0, skipped = 0;

    for (i = 0; i < SAMPLES; i++) {
        capes_err err;
        capes_err_init(&err, "t");
        capes_day start = (capes_day) random_in(CAPES_DAY_MIN, LAST_SAFE_START - 1500), due, d;
        capes_kind kind = (capes_kind) random_in(0, CAPES_N_KINDS - 1);
        capes_calendar cal = (capes_calendar) random_in(0, CAPES_N_CALENDARS - 1);
        const capes_kind_rule *rule = &capes_kind_rules[kind];

        if (capes_deadline(&err, start, kind, cal, &due) != CAPES_OK || due <= start) {
            before++;
            continue;
        }
        if (!rule->extended || cal == CAPES_CAL_NONE)
            continue;
        if (!capes_is_working_day(due, cal))
            not_working++;
        for (d = start + rule->days; d < due; d++)
            if (capes_is_working_day(d, cal))
                skipped++;
    }
    report(before == 0, "property: a deadline always ends after its start (%d bad)", before);
    report(not_working == 0 && skipped == 0,
           "property: an extended deadline is a working day and skips no working day (%d, %d bad)", not_working,
           skipped);
}

static void prop_months_monotonic(void)
{
    int i, bad = 0;

    for (i = 0; i < SAMPLES; i++) {
        capes_day a = (capes_day) random_in(CAPES_DAY_MIN, CAPES_DAY_MAX - 40 * 366);
        capes_day b = a + (capes_day) random_in(0, 400);
        int months = (int) random_in(0, 12 * 30);
        capes_day ma = capes_add_months(a, months), mb = capes_add_months(b, months);
        int y, m, d, y2, m2, d2;

        capes_civil_from_days(a, &y, &m, &d);
        capes_civil_from_days(ma, &y2, &m2, &d2);
        /* monotonic, and CPC 641: same day number, or the month's last day */
        if (ma > mb || (y2 * 12 + m2) - (y * 12 + m) != months ||
            (d2 != d && !(d > d2 && d2 == capes_days_in_month(y2, m2))))
            bad++;
    }
    report(bad == 0, "property: adding months or years is monotonic and keeps the day number (%d bad)", bad);
}

static void prop_holidays_agree(void)
{
    int y, c, i, bad = 0;

    /* every year: capes_is_holiday reads bit masks built from the rules capes_holidays walks */
    for (y = 1583; y <= 9999; y++)
        for (c = 0; c < CAPES_N_CALENDARS; c++) {
            capes_holiday h[CAPES_HOLIDAYS_MAX];
            int n = capes_holidays(y, (capes_calendar) c, h), count = 0;
            capes_day d, first = capes_days_from_civil(y, 1, 1), last = capes_days_from_civil(y, 12, 31);

            for (d = first; d <= last; d++)
                if (capes_is_holiday(d, (capes_calendar) c))
                    count++;
            for (i = 0; i < n; i++)
                if (!capes_is_holiday(h[i].day, (capes_calendar) c) || (i && h[i].day <= h[i - 1].day))
                    bad++;
            if (count != n)
                bad++;
        }
    report(bad == 0, "property: capes_holidays lists exactly the days capes_is_holiday accepts (%d bad)", bad);
}

static void prop_penalty_floor(void)
{
    int i, bad = 0;

    for (i = 0; i < SAMPLES; i++) {
        /* a revenue of N / 10^k euros, k up to 8 decimals: its exact maximum is
         * floor(N x bp / (100 x 10^k)) cents, computed here in 128 bits */
        __extension__ typedef __int128 wide;
        int k = (int) random_in(0, 8), j;
        wide scale = 1, n, exact;
        char text[64];
        capes_revenue revenue;
        capes_err err;
        int bp = capes_rate_bp((int) random_in(0, 3), (capes_level) random_in(0, 2));
        int len;

        for (j = 0; j < k; j++)
            scale *= 10;
        n = (wide) random_in(0, CAPES_REVENUE_MAX_CENTS / 100) * scale + (k ? random_in(0, (int64_t) scale - 1) : 0);
        len = snprintf(text, sizeof text, "%lld", (long long) (n / scale));
        if (k)
            snprintf(text + len, sizeof text - (size_t) len, ".%0*lld", k, (long long) (n % scale));
        capes_err_init(&err, "t");
        exact = n * bp / (100 * scale);
        if (capes_revenue_from_text(&err, "r", text, strlen(text), &revenue) != CAPES_OK ||
            capes_penalty_cents(&revenue, bp) != (int64_t) exact)
            bad++;
    }
    report(bad == 0, "property: a penalty is the floor of the exact revenue x rate, to the cent (%d bad)", bad);
}

static void prop_money_inputs_agree(void)
{
    int i, bad = 0;

    for (i = 0; i < SAMPLES; i++) {
        capes_err err;
        capes_err_init(&err, "t");
        int64_t cents = random_in(0, CAPES_REVENUE_MAX_CENTS);
        capes_revenue from_text, from_double;
        char text[CAPES_MONEY_TEXT_MAX];
        int n = capes_money_format(cents, text);

        if (capes_revenue_from_text(&err, "r", text, (size_t) n, &from_text) != CAPES_OK || from_text.cents != cents ||
            from_text.sub != 0 || capes_revenue_from_double(&err, "r", (double) cents / 100.0, &from_double) != CAPES_OK ||
            from_double.cents != cents || from_double.sub != 0)
            bad++;
    }
    report(bad == 0, "property: a cent amount survives text and double input unchanged (%d bad)", bad);
}

/* One outcome of a whole-number reader: its code and message, or the value. */
static void whole_outcome(capes_code code, const capes_err *err, int64_t v, char *out, size_t size)
{
    if (code == CAPES_OK)
        snprintf(out, size, "ok %lld", (long long) v);
    else
        snprintf(out, size, "%d %s", (int) code, err->msg);
}

/* docs/rules.md#whole-numbers: one value gets one answer and one message whatever its type, an
 * integer, a double or a decimal text in any spelling (2, 2.0, '2.000', '2e0', ' 2 '); a value
 * with a half gets the same refusal as a double and as a text. */
static void prop_whole_types_agree(void)
{
    static const capes_value values[] = {CAPES_VALUE_RISKS, CAPES_VALUE_YEAR};
    int i, j, bad = 0;

    for (i = 0; i < SAMPLES; i++) {
        int64_t k = i % 4 == 0 ? random_in(-5, 10) : i % 4 == 1 ? random_in(1500, 10100)
                                                    : random_in(-1000000000, 1000000000);

        for (j = 0; j < 2; j++) {
            char want[CAPES_MSG_MAX + 32], got[CAPES_MSG_MAX + 32], text[64];
            const char *forms[] = {"%lld", "%lld.000", "%llde0", " %lld ", "%lld.5"};
            capes_err err;
            capes_code code;
            int64_t v = 0;
            size_t f;

            capes_err_init(&err, "t");
            code = capes_whole_from_int(&err, values[j], "x", k, &v);
            whole_outcome(code, &err, v, want, sizeof want);
            capes_err_init(&err, "t");
            code = capes_whole_from_double(&err, values[j], "x", (double) k, &v);
            whole_outcome(code, &err, v, got, sizeof got);
            bad += strcmp(want, got) != 0;
            for (f = 0; f < 4; f++) {
                snprintf(text, sizeof text, forms[f], (long long) k);
                capes_err_init(&err, "t");
                code = capes_whole_from_text(&err, values[j], "x", text, strlen(text), &v);
                whole_outcome(code, &err, v, got, sizeof got);
                bad += strcmp(want, got) != 0;
            }
            /* k and a half: refused, the same way as a double (exact: |k| < 2^52) and as text */
            capes_err_init(&err, "t");
            code = capes_whole_from_double(&err, values[j], "x", (double) k + (k < 0 ? -0.5 : 0.5), &v);
            whole_outcome(code, &err, v, want, sizeof want);
            snprintf(text, sizeof text, k < 0 ? "-%lld.5" : "%lld.5", (long long) (k < 0 ? -k : k));
            capes_err_init(&err, "t");
            code = capes_whole_from_text(&err, values[j], "x", text, strlen(text), &v);
            whole_outcome(code, &err, v, got, sizeof got);
            bad += strcmp(want, got) != 0 || strncmp(want, "1 t: x must be a whole number (got ", 35) != 0;
        }
    }
    report(bad == 0, "property: a count or a year as integer, double and decimal text gets one answer and one "
                     "message (%d bad)", bad);
}

/* The base-10000 digits of a decimal text "[-]I.F", as PostgreSQL's numeric keeps them. */
static int to_base10000(const char *text, bool *negative, int *weight, int16_t *digits)
{
    char intpart[64] = "", frac[64] = "";
    const char *dot;
    int ilen, pad, n = 0, i;

    *negative = text[0] == '-';
    text += *negative;
    dot = strchr(text, '.');
    ilen = dot ? (int) (dot - text) : (int) strlen(text);
    pad = (4 - ilen % 4) % 4;
    memset(intpart, '0', (size_t) pad);
    memcpy(intpart + pad, text, (size_t) ilen);
    if (dot)
        snprintf(frac, sizeof frac, "%s", dot + 1);
    while (strlen(frac) % 4)
        strcat(frac, "0");
    *weight = (ilen + pad) / 4 - 1;
    for (i = 0; i < (ilen + pad) / 4; i++)
        digits[n++] = (int16_t) ((intpart[4 * i] - '0') * 1000 + (intpart[4 * i + 1] - '0') * 100 +
                                 (intpart[4 * i + 2] - '0') * 10 + (intpart[4 * i + 3] - '0'));
    for (i = 0; i < (int) strlen(frac) / 4; i++)
        digits[n++] = (int16_t) ((frac[4 * i] - '0') * 1000 + (frac[4 * i + 1] - '0') * 100 +
                                 (frac[4 * i + 2] - '0') * 10 + (frac[4 * i + 3] - '0'));
    return n;
}

static void prop_base10000_agrees(void)
{
    int i, bad = 0;

    for (i = 0; i < SAMPLES; i++) {
        capes_err err;
        capes_err_init(&err, "t");
        char text[64];
        int16_t digits[32];
        int64_t int_part = random_in(0, INT64_C(99999999999999999)) >> random_in(0, 56);
        capes_revenue from_text, fast;
        int decimals = (int) random_in(0, 8), weight, n;
        bool negative, ok;

        n = snprintf(text, sizeof text, "%s%lld", random_in(0, 9) ? "" : "-", (long long) int_part);
        if (decimals) {
            int64_t scale = 1;
            int k;

            for (k = 0; k < decimals; k++)
                scale *= 10;
            n += snprintf(text + n, sizeof text - (size_t) n, ".%0*lld", decimals, (long long) random_in(0, scale - 1));
        }
        n = to_base10000(text, &negative, &weight, digits);
        ok = capes_revenue_from_text(&err, "r", text, strlen(text), &from_text) == CAPES_OK;
        if (capes_revenue_from_base10000(negative, weight, digits, n, &fast) != ok ||
            (ok && (fast.cents != from_text.cents || fast.sub != from_text.sub)))
            bad++;
    }
    report(bad == 0, "property: numeric's base-10000 digits give the revenue the decimal text gives (%d bad)", bad);
}

/* Two decimals are the same when every field capes_check_amount reads is. */
static bool same_decimal(const capes_decimal *a, const capes_decimal *b)
{
    return a->negative == b->negative && a->over == b->over && a->units == b->units && a->frac_len == b->frac_len &&
           memcmp(a->frac, b->frac, a->frac_len) == 0;
}

/* The amounts' readers without a text (numeric's digits in PostgreSQL, an INTEGER's or a
 * REAL's cents in SQLite) read the decimal the text path reads, or leave it to the text. */
static void prop_decimal_readers_agree(void)
{
    int i, bad = 0;

    for (i = 0; i < SAMPLES; i++) {
        capes_err err;
        char text[64], frac[CAPES_BASE10000_FRAC], cents_frac[2];
        int16_t digits[32];
        int64_t int_part = random_in(0, INT64_C(99999999999999999)) >> random_in(0, 56);
        int64_t cents = random_in(0, CAPES_REVENUE_MAX_CENTS) >> random_in(0, 50);
        capes_decimal from_text, fast;
        int decimals = (int) random_in(0, 9), weight, n;
        bool negative = random_in(0, 3) == 0;

        capes_err_init(&err, "t");
        n = snprintf(text, sizeof text, "%s%lld", negative ? "-" : "", (long long) int_part);
        if (decimals) {
            int64_t scale = 1;
            int k;

            for (k = 0; k < decimals; k++)
                scale *= 10;
            snprintf(text + n, sizeof text - (size_t) n, ".%0*lld", decimals, (long long) random_in(0, scale - 1));
        }
        n = to_base10000(text, &negative, &weight, digits);
        if (capes_decimal_from_base10000(negative, weight, digits, n, frac, &fast) &&
            (capes_decimal_from_text(&err, "a", text, strlen(text), true, &from_text) != CAPES_OK ||
             !same_decimal(&fast, &from_text)))
            bad++;
        negative = random_in(0, 1);
        snprintf(text, sizeof text, "%s%lld.%02lld", negative ? "-" : "", (long long) (cents / 100),
                 (long long) (cents % 100));
        capes_decimal_from_cents(negative, cents, cents_frac, &fast);
        if (capes_decimal_from_text(&err, "a", text, strlen(text), true, &from_text) != CAPES_OK ||
            !same_decimal(&fast, &from_text))
            bad++;
    }
    report(bad == 0, "property: an amount read from numeric's digits or from cents is the decimal its text reads "
                     "(%d bad)", bad);
}

/* capes_format writes what the C library's snprintf writes, for every conversion it knows,
 * cut at every size (cutting is the point: gcc's warning about it is off here). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
#define SAME_AS_SNPRINTF(size, ...)                                                                                \
    do {                                                                                                           \
        char a_[96], b_[96];                                                                                       \
        int na_, nb_;                                                                                              \
                                                                                                                   \
        memset(a_, 'x', sizeof a_);                                                                                \
        memset(b_, 'x', sizeof b_);                                                                                \
        na_ = capes_format(a_, (size), __VA_ARGS__);                                                               \
        nb_ = snprintf(b_, (size), __VA_ARGS__);                                                                   \
        if (na_ != nb_ || memcmp(a_, b_, sizeof a_) != 0)                                                          \
            bad++;                                                                                                 \
    } while (0)

static void prop_format_agrees(void)
{
    static const int ints[] = {0, 1, -1, 7, -7, 42, -42, 123, 99999, -99999, INT32_MAX, INT32_MIN};
    static const long long longs[] = {0, 5, -5, 1234567890123LL, -1234567890123LL, INT64_MAX, INT64_MIN};
    size_t size;
    int bad = 0, i;

    for (size = 0; size < 80; size++) {
        SAME_AS_SNPRINTF(size, "%s", "");
        SAME_AS_SNPRINTF(size, "%s -> %s refused: from %s the next steps are %s (%s)", "penalty_proposed",
                         "formal_notice", "penalty_proposed", "signed, closed", "R162-45-2 III");
        SAME_AS_SNPRINTF(size, "%.*s|%.*s|%.*s", 3, "abcdef", 0, "abc", 10, "ab");
        SAME_AS_SNPRINTF(size, "1 %% of %c%c, 100%%", 'a', '\'');
        SAME_AS_SNPRINTF(size, "\\x%02X \\u%04X \\u%04x %02u", 0x7Fu, 0x1D173u, 0x200Bu, 5u);
        SAME_AS_SNPRINTF(size, "%llu.%02u", 18446744073709551615ULL, 99u);
        for (i = 0; i < (int) (sizeof ints / sizeof ints[0]); i++)
            SAME_AS_SNPRINTF(size, "%d %02d %04d-%02d", ints[i], ints[i], ints[i], ints[i]);
        for (i = 0; i < (int) (sizeof longs / sizeof longs[0]); i++)
            SAME_AS_SNPRINTF(size, "'%lld' %s%lld.%.*s", longs[i], "-", longs[i], 2, "50");
    }
    report(bad == 0, "capes_format writes what snprintf writes, cut at every size (%d differ)", bad);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

static void random_contract_rows(int *risks, int *levels, int *n)
{
    int order[3] = {0, 1, 2}, i;

    for (i = 2; i > 0; i--) {
        int j = (int) random_in(0, i), t = order[i];

        order[i] = order[j];
        order[j] = t;
    }
    *n = (int) random_in(1, 3);
    for (i = 0; i < *n; i++) {
        risks[i] = order[i];
        levels[i] = (int) random_in(0, 2);
    }
}

static void prop_contract_merge(void)
{
    int i, k, bad = 0;

    for (i = 0; i < SAMPLES / 10; i++) {
        capes_err err;
        capes_err_init(&err, "t");
        capes_contract all = {0}, left = {0}, right = {0}, back;
        int risks[3], levels[3], n, split_at, bp1, bp2;
        int64_t revenue = random_in(0, CAPES_REVENUE_MAX_CENTS), p1, p2;

        random_contract_rows(risks, levels, &n);
        split_at = (int) random_in(0, n);
        for (k = 0; k < n; k++) {
            capes_contract *side = k < split_at ? &left : &right;

            if (capes_contract_add(&err, &all, risks[k], levels[k]) || capes_contract_revenue(&err, &all, false, revenue) ||
                capes_contract_add(&err, side, risks[k], levels[k]) || capes_contract_revenue(&err, side, false, revenue))
                bad++;
        }
        capes_contract_unpack(capes_contract_pack(&left), &back);
        if (capes_contract_merge(&err, &back, &right) != CAPES_OK || !capes_contract_bp(&back, &bp1) ||
            !capes_contract_bp(&all, &bp2) || bp1 != bp2 || !capes_contract_penalty(&back, &p1) ||
            !capes_contract_penalty(&all, &p2) || p1 != p2 || capes_contract_pack(&back) != capes_contract_pack(&all))
            bad++;
        /* a risk on both sides is a repeat, whichever side saw it first */
        if (n > 0 && capes_contract_merge(&err, &back, &all) != CAPES_ERR_ARG)
            bad++;
    }
    report(bad == 0, "property: a merged contract state equals the state fed all rows (%d bad)", bad);
}

/* Random histories, some steps with a term: (1) a step the pairwise check refuses (fed
 * the previous step and its term) is refused by the fold at that step or earlier; (2) when
 * the fold refuses earlier, it is by a rule only the history knows (guard 9, the contract's
 * end at a return, a first signature after a refusal penalty); (3) over a valid history,
 * capes_history_due is capes_due fed the fold's start and terms. */
static void prop_history_matches_steps(void)
{
    int i, k, bad = 0, earlier = 0, valid = 0;

    for (i = 0; i < SAMPLES / 10; i++) {
        capes_history h;
        capes_step prev = {CAPES_STATE_NONE, 0, false, 0};
        int n = (int) random_in(1, 12), first_bad = 0;
        capes_day day = (capes_day) random_in(CAPES_IN_FORCE_FROM - 30, CAPES_IN_FORCE_TO + 30);
        capes_err err;

        capes_history_init(&h);
        capes_err_init(&err, "t");
        for (k = 1; k <= n; k++) {
            int next[CAPES_N_STATES], cnt = capes_next_states(prev.state, next);
            capes_step step = {cnt && random_in(0, 9) ? next[random_in(0, cnt - 1)] : (int) random_in(0, CAPES_N_STATES - 1),
                               day + (capes_day) random_in(-3, 45), random_in(0, 3) == 0, 0};

            step.until = step.day + (capes_day) random_in(-5, 500);
            if (!first_bad && capes_check_step(&err, &prev, &step, CAPES_CAL_FR) != CAPES_OK)
                first_bad = k;
            if (capes_history_step(&err, &h, true, &step, CAPES_CAL_FR) != CAPES_OK)
                bad++;
            if (!first_bad) {
                prev = step;
                day = step.day;
            }
        }
        if (first_bad && (!h.invalid || atoi(h.msg + 5) > first_bad))
            bad++;
        if (h.invalid && (!first_bad || atoi(h.msg + 5) < first_bad)) {
            earlier++;
            if (!strstr(h.msg, "the contract runs until") && !strstr(h.msg, "fixed at its first signature") &&
                !strstr(h.msg, "only contracts concluded") && !strstr(h.msg, "after the signature") &&
                !strstr(h.msg, "four years after the signature"))
                bad++;
        }
        if (!h.invalid) {
            bool has_h, has_d;
            capes_day due_h, due_d;
            bool signed_ = h.last.state == CAPES_STATE_SIGNED;

            valid++;
            if (capes_history_due(&err, &h, &has_h, &due_h) != CAPES_OK ||
                capes_due(&err, h.last.state, signed_ ? h.contract_start : h.last.day, CAPES_CAL_FR,
                          signed_ || h.last.has_until, signed_ ? h.contract_end : h.last.until, &has_d, &due_d) !=
                    CAPES_OK ||
                has_h != has_d || (has_h && due_h != due_d))
                bad++;
        }
    }
    report(bad == 0 && valid > 0 && earlier > 0,
           "property: the fold refuses every step the pairwise check refuses, earlier only by a rule of the history, "
           "and its running deadline is capes_due's (%d bad, %d valid, %d refused earlier)", bad, valid, earlier);
}

static void check_tables(void)
{
    int i, bad = 0, s;

    for (i = 0; i < capes_n_sources; i++)
        if (!capes_sources[i].rule[0] || !capes_sources[i].article[0] || !capes_sources[i].excerpt[0])
            bad++;
    for (i = 0; i < capes_n_interpretations; i++)
        if (!capes_interpretations[i].id[0] || !capes_interpretations[i].choice[0] ||
            !capes_interpretations[i].rationale[0])
            bad++;
    report(bad == 0 && capes_n_sources >= 20 && capes_n_interpretations >= 15,
           "sources (%d) and interpretations (%d) are filled in", capes_n_sources, capes_n_interpretations);
    bad = 0;
    for (s = 0; s < CAPES_N_STATES; s++)
        if (capes_state_terminal(s) != (s == CAPES_STATE_CLOSED))
            bad++;
    report(bad == 0, "closed is the only terminal state");
    bad = 0;
    for (i = 0; i < CAPES_N_ERRORS; i++)
        if (capes_errors[i].code != (capes_code) i || strlen(capes_errors[i].sqlstate) != 5)
            bad++;
    report(bad == 0, "the error table has one row per code, in order");
    /* find_term sieves on a first lower-case ASCII letter, and composes a decomposed
     * spelling only into a precomposed Latin-1 letter (C3 xx): every code and alias must
     * be written so (docs/rules.md#decomposed_spellings) */
    bad = 0;
    for (i = 0; i < CAPES_N_VOCABULARIES; i++) {
        const capes_vocab *v = capes_vocabularies[i].vocab;
        int t, a;

        for (t = 0; t < v->n; t++)
            for (a = -1; a < 3; a++) {
                const unsigned char *name =
                    (const unsigned char *) (a < 0 ? v->terms[t].code : v->terms[t].alias[a]);
                size_t k;

                if (!name)
                    break;
                if (name[0] < 'a' || name[0] > 'z')
                    bad++;
                for (k = 0; name[k]; k++) {
                    if (name[k] == 0xC3 && name[k + 1] >= 0xA0 && name[k + 1] <= 0xBF)
                        k++; /* a lower-case Latin-1 letter, U+00E0..U+00FF */
                    else if (name[k] >= 0x80 || (name[k] >= 'A' && name[k] <= 'Z'))
                        bad++;
                }
            }
    }
    report(bad == 0, "every code and alias starts with a lower-case ASCII letter and holds no capital and no other "
           "character than ASCII and precomposed lower-case Latin-1 letters (%d not)", bad);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/vectors";

    run_vectors(dir);
    explanations_by_hand();
    prop_civil_round_trip();
    prop_civil_dates_agree();
    prop_deadline_paths_agree();
    prop_easter();
    prop_deadlines();
    prop_months_monotonic();
    prop_holidays_agree();
    prop_penalty_floor();
    prop_money_inputs_agree();
    prop_whole_types_agree();
    prop_base10000_agrees();
    prop_decimal_readers_agree();
    prop_format_agrees();
    prop_contract_merge();
    prop_history_matches_steps();
    check_tables();
    printf("1..%d\n", tests);
    return failures ? 1 : 0;
}
