/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The deadline kinds (docs/rules.md#deadline-kinds), counted by Code de procédure civile
 * art. 640-642 (docs/rules.md#counting, docs/rules.md#extension). */
#include "capes.h"

/* The article of each kind is its term's in the vocabulary (capes_kinds, vocab.c). */
const capes_kind_rule capes_kind_rules[CAPES_N_KINDS] = {
    /* the establishment's 30 days to propose a draft: its right, so extended */
    [CAPES_KIND_ESTABLISHMENT_DRAFT] = {30, 0, true},
    /* the agency's 30 days after the establishment's ran out: binds the agency */
    [CAPES_KIND_AGENCY_DRAFT] = {30, 0, false},
    [CAPES_KIND_SIGNATURE] = {30, 0, false},
    /* durations, not deadlines to act */
    [CAPES_KIND_CONTRACT_END] = {0, 48, false},
    [CAPES_KIND_ANNUAL_REPORT] = {0, 12, false},
    [CAPES_KIND_CURE] = {0, 12, false},
    /* the establishment's 30 days for written observations: extended */
    [CAPES_KIND_OBSERVATIONS] = {30, 0, true},
    [CAPES_KIND_REASSESSMENT] = {0, 24, false},
};

capes_code capes_deadline_arg(capes_err *err, const char *arg, capes_day given, capes_day start, capes_kind kind,
                              capes_calendar cal, capes_day *out)
{
    const capes_kind_rule *rule = &capes_kind_rules[kind];
    capes_day day;
    int y, m, d;

    if (capes_check_day(err, arg, given) != CAPES_OK)
        return err->code;
    /* CPC 641: a deadline in days leaves out the starting day, so start + n is its
     * last day; in months or years it ends on the same day number (or month end). */
    day = rule->months ? capes_add_months(start, rule->months) : start + rule->days;
    /* CPC 642: the last day moves to the next working day, for the establishment's
     * own deadlines only, and never in the 'none' calendar. */
    if (rule->extended && cal != CAPES_CAL_NONE) {
        /* the civil date walks along with the day: one conversion, not one a day */
        capes_civil_from_days(day, &y, &m, &d);
        while (capes_weekday(day) >= 5 || capes_is_holiday_ymd(day, y, m, d, cal)) {
            day++;
            if (++d > capes_days_in_month(y, m)) {
                d = 1;
                m = m == 12 ? 1 : m + 1;
                y += m == 1;
            }
        }
    }
    if (day > CAPES_DAY_MAX) {
        char shown[CAPES_DATE_TEXT_MAX];
        int n = capes_format_date(given, shown);

        err->article = capes_kinds.terms[kind].article;
        return capes_fail_text(err, CAPES_ERR_DATE_RANGE, arg, "early enough for the deadline to end by 9999-12-31",
                               shown, (size_t) n);
    }
    *out = day;
    return CAPES_OK;
}

capes_code capes_deadline(capes_err *err, capes_day start, capes_kind kind, capes_calendar cal, capes_day *out)
{
    return capes_deadline_arg(err, "start", start, start, kind, cal, out);
}
