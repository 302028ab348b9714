/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The CAPES procedure of R162-45-1 and R162-45-2 (docs/rules.md#procedure): the states,
 * the allowed steps, the terms the actors fix, the guards, the running deadlines, and the
 * fold of a case's whole history that the pairwise check and the history aggregates share.
 * The order of the checks and every message: docs/rules.md#transitions to #running-deadlines. */
#include "capes.h"

#include <stdarg.h>
#include <string.h>

#define BIT(s) (1u << (s))

/* Allowed next states (docs/rules.md#transitions). */
static const unsigned next_of[CAPES_N_STATES] = {
    [CAPES_STATE_NOTIFIED] = BIT(CAPES_STATE_ESTABLISHMENT_DRAFT) | BIT(CAPES_STATE_AGENCY_DRAFT),
    [CAPES_STATE_ESTABLISHMENT_DRAFT] = BIT(CAPES_STATE_AGENCY_DRAFT) | BIT(CAPES_STATE_SIGNED) |
                                        BIT(CAPES_STATE_REFUSED),
    [CAPES_STATE_AGENCY_DRAFT] = BIT(CAPES_STATE_SIGNED) | BIT(CAPES_STATE_REFUSED),
    /* R162-45-1 II: no refusal penalty before the establishment could present its observations */
    [CAPES_STATE_REFUSED] = BIT(CAPES_STATE_SIGNED) | BIT(CAPES_STATE_REFUSAL_HEARING) | BIT(CAPES_STATE_CLOSED),
    [CAPES_STATE_REFUSAL_HEARING] = BIT(CAPES_STATE_SIGNED) | BIT(CAPES_STATE_REFUSAL_PENALTY) |
                                    BIT(CAPES_STATE_CLOSED),
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

/* A move into signed from these is the contract's first signature; from the others, a
 * return to the running contract (docs/rules.md#transitions). */
#define BEFORE_CONTRACT                                                                                            \
    (BIT(CAPES_STATE_NOTIFIED) | BIT(CAPES_STATE_ESTABLISHMENT_DRAFT) | BIT(CAPES_STATE_AGENCY_DRAFT) |             \
     BIT(CAPES_STATE_REFUSED) | BIT(CAPES_STATE_REFUSAL_HEARING))

#define CONTRACT_ARTICLE "R162-45-1 I al. 4"
#define LAPSE_ARTICLE "décret 2017-584 art. 2"

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
    /* the bits of the table in state order: what capes_transition_allowed(from, s) answers for each s */
    unsigned bits = from == CAPES_STATE_NONE ? BIT(CAPES_STATE_NOTIFIED) : valid_state(from) ? next_of[from] : 0;
    int s, n = 0;

    for (s = 0; bits; s++, bits >>= 1)
        if (bits & 1u)
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

/* "notified -> agency_draft refused: " and the like: the longest pair of codes fits */
#define HEAD_MAX 112

static const char *show(capes_day day, char buf[CAPES_DATE_TEXT_MAX])
{
    capes_format_date(day, buf);
    return buf;
}

/* A refusal, its reason formatted once, straight into the message (capes_vrefuse). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static capes_code refuse(capes_err *err, const char *article, const char *fmt, ...)
{
    va_list ap;
    capes_code code;

    va_start(ap, fmt);
    code = capes_vrefuse(err, article, fmt, ap);
    va_end(ap);
    return code;
}

/* "from -> to refused: from FROM the next steps are A, B (article)" */
static capes_code refuse_move(capes_err *err, int from, int to)
{
    char list[CAPES_MSG_MAX / 2];
    int next[CAPES_N_STATES], n = capes_next_states(from, next), i;
    size_t o = 0;

    if (from == CAPES_STATE_NONE) {
        const char *article = capes_states.terms[CAPES_STATE_NOTIFIED].article;

        return refuse(err, article, "%s -> %s refused: a case starts with notified (%s)", state_code(from),
                      state_code(to), article);
    }
    if (n == 0)
        return refuse(err, "-", "%s -> %s refused: %s is a terminal state", state_code(from), state_code(to),
                      state_code(from));
    /* the codes joined by hand: every refused move writes this list (14 codes of 21 characters
     * at most fit many times over) */
    for (i = 0; i < n; i++) {
        const char *code = state_code(next[i]);
        size_t len = strlen(code);

        if (o + 2 + len >= sizeof list)
            break;
        if (i) {
            memcpy(list + o, ", ", 2);
            o += 2;
        }
        memcpy(list + o, code, len);
        o += len;
    }
    list[o] = '\0';
    return refuse(err, capes_states.terms[from].article, "%s -> %s refused: from %s the next steps are %s (%s)",
                  state_code(from), state_code(to), state_code(from), list, capes_states.terms[from].article);
}

/* ------------------------------------------------------------------ terms */

/* The maximum or the default of the term fixed at a step of state on day, computed from
 * the argument arg (named in a range error): the contract's four years (R162-45-1 I al. 4),
 * the year of a formal notice (R162-45-2 I al. 2), the 30 days of a hearing (by analogy with
 * R162-45-2 III: interpretation hearing_delay_by_analogy). false when state fixes no term. */
static bool term_kind(int state, capes_kind *kind)
{
    switch (state) {
    case CAPES_STATE_SIGNED:
        *kind = CAPES_KIND_CONTRACT_END;
        return true;
    case CAPES_STATE_FORMAL_NOTICE:
        *kind = CAPES_KIND_CURE;
        return true;
    case CAPES_STATE_REFUSAL_HEARING:
        *kind = CAPES_KIND_OBSERVATIONS;
        return true;
    default:
        return false;
    }
}

static bool term_kind_any(int state)
{
    capes_kind kind;

    return term_kind(state, &kind);
}

static capes_code term_limit(capes_err *err, const char *arg, int state, capes_day day, capes_calendar cal,
                             capes_day *out)
{
    capes_kind kind;

    if (!term_kind(state, &kind))
        return CAPES_OK;
    return capes_deadline_arg(err, arg, day, day, kind, cal, out);
}

/* The term of a step: as given, or its default. */
static capes_code term_of(capes_err *err, const char *arg, const capes_step *s, capes_calendar cal, capes_day *out)
{
    if (s->has_until) {
        *out = s->until;
        return CAPES_OK;
    }
    return term_limit(err, arg, s->state, s->day, cal, out);
}

/* "from -> to refused: " before a term's refusal, or "" for capes_due (from NULL): written
 * only when the term is refused, not on every step that passes. */
static const char *term_head(const capes_step *from, int to, char buf[HEAD_MAX])
{
    if (!from)
        return "";
    capes_format(buf, HEAD_MAX, "%s -> %s refused: ", state_code(from->state), state_code(to));
    return buf;
}

/* Why the term given at a step is refused (docs/rules.md#terms), after the head of from (the
 * previous step; NULL for capes_due). first: the step is a first signature; at a return,
 * end is the contract's end, or NULL where it is not known (the pairwise check). The term
 * must come after the step first; its maximum is computed (from arg) only then. The dates
 * are formatted in the refusals only. */
static capes_code check_term(capes_err *err, const capes_step *from, const char *arg, const capes_step *s,
                             capes_calendar cal, bool first, const capes_day *end)
{
    char head[HEAD_MAX], u[CAPES_DATE_TEXT_MAX], d[CAPES_DATE_TEXT_MAX], max_text[CAPES_DATE_TEXT_MAX];
    const char *article = capes_states.terms[s->state].article;
    capes_day max = 0;

    if (s->state == CAPES_STATE_SIGNED && !first) {
        if (!s->has_until || !end || s->until == *end)
            return CAPES_OK;
        return refuse(err, CONTRACT_ARTICLE,
                      "%suntil %s must be NULL or the contract's end fixed at its first signature, %s (%s)",
                      term_head(from, s->state, head), show(s->until, u), show(*end, d), CONTRACT_ARTICLE);
    }
    if (!s->has_until)
        return CAPES_OK;
    switch (s->state) {
    case CAPES_STATE_SIGNED:
        if (s->until <= s->day)
            return refuse(err, CONTRACT_ARTICLE, "%suntil %s must be after the signature, %s (%s)",
                          term_head(from, s->state, head), show(s->until, u), show(s->day, d), CONTRACT_ARTICLE);
        if (term_limit(err, arg, s->state, s->day, cal, &max) != CAPES_OK)
            return err->code;
        if (s->until > max)
            return refuse(err, CONTRACT_ARTICLE, "%suntil %s must be at most four years after the signature, by %s (%s)",
                          term_head(from, s->state, head), show(s->until, u), show(max, max_text), CONTRACT_ARTICLE);
        return CAPES_OK;
    case CAPES_STATE_FORMAL_NOTICE:
        if (s->until <= s->day)
            return refuse(err, article, "%suntil %s must be after the formal notice, %s (%s)",
                          term_head(from, s->state, head), show(s->until, u), show(s->day, d), article);
        if (term_limit(err, arg, s->state, s->day, cal, &max) != CAPES_OK)
            return err->code;
        if (s->until > max)
            return refuse(err, article, "%suntil %s must be at most one year after the formal notice, by %s (%s)",
                          term_head(from, s->state, head), show(s->until, u), show(max, max_text), article);
        return CAPES_OK;
    case CAPES_STATE_REFUSAL_HEARING:
        if (s->until <= s->day)
            return refuse(err, article, "%suntil %s must be after the invitation, %s (%s)",
                          term_head(from, s->state, head), show(s->until, u), show(s->day, d), article);
        return CAPES_OK;
    default:
        if (article[0] == '-')
            return refuse(err, article, "%suntil %s must be NULL: no term is fixed at %s",
                          term_head(from, s->state, head), show(s->until, u), state_code(s->state));
        return refuse(err, article, "%suntil %s must be NULL: no term is fixed at %s (%s)",
                      term_head(from, s->state, head), show(s->until, u), state_code(s->state), article);
    }
}

/* ----------------------------------------------------------- the check */

/* What the history knows that one step does not: whether the contract exists, its end. */
typedef struct history_view {
    bool contract;
    capes_day end;
} history_view;

/* The arguments a computed date past 9999-12-31 is blamed on: the pairwise check's two
 * dates, or the aggregates' one. */
typedef struct date_args {
    const char *from, *to;
} date_args;

static const date_args pairwise_args = {"from_date", "to_date"}, history_args = {"occurred_on", "occurred_on"};

/* A wait (guards 2, 3, 5, 6) refused: the new step comes only after the day last. */
static capes_code refuse_wait(capes_err *err, int f, int t, capes_day last, const char *article, const char *why)
{
    char first[CAPES_DATE_TEXT_MAX];

    return refuse(err, article, "%s -> %s refused before %s: %s", state_code(f), state_code(t), show(last + 1, first),
                  why);
}

/* An explanation's row for a check that passed (formatted only when there is a trace). */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void passed(capes_trace *trace, const char *name, const char *article, const char *fmt, ...)
{
    capes_trace_row *r = capes_trace_add(trace, name, article);
    va_list ap;

    if (!r)
        return;
    va_start(ap, fmt);
    capes_vformat(r->value, sizeof r->value, fmt, ap);
    va_end(ap);
}

/* With a trace, a check that fails is a row, and the later checks still run so that the
 * explanation shows them: the first refusal stays in the caller's err, the later ones go
 * to a scratch error (*e). A computed date past 9999-12-31 is the call's error when no
 * check failed before (as without a trace); after a refusal it is only that check's row.
 * true: check() stops and returns code. */
static bool failed(capes_trace *trace, capes_err *err, capes_err **e, capes_err *scratch, const char *name,
                   capes_code code)
{
    capes_trace_row *r;

    if (code != CAPES_ERR_TRANSITION && *e == err)
        return true;
    if ((r = capes_trace_add(trace, name, (*e)->article ? (*e)->article : "-")) != NULL) {
        r->passed = false;
        capes_format(r->value, sizeof r->value, "%s", capes_err_reason(*e));
    }
    *e = scratch;
    capes_err_init(scratch, err->fn);
    return false;
}

/* A check's refusal (or error) code: the answer without a trace, else a row (failed). */
#define REFUSED(call, name)                                                                                        \
    do {                                                                                                           \
        capes_code rc_ = (call);                                                                                   \
        if (!trace || failed(trace, err, &e, &scratch, name, rc_))                                                 \
            return rc_;                                                                                            \
    } while (0)

/* The check of docs/rules.md#order-of-the-checks (h NULL) or §6 (h the history so far). It
 * runs on every row of a trigger or a query, most of them allowed: the head "from -> to",
 * the dates and the reasons are formatted only in a refusal, never before a guard fails,
 * and the rows of an explanation only when trace is not NULL (docs/rules.md#explanations). */
CAPES_TRACED_WORKER capes_code check(capes_err *err, const capes_step *from, const capes_step *to, capes_calendar cal,
                        const history_view *h, const date_args *args, capes_trace *trace)
{
    char on[CAPES_DATE_TEXT_MAX], d1[CAPES_DATE_TEXT_MAX], d2[CAPES_DATE_TEXT_MAX], why[256];
    int f = from->state, t = to->state;
    const char *fc, *tc;
    bool first;
    capes_day last;
    capes_err *e = err, scratch;

    /* 1. the transition table */
    if (!capes_transition_allowed(f, t))
        REFUSED(refuse_move(e, f, t), "transition table");
    else if (trace)
        passed(trace, "transition table", capes_states.terms[t].article, "%s -> %s is a step of the table",
               state_code(f), state_code(t));
    fc = state_code(f);
    tc = state_code(t);
    /* 2. guard 4: a case starts only while R162-45 to R162-45-2 are in force */
    if (f == CAPES_STATE_NONE && !capes_in_force(to->day))
        REFUSED(refuse(e, "R162-45",
                       "%s -> %s refused on %s: R162-45 to R162-45-2 apply from %s to %s (décret 2015-1511, décret 2017-500)",
                       fc, tc, show(to->day, on), show(CAPES_IN_FORCE_FROM, d1), show(CAPES_IN_FORCE_TO, d2)),
                "guard 4: in force");
    else if (trace && f == CAPES_STATE_NONE)
        passed(trace, "guard 4: in force", "R162-45", "%s is within %s to %s, while R162-45 to R162-45-2 apply",
               show(to->day, on), show(CAPES_IN_FORCE_FROM, d1), show(CAPES_IN_FORCE_TO, d2));
    /* 3. guard 1: steps come in date order */
    if (f != CAPES_STATE_NONE && to->day < from->day) {
        const char *article = capes_states.terms[t].article;

        if (article[0] == '-')
            REFUSED(refuse(e, article, "%s -> %s refused on %s: a step cannot come before the previous one, of %s",
                           fc, tc, show(to->day, on), show(from->day, d1)),
                    "guard 1: date order");
        else
            REFUSED(refuse(e, article,
                           "%s -> %s refused on %s: a step cannot come before the previous one, of %s (%s)", fc, tc,
                           show(to->day, on), show(from->day, d1), article),
                    "guard 1: date order");
    } else if (trace && f != CAPES_STATE_NONE) {
        passed(trace, "guard 1: date order", capes_states.terms[t].article,
               "%s is not before the previous step, of %s", show(to->day, on), show(from->day, d1));
    }
    /* 4. guard 8: the contracts lapsed on 2018-01-01; only their end and the case's closing follow */
    if (t != CAPES_STATE_COMPLETED && t != CAPES_STATE_CLOSED && to->day > CAPES_LAPSE)
        REFUSED(refuse(e, LAPSE_ARTICLE,
                       "%s -> %s refused on %s: the CAPES lapsed on %s, only completed and closed may follow (%s)", fc,
                       tc, show(to->day, on), show(CAPES_LAPSE + 1, d1), LAPSE_ARTICLE),
                "guard 8: lapse");
    else if (trace && t != CAPES_STATE_COMPLETED && t != CAPES_STATE_CLOSED)
        passed(trace, "guard 8: lapse", LAPSE_ARTICLE, "%s is not after %s, the last day a CAPES produces effects",
               show(to->day, on), show(CAPES_LAPSE, d1));
    /* 5. guard 7: only contracts concluded by 2017-04-22 survive; in a history the case's
     * first move into signed concludes its contract, whatever it comes from (a new case
     * reaches here only in an explanation, after the table refused it) */
    first = t == CAPES_STATE_SIGNED &&
            (h ? !h->contract : f == CAPES_STATE_NONE || (BEFORE_CONTRACT & BIT(f)) != 0);
    if (first && to->day > CAPES_LAST_SIGNATURE)
        REFUSED(refuse(e, LAPSE_ARTICLE,
                       "%s -> %s refused on %s: only contracts concluded by %s survive the end of the CAPES (%s)", fc,
                       tc, show(to->day, on), show(CAPES_LAST_SIGNATURE, d1), LAPSE_ARTICLE),
                "guard 7: last signature");
    else if (trace && first)
        passed(trace, "guard 7: last signature", LAPSE_ARTICLE,
               "%s is not after %s, the last day a contract could be concluded", show(to->day, on),
               show(CAPES_LAST_SIGNATURE, d1));
    /* 6. the waits */
    if (f == CAPES_STATE_NOTIFIED && t == CAPES_STATE_AGENCY_DRAFT) {
        /* guard 2, R162-45-1 I al. 3: the agency drafts when the establishment has not proposed */
        const char *article = capes_kinds.terms[CAPES_KIND_ESTABLISHMENT_DRAFT].article;

        if (capes_deadline_arg(e, args->from, from->day, from->day, CAPES_KIND_ESTABLISHMENT_DRAFT, cal, &last))
            REFUSED(e->code, "guard 2: establishment's draft");
        else if (to->day <= last)
            REFUSED(refuse_wait(e, f, t, last, article,
                                "the establishment has 30 days to propose a draft (R162-45-1 I)"),
                    "guard 2: establishment's draft");
        else if (trace)
            passed(trace, "guard 2: establishment's draft", article,
                   "%s is after %s, the last day of the establishment's 30 days to propose a draft", show(to->day, on),
                   show(last, d1));
    }
    if (f == CAPES_STATE_PENALTY_PROPOSED && t == CAPES_STATE_PENALTY_DECIDED) {
        /* guard 3, R162-45-2 III: the 30 days for written observations, unless they came */
        const char *article = capes_kinds.terms[CAPES_KIND_OBSERVATIONS].article;

        if (capes_deadline_arg(e, args->from, from->day, from->day, CAPES_KIND_OBSERVATIONS, cal, &last))
            REFUSED(e->code, "guard 3: observations");
        else if (to->day <= last)
            REFUSED(refuse_wait(e, f, t, last, article,
                                "the establishment has 30 days to send its written observations (R162-45-2 III)"),
                    "guard 3: observations");
        else if (trace)
            passed(trace, "guard 3: observations", article,
                   "%s is after %s, the last day of the 30 days for written observations", show(to->day, on),
                   show(last, d1));
    }
    if (f == CAPES_STATE_FORMAL_NOTICE && t == CAPES_STATE_PENALTY_PROPOSED) {
        /* guard 5, R162-45-2 II: "à l'issue du délai fixé" */
        if (term_of(e, args->from, from, cal, &last)) {
            REFUSED(e->code, "guard 5: formal notice");
        } else if (to->day <= last) {
            capes_format(why, sizeof why,
                         "the penalty comes only at the end of the delay fixed in the formal notice, %s (R162-45-2 II)",
                         show(last, d1));
            REFUSED(refuse_wait(e, f, t, last, "R162-45-2 II", why), "guard 5: formal notice");
        } else if (trace) {
            passed(trace, "guard 5: formal notice", "R162-45-2 II",
                   "%s is after %s, the end of the delay fixed in the formal notice", show(to->day, on),
                   show(last, d1));
        }
    }
    if (f == CAPES_STATE_REFUSAL_HEARING && t == CAPES_STATE_REFUSAL_PENALTY) {
        /* guard 6, R162-45-1 II: "après avoir mis l'établissement en mesure de présenter ses observations" */
        if (term_of(e, args->from, from, cal, &last)) {
            REFUSED(e->code, "guard 6: hearing");
        } else if (to->day <= last) {
            capes_format(why, sizeof why, "the establishment may present its observations until %s (R162-45-1 II)",
                         show(last, d1));
            REFUSED(refuse_wait(e, f, t, last, "R162-45-1 II", why), "guard 6: hearing");
        } else if (trace) {
            passed(trace, "guard 6: hearing", "R162-45-1 II",
                   "%s is after %s, the end of the delay given for the observations", show(to->day, on),
                   show(last, d1));
        }
    }
    if (h && f == CAPES_STATE_SIGNED && t == CAPES_STATE_COMPLETED) {
        /* guard 9: the contract ends at its end, or lapses after 2017-12-31 when that is earlier */
        capes_day stop = h->end < CAPES_LAPSE ? h->end : CAPES_LAPSE;
        const char *article = stop == h->end ? CONTRACT_ARTICLE : LAPSE_ARTICLE;

        if (to->day < stop)
            REFUSED(refuse(e, article, "%s -> %s refused before %s: the contract runs until %s (%s)", fc, tc,
                           show(stop, d1), show(stop, d2), article),
                    "guard 9: contract's end");
        else if (trace)
            passed(trace, "guard 9: contract's end", article,
                   "%s is not before %s, when the contract stops producing effects", show(to->day, on),
                   show(stop, d1));
    }
    /* 7. the new step's term */
    if (!trace)
        return check_term(err, from, args->to, to, cal, first, h && h->contract ? &h->end : NULL);
    if (check_term(e, from, args->to, to, cal, first, h && h->contract ? &h->end : NULL) != CAPES_OK)
        REFUSED(e->code, "term");
    else if (to->has_until)
        passed(trace, "term", capes_states.terms[t].article, "until %s is a term the law allows at %s",
               show(to->until, on), tc);
    else
        passed(trace, "term", capes_states.terms[t].article, "until is NULL: %s", term_kind_any(t) ?
               "the term's default" : "no term is fixed at this step");
    return err->code;
}

capes_code capes_check_step(capes_err *err, const capes_step *from, const capes_step *to, capes_calendar cal)
{
    return check(err, from, to, cal, NULL, &pairwise_args, NULL);
}

capes_code capes_check_transition(capes_err *err, int from, int to, capes_day from_day, capes_day to_day,
                                  capes_calendar cal)
{
    capes_step f = {from, from_day, false, 0}, t = {to, to_day, false, 0};

    return check(err, &f, &t, cal, NULL, &pairwise_args, NULL);
}

capes_code capes_explain_step(capes_err *err, const capes_step *from, const capes_step *to, capes_calendar cal,
                              capes_trace *trace)
{
    capes_code code = check(err, from, to, cal, NULL, &pairwise_args, trace);
    capes_trace_row *r;

    if (code != CAPES_OK && code != CAPES_ERR_TRANSITION)
        return code;
    if ((r = capes_trace_add(trace, "verdict",
                             code == CAPES_OK ? capes_states.terms[to->state].article : err->article)) != NULL) {
        r->passed = code == CAPES_OK;
        capes_format(r->value, sizeof r->value, "%s", code == CAPES_OK ? "allowed" : capes_err_reason(err));
    }
    return code;
}

/* -------------------------------------------------------- running deadlines */

/* The deadline running after a step (docs/rules.md#histories, last table); end is the
 * contract's end for signed. Dates are computed from the argument arg. */
static capes_code running(capes_err *err, const char *arg, const capes_step *s, capes_calendar cal, capes_day end,
                          bool *has, capes_day *out)
{
    *has = true;
    switch (s->state) {
    case CAPES_STATE_NOTIFIED:
        return capes_deadline_arg(err, arg, s->day, s->day, CAPES_KIND_ESTABLISHMENT_DRAFT, cal, out);
    case CAPES_STATE_ESTABLISHMENT_DRAFT:
    case CAPES_STATE_AGENCY_DRAFT:
        return capes_deadline_arg(err, arg, s->day, s->day, CAPES_KIND_SIGNATURE, cal, out);
    case CAPES_STATE_SIGNED:
        /* the contract stops producing effects at its end, or on 2017-12-31 (décret 2017-584 art. 2) */
        *out = end < CAPES_LAPSE ? end : CAPES_LAPSE;
        return CAPES_OK;
    case CAPES_STATE_FORMAL_NOTICE:
    case CAPES_STATE_REFUSAL_HEARING:
        return term_of(err, arg, s, cal, out);
    case CAPES_STATE_PENALTY_PROPOSED:
        return capes_deadline_arg(err, arg, s->day, s->day, CAPES_KIND_OBSERVATIONS, cal, out);
    default:
        *has = false;
        return CAPES_OK;
    }
}

/* capes_due and capes_schedule: the term given with since checked as at that step (for
 * signed, a first signature), and the contract's end. */
static capes_code given_term(capes_err *err, const capes_step *s, capes_calendar cal, capes_day *end)
{
    if (capes_check_day(err, "since", s->day) != CAPES_OK)
        return err->code;
    if (check_term(err, NULL, "since", s, cal, true, NULL) != CAPES_OK)
        return err->code;
    *end = 0;
    if (s->state == CAPES_STATE_SIGNED)
        return term_of(err, "since", s, cal, end);
    return CAPES_OK;
}

capes_code capes_due(capes_err *err, int state, capes_day since, capes_calendar cal, bool has_until, capes_day until,
                     bool *has, capes_day *out)
{
    capes_step s = {state, since, has_until, until};
    capes_day end;

    *has = false;
    if (given_term(err, &s, cal, &end) != CAPES_OK)
        return err->code;
    return running(err, "since", &s, cal, end, has, out);
}

/* Rows are kept ordered by due date, then by order (the vocabulary's, contract_lapse last). */
#define ORDER_CONTRACT_LAPSE CAPES_N_KINDS

static void push(capes_schedule_row *out, int *n, const char *kind, int order, capes_day due, const char *article)
{
    int i;

    for (i = *n; i > 0 && (out[i - 1].due > due || (out[i - 1].due == due && out[i - 1].order > order)); i--)
        out[i] = out[i - 1];
    out[i].kind = kind;
    out[i].order = order;
    out[i].due = due;
    out[i].article = article;
    (*n)++;
}

static void push_kind(capes_schedule_row *out, int *n, capes_kind kind, capes_day due, const char *article)
{
    push(out, n, capes_kinds.terms[kind].code, (int) kind, due, article ? article : capes_kinds.terms[kind].article);
}

capes_code capes_schedule(capes_err *err, int state, capes_day since, capes_calendar cal, bool has_until,
                          capes_day until, capes_schedule_row out[CAPES_SCHEDULE_MAX], int *n)
{
    capes_step s = {state, since, has_until, until};
    capes_day end, due, report;
    bool has;
    int year;

    *n = 0;
    if (given_term(err, &s, cal, &end) != CAPES_OK)
        return err->code;
    if (running(err, "since", &s, cal, end, &has, &due) != CAPES_OK)
        return err->code;
    switch (state) {
    case CAPES_STATE_NOTIFIED:
        push_kind(out, n, CAPES_KIND_ESTABLISHMENT_DRAFT, due, NULL);
        /* R162-45-1 I al. 3: the agency's 30 days start when the establishment's end */
        if (capes_deadline_arg(err, "since", since, due, CAPES_KIND_AGENCY_DRAFT, cal, &due) != CAPES_OK)
            return err->code;
        push_kind(out, n, CAPES_KIND_AGENCY_DRAFT, due, NULL);
        break;
    case CAPES_STATE_ESTABLISHMENT_DRAFT:
    case CAPES_STATE_AGENCY_DRAFT:
        push_kind(out, n, CAPES_KIND_SIGNATURE, due, NULL);
        break;
    case CAPES_STATE_SIGNED:
        push_kind(out, n, CAPES_KIND_CONTRACT_END, end, NULL);
        /* R162-45-2 I al. 2: each report counted from the signature, never chained (a contract
         * signed on 29 February keeps its month end), while no later than the contract's end */
        for (year = 1; (report = capes_add_months(since, 12 * year)) <= end; year++)
            push_kind(out, n, CAPES_KIND_ANNUAL_REPORT, report, NULL);
        push(out, n, "contract_lapse", ORDER_CONTRACT_LAPSE, CAPES_LAPSE, LAPSE_ARTICLE);
        break;
    case CAPES_STATE_FORMAL_NOTICE:
        push_kind(out, n, CAPES_KIND_CURE, due, NULL);
        break;
    case CAPES_STATE_REFUSAL_HEARING:
        push_kind(out, n, CAPES_KIND_OBSERVATIONS, due, "R162-45-1 II");
        break;
    case CAPES_STATE_PENALTY_PROPOSED:
        push_kind(out, n, CAPES_KIND_OBSERVATIONS, due, NULL);
        break;
    default:
        break;
    }
    return CAPES_OK;
}

/* ------------------------------------------------------------- the fold */

void capes_history_init(capes_history *h)
{
    memset(h, 0, sizeof *h);
    h->last.state = CAPES_STATE_NONE;
}

/* "step N (state on date): reason" */
static void invalid_step(capes_history *h, const capes_step *s, const capes_err *err)
{
    char on[CAPES_DATE_TEXT_MAX];

    h->invalid = true;
    h->article = err->article;
    capes_format(h->msg, sizeof h->msg, "step %d (%s on %s): %s", (int) h->steps, state_code(s->state),
                 show(s->day, on), capes_err_reason(err));
}

CAPES_TRACED_WORKER capes_code history_step(capes_err *err, capes_history *h, bool has_step, const capes_step *step,
                                      capes_calendar cal, capes_trace *trace)
{
    history_view view = {h->contract, h->contract_end};
    capes_err why;
    capes_day end = 0;
    bool first;

    if (h->invalid)
        return CAPES_OK;
    h->steps++;
    if (!has_step) {
        h->invalid = true;
        capes_format(h->msg, sizeof h->msg, "step %d: state, date or calendar is NULL", (int) h->steps);
        return CAPES_OK;
    }
    capes_err_init(&why, err->fn);
    first = step->state == CAPES_STATE_SIGNED && !h->contract;
    if (check(&why, &h->last, step, cal, &view, &history_args, trace) == CAPES_OK && first)
        term_of(&why, history_args.to, step, cal, &end);
    if (why.code == CAPES_ERR_TRANSITION) {
        invalid_step(h, step, &why);
        return CAPES_OK;
    }
    if (why.code != CAPES_OK) {
        /* a computed date past 9999-12-31 is an error of the call, not an invalid step */
        *err = why;
        return err->code;
    }
    if (first) {
        h->contract = true;
        h->contract_start = step->day;
        h->contract_end = end;
    }
    h->last = *step;
    h->last_cal = cal;
    return CAPES_OK;
}

capes_code capes_history_step(capes_err *err, capes_history *h, bool has_step, const capes_step *step,
                              capes_calendar cal)
{
    return history_step(err, h, has_step, step, cal, NULL);
}

/* JSON text: a string escaped, or null. */
static size_t json_str(char *buf, size_t size, size_t o, const char *s)
{
    if (o + 1 >= size) /* no room for a quote and the terminator */
        return o;
    if (!s)
        return o + (size_t) capes_format(buf + o, size - o, "null");
    buf[o++] = '"';
    for (; *s && o + 8 < size; s++) {
        unsigned char c = (unsigned char) *s;

        if (c == '"' || c == '\\')
            o += (size_t) capes_format(buf + o, size - o, "\\%c", c);
        else if (c < 0x20)
            o += (size_t) capes_format(buf + o, size - o, "\\u%04x", c);
        else
            buf[o++] = (char) c;
    }
    if (o + 1 < size)
        buf[o++] = '"';
    buf[o < size ? o : size - 1] = '\0';
    return o;
}

static size_t json_raw(char *buf, size_t size, size_t o, const char *s)
{
    if (o < size)
        o += (size_t) capes_format(buf + o, size - o, "%s", s);
    return o;
}

static size_t json_date(char *buf, size_t size, size_t o, bool has, capes_day day)
{
    char d[CAPES_DATE_TEXT_MAX];

    if (!has)
        return json_raw(buf, size, o, "null");
    capes_format_date(day, d);
    return json_str(buf, size, o, d);
}

capes_code capes_history_trace_step(capes_err *err, capes_history *h, int position, bool has_step,
                                    const capes_step *step, capes_calendar cal, char *json, size_t size)
{
    capes_trace trace;
    bool checked = !h->invalid, has_due = false;
    capes_day due = 0;
    size_t o = 0;
    char num[16];
    int i;

    trace.n = 0;
    if (history_step(err, h, has_step, step, cal, &trace) != CAPES_OK)
        return err->code;
    if (checked && !h->invalid && capes_history_due(err, h, &has_due, &due) != CAPES_OK)
        return err->code;
    capes_format(num, sizeof num, "%d", position);
    o = json_raw(json, size, o, "{\"step\":");
    o = json_raw(json, size, o, num);
    o = json_raw(json, size, o, ",\"state\":");
    o = json_str(json, size, o, has_step ? state_code(step->state) : NULL);
    o = json_raw(json, size, o, ",\"on\":");
    o = json_date(json, size, o, has_step, step->day);
    o = json_raw(json, size, o, ",\"until\":");
    o = json_date(json, size, o, has_step && step->has_until, step->until);
    o = json_raw(json, size, o, ",\"valid\":");
    o = json_raw(json, size, o, !checked ? "null" : h->invalid ? "false" : "true");
    o = json_raw(json, size, o, ",\"checks\":[");
    for (i = 0; i < trace.n; i++) {
        o = json_raw(json, size, o, i ? ",{\"check\":" : "{\"check\":");
        o = json_str(json, size, o, trace.rows[i].step);
        o = json_raw(json, size, o, trace.rows[i].passed ? ",\"passed\":true,\"detail\":" : ",\"passed\":false,\"detail\":");
        o = json_str(json, size, o, trace.rows[i].value);
        o = json_raw(json, size, o, ",\"article\":");
        o = json_str(json, size, o, trace.rows[i].article);
        o = json_raw(json, size, o, "}");
    }
    o = json_raw(json, size, o, "],\"reason\":");
    o = json_str(json, size, o, checked && h->invalid ? h->msg : NULL);
    o = json_raw(json, size, o, ",\"due\":");
    o = json_date(json, size, o, has_due, due);
    o = json_raw(json, size, o, "}");
    /* cut, never unterminated, should a step's text ever exceed CAPES_HISTORY_JSON_MAX */
    if (o >= size)
        json[size - 1] = '\0';
    return CAPES_OK;
}

capes_code capes_history_due(capes_err *err, const capes_history *h, bool *has, capes_day *out)
{
    *has = false;
    if (h->invalid || h->steps == 0)
        return CAPES_OK;
    return running(err, "occurred_on", &h->last, h->last_cal, h->contract_end, has, out);
}

capes_code capes_history_frame_error(capes_err *err)
{
    return capes_fail(err, CAPES_ERR_ARG, "the window frame", "a running frame, from UNBOUNDED PRECEDING",
                      "a frame whose start moves");
}
