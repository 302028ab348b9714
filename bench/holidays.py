# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""Public holidays of the capes calendars (docs/rules.md#holidays), written independently of core/
so that the plain-SQL baselines of the benchmarks can be checked against capes.

C. trav. L3133-1 (metropolitan list), L3134-13 (Alsace-Moselle: Good Friday, 26 Dec),
loi 83-550 and décret 83-1003 (abolition of slavery, one day per overseas department), and from
capes 1.1 the days chômé there (CPC 642, interpretation overseas_days_chomes): Good Friday in
Guadeloupe, Martinique and Guyane, 21 July (Victor Schœlcher) in Guadeloupe and Martinique.
"""
import datetime

CALENDARS = ["none", "fr", "fr-alsace-moselle", "fr-guadeloupe", "fr-martinique",
             "fr-guyane", "fr-reunion", "fr-mayotte"]

FIXED_FR = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
ABOLITION = {"fr-guadeloupe": (5, 27), "fr-martinique": (5, 22), "fr-guyane": (6, 10),
             "fr-reunion": (12, 20), "fr-mayotte": (4, 27)}


def easter(year):
    """Gregorian Easter Sunday (Meeus, Jones, Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def holidays(year, cal):
    """Set of datetime.date that are public holidays of cal in year."""
    if cal == "none":
        return set()
    e = easter(year)
    days = {datetime.date(year, m, d) for m, d in FIXED_FR}
    days |= {e + datetime.timedelta(n) for n in (1, 39, 50)}  # Easter Monday, Ascension, Whit Monday
    if cal == "fr-alsace-moselle":
        days |= {e - datetime.timedelta(2), datetime.date(year, 12, 26)}
    if cal in ABOLITION:
        days.add(datetime.date(year, *ABOLITION[cal]))
    if cal in ("fr-guadeloupe", "fr-martinique", "fr-guyane"):
        days.add(e - datetime.timedelta(2))
    if cal in ("fr-guadeloupe", "fr-martinique"):
        days.add(datetime.date(year, 7, 21))
    return days


def rows(first_year, last_year):
    """(calendar, 'YYYY-MM-DD') for every holiday of every calendar."""
    for cal in CALENDARS:
        for year in range(first_year, last_year + 1):
            for day in sorted(holidays(year, cal)):
                yield cal, day.isoformat()


def deadline_observations(start, cal):
    """Reference for the checks: start + 30 days, moved to the next working day (CPC 641-642)."""
    day = start + datetime.timedelta(30)
    if cal == "none":
        return day
    while day.weekday() >= 5 or day in holidays(day.year, cal):
        day += datetime.timedelta(1)
    return day
