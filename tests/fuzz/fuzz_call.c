/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Every SQL function through the text glue of the core tests (tests/core/call.c),
 * the way both engines reach the core. An input is "fn|cell|cell|..." (at most 5
 * cells, "\N" is SQL NULL, a cell may hold any other byte); fn must be a function
 * of capes_functions[] that call.c serves, called with an arity it has. No call may crash;
 * an error has a 5-character SQLSTATE and a message "fn: ARG must be ..." naming
 * one of fn's arguments (or "fn: FROM -> TO refused" for a refused step); results
 * have the documented shapes; capes_transition_error and capes_check_transition
 * agree. The aggregates take their rows in the first cell (see call.h). */
#include "fuzz_common.h"
#include "call.h"

#define MAX_CELLS 5

/* The functions' argument names (README.md, Function reference); "*" entries are the few
 * messages that name no argument. */
static const struct {
    const char *fn;
    const char *args[7];
} arg_names[] = {
    {"capes_penalty_rate", {"risks", "level"}},
    {"capes_penalty", {"risks", "level", "revenue"}},
    {"capes_refusal_penalty", {"revenue"}},
    {"capes_contract_rate", {"risk", "level", "a contract's risk rows"}},
    {"capes_contract_penalty", {"risk", "level", "revenue", "a contract's risk rows"}},
    {"capes_deadline", {"start", "kind", "calendar"}},
    {"capes_due", {"state", "since", "calendar"}},
    {"capes_schedule", {"state", "since", "calendar"}},
    {"capes_transition_valid", {"from", "to"}},
    {"capes_transition_error", {"from", "to", "from_date", "to_date", "calendar"}},
    {"capes_check_transition", {"from", "to", "from_date", "to_date", "calendar"}},
    {"capes_history_error", {"state", "occurred_on", "calendar"}},
    {"capes_next_states", {"state"}},
    {"capes_is_working_day", {"day", "calendar"}},
    {"capes_holidays", {"year", "calendar"}},
    {"capes_in_force", {"day"}},
    {"capes_label", {"code", "lang"}},
    {"capes_version", {0}},
};

static bool names_an_argument(const char *fn, const char *reason)
{
    size_t i, a;

    for (i = 0; i < sizeof arg_names / sizeof arg_names[0]; i++)
        if (!strcmp(arg_names[i].fn, fn))
            for (a = 0; a < 7 && arg_names[i].args[a]; a++) {
                size_t n = strlen(arg_names[i].args[a]);

                if (!strncmp(reason, arg_names[i].args[a], n) && !strncmp(reason + n, " must be ", 9))
                    return true;
            }
    return false;
}

static bool is_date(const char *s)
{
    capes_err err;
    capes_err_init(&err, "x");
    capes_day d;

    return strlen(s) == 10 && capes_parse_date(&err, "d", s, 10, &d) == CAPES_OK;
}

static bool is_money(const char *s)
{
    size_t n = strlen(s), i;

    if (n < 4 || s[n - 3] != '.')
        return false;
    for (i = 0; i < n; i++)
        if (i != n - 3 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

static bool is_bool(const char *s)
{
    return !strcmp(s, "true") || !strcmp(s, "false");
}

static const capes_function *find_fn(const char *name)
{
    int i;

    for (i = 0; i < capes_n_functions; i++)
        if (!strcmp(capes_functions[i].name, name))
            return &capes_functions[i];
    return NULL;
}

/* The result of fn on cells, through call.c. */
static void run(const capes_function *f, const cell *cells, int n, call_result *r)
{
    static const cell omitted = {true, false, "", 0};

    if (f->kind == CAPES_FN_SCALAR)
        call_scalar(f->name, cells, n, r);
    else if (f->kind == CAPES_FN_TABLE)
        call_table(f->name, cells, n, r);
    else if (!strncmp(f->name, "capes_history_", 14))
        call_history(f->name, cells[0].null ? "NULL@NULL" : cells[0].text, n > 1 ? &cells[1] : &omitted, r);
    else
        call_contract(f->name, cells[0].null ? "NULL" : cells[0].text, n > 1 ? &cells[1] : &omitted, r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char buf[1024];
    static call_result r, r2;
    cell cells[MAX_CELLS + 1];
    char *parts[MAX_CELLS + 2];
    size_t lens[MAX_CELLS + 2], i, start = 0;
    int n = 0, c, arity;
    const capes_function *f;
    bool any_null = false;

    if (size >= sizeof buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    /* split on '|' */
    for (i = 0; i <= size; i++)
        if (i == size || buf[i] == '|') {
            if (n == MAX_CELLS + 1)
                return 0;
            buf[i] = '\0';
            parts[n] = buf + start;
            lens[n++] = i - start;
            start = i + 1;
        }
    f = find_fn(parts[0]);
    if (!f || lens[0] != strlen(parts[0]))
        return 0;
    /* call.c serves these table functions through their own tests, not call_table */
    if (!strcmp(f->name, "capes_states") || !strcmp(f->name, "capes_sources") ||
        !strcmp(f->name, "capes_interpretations"))
        return 0;
    arity = n - 1;
    if (f->kind == CAPES_FN_AGGREGATE) {
        /* the rows in one cell (and the revenue or the calendar) */
        if (arity < 1 || arity > f->max_args - 1 || (!strcmp(f->name, "capes_contract_penalty") && arity != 2))
            return 0;
    } else if (arity < f->min_args || arity > f->max_args) {
        return 0;
    }
    for (c = 0; c < arity; c++) {
        cells[c].omitted = false;
        cells[c].null = lens[c + 1] == 2 && !memcmp(parts[c + 1], "\\N", 2);
        cells[c].text = cells[c].null ? "NULL" : parts[c + 1];
        cells[c].len = cells[c].null ? 4 : lens[c + 1];
        any_null |= cells[c].null;
    }
    cells[arity] = (cell){true, false, "", 0};

    run(f, cells, arity, &r);
    CHECK(!(r.failed && r.null), "%s: failed and NULL", f->name);
    CHECK(memchr(r.text, '\0', sizeof r.text) != NULL, "%s: result not terminated", f->name);
    if (r.failed) {
        const char *reason = capes_err_reason(&r.err);

        fz_check_err(&r.err, f->name);
        if (r.err.code == CAPES_ERR_TRANSITION)
            CHECK(strstr(reason, " -> ") && strstr(reason, " refused"), "%s: '%s'", f->name, r.err.msg);
        else
            CHECK(names_an_argument(f->name, reason), "%s: the message names no argument of %s: '%s'", f->name,
                  f->name, r.err.msg);
        return 0;
    }
    CHECK(fz_utf8_valid(r.text, strlen(r.text)), "%s: result is not UTF-8", f->name);
    if (r.null) {
        /* functions that return NULL only for a NULL argument */
        static const char *const never_null[] = {"capes_penalty_rate", "capes_penalty", "capes_refusal_penalty",
                                                 "capes_deadline", "capes_is_working_day", "capes_in_force",
                                                 "capes_label", "capes_version", "capes_check_transition",
                                                 "capes_transition_valid"};

        for (i = 0; i < sizeof never_null / sizeof never_null[0]; i++)
            CHECK(any_null || strcmp(f->name, never_null[i]) != 0, "%s: NULL without a NULL argument", f->name);
    } else if (!strcmp(f->name, "capes_deadline") || !strcmp(f->name, "capes_due")) {
        CHECK(is_date(r.text), "%s: '%s' is no date", f->name, r.text);
    } else if (!strcmp(f->name, "capes_penalty") || !strcmp(f->name, "capes_refusal_penalty") ||
               !strcmp(f->name, "capes_contract_penalty")) {
        CHECK(is_money(r.text), "%s: '%s' is no amount", f->name, r.text);
    } else if (!strcmp(f->name, "capes_penalty_rate") || !strcmp(f->name, "capes_contract_rate")) {
        CHECK(!strncmp(r.text, "0.", 2) && strlen(r.text) == 6 && strspn(r.text + 2, "0123456789") == 4 &&
                  strcmp(r.text, "0.0100") <= 0,
              "%s: '%s' is no rate up to 1 %%", f->name, r.text);
    } else if (!strcmp(f->name, "capes_is_working_day") || !strcmp(f->name, "capes_in_force") ||
               !strcmp(f->name, "capes_check_transition") || !strcmp(f->name, "capes_transition_valid")) {
        CHECK(is_bool(r.text), "%s: '%s' is no boolean", f->name, r.text);
    }

    /* capes_transition_error and capes_check_transition say the same thing */
    if (!strcmp(f->name, "capes_transition_error") || !strcmp(f->name, "capes_check_transition")) {
        bool is_error = !strcmp(f->name, "capes_transition_error");
        const char *other = is_error ? "capes_check_transition" : "capes_transition_error";

        call_scalar(other, cells, arity, &r2);
        if (is_error && !r.null) {
            char want[CAPES_MSG_MAX];

            snprintf(want, sizeof want, "capes_check_transition: %s", r.text);
            CHECK(r2.failed && r2.err.code == CAPES_ERR_TRANSITION && !strcmp(r2.err.msg, want),
                  "transition_error '%s' but check_transition %s", r.text, r2.failed ? r2.err.msg : r2.text);
        } else if (is_error) {
            CHECK(r2.null || (!r2.failed && !strcmp(r2.text, "true")), "transition_error NULL but check_transition %s",
                  r2.failed ? r2.err.msg : r2.text);
        } else {
            CHECK(r2.null, "check_transition %s but transition_error '%s'", r.null ? "NULL" : r.text,
                  r2.failed ? r2.err.msg : r2.text);
        }
    }
    return 0;
}
