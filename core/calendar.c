/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Public holidays of the calendars (docs/rules.md#calendars), for the extension of CPC
 * art. 642, and the window in which R162-45 to R162-45-2 were in force (décret 2015-1511,
 * décret 2017-500; docs/rules.md#in-force). */
#include "capes.h"

#include <stdio.h>
#include <string.h>

typedef struct fixed_holiday {
    int month, day;
    const char *name;
} fixed_holiday;

/* C. trav. L3133-1: the list in force in 2015-2017, applied to every year. */
static const fixed_holiday fixed_fr[] = {
    {1, 1, "Jour de l'an"},    {5, 1, "Fête du travail"},  {5, 8, "Victoire 1945"},
    {7, 14, "Fête nationale"}, {8, 15, "Assomption"},      {11, 1, "Toussaint"},
    {11, 11, "Armistice 1918"}, {12, 25, "Noël"},
};

/* Easter Monday, Ascension, Whit Monday (L3133-1); Good Friday in Alsace-Moselle (L3134-13). */
#define EASTER_MONDAY 1
#define ASCENSION 39
#define WHIT_MONDAY 50
#define GOOD_FRIDAY (-2)

/* Abolition of slavery, loi 83-550 and décret 83-1003, one day per overseas calendar. */
static const fixed_holiday abolition[CAPES_N_CALENDARS] = {
    [CAPES_CAL_GUADELOUPE] = {5, 27, "Abolition de l'esclavage"},
    [CAPES_CAL_MARTINIQUE] = {5, 22, "Abolition de l'esclavage"},
    [CAPES_CAL_GUYANE] = {6, 10, "Abolition de l'esclavage"},
    [CAPES_CAL_REUNION] = {12, 20, "Abolition de l'esclavage"},
    [CAPES_CAL_MAYOTTE] = {4, 27, "Abolition de l'esclavage"},
};

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
    capes_day easter;
    size_t i;
    int n = 0;

    if (cal == CAPES_CAL_NONE || cal < 0 || cal >= CAPES_N_CALENDARS)
        return 0;
    for (i = 0; i < sizeof fixed_fr / sizeof fixed_fr[0]; i++)
        n = add(out, n, capes_days_from_civil(year, fixed_fr[i].month, fixed_fr[i].day), fixed_fr[i].name);
    easter = capes_easter(year);
    n = add(out, n, easter + EASTER_MONDAY, "Lundi de Pâques");
    n = add(out, n, easter + ASCENSION, "Ascension");
    n = add(out, n, easter + WHIT_MONDAY, "Lundi de Pentecôte");
    if (cal == CAPES_CAL_ALSACE_MOSELLE) {
        n = add(out, n, easter + GOOD_FRIDAY, "Vendredi saint");
        n = add(out, n, capes_days_from_civil(year, 12, 26), "Saint-Étienne");
    }
    if (abolition[cal].name)
        n = add(out, n, capes_days_from_civil(year, abolition[cal].month, abolition[cal].day), abolition[cal].name);
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
    int i;
    capes_day easter;

    if (cal == CAPES_CAL_NONE || cal < 0 || cal >= CAPES_N_CALENDARS)
        return false;
    for (i = 0; i < (int) (sizeof fixed_fr / sizeof fixed_fr[0]); i++)
        if (fixed_fr[i].month == m && fixed_fr[i].day == d)
            return true;
    if (abolition[cal].name && abolition[cal].month == m && abolition[cal].day == d)
        return true;
    if (cal == CAPES_CAL_ALSACE_MOSELLE && m == 12 && d == 26)
        return true;
    /* Easter-based days fall between 20 March (Good Friday) and 14 June (Whit Monday),
     * on a Monday, a Thursday (Ascension) or a Friday: only those need the computus */
    if (m < 3 || m > 6)
        return false;
    switch (capes_weekday(day)) {
    case 0:
    case 3:
    case 4:
        break;
    default:
        return false;
    }
    easter = capes_easter(y);
    return day == easter + EASTER_MONDAY || day == easter + ASCENSION || day == easter + WHIT_MONDAY ||
           (cal == CAPES_CAL_ALSACE_MOSELLE && day == easter + GOOD_FRIDAY);
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
    snprintf(given, sizeof given, "%lld", (long long) year);
    return capes_fail(err, CAPES_ERR_DATE_RANGE, arg, "a year from 1583 to 9999", given);
}
