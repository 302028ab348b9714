/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Public holidays of the calendars (docs/rules.md#calendars), for the extension of CPC
 * art. 642, and the window in which R162-45 to R162-45-2 were in force (décret 2015-1511,
 * décret 2017-500; docs/rules.md#in-force). */
#include "capes.h"

#include <string.h>

/* Every public holiday of every calendar, written once as a rule that both
 * capes_holidays (a year's list) and holiday_on (one day) walk: a fixed day of
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

/* X(a, b, calendars, month, day, from_easter, name): the list is expanded into the rules
 * (for the names and the year lists) and into constant bit masks (for the one-day test on
 * every deadline's path), so both come from this one list. */
#define HOLIDAYS(X, a, b)                                                                                           \
    /* C. trav. L3133-1 */                                                                                          \
    X(a, b, EVERY, 1, 1, 0, "Jour de l'an")                                                                         \
    X(a, b, EVERY, 0, 0, 1, "Lundi de Pâques")                                                                      \
    X(a, b, EVERY, 5, 1, 0, "Fête du travail")                                                                      \
    X(a, b, EVERY, 5, 8, 0, "Victoire 1945")                                                                        \
    X(a, b, EVERY, 0, 0, 39, "Ascension")                                                                           \
    X(a, b, EVERY, 0, 0, 50, "Lundi de Pentecôte")                                                                  \
    X(a, b, EVERY, 7, 14, 0, "Fête nationale")                                                                      \
    X(a, b, EVERY, 8, 15, 0, "Assomption")                                                                          \
    X(a, b, EVERY, 11, 1, 0, "Toussaint")                                                                           \
    X(a, b, EVERY, 11, 11, 0, "Armistice 1918")                                                                     \
    X(a, b, EVERY, 12, 25, 0, "Noël")                                                                               \
    /* C. trav. L3134-13 (interpretation good_friday_alsace_moselle) */                                             \
    X(a, b, CAL(CAPES_CAL_ALSACE_MOSELLE), 0, 0, -2, "Vendredi saint")                                              \
    X(a, b, CAL(CAPES_CAL_ALSACE_MOSELLE), 12, 26, 0, "Saint-Étienne")                                              \
    /* abolition of slavery: loi 83-550, décret 83-1003 */                                                          \
    X(a, b, CAL(CAPES_CAL_GUADELOUPE), 5, 27, 0, "Abolition de l'esclavage")                                        \
    X(a, b, CAL(CAPES_CAL_MARTINIQUE), 5, 22, 0, "Abolition de l'esclavage")                                        \
    X(a, b, CAL(CAPES_CAL_GUYANE), 6, 10, 0, "Abolition de l'esclavage")                                            \
    X(a, b, CAL(CAPES_CAL_REUNION), 12, 20, 0, "Abolition de l'esclavage")                                          \
    X(a, b, CAL(CAPES_CAL_MAYOTTE), 4, 27, 0, "Abolition de l'esclavage")                                           \
    /* days chômé there without being on the national list: CPC 642 extends a deadline ending                       \
     * on a day "férié ou chômé" (interpretation overseas_days_chomes) */                                           \
    X(a, b, CAL(CAPES_CAL_GUADELOUPE) | CAL(CAPES_CAL_MARTINIQUE) | CAL(CAPES_CAL_GUYANE), 0, 0, -2,                \
      "Vendredi saint (chômé)")                                                                                     \
    X(a, b, CAL(CAPES_CAL_GUADELOUPE) | CAL(CAPES_CAL_MARTINIQUE), 7, 21, 0, "Fête Victor Schœlcher (chômé)")

#define RULE(a, b, cals, mo, dy, fe, name) {cals, mo, dy, fe, name},
static const holiday_rule rules[] = {HOLIDAYS(RULE, 0, 0)};
#define N_RULES ((int) (sizeof rules / sizeof rules[0]))

/* The fixed days of calendar c in month mo, bit d for day d. */
#define FIXED_BIT(c, mo_wanted, cals, mo, dy, fe, name) | ((((cals) & CAL(c)) && (mo) == (mo_wanted)) ? 1u << (dy) : 0u)
#define MONTHS(c)                                                                                                   \
    {0u HOLIDAYS(FIXED_BIT, c, 1),  0u HOLIDAYS(FIXED_BIT, c, 2),  0u HOLIDAYS(FIXED_BIT, c, 3),                    \
     0u HOLIDAYS(FIXED_BIT, c, 4),  0u HOLIDAYS(FIXED_BIT, c, 5),  0u HOLIDAYS(FIXED_BIT, c, 6),                    \
     0u HOLIDAYS(FIXED_BIT, c, 7),  0u HOLIDAYS(FIXED_BIT, c, 8),  0u HOLIDAYS(FIXED_BIT, c, 9),                    \
     0u HOLIDAYS(FIXED_BIT, c, 10), 0u HOLIDAYS(FIXED_BIT, c, 11), 0u HOLIDAYS(FIXED_BIT, c, 12)}
/* The days counted from Easter (-2 to +50) of calendar c, bit from_easter + 2, and their
 * weekdays (Easter Sunday is weekday 6), bit per weekday: a day on another weekday needs
 * no computus. */
#define EASTER_BIT(c, unused, cals, mo, dy, fe, name) | ((((cals) & CAL(c)) && (mo) == 0) ? 1ull << ((fe) + 2) : 0ull)
#define EASTER_WEEKDAY_BIT(c, unused, cals, mo, dy, fe, name)                                                      \
    | ((((cals) & CAL(c)) && (mo) == 0) ? 1u << ((6 + (fe) % 7 + 7) % 7) : 0u)
#define PER_CALENDAR(M, X) {M(0, X), M(1, X), M(2, X), M(3, X), M(4, X), M(5, X), M(6, X), M(7, X)}
#define ALL_OF(c, X) 0u HOLIDAYS(X, c, 0)

_Static_assert(CAPES_N_CALENDARS == 8, "PER_CALENDAR lists one entry per calendar");
static const uint32_t fixed_days[CAPES_N_CALENDARS][12] = {MONTHS(0), MONTHS(1), MONTHS(2), MONTHS(3),
                                                           MONTHS(4), MONTHS(5), MONTHS(6), MONTHS(7)};
static const uint64_t easter_days[CAPES_N_CALENDARS] = PER_CALENDAR(ALL_OF, EASTER_BIT);
static const unsigned easter_weekdays[CAPES_N_CALENDARS] = PER_CALENDAR(ALL_OF, EASTER_WEEKDAY_BIT);

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

/* The civil date's own: no conversion, for the callers that walk one (a deadline). */
static bool holiday_on(const capes_date *date, capes_calendar cal)
{
    int from_easter;

    if ((unsigned) cal >= CAPES_N_CALENDARS || date->m < 1 || date->m > 12)
        return false;
    if (fixed_days[cal][date->m - 1] >> date->d & 1u)
        return true;
    /* Easter falls from 22 March to 25 April, so the days counted from it fall from March
     * to June, each on its own weekday: the computus runs only for a day that could be one. */
    if (date->m < 3 || date->m > 6 || !(easter_weekdays[cal] >> capes_weekday(date->day) & 1u))
        return false;
    from_easter = date->day - capes_easter(date->y);
    return from_easter >= -2 && from_easter <= 50 && (easter_days[cal] >> (from_easter + 2) & 1u);
}

bool capes_is_holiday(capes_day day, capes_calendar cal)
{
    capes_date date = capes_date_of(day);

    return holiday_on(&date, cal);
}

bool capes_is_working_day(capes_day day, capes_calendar cal)
{
    capes_date date = capes_date_of(day);

    return capes_is_working_date(&date, cal);
}

bool capes_is_working_date(const capes_date *date, capes_calendar cal)
{
    return capes_weekday(date->day) < 5 && !holiday_on(date, cal);
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
