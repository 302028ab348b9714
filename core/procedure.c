/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The CAPES procedure of R162-45-1 and R162-45-2 (docs/rules.md#procedure): states,
 * allowed steps, date guards, running deadlines and the history checker. */
#include "capes.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define BIT(s) (1u << (s))

/* Allowed next states (docs/rules.md#transitions). */
static const unsigned next_of[CAPES_N_STATES] = {
    [CAPES_STATE_NOTIFIED] = BIT(CAPES_STATE_ESTABLISHMENT_DRAFT) | BIT(CAPES_STATE_AGENCY_DRAFT),
    [CAPES_STATE_ESTABLISHMENT_DRAFT] = BIT(CAPES_STATE_AGENCY_DRAFT) | BIT(CAPES_STATE_SIGNED) |
                                        BIT(CAPES_STATE_REFUSED),
    [CAPES_STATE_AGENCY_DRAFT] = BIT(CAPES_STATE_SIGNED) | BIT(CAPES_STATE_REFUSED),
    [CAPES_STATE_REFUSED] = BIT(CAPES_STATE_SIGNED) | BIT(CAPES_STATE_REFUSAL_PENALTY) | BIT(CAPES_STATE_CLOSED),
    [CAPES_STATE_REFUSAL_PENALTY] = BIT(CAPES_STATE_RECOVERY_NOTIFIED),
    [CAPES_STATE_SIGNED] = BIT(CAPES_STATE_FORMAL_NOTICE) | BIT(CAPES_STATE_COMPLETED),
    [CAPES_STATE_FORMAL_NOTICE] = BIT(CAPES_STATE_SIGNED) | BIT(CAPES_STATE_PENALTY_PROPOSED),
    [CAPES_STATE_PENALTY_PROPOSED] = BIT(CAPES_STATE_OBSERVATIONS_RECEIVED) | BIT(CAPES_STATE_PENALTY_DECIDED) |
                                     BIT(CAPES_STATE_SIGNED) | BIT(CAPES_STATE_CLOSED),
    [CAPES_STATE_OBSERVATIONS_RECEIVED] = BIT(CAPES_STATE_PENALTY_DECIDED) | BIT(CAPES_STATE_SIGNED) |
                                          BIT(CAPES_STATE_CLOSED),
    [CAPES_STATE_PENALTY_DECIDED] = BIT(CAPES_STATE_RECOVERY_NOTIFIED),
    [CAPES_STATE_RECOVERY_NOTIFIED] = BIT(CAPES_STATE_SIGNED) | BIT(CAPES_STATE_CLOSED),
    [CAPES_STATE_COMPLETED] = BIT(CAPES_STATE_CLOSED),
    [CAPES_STATE_CLOSED] = 0,
};

static bool valid_state(int s)
{
    return s >= 0 && s < CAPES_N_STATES;
}

bool capes_transition_allowed(int from, int to)
{
    if (!valid_state(to))
        return false;
    if (from == CAPES_STATE_NONE)
        return to == CAPES_STATE_NOTIFIED;
    return valid_state(from) && (next_of[from] & BIT(to)) != 0;
}

int capes_next_states(int from, int out[CAPES_N_STATES])
{
    int s, n = 0;

    for (s = 0; s < CAPES_N_STATES; s++)
        if (capes_transition_allowed(from, s))
            out[n++] = s;
    return n;
}

bool capes_state_initial(int state)
{
    return state == CAPES_STATE_NOTIFIED;
}

bool capes_state_terminal(int state)
{
    return valid_state(state) && next_of[state] == 0;
}

static const char *state_code(int s)
{
    return s == CAPES_STATE_NONE ? "(none)" : capes_states.terms[s].code;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static capes_code refuse(capes_err *err, const char *article, const char *fmt, ...)
{
    char reason[CAPES_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    return capes_refuse(err, article, reason);
}

/* "from -> to refused: from FROM the next steps are A, B (article)" */
static capes_code refuse_move(capes_err *err, int from, int to)
{
    char head[96], list[CAPES_MSG_MAX / 2], reason[CAPES_MSG_MAX];
    int next[CAPES_N_STATES], n = capes_next_states(from, next), i;
    size_t o = 0;

    snprintf(head, sizeof head, "%s -> %s refused", state_code(from), state_code(to));
    if (from == CAPES_STATE_NONE) {
        err->article = capes_states.terms[CAPES_STATE_NOTIFIED].article;
        snprintf(reason, sizeof reason, "%s: a case starts with notified (%s)", head, err->article);
    } else if (n == 0) {
        err->article = "-";
        snprintf(reason, sizeof reason, "%s: %s is a terminal state", head, state_code(from));
    } else {
        list[0] = '\0';
        for (i = 0; i < n; i++)
            o += (size_t) snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", state_code(next[i]));
        err->article = capes_states.terms[from].article;
        snprintf(reason, sizeof reason, "%s: from %s the next steps are %s (%s)", head, state_code(from), list,
                 err->article);
    }
    return capes_refuse(err, err->article, reason);
}

/* A date guard: the new step must come after the deadline that runs in from. */
static capes_code wait_for(capes_err *err, int from, int to, capes_day from_day, capes_day to_day, capes_kind kind,
                           capes_calendar cal, const char *why)
{
    char head[96], first[CAPES_DATE_TEXT_MAX];
    capes_day last;

    if (capes_deadline_arg(err, "from_date", from_day, from_day, kind, cal, &last) != CAPES_OK)
        return err->code;
    if (to_day > last)
        return CAPES_OK;
    snprintf(head, sizeof head, "%s -> %s", state_code(from), state_code(to));
    capes_format_date(last + 1, first);
    return refuse(err, capes_kinds.terms[kind].article, "%s refused before %s: %s", head, first, why);
}

capes_code capes_check_transition(capes_err *err, int from, int to, capes_day from_day, capes_day to_day,
                                  capes_calendar cal)
{
    char head[96], on[CAPES_DATE_TEXT_MAX], prev[CAPES_DATE_TEXT_MAX];

    if (!capes_transition_allowed(from, to))
        return refuse_move(err, from, to);
    snprintf(head, sizeof head, "%s -> %s", state_code(from), state_code(to));
    capes_format_date(to_day, on);
    /* Guard 4 (docs/rules.md#guard-4): a case starts only while R162-45 to R162-45-2 are in force. */
    if (from == CAPES_STATE_NONE) {
        char first[CAPES_DATE_TEXT_MAX], last[CAPES_DATE_TEXT_MAX];

        if (capes_in_force(to_day))
            return CAPES_OK;
        capes_format_date(CAPES_IN_FORCE_FROM, first);
        capes_format_date(CAPES_IN_FORCE_TO, last);
        return refuse(err, "R162-45",
                      "%s refused on %s: R162-45 to R162-45-2 apply from %s to "
                      "%s (décret 2015-1511, décret 2017-500)", head, on, first, last);
    }
    /* Guard 1: steps come in date order. */
    if (to_day < from_day) {
        const char *article = capes_states.terms[to].article;
        char why[128];

        capes_format_date(from_day, prev);
        snprintf(why, sizeof why, "a step cannot come before the previous one, of %s%s%s%s", prev,
                 article[0] == '-' ? "" : " (", article[0] == '-' ? "" : article, article[0] == '-' ? "" : ")");
        return refuse(err, article, "%s refused on %s: %s", head, on, why);
    }
    /* Guard 2, R162-45-1 I al. 3: the agency drafts only when the establishment has not
     * proposed, that is once its 30 days have run out. */
    if (from == CAPES_STATE_NOTIFIED && to == CAPES_STATE_AGENCY_DRAFT)
        return wait_for(err, from, to, from_day, to_day, CAPES_KIND_ESTABLISHMENT_DRAFT, cal,
                        "the establishment has 30 days to propose a draft (R162-45-1 I)");
    /* Guard 3, R162-45-2 III: no decision before the 30 days for observations have run
     * out, unless the observations came (through observations_received). */
    if (from == CAPES_STATE_PENALTY_PROPOSED && to == CAPES_STATE_PENALTY_DECIDED)
        return wait_for(err, from, to, from_day, to_day, CAPES_KIND_OBSERVATIONS, cal,
                        "the establishment has 30 days to send its written observations (R162-45-2 III)");
    return CAPES_OK;
}

bool capes_due_kind(int state, capes_kind *kind)
{
    switch (state) {
    case CAPES_STATE_NOTIFIED:
        *kind = CAPES_KIND_ESTABLISHMENT_DRAFT;
        return true;
    case CAPES_STATE_ESTABLISHMENT_DRAFT:
    case CAPES_STATE_AGENCY_DRAFT:
        *kind = CAPES_KIND_SIGNATURE;
        return true;
    case CAPES_STATE_SIGNED:
        *kind = CAPES_KIND_CONTRACT_END;
        return true;
    case CAPES_STATE_FORMAL_NOTICE:
        *kind = CAPES_KIND_CURE;
        return true;
    case CAPES_STATE_PENALTY_PROPOSED:
        *kind = CAPES_KIND_OBSERVATIONS;
        return true;
    default:
        return false;
    }
}

capes_code capes_due(capes_err *err, int state, capes_day since, capes_calendar cal, bool *has, capes_day *out)
{
    capes_kind kind;

    *has = capes_due_kind(state, &kind);
    if (!*has)
        return capes_check_day(err, "since", since);
    return capes_deadline_arg(err, "since", since, since, kind, cal, out);
}

/* The contract runs at most four years (R162-45-1 I al. 4): a report each year of it. */
#define ANNUAL_REPORTS 4

static void push(capes_schedule_row *out, int *n, capes_kind kind, capes_day due)
{
    int i;

    /* keep rows ordered by due date, then kind */
    for (i = *n; i > 0 && (out[i - 1].due > due || (out[i - 1].due == due && out[i - 1].kind > kind)); i--)
        out[i] = out[i - 1];
    out[i].kind = kind;
    out[i].due = due;
    out[i].article = capes_kinds.terms[kind].article;
    (*n)++;
}

capes_code capes_schedule(capes_err *err, int state, capes_day since, capes_calendar cal,
                          capes_schedule_row out[CAPES_SCHEDULE_MAX], int *n)
{
    capes_kind kind;
    capes_day due, agency;
    int year;

    *n = 0;
    if (!capes_due_kind(state, &kind))
        return capes_check_day(err, "since", since);
    if (capes_deadline_arg(err, "since", since, since, kind, cal, &due) != CAPES_OK)
        return err->code;
    push(out, n, kind, due);
    /* R162-45-1 I al. 3: the agency's 30 days start when the establishment's end. */
    if (state == CAPES_STATE_NOTIFIED) {
        if (capes_deadline_arg(err, "since", since, due, CAPES_KIND_AGENCY_DRAFT, cal, &agency) != CAPES_OK)
            return err->code;
        push(out, n, CAPES_KIND_AGENCY_DRAFT, agency);
    }
    /* R162-45-2 I al. 2: each report is counted from the signature, never chained, so
     * that a contract signed on 29 February keeps its month end. The last report falls
     * on the contract's end, which capes_deadline_arg already checked is in range. */
    if (state == CAPES_STATE_SIGNED)
        for (year = 1; year <= ANNUAL_REPORTS; year++)
            push(out, n, CAPES_KIND_ANNUAL_REPORT, capes_add_months(since, 12 * year));
    return CAPES_OK;
}

void capes_history_init(capes_history *h)
{
    memset(h, 0, sizeof *h);
    h->last_state = CAPES_STATE_NONE;
}

void capes_history_step(capes_history *h, bool has_step, int state, capes_day day, capes_calendar cal)
{
    capes_err err;
    char on[CAPES_DATE_TEXT_MAX];

    if (h->invalid)
        return;
    capes_err_init(&err, "capes_history_error");
    h->steps++;
    if (!has_step) {
        h->invalid = true;
        snprintf(h->msg, sizeof h->msg, "step %d: state, date or calendar is NULL", (int) h->steps);
        return;
    }
    if (capes_check_transition(&err, h->last_state, state, h->last_day, day, cal) != CAPES_OK) {
        h->invalid = true;
        capes_format_date(day, on);
        snprintf(h->msg, sizeof h->msg, "step %d (%s on %s): %s", (int) h->steps, state_code(state), on,
                 capes_err_reason(&err));
        return;
    }
    h->last_state = state;
    h->last_day = day;
}
