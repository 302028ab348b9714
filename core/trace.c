/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The rows of an explanation (docs/rules.md#explanations), written by the functions that
 * compute the answer when they are given a trace. */
#include "capes.h"

#include <string.h>

capes_trace_row *capes_trace_add(capes_trace *t, const char *step, const char *article)
{
    capes_trace_row *r;

    if (t->n >= CAPES_TRACE_MAX)
        return NULL;
    r = &t->rows[t->n++];
    r->step = step;
    r->value[0] = '\0';
    r->day = 0;
    r->passed = true;
    r->rule[0] = '\0';
    r->article = article;
    return r;
}
