/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Civil dates as day numbers, our own arithmetic (docs/rules.md#dates): neither engine's date
 * functions are used, because PostgreSQL clamps month ends and SQLite overflows them. */
#include "capes.h"


#define DATE_EXPECTED "a date 'YYYY-MM-DD'"

/* Days from 1970-01-01; the era arithmetic is Howard Hinnant's, valid for any year. */
capes_day capes_days_from_civil(int y, int m, int d)
{
    int era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Any day, by Hinnant's era arithmetic: for the days out of range that messages show. */
static void civil_from_days_any(capes_day day, int *y, int *m, int *d)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* Neri and Schneider's Euclidean affine functions ("Euclidean affine functions and their
 * application to calendar algorithms", Softw. Pract. Exper. 2023): unsigned, no division
 * left after the compiler's multiplications by constants, a third of the instructions of the
 * era arithmetic on every date-returning call. n counts days from 0000-03-01. Checked on every
 * day of 1583-9999 against capes_days_from_civil (tests/core: property civil round trip). */
void capes_civil_from_days(capes_day day, int *y, int *m, int *d)
{
    uint32_t n, n1, century, n2, z, doy, n3, j;
    uint64_t p2;

    if (day < CAPES_DAY_MIN - 366 || day > CAPES_DAY_MAX + 366) {
        civil_from_days_any(day, y, m, d);
        return;
    }
    n = (uint32_t) (day + 719468);
    n1 = 4 * n + 3;
    century = n1 / 146097;
    n2 = n1 % 146097 | 3; /* 4 * (day of the century) + 3 */
    p2 = (uint64_t) 2939745 * n2;
    z = (uint32_t) (p2 >> 32);                  /* year of the century */
    doy = (uint32_t) p2 / 2939745 / 4;          /* day of the year from 1 March */
    n3 = 2141 * doy + 197913;
    j = doy >= 306;                             /* January or February: the next year */
    *y = (int) (100 * century + z + j);
    *m = (int) ((n3 >> 16) - 12 * j);
    *d = (int) ((n3 & 0xFFFF) / 2141 + 1);
}

capes_date capes_date_of(capes_day day)
{
    capes_date date;

    date.day = day;
    capes_civil_from_days(day, &date.y, &date.m, &date.d);
    return date;
}

capes_date capes_date_add_days(capes_date date, int n)
{
    int len;

    if (n > 62) /* past two months a conversion is cheaper than the walk */
        return capes_date_of(date.day + n);
    date.day += n;
    date.d += n;
    while (date.d > (len = capes_days_in_month(date.y, date.m))) {
        date.d -= len;
        if (++date.m > 12) {
            date.m = 1;
            date.y++;
        }
    }
    return date;
}

/* Anonymous Gregorian computus (Meeus, Jones, Butcher). */
capes_day capes_easter(int year)
{
    int a = year % 19, b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;

    return capes_days_from_civil(year, month, day);
}

static int digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static bool two_digits(const char *s, int max)
{
    return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && (s[0] - '0') * 10 + (s[1] - '0') <= max;
}

/* After the date: nothing, or ' '/'T' then HH:MM[:SS[.fff]] and an optional zone, Z or
 * +HH:MM / -HH:MM (SQLite's own time forms). The time is then ignored. */
static bool valid_time_tail(const char *s, size_t len)
{
    size_t i = 6;

    if (len == 0)
        return true;
    if (len < 6 || (s[0] != ' ' && s[0] != 'T') || !two_digits(s + 1, 23) || s[3] != ':' || !two_digits(s + 4, 59))
        return false;
    if (i + 3 <= len && s[i] == ':' && two_digits(s + i + 1, 59)) {
        i += 3;
        if (i + 2 <= len && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')
            for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
                ;
    }
    if (i < len && s[i] == 'Z')
        i++;
    else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && two_digits(s + i + 1, 23) && s[i + 3] == ':' &&
             two_digits(s + i + 4, 59))
        i += 6;
    return i == len;
}

/* A year of five or more digits in an otherwise good date: out of range, not malformed. */
static bool long_year(const char *text, size_t len)
{
    size_t n = 0;

    if (len < 5 || text[4] == '-')
        return false;
    while (n < len && text[n] >= '0' && text[n] <= '9')
        n++;
    return n > 4 && len >= n + 6 && text[n] == '-' && text[n + 3] == '-' && digits(text + n + 1, 2) >= 0 &&
           digits(text + n + 4, 2) >= 0 && valid_time_tail(text + n + 6, len - n - 6);
}

#define ZERO ((unsigned) '0')

capes_code capes_parse_date(capes_err *err, const char *arg, const char *text, size_t len, capes_day *out)
{
    capes_date date;

    if (capes_parse_civil(err, arg, text, len, &date) != CAPES_OK)
        return err->code;
    *out = date.day;
    return CAPES_OK;
}

capes_code capes_parse_civil(capes_err *err, const char *arg, const char *text, size_t len, capes_date *out)
{
    const unsigned char *t = (const unsigned char *) text;
    unsigned y0, y1, y2, y3, m0, m1, d0, d1;
    int y, m, d;

    if (long_year(text, len))
        return capes_fail_text(err, CAPES_ERR_DATE_RANGE, arg, CAPES_DATE_RANGE_EXPECTED, text, len);
    if (len < 10)
        return capes_fail_text(err, CAPES_ERR_DATE_FORMAT, arg, DATE_EXPECTED, text, len);
    /* unsigned: a byte below '0' wraps to a large value, so one test per digit */
    y0 = t[0] - ZERO, y1 = t[1] - ZERO, y2 = t[2] - ZERO, y3 = t[3] - ZERO;
    m0 = t[5] - ZERO, m1 = t[6] - ZERO, d0 = t[8] - ZERO, d1 = t[9] - ZERO;
    if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9 || t[4] != '-' ||
        t[7] != '-' || !valid_time_tail(text + 10, len - 10))
        return capes_fail_text(err, CAPES_ERR_DATE_FORMAT, arg, DATE_EXPECTED, text, len);
    y = (int) (y0 * 1000 + y1 * 100 + y2 * 10 + y3);
    m = (int) (m0 * 10 + m1);
    d = (int) (d0 * 10 + d1);
    if (m < 1 || m > 12 || d < 1 || d > capes_days_in_month(y, m))
        return capes_fail_text(err, CAPES_ERR_DATE_RANGE, arg, DATE_EXPECTED, text, len);
    if (y < 1583)
        return capes_fail_text(err, CAPES_ERR_DATE_RANGE, arg, CAPES_DATE_RANGE_EXPECTED, text, len);
    out->day = capes_days_from_civil(y, m, d);
    out->y = y;
    out->m = m;
    out->d = d;
    return CAPES_OK;
}

capes_code capes_check_day(capes_err *err, const char *arg, capes_day day)
{
    char given[CAPES_DATE_TEXT_MAX];
    int n;

    if (day >= CAPES_DAY_MIN && day <= CAPES_DAY_MAX)
        return CAPES_OK;
    n = capes_format_date(day, given);
    return capes_fail_text(err, CAPES_ERR_DATE_RANGE, arg, CAPES_DATE_RANGE_EXPECTED, given, (size_t) n);
}

int capes_format_date(capes_day day, char buf[CAPES_DATE_TEXT_MAX])
{
    capes_date date = capes_date_of(day);

    return capes_format_civil(&date, buf);
}

int capes_format_civil(const capes_date *date, char buf[CAPES_DATE_TEXT_MAX])
{
    int y = date->y, m = date->m, d = date->d;

    if (y < 0 || y > 9999) /* only in messages about days out of range */
        return capes_format(buf, CAPES_DATE_TEXT_MAX, "%04d-%02d-%02d", y, m, d);
    /* by hand: this is on the hot path of every date-returning function */
    buf[0] = (char) ('0' + y / 1000);
    buf[1] = (char) ('0' + y / 100 % 10);
    buf[2] = (char) ('0' + y / 10 % 10);
    buf[3] = (char) ('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char) ('0' + m / 10);
    buf[6] = (char) ('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char) ('0' + d / 10);
    buf[9] = (char) ('0' + d % 10);
    buf[10] = '\0';
    return 10;
}

capes_day capes_add_months(capes_day day, int months)
{
    return capes_date_add_months(capes_date_of(day), months).day;
}

capes_date capes_date_add_months(capes_date date, int months)
{
    int total = date.y * 12 + (date.m - 1) + months, last;

    date.y = total / 12;
    date.m = total % 12 + 1;
    last = capes_days_in_month(date.y, date.m);
    if (date.d > last)
        date.d = last;
    date.day = capes_days_from_civil(date.y, date.m, date.d);
    return date;
}
