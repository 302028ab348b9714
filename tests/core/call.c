/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The text glue of the core tests: every SQL function called with text cells (call.h). */
#include "call.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Arguments: each converter fills r->err and returns false on a bad value. */

static bool arg_date(call_result *r, const cell *c, const char *name, capes_day *out)
{
    return capes_parse_date(&r->err, name, c->text, c->len, out) == CAPES_OK;
}

static bool arg_code(call_result *r, const cell *c, const char *name, const capes_vocab *v, int *out)
{
    return capes_lookup(&r->err, name, v, c->text, c->len, out) == CAPES_OK;
}

/* An optional calendar: 'fr' when not given. */
static bool arg_calendar(call_result *r, const cell *args, int nargs, int i, int *cal)
{
    *cal = CAPES_CAL_FR;
    return nargs <= i || arg_code(r, &args[i], "calendar", &capes_calendars, cal);
}

/* A count of risks or a year, as a decimal text (docs/rules.md#whole-numbers). */
static bool arg_whole(call_result *r, const cell *c, capes_value value, const char *name, int64_t *out)
{
    return capes_whole_from_text(&r->err, value, name, c->text, c->len, out) == CAPES_OK;
}

/* A term (until): NULL is its default. */
static bool arg_until(call_result *r, const cell *c, const char *name, bool *has, capes_day *out)
{
    *has = !c->null;
    return c->null || arg_date(r, c, name, out);
}

static bool arg_revenue(call_result *r, const cell *c, capes_revenue *revenue)
{
    return capes_revenue_from_text(&r->err, "revenue", c->text, c->len, revenue) == CAPES_OK;
}

/* An amount of capes_amount_error: exact, negative allowed for amount only (the rule's). */
static bool arg_amount(call_result *r, const cell *c, const char *name, capes_decimal *out)
{
    return capes_decimal_from_text(&r->err, name, c->text, c->len, !strcmp(name, "amount"), out) == CAPES_OK;
}

/* Results */

static void result_text(call_result *r, const char *fmt, const char *s)
{
    snprintf(r->text, sizeof r->text, fmt, s);
}

static void result_bool(call_result *r, bool b)
{
    result_text(r, "%s", b ? "true" : "false");
}

static void result_money(call_result *r, int64_t cents)
{
    capes_money_format(cents, r->text);
}

static void result_rate(call_result *r, int bp)
{
    snprintf(r->text, sizeof r->text, "%d.%04d", bp / CAPES_BP_DIVISOR, bp % CAPES_BP_DIVISOR);
}

static void result_date(call_result *r, capes_day day)
{
    capes_format_date(day, r->text);
}

static bool any_null(const cell *args, int from, int to)
{
    int i;

    for (i = from; i < to; i++)
        if (args[i].null)
            return true;
    return false;
}

static bool raise_error(call_result *r)
{
    r->failed = true;
    return false;
}

/* capes_transition_error / capes_check_transition (from, to, from_date, to_date [, calendar
 * [, from_until [, until]]]): from may be NULL (a new case), the terms NULL (their default). */
static bool transition(call_result *r, const cell *a, int nargs, bool check)
{
    capes_step from = {CAPES_STATE_NONE, 0, false, 0}, to = {0, 0, false, 0};
    int cal;
    capes_err reason;

    capes_err_init(&reason, r->err.fn);
    if (a[1].null || a[3].null || (!a[0].null && a[2].null) || any_null(a, 4, nargs < 5 ? nargs : 5)) {
        r->null = true;
        return true;
    }
    if ((!a[0].null && !arg_code(r, &a[0], "from", &capes_states, &from.state)) ||
        !arg_code(r, &a[1], "to", &capes_states, &to.state) ||
        (!a[0].null && !arg_date(r, &a[2], "from_date", &from.day)) ||
        !arg_date(r, &a[3], "to_date", &to.day) || !arg_calendar(r, a, nargs, 4, &cal) ||
        (nargs > 5 && !arg_until(r, &a[5], "from_until", &from.has_until, &from.until)) ||
        (nargs > 6 && !arg_until(r, &a[6], "until", &to.has_until, &to.until)))
        return raise_error(r);
    if (capes_check_step(&reason, &from, &to, (capes_calendar) cal) == CAPES_OK) {
        if (check)
            result_bool(r, true);
        else
            r->null = true;
        return true;
    }
    if (check || reason.code != CAPES_ERR_TRANSITION) {
        r->err = reason;
        return raise_error(r);
    }
    result_text(r, "%s", capes_err_reason(&reason));
    return true;
}

static bool scalar(const char *fn, const cell *a, int n, call_result *r)
{
    int64_t i64;
    capes_revenue revenue;
    int level, kind, cal, state, lang;
    capes_day day, out;
    const char *label;

    if (!strcmp(fn, "capes_version")) {
        result_text(r, "%s", capes_release);
        return true;
    }
    if (!strcmp(fn, "capes_transition_valid")) {
        int from = CAPES_STATE_NONE, to;

        if (a[1].null) {
            r->null = true;
            return true;
        }
        if ((!a[0].null && !arg_code(r, &a[0], "from", &capes_states, &from)) ||
            !arg_code(r, &a[1], "to", &capes_states, &to))
            return raise_error(r);
        result_bool(r, capes_transition_allowed(from, to));
        return true;
    }
    if (!strcmp(fn, "capes_transition_error") || !strcmp(fn, "capes_check_transition"))
        return transition(r, a, n, !strcmp(fn, "capes_check_transition")) || raise_error(r);
    if (!strcmp(fn, "capes_amount_error") || !strcmp(fn, "capes_check_amount")) {
        capes_decimal amount, maximum, envisaged;
        bool has_envisaged = n > 3 && !a[3].null;
        capes_err reason;

        if (a[0].null || a[1].null || a[2].null) {
            r->null = true;
            return true;
        }
        capes_err_init(&reason, fn);
        if (!arg_code(r, &a[0], "state", &capes_states, &state) || !arg_amount(r, &a[1], "amount", &amount) ||
            !arg_amount(r, &a[2], "maximum", &maximum) || (has_envisaged && !arg_amount(r, &a[3], "envisaged", &envisaged)))
            return raise_error(r);
        if (capes_check_amount(&reason, state, &amount, &maximum, has_envisaged ? &envisaged : NULL) == CAPES_OK) {
            if (fn[6] == 'c')
                result_bool(r, true);
            else
                r->null = true;
            return true;
        }
        if (fn[6] == 'c') {
            r->err = reason;
            return raise_error(r);
        }
        result_text(r, "%s", capes_err_reason(&reason));
        return true;
    }
    /* every other function: NULL in, NULL out, but a term (capes_due's until), NULL for its default */
    if (any_null(a, 0, !strcmp(fn, "capes_due") && n > 3 ? 3 : n)) {
        r->null = true;
        return true;
    }
    if (!strcmp(fn, "capes_penalty_rate") || !strcmp(fn, "capes_penalty")) {
        bool penalty = fn[13] == '\0';

        if (!arg_whole(r, &a[0], CAPES_VALUE_RISKS, "risks", &i64) ||
            !arg_code(r, &a[1], "level", &capes_levels, &level) || (penalty && !arg_revenue(r, &a[2], &revenue)))
            return raise_error(r);
        if (penalty)
            result_money(r, capes_penalty_cents(&revenue, capes_rate_bp((int) i64, (capes_level) level)));
        else
            result_rate(r, capes_rate_bp((int) i64, (capes_level) level));
        return true;
    }
    if (!strcmp(fn, "capes_refusal_penalty")) {
        if (!arg_revenue(r, &a[0], &revenue))
            return raise_error(r);
        result_money(r, capes_penalty_cents(&revenue, CAPES_REFUSAL_BP));
        return true;
    }
    if (!strcmp(fn, "capes_deadline")) {
        if (!arg_date(r, &a[0], "start", &day) || !arg_code(r, &a[1], "kind", &capes_kinds, &kind) ||
            !arg_calendar(r, a, n, 2, &cal) ||
            capes_deadline(&r->err, day, (capes_kind) kind, (capes_calendar) cal, &out) != CAPES_OK)
            return raise_error(r);
        result_date(r, out);
        return true;
    }
    if (!strcmp(fn, "capes_due")) {
        bool has, has_until = false;
        capes_day until = 0;

        if (!arg_code(r, &a[0], "state", &capes_states, &state) || !arg_date(r, &a[1], "since", &day) ||
            !arg_calendar(r, a, n, 2, &cal) || (n > 3 && !arg_until(r, &a[3], "until", &has_until, &until)) ||
            capes_due(&r->err, state, day, (capes_calendar) cal, has_until, until, &has, &out) != CAPES_OK)
            return raise_error(r);
        if (!has)
            r->null = true;
        else
            result_date(r, out);
        return true;
    }
    if (!strcmp(fn, "capes_is_working_day")) {
        if (!arg_date(r, &a[0], "day", &day) || !arg_calendar(r, a, n, 1, &cal))
            return raise_error(r);
        result_bool(r, capes_is_working_day(day, (capes_calendar) cal));
        return true;
    }
    if (!strcmp(fn, "capes_in_force")) {
        if (!arg_date(r, &a[0], "day", &day))
            return raise_error(r);
        result_bool(r, capes_in_force(day));
        return true;
    }
    if (!strcmp(fn, "capes_label")) {
        lang = CAPES_LANG_FR;
        if ((n > 1 && !arg_code(r, &a[1], "lang", &capes_langs, &lang)) ||
            capes_label(&r->err, a[0].text, a[0].len, (capes_lang) lang, &label) != CAPES_OK)
            return raise_error(r);
        result_text(r, "%s", label);
        return true;
    }
    fprintf(stderr, "call: unknown scalar function %s\n", fn);
    exit(2);
}

void call_scalar(const char *fn, const cell *args, int nargs, call_result *r)
{
    memset(r, 0, sizeof *r);
    r->err.fn = fn;
    scalar(fn, args, nargs, r);
}

static void append(call_result *r, size_t *o, const char *fmt, const char *a, const char *b, const char *c)
{
    *o += (size_t) snprintf(r->text + *o, sizeof r->text - *o, fmt, a, b, c);
    if (*o >= sizeof r->text)
        *o = sizeof r->text - 1;
}

/* The rows of an explanation: (step, value, rule, article) for a penalty, (step, day, rule,
 * article) for a deadline, (check, passed, detail, article) for a transition. */
static void append_trace(call_result *r, size_t *o, const capes_trace *t, char kind)
{
    char d[CAPES_DATE_TEXT_MAX];
    int i;

    for (i = 0; i < t->n; i++) {
        const capes_trace_row *x = &t->rows[i];

        append(r, o, i ? ";%s|%s|%s" : "%s|%s|%s", x->step,
               kind == 'p' ? x->value : kind == 'd' ? (capes_format_date(x->day, d), d) : x->passed ? "true" : "false",
               kind == 't' ? x->value : x->rule);
        append(r, o, "|%s%s%s", x->article ? x->article : "", "", "");
    }
}

/* capes_explain_penalty, capes_explain_refusal_penalty, capes_explain_deadline,
 * capes_explain_transition: false when fn is none of them. */
static capes_trace last_trace;

const capes_trace *call_last_trace(void)
{
    return &last_trace;
}

static bool explain(const char *fn, const cell *a, int n, call_result *r, size_t *o)
{
    capes_trace *t = &last_trace;
    capes_revenue revenue;
    int64_t risks;
    int level = CAPES_EXPLAIN_REFUSAL, kind, cal;
    capes_day day, out;

    t->n = 0;
    if (!strcmp(fn, "capes_explain_penalty") || !strcmp(fn, "capes_explain_refusal_penalty")) {
        bool refusal = fn[14] == 'r';
        const cell *rev = &a[refusal ? 0 : 2];

        if (any_null(a, 0, n))
            return true;
        risks = 0;
        if ((!refusal && (!arg_whole(r, &a[0], CAPES_VALUE_RISKS, "risks", &risks) ||
                          !arg_code(r, &a[1], "level", &capes_levels, &level))) ||
            capes_revenue_from_text_traced(&r->err, "revenue", rev->text, rev->len, &revenue, t) != CAPES_OK) {
            r->failed = true;
            return true;
        }
        capes_explain_penalty((int) risks, level, &revenue, t);
        append_trace(r, o, t, 'p');
        return true;
    }
    if (!strcmp(fn, "capes_explain_deadline")) {
        if (any_null(a, 0, n))
            return true;
        if (!arg_date(r, &a[0], "start", &day) || !arg_code(r, &a[1], "kind", &capes_kinds, &kind) ||
            !arg_calendar(r, a, n, 2, &cal) ||
            capes_deadline_traced(&r->err, day, (capes_kind) kind, (capes_calendar) cal, &out, t) != CAPES_OK) {
            r->failed = true;
            return true;
        }
        append_trace(r, o, t, 'd');
        return true;
    }
    if (!strcmp(fn, "capes_explain_transition")) {
        capes_step from = {CAPES_STATE_NONE, 0, false, 0}, to = {0, 0, false, 0};
        capes_code code;

        if (a[1].null || a[3].null || (!a[0].null && a[2].null) || any_null(a, 4, n < 5 ? n : 5))
            return true;
        if ((!a[0].null && !arg_code(r, &a[0], "from", &capes_states, &from.state)) ||
            !arg_code(r, &a[1], "to", &capes_states, &to.state) ||
            (!a[0].null && !arg_date(r, &a[2], "from_date", &from.day)) ||
            !arg_date(r, &a[3], "to_date", &to.day) || !arg_calendar(r, a, n, 4, &cal) ||
            (n > 5 && !arg_until(r, &a[5], "from_until", &from.has_until, &from.until)) ||
            (n > 6 && !arg_until(r, &a[6], "until", &to.has_until, &to.until))) {
            r->failed = true;
            return true;
        }
        code = capes_explain_step(&r->err, &from, &to, (capes_calendar) cal, t);
        if (code != CAPES_OK && code != CAPES_ERR_TRANSITION) {
            r->failed = true;
            return true;
        }
        append_trace(r, o, t, 't');
        return true;
    }
    return false;
}

void call_table(const char *fn, const cell *a, int n, call_result *r)
{
    char d[CAPES_DATE_TEXT_MAX];
    size_t o = 0;
    int i, cnt, state, cal;
    capes_day day;

    memset(r, 0, sizeof *r);
    r->err.fn = fn;
    if (!strcmp(fn, "capes_next_states") && n == 1 && a[0].null) {
        result_text(r, "%s", capes_states.terms[CAPES_STATE_NOTIFIED].code); /* a new case, as in capes_transition_valid */
        return;
    }
    if (explain(fn, a, n, r, &o))
        return;
    /* a NULL gives no rows, but a term (capes_schedule's until), NULL for its default */
    if (any_null(a, 0, !strcmp(fn, "capes_schedule") && n > 3 ? 3 : n))
        return;
    if (!strcmp(fn, "capes_schedule")) {
        capes_schedule_row rows[CAPES_SCHEDULE_MAX];
        bool has_until = false;
        capes_day until = 0;

        if (!arg_code(r, &a[0], "state", &capes_states, &state) || !arg_date(r, &a[1], "since", &day) ||
            !arg_calendar(r, a, n, 2, &cal) || (n > 3 && !arg_until(r, &a[3], "until", &has_until, &until)) ||
            capes_schedule(&r->err, state, day, (capes_calendar) cal, has_until, until, rows, &cnt) != CAPES_OK) {
            r->failed = true;
            return;
        }
        for (i = 0; i < cnt; i++) {
            capes_format_date(rows[i].due, d);
            append(r, &o, i ? ";%s|%s|%s" : "%s|%s|%s", rows[i].kind, d, rows[i].article);
        }
    } else if (!strcmp(fn, "capes_next_states")) {
        int next[CAPES_N_STATES];

        if (!arg_code(r, &a[0], "state", &capes_states, &state)) {
            r->failed = true;
            return;
        }
        cnt = capes_next_states(state, next);
        for (i = 0; i < cnt; i++)
            append(r, &o, i ? ";%s%s%s" : "%s%s%s", capes_states.terms[next[i]].code, "", "");
    } else if (!strcmp(fn, "capes_states")) {
        for (i = 0; i < CAPES_N_STATES; i++) {
            const capes_term *t = &capes_states.terms[i];
            char flags[16];

            snprintf(flags, sizeof flags, "%s|%s", capes_state_initial(i) ? "true" : "false",
                     capes_state_terminal(i) ? "true" : "false");
            append(r, &o, i ? ";%s|%s|%s" : "%s|%s|%s", t->code, t->label_fr, t->label_en);
            append(r, &o, "|%s|%s%s", t->article, flags, "");
        }
    } else if (!strcmp(fn, "capes_codes")) {
        int v, k, rows = 0;

        for (v = 0; v < CAPES_N_VOCABULARIES; v++)
            for (k = 0; k < capes_vocabularies[v].vocab->n; k++) {
                const capes_term *t = &capes_vocabularies[v].vocab->terms[k];

                append(r, &o, rows++ ? ";%s|%s|%s" : "%s|%s|%s", capes_vocabularies[v].name, t->code, t->label_fr);
                append(r, &o, "|%s|%s%s", t->label_en, t->article, "");
            }
    } else if (!strcmp(fn, "capes_holidays")) {
        capes_holiday h[CAPES_HOLIDAYS_MAX];
        int64_t year;

        if (!arg_whole(r, &a[0], CAPES_VALUE_YEAR, "year", &year) ||
            !arg_calendar(r, a, n, 1, &cal)) {
            r->failed = true;
            return;
        }
        cnt = capes_holidays((int) year, (capes_calendar) cal, h);
        for (i = 0; i < cnt; i++) {
            capes_format_date(h[i].day, d);
            append(r, &o, i ? ";%s|%s%s" : "%s|%s%s", d, h[i].name, "");
        }
    } else {
        fprintf(stderr, "call: unknown table function %s\n", fn);
        exit(2);
    }
}

/* Splits "a;b;c" in place; returns the count. */
static int split(char *s, char sep, char **parts, int max)
{
    int n = 0;

    if (*s == '\0')
        return 0;
    parts[n++] = s;
    for (; *s && n < max; s++)
        if (*s == sep) {
            *s = '\0';
            parts[n++] = s + 1;
        }
    return n;
}

void call_contract(const char *fn, const char *rows, const cell *revenue, call_result *r)
{
    char buf[CALL_OUT_MAX], *parts[64];
    bool penalty = !strcmp(fn, "capes_contract_penalty");
    capes_contract c = {0};
    int n, i, risk, level, bp;
    int64_t cents = 0;
    capes_revenue money;

    memset(r, 0, sizeof *r);
    r->err.fn = fn;
    snprintf(buf, sizeof buf, "%s", rows);
    n = split(buf, ';', parts, 64);
    for (i = 0; i < n; i++) {
        char *colon = strchr(parts[i], ':'), *eq = strchr(parts[i], '=');
        const char *lv = colon ? colon + 1 : "NULL";
        cell rc = {false, false, parts[i], 0}, lc, own = {false, false, eq ? eq + 1 : "", 0};
        const cell *rev = revenue;

        if (eq) { /* risk:level=revenue: this row's own revenue */
            *eq = '\0';
            own.len = strlen(own.text);
            own.null = !strcmp(own.text, "NULL");
            rev = &own;
        }
        lc = (cell) {false, false, lv, strlen(lv)};
        if (colon)
            *colon = '\0';
        rc.len = strlen(parts[i]);
        if (!strcmp(rc.text, "NULL") || !strcmp(lv, "NULL")) {
            if (capes_contract_add_null(&r->err, &c) != CAPES_OK)
                goto failed;
        } else if (!arg_code(r, &rc, "risk", &capes_risks, &risk) ||
                   !arg_code(r, &lc, "level", &capes_levels, &level) ||
                   capes_contract_add(&r->err, &c, risk, level) != CAPES_OK)
            goto failed;
        if (penalty && (rev->null ? capes_contract_revenue(&r->err, &c, true, 0)
                                  : (!arg_revenue(r, rev, &money) ||
                                     capes_contract_revenue(&r->err, &c, false, money.cents))) != CAPES_OK)
            goto failed;
    }
    if (penalty ? !capes_contract_penalty(&c, &cents) : !capes_contract_bp(&c, &bp))
        r->null = true;
    else if (penalty)
        result_money(r, cents);
    else
        result_rate(r, bp);
    return;
failed:
    r->failed = true;
}

/* capes_history_error, capes_history_check, capes_history_due over steps
 * "state@date[~until];..." (NULL for a part), in one calendar (omitted: the form without). */
bool call_history_traced;
int call_history_invalid_objects;

void call_history(const char *fn, const char *steps, const cell *calendar, call_result *r)
{
    static char json[CAPES_HISTORY_JSON_MAX];
    char buf[CALL_OUT_MAX], *parts[256];
    capes_history h;
    int n, i, cal = CAPES_CAL_FR;
    bool null_calendar = calendar->null, has;
    capes_day due;

    memset(r, 0, sizeof *r);
    r->err.fn = fn;
    capes_history_init(&h);
    call_history_invalid_objects = 0;
    if (!calendar->omitted && !calendar->null && !arg_code(r, calendar, "calendar", &capes_calendars, &cal)) {
        r->failed = true;
        return;
    }
    snprintf(buf, sizeof buf, "%s", steps);
    n = split(buf, ';', parts, 256);
    for (i = 0; i < n; i++) {
        char *at = strchr(parts[i], '@'), *tilde = at ? strchr(at, '~') : NULL;
        const char *dt = at ? at + 1 : "NULL", *ut = tilde ? tilde + 1 : "NULL";
        capes_step step = {CAPES_STATE_NONE, 0, false, 0};
        cell sc, dc, uc;

        if (at)
            *at = '\0';
        if (tilde)
            *tilde = '\0';
        sc = (cell) {false, !strcmp(parts[i], "NULL"), parts[i], strlen(parts[i])};
        dc = (cell) {false, !strcmp(dt, "NULL"), dt, strlen(dt)};
        uc = (cell) {false, !strcmp(ut, "NULL"), ut, strlen(ut)};
        has = !sc.null && !dc.null && !null_calendar;
        if (has && (!arg_code(r, &sc, "state", &capes_states, &step.state) ||
                    !arg_date(r, &dc, "occurred_on", &step.day) ||
                    !arg_until(r, &uc, "until", &step.has_until, &step.until))) {
            r->failed = true;
            return;
        }
        if (call_history_traced
                ? capes_history_trace_step(&r->err, &h, i + 1, has, &step, (capes_calendar) cal, json, sizeof json)
                : capes_history_step(&r->err, &h, has, &step, (capes_calendar) cal)) {
            r->failed = true;
            return;
        }
        if (call_history_traced && strstr(json, "],\"reason\":null,") == NULL)
            call_history_invalid_objects++;
    }
    if (!strcmp(fn, "capes_history_check")) {
        if (h.invalid) {
            capes_refuse(&r->err, h.article, h.msg);
            r->failed = true;
        } else {
            result_bool(r, true);
        }
    } else if (!strcmp(fn, "capes_history_due")) {
        if (capes_history_due(&r->err, &h, &has, &due) != CAPES_OK)
            r->failed = true;
        else if (!has)
            r->null = true;
        else
            result_date(r, due);
    } else if (!h.invalid) {
        r->null = true;
    } else {
        result_text(r, "%s", h.msg);
    }
}
