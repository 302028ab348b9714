/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Date text (capes_parse_date): any bytes. An accepted text starts with a real
 * date of 1583..9999 that formats back to the same ten characters; a well-formed
 * text is never refused; a refused one gets a date error naming the argument. */
#include "fuzz_common.h"

static int digits(const uint8_t *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The forms docs/rules.md#dates and the 'date_time_part' interpretation promise to accept:
 * nothing, or ' '/'T' HH:MM[:SS[.f+]] (a real time of day) with an optional 'Z' or
 * +HH:MM / -HH:MM zone. */
static bool documented_tail(const uint8_t *s, size_t n)
{
    size_t i = 6;

    if (n == 0)
        return true;
    if (n < 6 || (s[0] != ' ' && s[0] != 'T') || digits(s + 1, 2) < 0 || digits(s + 1, 2) > 23 || s[3] != ':' ||
        digits(s + 4, 2) < 0 || digits(s + 4, 2) > 59)
        return false;
    if (i + 3 <= n && s[i] == ':' && digits(s + i + 1, 2) >= 0 && digits(s + i + 1, 2) <= 59) {
        i += 3;
        if (i + 1 < n && s[i] == '.' && digits(s + i + 1, 1) >= 0)
            for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
                ;
    }
    if (i < n && s[i] == 'Z')
        i++;
    else if (i + 6 == n && (s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2) >= 0 && s[i + 3] == ':' &&
             digits(s + i + 4, 2) >= 0)
        i += 6;
    return i == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    capes_err err;
    capes_err_init(&err, "capes_in_force");
    const char *text = (const char *) data;
    capes_day day = 12345;
    char buf[CAPES_DATE_TEXT_MAX], want[CAPES_MSG_MAX];
    int y = -1, m = -1, d = -1, yy, mm, dd;
    bool shaped, real, documented;

    shaped = size >= 10 && data[4] == '-' && data[7] == '-' && (y = digits(data, 4)) >= 0 &&
             (m = digits(data + 5, 2)) >= 0 && (d = digits(data + 8, 2)) >= 0;
    real = shaped && m >= 1 && m <= 12 && d >= 1 && d <= fz_month_len(y, m) && y >= 1583;
    documented = shaped && documented_tail(data + 10, size - 10);

    if (capes_parse_date(&err, "day", text, size, &day) == CAPES_OK) {
        long fy;
        int fm, fd;

        CHECK(real, "accepted '%.*s' that does not start with a real date of 1583..9999", (int) size, text);
        CHECK(size == 10 || ((data[10] == ' ' || data[10] == 'T') && size >= 16 && digits(data + 11, 2) >= 0 &&
                             digits(data + 11, 2) <= 24 && data[13] == ':' && digits(data + 14, 2) >= 0 &&
                             digits(data + 14, 2) <= 59),
              "accepted a tail that is not a time: '%.*s'", (int) size, text);
        CHECK(day >= CAPES_DAY_MIN && day <= CAPES_DAY_MAX, "day %d out of range", (int) day);
        CHECK(day == fz_days(y, m, d), "'%.10s' gave day %d, expected %ld", text, (int) day, fz_days(y, m, d));
        CHECK(capes_format_date(day, buf) == 10 && !memcmp(buf, text, 10), "'%.10s' formats back as '%s'", text,
              buf);
        capes_civil_from_days(day, &yy, &mm, &dd);
        CHECK(yy == y && mm == m && dd == d, "civil_from_days(%d) = %d-%d-%d", (int) day, yy, mm, dd);
        CHECK(capes_days_from_civil(y, m, d) == day, "days_from_civil");
        CHECK(capes_days_in_month(y, m) == fz_month_len(y, m), "days_in_month(%d, %d)", y, m);
        CHECK(capes_weekday(day) == fz_weekday(day), "weekday of %s", buf);
        CHECK(capes_in_force(day) == (day >= fz_days(2015, 11, 22) && day <= fz_days(2017, 4, 8)), "in_force %s",
              buf);
        CHECK(capes_check_day(&err, "day", day) == CAPES_OK, "check_day refused a parsed day %s", buf);
        fz_civil(day, &fy, &fm, &fd);
        CHECK(fy == y && fm == m && fd == d, "oracle civil");
        /* the same day with the canonical text, alone or with a time, parses the same */
        {
            capes_day again = -1;
            char stamp[32];

            CHECK(capes_parse_date(&err, "day", buf, 10, &again) == CAPES_OK && again == day, "reparse %s", buf);
            snprintf(stamp, sizeof stamp, "%sT23:59:59.999+02:00", buf);
            CHECK(capes_parse_date(&err, "day", stamp, strlen(stamp), &again) == CAPES_OK && again == day,
                  "timestamp %s", stamp);
        }
        return 0;
    }
    fz_check_err(&err, "capes_in_force");
    CHECK(!(real && documented), "refused a documented date text '%.*s': %s", (int) size, text, err.msg);
    CHECK(err.code == CAPES_ERR_DATE_FORMAT || err.code == CAPES_ERR_DATE_RANGE, "code %d for '%.*s'",
          (int) err.code, (int) size, text);
    /* a date-shaped text: an impossible day, or a year before 1583 or of five digits,
     * is out of range, not misspelt */
    {
        const char *range = "a date from 1583-01-01 to 9999-12-31", *format = "a date 'YYYY-MM-DD'", *phrase = NULL;
        char other[CAPES_MSG_MAX];
        size_t n = 0;

        while (n < size && data[n] >= '0' && data[n] <= '9')
            n++;
        if (shaped && documented && !real) {
            CHECK(err.code == CAPES_ERR_DATE_RANGE, "'%.*s' is an impossible date, got %s", (int) size, text, err.msg);
            phrase = m >= 1 && m <= 12 && d >= 1 && d <= fz_month_len(y, m) ? range : format;
        } else if (n > 4 && size >= n + 6 && data[n] == '-' && digits(data + n + 1, 2) >= 0 && data[n + 3] == '-' &&
                   digits(data + n + 4, 2) >= 0 && documented_tail(data + n + 6, size - n - 6)) {
            CHECK(err.code == CAPES_ERR_DATE_RANGE, "'%.*s' has a year past 9999, got %s", (int) size, text, err.msg);
            phrase = range;
        }
        fz_expect_msg(want, sizeof want, "capes_in_force", "day", phrase ? phrase : format, text, size);
        fz_expect_msg(other, sizeof other, "capes_in_force", "day", range, text, size);
        CHECK(!strcmp(err.msg, want) || (!phrase && !strcmp(err.msg, other)), "message\n  got  %s\n  want %s", err.msg,
              want);
    }
    return 0;
}
