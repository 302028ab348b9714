/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The SQLite driver of the hardening suites: runs cases (a SQL query and the result or
 * error it must give) through capes and prints TAP. Small and free of Python, so that
 * valgrind and the sanitizers see only SQLite, capes and this file.
 *
 *   driver [--summary] --load build/capes CASES...
 *                                        capes as the loadable extension (valgrind)
 *   driver [--summary] CASES...          built with -DCAPES_STATIC: the glue and the core
 *                                        linked in, registered with sqlite3_auto_extension
 *                                        (ASan/UBSan)
 *
 * A cases file (written by tests/hardening/emit.py) has one case a line, four fields
 * separated by tabs, each escaped (\\ \t \n \xNN):
 *   NAME  KIND  SQL  EXPECTED
 * KIND says how the result becomes text: money (REAL, two decimals), rate (REAL, four),
 * bool (INTEGER 0/1 as false/true), text (TEXT), table (every row, ';' between rows and
 * '|' between columns, '' for none). EXPECTED is NULL, v:TEXT, or e:CODE:MESSAGE with
 * the SQLite primary result code and the exact message. Lines starting with # are
 * comments.
 *
 * --summary prints one test per cases file (all its cases give their result) instead of
 * one per case: the memory suites, whose point is the run itself.
 *
 * After each case the connection must be back in autocommit mode (no statement or
 * transaction left open); at the end it must still answer SELECT 1 and close cleanly. */
#define _POSIX_C_SOURCE 200809L /* getline */

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CAPES_STATIC
int sqlite3_capes_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);
#endif

static int tests, failures;
/* --summary: one test per cases file instead of one per case (the memory suites) */
static bool summary;

/* ------------------------------------------------------------ a growable text */

typedef struct buf {
    char *s;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;

        while (b->len + n + 1 > cap)
            cap *= 2;
        b->s = realloc(b->s, cap);
        if (!b->s) {
            fprintf(stderr, "driver: out of memory\n");
            exit(2);
        }
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void putf(buf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(b, tmp, n < 0 ? 0 : (size_t) n < sizeof tmp ? (size_t) n : sizeof tmp - 1);
}

/* --------------------------------------------------------------- the cases */

/* Unescapes s in place (\\ \t \n \xNN); returns the length. */
static size_t unescape(char *s)
{
    size_t i = 0, o = 0;

    while (s[i]) {
        if (s[i] == '\\' && s[i + 1]) {
            char c = s[i + 1];

            if (c == 't' || c == 'n' || c == '\\') {
                s[o++] = c == 't' ? '\t' : c == 'n' ? '\n' : '\\';
                i += 2;
                continue;
            }
            if (c == 'x' && s[i + 2] && s[i + 3]) {
                char hex[3] = {s[i + 2], s[i + 3], 0};

                s[o++] = (char) strtol(hex, NULL, 16);
                i += 4;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    s[o] = '\0';
    return o;
}

/* Shows a text in a diagnostic: printable ASCII and UTF-8 as is, other bytes \xNN, cut. */
static void show(FILE *out, const char *label, const char *s, size_t n)
{
    size_t i, shown = n > 400 ? 400 : n;

    fprintf(out, "#   %s ", label);
    for (i = 0; i < shown; i++) {
        unsigned char c = (unsigned char) s[i];

        if (c < 0x20 || c == 0x7F)
            fprintf(out, "\\x%02X", c);
        else
            fputc(c, out);
    }
    if (shown < n)
        fprintf(out, "... (%zu bytes)", n);
    fputc('\n', out);
}

/* One value as text, the way KIND writes it. */
static void value_text(buf *out, sqlite3_stmt *st, int col, const char *kind)
{
    int type = sqlite3_column_type(st, col);

    if (type == SQLITE_NULL) {
        puts_(out, "NULL");
    } else if (!strcmp(kind, "money") && type == SQLITE_FLOAT) {
        putf(out, "%.2f", sqlite3_column_double(st, col));
    } else if (!strcmp(kind, "rate") && type == SQLITE_FLOAT) {
        putf(out, "%.4f", sqlite3_column_double(st, col));
    } else if (!strcmp(kind, "bool") && type == SQLITE_INTEGER && (uint64_t) sqlite3_column_int64(st, col) <= 1) {
        puts_(out, sqlite3_column_int64(st, col) ? "true" : "false");
    } else if ((!strcmp(kind, "text") && type == SQLITE_TEXT) || !strcmp(kind, "table")) {
        const unsigned char *t = sqlite3_column_text(st, col);

        put(out, (const char *) t, (size_t) sqlite3_column_bytes(st, col));
    } else {
        static const char *names[] = {"?", "integer", "real", "text", "blob", "null"};

        putf(out, "(wrong type for %s: %s ", kind, names[type]);
        put(out, (const char *) sqlite3_column_text(st, col), (size_t) sqlite3_column_bytes(st, col));
        puts_(out, ")");
    }
}

/* Runs sql; out gets the result as the cases write it (NULL, v:..., e:CODE:MESSAGE). */
static void run(sqlite3 *db, const char *sql, size_t sql_len, const char *kind, buf *out)
{
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc, rows = 0, cols, c;
    buf res = {0};

    out->len = 0;
    put(out, "", 0);
    rc = sqlite3_prepare_v2(db, sql, (int) sql_len, &st, &tail);
    if (rc == SQLITE_OK && st && tail && *tail) {
        puts_(out, "(driver: more than one statement in a case)");
        sqlite3_finalize(st);
        return;
    }
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            cols = sqlite3_column_count(st);
            if (rows++)
                puts_(&res, ";");
            for (c = 0; c < cols; c++) {
                if (c)
                    puts_(&res, "|");
                value_text(&res, st, c, kind);
            }
        }
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) {
        putf(out, "e:%d:", sqlite3_errcode(db) & 0xFF);
        puts_(out, sqlite3_errmsg(db));
    } else if (strcmp(kind, "table") && rows != 1) {
        putf(out, "(driver: %d rows where one was expected)", rows);
    } else if (!strcmp(kind, "table") || strcmp(res.s, "NULL")) {
        puts_(out, "v:");
        if (res.len)
            put(out, res.s, res.len);
    } else {
        puts_(out, "NULL");
    }
    sqlite3_finalize(st);
    free(res.s);
}

static void report(bool ok, const char *name)
{
    tests++;
    failures += !ok;
    printf("%s %d - %s\n", ok ? "ok" : "not ok", tests, name);
}

static void run_file(sqlite3 *db, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    buf got = {0};
    int cases = 0, wrong = 0;
    char *later = NULL; /* --summary: the diagnostics, printed after the test */
    size_t later_len = 0;
    FILE *diag = summary ? open_memstream(&later, &later_len) : stdout;

    if (!f) {
        printf("not ok %d - cannot read %s\n", ++tests, path);
        failures++;
        return;
    }
    while ((n = getline(&line, &cap, f)) > 0) {
        char *field[4], *p = line;
        size_t len[4];
        int k;
        bool ok;

        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        for (k = 0; k < 4; k++) {
            field[k] = p;
            p = k < 3 ? strchr(p, '\t') : NULL;
            if (k < 3 && !p)
                break;
            if (p)
                *p++ = '\0';
        }
        if (k < 4) {
            report(false, "driver: a case line without four fields");
            show(stdout, "line", line, strlen(line));
            continue;
        }
        for (k = 0; k < 4; k++)
            len[k] = unescape(field[k]);
        run(db, field[2], len[2], field[1], &got);
        ok = got.len == len[3] && memcmp(got.s, field[3], len[3]) == 0;
        if (ok && !sqlite3_get_autocommit(db)) {
            ok = false;
            printf("#   the connection was left inside a transaction\n");
        }
        cases++;
        wrong += !ok;
        if (!summary)
            report(ok, field[0]);
        if (!ok && (!summary || wrong <= 10)) {
            if (summary)
                fprintf(diag, "#   %s\n", field[0]);
            show(diag, "sql     ", field[2], len[2]);
            show(diag, "expected", field[3], len[3]);
            show(diag, "got     ", got.s, got.len);
        }
    }
    if (summary) {
        char name[512];

        snprintf(name, sizeof name, "every case of %s gives the result written there", path);
        fclose(diag);
        report(wrong == 0, name);
        printf("#   %d cases, %d with another result\n%s", cases, wrong, later ? later : "");
        free(later);
    }
    free(got.s);
    free(line);
    fclose(f);
}

int main(int argc, char **argv)
{
    const char *load = NULL;
    sqlite3 *db;
    char *err = NULL;
    buf got = {0};
    int i = 1, rc;

    /* line by line: a sanitizer that ends the process keeps the lines already written */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > i && !strcmp(argv[i], "--summary")) {
        summary = true;
        i++;
    }
    if (argc > i + 1 && !strcmp(argv[i], "--load")) {
        load = argv[i + 1];
        i += 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: %s [--summary] [--load EXTENSION] CASES...\n", argv[0]);
        return 2;
    }
#ifdef CAPES_STATIC
    if (sqlite3_auto_extension((void (*)(void)) sqlite3_capes_init) != SQLITE_OK) {
        printf("not ok 1 - sqlite3_auto_extension(sqlite3_capes_init)\n1..1\n");
        return 1;
    }
#endif
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        printf("not ok 1 - sqlite3_open(\":memory:\")\n1..1\n");
        return 1;
    }
    if (load) {
        sqlite3_enable_load_extension(db, 1);
        rc = sqlite3_load_extension(db, load, NULL, &err);
        sqlite3_enable_load_extension(db, 0);
        report(rc == SQLITE_OK, "the extension loads");
        if (rc != SQLITE_OK) {
            printf("#   %s\n", err ? err : "?");
            sqlite3_free(err);
            sqlite3_close(db);
            printf("1..%d\n", tests);
            return 1;
        }
    }
    for (; i < argc; i++)
        run_file(db, argv[i]);
    run(db, "SELECT 1", 8, "table", &got);
    report(got.len == 3 && !memcmp(got.s, "v:1", 3), "after every case the connection still answers SELECT 1");
    free(got.s);
    rc = sqlite3_close(db);
    report(rc == SQLITE_OK, "the connection closes cleanly (no statement left unfinalized)");
    sqlite3_shutdown();
    printf("1..%d\n", tests);
    return failures ? 1 : 0;
}
