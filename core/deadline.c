/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The deadline kinds (docs/rules.md#deadline-kinds), counted by Code de procédure civile
 * art. 640-642 (docs/rules.md#counting, docs/rules.md#extension). */
#include "capes.h"

#include <string.h>

/* The article of each kind is its term's in the vocabulary (capes_kinds, vocab.c). */
const capes_kind_rule capes_kind_rules[CAPES_N_KINDS] = {
    /* the establishment's 30 days to propose a draft: its right, so extended */
    [CAPES_KIND_ESTABLISHMENT_DRAFT] = {30, 0, true, "receipt of the notification of risks"},
    /* the agency's 30 days after the establishment's ran out: binds the agency */
    [CAPES_KIND_AGENCY_DRAFT] = {30, 0, false, "expiry of the establishment's 30 days (their last day, extended)"},
    [CAPES_KIND_SIGNATURE] = {30, 0, false, "receipt of a draft (by the agency, or by the establishment)"},
    /* durations, not deadlines to act */
    [CAPES_KIND_CONTRACT_END] = {0, 48, false, "signature"},
    [CAPES_KIND_ANNUAL_REPORT] = {0, 12, false, "signature"},
    [CAPES_KIND_CURE] = {0, 12, false, "receipt of the formal notice"},
    /* the establishment's 30 days for written observations: extended */
    [CAPES_KIND_OBSERVATIONS] = {30, 0, true, "receipt of the envisaged penalty amount"},
    [CAPES_KIND_REASSESSMENT] = {0, 24, false, "the last assessment"},
};

static const char *const weekday_names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};

/* The rows of the start and of the delay added (CPC 640, 641). */
static void trace_delay(capes_trace *trace, capes_day start, const capes_kind_rule *rule, capes_day day)
{
    capes_trace_row *r;
    int y, m, d, y2, m2, d2;

    if ((r = capes_trace_add(trace, "start", "CPC 640")) != NULL) {
        r->day = start;
        capes_format(r->rule, sizeof r->rule, "the date of %s", rule->start_of);
    }
    if (!rule->months) {
        if ((r = capes_trace_add(trace, "delay", "CPC 641 al. 1")) != NULL) {
            r->day = day;
            capes_format(r->rule, sizeof r->rule, "%d days added, the day of the start not counted", rule->days);
        }
        return;
    }
    if ((r = capes_trace_add(trace, "delay", "CPC 641 al. 2")) == NULL)
        return;
    r->day = day;
    capes_civil_from_days(start, &y, &m, &d);
    capes_civil_from_days(day, &y2, &m2, &d2);
    if (d2 == d)
        capes_format(r->rule, sizeof r->rule, "%d months added: the same day of the month", rule->months);
    else
        capes_format(r->rule, sizeof r->rule, "%d months added: no day %d in %04d-%02d, the last day of the month",
                     rule->months, d, y2, m2);
}

/* The row of a day skipped by CPC 642 al. 2: its weekday, its holiday, or both. */
static void trace_skip(capes_trace *trace, capes_day day, capes_calendar cal)
{
    capes_trace_row *r = capes_trace_add(trace, "skipped", "CPC 642 al. 2");
    const char *holiday = capes_holiday_name(day, cal);
    int w = capes_weekday(day);

    if (!r)
        return;
    r->day = day;
    if (w >= 5 && holiday)
        capes_format(r->rule, sizeof r->rule, "%s and %s (%s): not a working day, the deadline moves to the next day",
                     weekday_names[w], holiday, capes_calendars.terms[cal].code);
    else if (w >= 5)
        capes_format(r->rule, sizeof r->rule, "%s: not a working day, the deadline moves to the next day",
                     weekday_names[w]);
    else
        capes_format(r->rule, sizeof r->rule,
                     "%s, a holiday (%s): not a working day, the deadline moves to the next day",
                     holiday ? holiday : "?", capes_calendars.terms[cal].code);
}

/* Why the last day stays (docs/rules.md#extension). */
static void trace_kept(capes_trace *trace, const capes_kind_rule *rule, capes_calendar cal, capes_day day)
{
    capes_trace_row *r = capes_trace_add(trace, "not extended", "CPC 642 al. 2");

    if (!r)
        return;
    r->day = day;
    if (rule->months)
        capes_format(r->rule, sizeof r->rule, "a duration, not a deadline to act: CPC 642 does not extend it "
                                              "(docs/rules.md#durations_not_extended)");
    else if (!rule->extended)
        capes_format(r->rule, sizeof r->rule, "a deadline binding the agency: CPC 642 does not extend it "
                                              "(docs/rules.md#agency_deadlines_not_extended)");
    else if (cal == CAPES_CAL_NONE)
        capes_format(r->rule, sizeof r->rule, "the calendar none: no day is skipped (docs/rules.md#calendar_none)");
    else
        capes_format(r->rule, sizeof r->rule, "%s, a working day (%s): nothing to extend",
                     weekday_names[capes_weekday(day)], capes_calendars.terms[cal].code);
}

/* start is the civil date of the day counted from; given, the argument's value, is what an
 * error shows (the same day, except for the deadlines that run through an intermediate start). */
CAPES_TRACED_WORKER capes_code deadline(capes_err *err, const char *arg, capes_day given, capes_date start,
                                        capes_kind kind, capes_calendar cal, capes_date *out, capes_trace *trace)
{
    const capes_kind_rule *rule = &capes_kind_rules[kind];
    capes_date day;

    if (capes_check_day(err, arg, given) != CAPES_OK)
        return err->code;
    /* CPC 641: a deadline in days leaves out the starting day, so start + n is its
     * last day; in months or years it ends on the same day number (or month end). */
    day = rule->months ? capes_date_add_months(start, rule->months) : capes_date_add_days(start, rule->days);
    if (trace)
        trace_delay(trace, start.day, rule, day.day);
    /* CPC 642: the last day moves to the next working day, for the establishment's
     * own deadlines only, and never in the 'none' calendar. The civil date walks along
     * with the day: no conversion a day. */
    if (rule->extended && cal != CAPES_CAL_NONE)
        while (!capes_is_working_date(&day, cal)) {
            if (trace)
                trace_skip(trace, day.day, cal);
            day = capes_date_add_days(day, 1);
        }
    if (trace && (!rule->extended || cal == CAPES_CAL_NONE || strcmp(trace->rows[trace->n - 1].step, "skipped") != 0))
        trace_kept(trace, rule, cal, day.day);
    if (day.day > CAPES_DAY_MAX) {
        char shown[CAPES_DATE_TEXT_MAX];
        int n = capes_format_date(given, shown);

        err->article = capes_kinds.terms[kind].article;
        return capes_fail_text(err, CAPES_ERR_DATE_RANGE, arg, "early enough for the deadline to end by 9999-12-31",
                               shown, (size_t) n);
    }
    *out = day;
    if (trace) {
        capes_trace_row *r = capes_trace_add(trace, "result", capes_kinds.terms[kind].article);

        if (r) {
            r->day = day.day;
            capes_format(r->rule, sizeof r->rule, "the last day of the deadline %s, which expires at midnight "
                                                  "(CPC 642 al. 1)", capes_kinds.terms[kind].code);
        }
    }
    return CAPES_OK;
}

/* A day number in, a day number out: one conversion, of the start. */
CAPES_TRACED_WORKER capes_code deadline_day(capes_err *err, const char *arg, capes_day given, capes_day start, capes_kind kind,
                               capes_calendar cal, capes_day *out, capes_trace *trace)
{
    capes_date last = {0}; /* set when deadline returns CAPES_OK */

    if (deadline(err, arg, given, capes_date_of(start), kind, cal, &last, trace) != CAPES_OK)
        return err->code;
    *out = last.day;
    return CAPES_OK;
}

capes_code capes_deadline_arg(capes_err *err, const char *arg, capes_day given, capes_day start, capes_kind kind,
                              capes_calendar cal, capes_day *out)
{
    return deadline_day(err, arg, given, start, kind, cal, out, NULL);
}

capes_code capes_deadline(capes_err *err, capes_day start, capes_kind kind, capes_calendar cal, capes_day *out)
{
    return deadline_day(err, "start", start, start, kind, cal, out, NULL);
}

capes_code capes_deadline_date(capes_err *err, const capes_date *start, capes_kind kind, capes_calendar cal,
                               capes_date *out)
{
    return deadline(err, "start", start->day, *start, kind, cal, out, NULL);
}

capes_code capes_deadline_traced(capes_err *err, capes_day start, capes_kind kind, capes_calendar cal,
                                 capes_day *out, capes_trace *trace)
{
    return deadline_day(err, "start", start, start, kind, cal, out, trace);
}
