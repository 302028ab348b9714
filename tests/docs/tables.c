/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Prints the core's tables that docs/rules.md describes, one tab-separated line each,
 * for tests/docs/check.py:
 *   source          rule  article  excerpt                  (capes_sources[])
 *   interpretation  id  question  choice  rationale         (capes_interpretations[])
 *   state           code  article  label_fr  label_en
 *   next            from  to,to,...                          (from "-": a new case)
 *   kind            code  days  months  extended  article    (capes_kind_rules[])
 *   term            vocabulary  code  alias,alias,...  article  label_fr  label_en
 *                   (risks, degrees, calendars)
 *   rate            level  bp(0 risks)  bp(1)  bp(2)  bp(3)  (R162-45-2 III, basis points)
 *   refusal_bp      bp
 *   in_force        first day  last day
 *   revenue_max     cents */
#include "capes.h"

#include <stdio.h>

static void print_next(int from)
{
    int next[CAPES_N_STATES], n = capes_next_states(from, next), i;

    printf("next\t%s\t", from == CAPES_STATE_NONE ? "-" : capes_states.terms[from].code);
    for (i = 0; i < n; i++)
        printf("%s%s", i ? "," : "", capes_states.terms[next[i]].code);
    printf("\n");
}

static void print_terms(const char *vocabulary, const capes_vocab *v)
{
    int i, a;

    for (i = 0; i < v->n; i++) {
        const capes_term *t = &v->terms[i];

        printf("term\t%s\t%s\t", vocabulary, t->code);
        for (a = 0; a < 3 && t->alias[a]; a++)
            printf("%s%s", a ? "," : "", t->alias[a]);
        printf("\t%s\t%s\t%s\n", t->article, t->label_fr, t->label_en);
    }
}

int main(void)
{
    char first[CAPES_DATE_TEXT_MAX], last[CAPES_DATE_TEXT_MAX];
    int i, n;

    for (i = 0; i < capes_n_sources; i++)
        printf("source\t%s\t%s\t%s\n", capes_sources[i].rule, capes_sources[i].article, capes_sources[i].excerpt);
    for (i = 0; i < capes_n_interpretations; i++) {
        const capes_interpretation *p = &capes_interpretations[i];

        printf("interpretation\t%s\t%s\t%s\t%s\n", p->id, p->question, p->choice, p->rationale);
    }
    for (i = 0; i < CAPES_N_STATES; i++) {
        const capes_term *t = &capes_states.terms[i];

        printf("state\t%s\t%s\t%s\t%s\n", t->code, t->article, t->label_fr, t->label_en);
    }
    print_next(CAPES_STATE_NONE);
    for (i = 0; i < CAPES_N_STATES; i++)
        print_next(i);
    for (i = 0; i < CAPES_N_KINDS; i++) {
        const capes_kind_rule *k = &capes_kind_rules[i];

        printf("kind\t%s\t%d\t%d\t%d\t%s\n", capes_kinds.terms[i].code, k->days, k->months, k->extended ? 1 : 0,
               capes_kinds.terms[i].article);
    }
    print_terms("risk", &capes_risks);
    print_terms("level", &capes_levels);
    print_terms("calendar", &capes_calendars);
    for (i = 0; i < CAPES_N_LEVELS; i++) {
        printf("rate\t%s", capes_levels.terms[i].code);
        for (n = 0; n <= CAPES_N_RISKS; n++)
            printf("\t%d", capes_rate_bp(n, (capes_level) i));
        printf("\n");
    }
    printf("refusal_bp\t%d\n", CAPES_REFUSAL_BP);
    capes_format_date(CAPES_IN_FORCE_FROM, first);
    capes_format_date(CAPES_IN_FORCE_TO, last);
    printf("in_force\t%s\t%s\n", first, last);
    printf("revenue_max\t%lld\n", (long long) CAPES_REVENUE_MAX_CENTS);
    return 0;
}
