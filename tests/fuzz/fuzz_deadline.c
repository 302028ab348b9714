/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Day arithmetic, calendars and deadlines (capes_deadline, capes_due, capes_schedule,
 * capes_holidays, capes_is_working_day, capes_easter, capes_add_months) from a
 * day number a little beyond 1583..9999 and a kind, calendar, state and month
 * count. Compared with the calendar written again in fuzz_common.h. */
#include "fuzz_common.h"

static void check_deadline(capes_day day, int kind, int cal)
{
    capes_err err;
    capes_err_init(&err, "capes_deadline");
    capes_day out = -1;
    char want[CAPES_MSG_MAX], given[16];
    capes_code got = capes_deadline(&err, day, (capes_kind) kind, (capes_calendar) cal, &out);

    if (day < FZ_DAY_MIN || day > FZ_DAY_MAX) {
        CHECK(got == CAPES_ERR_DATE_RANGE, "deadline from day %d accepted", (int) day);
        fz_check_err(&err, "capes_deadline");
        fz_format(day, given);
        snprintf(want, sizeof want, "capes_deadline: start must be a date from 1583-01-01 to 9999-12-31 (got '%s')",
                 given);
        CHECK(!strcmp(err.msg, want), "message\n  got  %s\n  want %s", err.msg, want);
        return;
    }
    {
        long expect = fz_deadline(day, kind, cal);

        if (expect > FZ_DAY_MAX) {
            CHECK(got == CAPES_ERR_DATE_RANGE, "deadline past 9999-12-31 accepted: %d", (int) out);
            fz_check_err(&err, "capes_deadline");
            fz_format(day, given);
            snprintf(want, sizeof want,
                     "capes_deadline: start must be early enough for the deadline to end by 9999-12-31 (got '%s')",
                     given);
            CHECK(!strcmp(err.msg, want), "message\n  got  %s\n  want %s", err.msg, want);
            CHECK(err.article == capes_kinds.terms[kind].article, "article");
            return;
        }
        fz_format(day, given);
        CHECK(got == CAPES_OK && out == expect, "deadline %s kind %d cal %d: core %d (%s), oracle %ld", given, kind,
              cal, (int) out, got ? err.msg : "ok", expect);
        CHECK(out > day, "a deadline ends after its start");
    }
}

/* capes_due with no term (docs/rules.md#histories and #running-deadlines): the kind of the deadline running in each
 * state (kind + 1; 0 for none); for signed, the contract stops producing effects at its end
 * (the four years) or on 2017-12-31, the earlier. */
static const int due_kind[CAPES_N_STATES] = {
    [CAPES_STATE_NOTIFIED] = CAPES_KIND_ESTABLISHMENT_DRAFT + 1,
    [CAPES_STATE_ESTABLISHMENT_DRAFT] = CAPES_KIND_SIGNATURE + 1,
    [CAPES_STATE_AGENCY_DRAFT] = CAPES_KIND_SIGNATURE + 1,
    [CAPES_STATE_SIGNED] = CAPES_KIND_CONTRACT_END + 1,
    [CAPES_STATE_REFUSAL_HEARING] = CAPES_KIND_OBSERVATIONS + 1,
    [CAPES_STATE_FORMAL_NOTICE] = CAPES_KIND_CURE + 1,
    [CAPES_STATE_PENALTY_PROPOSED] = CAPES_KIND_OBSERVATIONS + 1,
};
#define FZ_LAPSE 17531 /* 2017-12-31 */

/* A range error about since: out of 1583..9999 itself, or its deadline past 9999-12-31. */
static void check_since_error(const capes_err *err, const char *fn, capes_day since)
{
    char want[CAPES_MSG_MAX], given[16];
    bool outside = since < FZ_DAY_MIN || since > FZ_DAY_MAX;

    CHECK(err->code == CAPES_ERR_DATE_RANGE, "%s: code %d", fn, (int) err->code);
    fz_check_err(err, fn);
    fz_format(since, given);
    snprintf(want, sizeof want, "%s: since must be %s (got '%s')", fn,
             outside ? "a date from 1583-01-01 to 9999-12-31" : "early enough for the deadline to end by 9999-12-31",
             given);
    CHECK(!strcmp(err->msg, want), "message\n  got  %s\n  want %s", err->msg, want);
}

static void check_due(capes_day day, int state, int cal)
{
    capes_err err;
    capes_err_init(&err, "capes_due");
    bool has = false;
    capes_day out = -1;
    capes_code got = capes_due(&err, state, day, (capes_calendar) cal, false, 0, &has, &out);
    bool outside = day < FZ_DAY_MIN || day > FZ_DAY_MAX;
    long want = outside || !due_kind[state] ? 0 : fz_deadline(day, due_kind[state] - 1, cal);

    if (outside || want > FZ_DAY_MAX) {
        CHECK(got != CAPES_OK, "capes_due of state %d from day %d accepted", state, (int) day);
        check_since_error(&err, "capes_due", day);
        return;
    }
    CHECK(got == CAPES_OK && has == (due_kind[state] != 0), "capes_due of state %d from day %d: %s", state, (int) day,
          got ? err.msg : "ok");
    if (state == CAPES_STATE_SIGNED && want > FZ_LAPSE)
        want = FZ_LAPSE;
    CHECK(!has || out == want, "capes_due of state %d from day %d: %d, want %ld", state, (int) day, (int) out, want);
}

static void check_schedule(capes_day day, int state, int cal)
{
    capes_err err;
    capes_err_init(&err, "capes_schedule");
    capes_schedule_row rows[CAPES_SCHEDULE_MAX];
    long due[CAPES_SCHEDULE_MAX];
    const char *kinds[CAPES_SCHEDULE_MAX];
    int n = -1, want = 0, i, j;
    bool past = day < FZ_DAY_MIN || day > FZ_DAY_MAX;
    capes_code got = capes_schedule(&err, state, day, (capes_calendar) cal, false, 0, rows, &n);

    if (!past && due_kind[state]) {
        kinds[want] = capes_kinds.terms[due_kind[state] - 1].code;
        due[want++] = fz_deadline(day, due_kind[state] - 1, cal);
        if (state == CAPES_STATE_NOTIFIED && due[0] <= FZ_DAY_MAX) {
            kinds[want] = "agency_draft";
            due[want] = fz_deadline(due[0], CAPES_KIND_AGENCY_DRAFT, cal);
            want++;
        }
        /* a report a year while no later than the contract's end, the four years; the lapse */
        if (state == CAPES_STATE_SIGNED) {
            for (i = 1; i <= 4; i++) {
                kinds[want] = "annual_report";
                due[want++] = fz_add_months(day, 12 * i);
            }
            kinds[want] = "contract_lapse";
            due[want++] = FZ_LAPSE;
        }
        for (i = 0; i < want; i++)
            past |= due[i] > FZ_DAY_MAX;
    }
    if (past) {
        CHECK(got != CAPES_OK, "schedule of state %d from day %d accepted", state, (int) day);
        check_since_error(&err, "capes_schedule", day);
        return;
    }
    CHECK(got == CAPES_OK && n == want, "schedule of state %d from day %d: %d rows, want %d (%s)", state, (int) day,
          n, want, got ? err.msg : "ok");
    for (i = 0; i < n; i++) {
        bool found = false;

        if (i > 0)
            CHECK(rows[i - 1].due < rows[i].due || (rows[i - 1].due == rows[i].due && rows[i - 1].order < rows[i].order),
                  "schedule rows out of order");
        for (j = 0; j < want; j++)
            if (kinds[j] && !strcmp(kinds[j], rows[i].kind) && due[j] == rows[i].due) {
                kinds[j] = NULL;
                found = true;
                break;
            }
        CHECK(found, "schedule row kind %s due %d not expected", rows[i].kind, (int) rows[i].due);
    }
}

static void check_calendar(capes_day day, int cal)
{
    capes_holiday h[CAPES_HOLIDAYS_MAX];
    long y, list[16];
    int m, d, n, i, j, distinct = 0;

    fz_civil(day, &y, &m, &d);
    CHECK(capes_is_holiday(day, (capes_calendar) cal) == fz_holiday(day, cal), "holiday day %d cal %d", (int) day,
          cal);
    CHECK(capes_is_working_day(day, (capes_calendar) cal) == fz_working(day, cal), "working day %d cal %d", (int) day,
          cal);
    CHECK(capes_easter((int) y) == fz_easter(y), "Easter %ld", y);
    n = capes_holidays((int) y, (capes_calendar) cal, h);
    m = fz_holiday_list(y, cal, list);
    for (i = 0; i < m; i++) {
        for (j = 0; j < i && list[j] != list[i]; j++)
            ;
        distinct += j == i;
    }
    CHECK(n == distinct, "%ld cal %d: %d holidays, want %d", y, cal, n, distinct);
    for (i = 0; i < n; i++) {
        CHECK(fz_holiday(h[i].day, cal), "%ld cal %d: day %d is no holiday", y, cal, (int) h[i].day);
        CHECK(i == 0 || h[i - 1].day < h[i].day, "holidays out of order");
        CHECK(h[i].name && h[i].name[0] && fz_utf8_valid(h[i].name, strlen(h[i].name)), "holiday name");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    uint32_t raw = take_u32(&in);
    int kind = take_u8(&in) % CAPES_N_KINDS, cal = take_u8(&in) % CAPES_N_CALENDARS;
    int state = take_u8(&in) % CAPES_N_STATES, months = (int) (take_u8(&in) % 121) - 20;
    capes_day day = (capes_day) (FZ_DAY_MIN - 800 + (long) (raw % (uint32_t) (FZ_DAY_MAX - FZ_DAY_MIN + 1601)));
    int y, m, d;

    check_deadline(day, kind, cal);
    check_due(day, state, cal);
    check_schedule(day, state, cal);
    if (day >= FZ_DAY_MIN && day <= FZ_DAY_MAX) {
        long fy;
        int fm, fd;

        capes_civil_from_days(day, &y, &m, &d);
        fz_civil(day, &fy, &fm, &fd);
        CHECK(y == fy && m == fm && d == fd, "civil of %d", (int) day);
        CHECK(capes_days_from_civil(y, m, d) == day, "days_from_civil");
        CHECK(capes_weekday(day) == fz_weekday(day), "weekday");
        check_calendar(day, cal);
        if (fz_add_months(day, months) >= FZ_DAY_MIN && fz_add_months(day, months) <= FZ_DAY_MAX)
            CHECK(capes_add_months(day, months) == fz_add_months(day, months), "add %d months to %d", months,
                  (int) day);
    }
    return 0;
}
