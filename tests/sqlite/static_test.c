/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The SQLite glue compiled into a program (-DSQLITE_CORE) and registered with
 * sqlite3_auto_extension: every connection opened afterwards has capes. Prints TAP.
 * Also walks capes_functions[] of the core and checks each is registered with each
 * arity. Run under valgrind by the suite, so it goes through the error paths too. */
#include "capes.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int sqlite3_capes_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

static int tests, failures;

static void report(bool ok, const char *fmt, ...)
{
    va_list ap;

    tests++;
    failures += !ok;
    printf("%s %d - static: ", ok ? "ok" : "not ok", tests);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

/* The first column of the first row as text ("NULL" for NULL), or the error as
 * "error CODE: message". */
static void run(sqlite3 *db, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(st, 0);

            snprintf(out, size, "%s", t ? (const char *) t : "NULL");
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            snprintf(out, size, "(no rows)");
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK)
        snprintf(out, size, "error %d: %s", sqlite3_extended_errcode(db), sqlite3_errmsg(db));
    sqlite3_finalize(st);
}

static void is(sqlite3 *db, const char *sql, const char *expected)
{
    char got[1024];

    run(db, sql, got, sizeof got);
    report(!strcmp(got, expected), "%s", sql);
    if (strcmp(got, expected))
        printf("#   expected %s\n#   got      %s\n", expected, got);
}

static int count(sqlite3 *db, const char *sql, const char *name, int n_arg)
{
    sqlite3_stmt *st;
    int n = -1;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, n_arg);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* Each function of capes_functions[] answers to each arity from min_args to max_args
 * and to no other; scalars and aggregates are deterministic and innocuous. */
static void check_catalog(sqlite3 *db)
{
    static const char *registered =
        "SELECT count(*) FROM pragma_function_list WHERE name = ?1 AND narg = ?2 AND type = ?3 "
        "AND flags & 0x200800 = 0x200800";
    static const char *any_arity = "SELECT count(*) FROM pragma_function_list WHERE name = ?1 AND narg = ?2";
    int i, n, bad;

    for (i = 0; i < capes_n_functions; i++) {
        const capes_function *f = &capes_functions[i];
        char sql[512], got[512];

        bad = 0;
        if (f->kind == CAPES_FN_TABLE) {
            /* an eponymous table takes at most max_args arguments */
            for (n = 0; n <= f->max_args + 1; n++) {
                int k, o = snprintf(sql, sizeof sql, "SELECT count(*) FROM %s(", f->name);

                for (k = 0; k < n; k++)
                    o += snprintf(sql + o, sizeof sql - (size_t) o, "%sNULL", k ? ", " : "");
                snprintf(sql + o, sizeof sql - (size_t) o, ")");
                run(db, sql, got, sizeof got);
                if ((n <= f->max_args) != (strncmp(got, "error", 5) != 0 || strstr(got, "no argument") != NULL))
                    bad++;
            }
            snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_module_list WHERE name = '%s'", f->name);
            run(db, sql, got, sizeof got);
            bad += strcmp(got, "1") != 0;
        } else {
            /* every aggregate is a window function too (the history's over running frames) */
            char type[2] = {f->kind != CAPES_FN_AGGREGATE ? 's' : 'w', 0};

            for (n = f->min_args; n <= f->max_args; n++) {
                sqlite3_stmt *st;

                if (sqlite3_prepare_v2(db, registered, -1, &st, NULL) != SQLITE_OK) {
                    bad++;
                    continue;
                }
                sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
                sqlite3_bind_int(st, 2, n);
                sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
                bad += sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1;
                sqlite3_finalize(st);
            }
            bad += count(db, any_arity, f->name, f->min_args - 1) != 0;
            bad += count(db, any_arity, f->name, f->max_args + 1) != 0;
        }
        report(bad == 0, "%s is registered with %d to %d arguments", f->name, f->min_args, f->max_args);
    }
}

int main(void)
{
    sqlite3 *db;
    char got[64];

    if (sqlite3_auto_extension((void (*)(void)) sqlite3_capes_init) != SQLITE_OK ||
        sqlite3_open(":memory:", &db) != SQLITE_OK) {
        printf("not ok 1 - static: cannot register capes\n1..1\n");
        return 1;
    }
    run(db, "SELECT capes_version()", got, sizeof got);
    report(!strcmp(got, capes_release), "capes_version() is %s in a new connection (got %s)", capes_release, got);
    is(db, "SELECT capes_deadline('2016-04-30', 'establishment_draft')", "2016-05-30");
    is(db, "SELECT capes_deadline('2016-04-30', 'establishment_draft', 'none')", "2016-05-30");
    is(db, "SELECT printf('%.2f', capes_penalty(2, 'partial', '1000000'))", "3300.00");
    is(db, "SELECT printf('%.4f', capes_penalty_rate(3, 'none'))", "0.0100");
    is(db, "SELECT capes_check_transition('notified', 'agency_draft', '2016-01-04', '2016-02-01')",
       "error 19: capes_check_transition: notified -> agency_draft refused before 2016-02-04: the establishment "
       "has 30 days to propose a draft (R162-45-1 I)");
    is(db, "SELECT capes_deadline(20160101, 'signature')",
       "error 1: capes_deadline: start must be a date 'YYYY-MM-DD' as text (got integer 20160101)");
    is(db, "SELECT capes_penalty_rate(2.5, 'none')", "error 1: capes_penalty_rate: risks must be a whole number (got 2.5)");
    is(db, "SELECT capes_refusal_penalty(x'00ff')",
       "error 1: capes_refusal_penalty: revenue must be an amount as integer, real or decimal text (got blob x'00FF')");
    is(db, "SELECT group_concat(day || ' ' || name, '; ') FROM capes_holidays(2016, 'fr-alsace-moselle') "
           "WHERE day >= '2016-12-01'",
       "2016-12-25 Noël; 2016-12-26 Saint-Étienne");
    /* the contract's end, four reports and the lapse of 2017-12-31 (décret 2017-584 art. 2) */
    is(db, "SELECT count(*) FROM capes_schedule('signed', '2016-02-29')", "6");
    is(db, "SELECT capes_history_error(s, d) FROM (SELECT 'notified' AS s, '2016-01-04' AS d UNION ALL "
           "SELECT 'signed', '2016-01-05')",
       "step 2 (signed on 2016-01-05): notified -> signed refused: from notified the next steps are "
       "establishment_draft, agency_draft (R162-45-1 I al. 1)");
    is(db, "SELECT capes_contract_rate(r, l) FROM (SELECT 'infectious' AS r, 'none' AS l UNION ALL "
           "SELECT 'infectious', 'partial')",
       "error 1: capes_contract_rate: risk must be listed once per contract (got 'infectious' twice)");
    is(db, "SELECT * FROM capes_schedule('notified')",
       "error 1: capes_schedule: since must be a date 'YYYY-MM-DD' as text (got no argument)");
    check_catalog(db);
    sqlite3_close(db);
    sqlite3_reset_auto_extension();
    sqlite3_shutdown();
    printf("1..%d\n", tests);
    return failures ? 1 : 0;
}
