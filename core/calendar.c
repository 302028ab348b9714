/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Public holidays of the calendars (docs/rules.md#calendars), for the extension of CPC
 * art. 642, and the window in which R162-45 to R162-45-2 were in force (décret 2015-1511,
 * décret 2017-500; docs/rules.md#in-force). */
#include "capes.h"

#include <string.h>

/* Every public holiday of every calendar, written once as a rule that both
 * capes_holidays (a year's list) and capes_is_holiday_ymd (one day) walk: a fixed day of
 * the year, or a number of days from Easter Sunday, in the calendars of its bit set. The
 * lists are those in force in 2015-2017, applied to every year. */
typedef struct holiday_rule {
    unsigned calendars; /* bit per capes_calendar */
    int month, day;     /* a fixed day; month 0 for a day counted from Easter */
    int from_easter;
    const char *name;
} holiday_rule;

#define CAL(c) (1u << (c))
#define EVERY (((1u << CAPES_N_CALENDARS) - 1) & ~CAL(CAPES_CAL_NONE))
#define EASTER(k) 0, 0, (k)

static const holiday_rule rules[] = {
    /* C. trav. L3133-1 */
    {EVERY, 1, 1, 0, "Jour de l'an"},
    {EVERY, EASTER(1), "Lundi de Pâques"},
    {EVERY, 5, 1, 0, "Fête du travail"},
    {EVERY, 5, 8, 0, "Victoire 1945"},
    {EVERY, EASTER(39), "Ascension"},
    {EVERY, EASTER(50), "Lundi de Pentecôte"},
    {EVERY, 7, 14, 0, "Fête nationale"},
    {EVERY, 8, 15, 0, "Assomption"},
    {EVERY, 11, 1, 0, "Toussaint"},
    {EVERY, 11, 11, 0, "Armistice 1918"},
    {EVERY, 12, 25, 0, "Noël"},
    /* C. trav. L3134-13 (interpretation good_friday_alsace_moselle) */
    {CAL(CAPES_CAL_ALSACE_MOSELLE), EASTER(-2), "Vendredi saint"},
    {CAL(CAPES_CAL_ALSACE_MOSELLE), 12, 26, 0, "Saint-Étienne"},
    /* abolition of slavery: loi 83-550, décret 83-1003 */
    {CAL(CAPES_CAL_GUADELOUPE), 5, 27, 0, "Abolition de l'esclavage"},
    {CAL(CAPES_CAL_MARTINIQUE), 5, 22, 0, "Abolition de l'esclavage"},
    {CAL(CAPES_CAL_GUYANE), 6, 10, 0, "Abolition de l'esclavage"},
    {CAL(CAPES_CAL_REUNION), 12, 20, 0, "Abolition de l'esclavage"},
    {CAL(CAPES_CAL_MAYOTTE), 4, 27, 0, "Abolition de l'esclavage"},
    /* days chômé there without being on the national list: CPC 642 extends a deadline ending
     * on a day "férié ou chômé" (interpretation overseas_days_chomes) */
    {CAL(CAPES_CAL_GUADELOUPE) | CAL(CAPES_CAL_MARTINIQUE) | CAL(CAPES_CAL_GUYANE), EASTER(-2), "Vendredi saint (chômé)"},
    {CAL(CAPES_CAL_GUADELOUPE) | CAL(CAPES_CAL_MARTINIQUE), 7, 21, 0, "Fête Victor Schœlcher (chômé)"},
};
#define N_RULES ((int) (sizeof rules / sizeof rules[0]))

static bool in_calendar(const holiday_rule *r, capes_calendar cal)
{
    return cal >= 0 && cal < CAPES_N_CALENDARS && (r->calendars & CAL(cal)) != 0;
}

/* Two holidays can fall on one day (Ascension on 1 or 8 May); the names are then
 * joined. Only these pairs can meet, so the joined names are static strings. */
static const struct {
    const char *a, *b, *joined;
} shared_days[] = {
    {"Fête du travail", "Ascension", "Fête du travail / Ascension"},
    {"Victoire 1945", "Ascension", "Victoire 1945 / Ascension"},
    {"Ascension", "Abolition de l'esclavage", "Ascension / Abolition de l'esclavage"},
    {"Lundi de Pentecôte", "Abolition de l'esclavage", "Lundi de Pentecôte / Abolition de l'esclavage"},
    {"Lundi de Pâques", "Abolition de l'esclavage", "Lundi de Pâques / Abolition de l'esclavage"},
};

static const char *joined_name(const char *a, const char *b)
{
    size_t i;

    for (i = 0; i < sizeof shared_days / sizeof shared_days[0]; i++)
        if ((!strcmp(a, shared_days[i].a) && !strcmp(b, shared_days[i].b)) ||
            (!strcmp(a, shared_days[i].b) && !strcmp(b, shared_days[i].a)))
            return shared_days[i].joined;
    return a;
}

static int add(capes_holiday *out, int n, capes_day day, const char *name)
{
    int i, j;

    for (i = 0; i < n && out[i].day < day; i++)
        ;
    if (i < n && out[i].day == day) {
        out[i].name = joined_name(out[i].name, name);
        return n;
    }
    for (j = n; j > i; j--)
        out[j] = out[j - 1];
    out[i].day = day;
    out[i].name = name;
    return n + 1;
}

int capes_holidays(int year, capes_calendar cal, capes_holiday out[CAPES_HOLIDAYS_MAX])
{
    capes_day easter = capes_easter(year);
    int i, n = 0;

    for (i = 0; i < N_RULES; i++)
        if (in_calendar(&rules[i], cal))
            n = add(out, n,
                    rules[i].month ? capes_days_from_civil(year, rules[i].month, rules[i].day)
                                   : easter + rules[i].from_easter,
                    rules[i].name);
    return n;
}

bool capes_is_holiday(capes_day day, capes_calendar cal)
{
    int y, m, d;

    capes_civil_from_days(day, &y, &m, &d);
    return capes_is_holiday_ymd(day, y, m, d, cal);
}

bool capes_is_holiday_ymd(capes_day day, int y, int m, int d, capes_calendar cal)
{
    /* Easter falls from 22 March to 25 April, so the days counted from it (-2 to +50) fall
     * from March to June, each on its own weekday: the computus runs only for a day that
     * could be one of them. Easter Sunday is a Sunday (weekday 6). */
    bool easter_season = m >= 3 && m <= 6;
    int weekday = easter_season ? capes_weekday(day) : 0, i;
    bool have_easter = false;
    capes_day easter = 0;

    for (i = 0; i < N_RULES; i++) {
        const holiday_rule *r = &rules[i];

        if (!in_calendar(r, cal))
            continue;
        if (r->month) {
            if (r->month == m && r->day == d)
                return true;
        } else if (easter_season && (6 + r->from_easter % 7 + 7) % 7 == weekday) {
            if (!have_easter) {
                easter = capes_easter(y);
                have_easter = true;
            }
            if (day == easter + r->from_easter)
                return true;
        }
    }
    return false;
}

bool capes_is_working_day(capes_day day, capes_calendar cal)
{
    return capes_weekday(day) < 5 && !capes_is_holiday(day, cal);
}

bool capes_in_force(capes_day day)
{
    return day >= CAPES_IN_FORCE_FROM && day <= CAPES_IN_FORCE_TO;
}

capes_code capes_check_year(capes_err *err, const char *arg, int64_t year)
{
    char given[24];

    if (year >= 1583 && year <= 9999)
        return CAPES_OK;
    capes_format(given, sizeof given, "%lld", (long long) year);
    return capes_fail(err, CAPES_ERR_DATE_RANGE, arg, CAPES_YEAR_EXPECTED, given);
}

const char *capes_holiday_name(capes_day day, capes_calendar cal)
{
    capes_holiday list[CAPES_HOLIDAYS_MAX];
    int y, m, d, n, i;

    capes_civil_from_days(day, &y, &m, &d);
    n = capes_holidays(y, cal, list);
    for (i = 0; i < n; i++)
        if (list[i].day == day)
            return list[i].name;
    return NULL;
}
