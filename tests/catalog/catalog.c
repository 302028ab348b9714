/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Prints the core's catalog of the SQL interface (capes_functions[], core/catalog.c) as
 * JSON, for the checks that hold the glues, the install scripts, the README and the test
 * generators to it (tests/pg/gen.py, tests/sqlite/checks.py, tests/docs/check.py). Each
 * table function also gets its row count from the core: exact when fixed, else its most. */
#include "capes.h"

#include <stdio.h>
#include <string.h>

static void str(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char) *s < 0x20)
            printf("\\u%04x", (unsigned char) *s);
        else
            putchar(*s);
    }
    putchar('"');
}

static const char *vocab_name(const capes_vocab *v)
{
    if (v == &capes_risks) return "risk";
    if (v == &capes_levels) return "level";
    if (v == &capes_states) return "state";
    if (v == &capes_kinds) return "kind";
    if (v == &capes_calendars) return "calendar";
    if (v == &capes_langs) return "lang";
    return NULL;
}

static void rows(const char *name)
{
    int exact = -1, most = -1, v;

    if (!strcmp(name, "capes_states"))
        exact = CAPES_N_STATES;
    else if (!strcmp(name, "capes_codes"))
        for (exact = 0, v = 0; v < CAPES_N_VOCABULARIES; v++)
            exact += capes_vocabularies[v].vocab->n;
    else if (!strcmp(name, "capes_sources"))
        exact = capes_n_sources;
    else if (!strcmp(name, "capes_interpretations"))
        exact = capes_n_interpretations;
    else if (!strcmp(name, "capes_schedule"))
        most = CAPES_SCHEDULE_MAX;
    else if (!strcmp(name, "capes_next_states"))
        most = CAPES_N_STATES;
    else if (!strcmp(name, "capes_holidays"))
        most = CAPES_HOLIDAYS_MAX;
    else if (!strncmp(name, "capes_explain_", 14))
        most = CAPES_TRACE_MAX;
    printf(", \"rows_exact\": %d, \"rows_max\": %d", exact, most);
}

int main(void)
{
    static const char *const kinds[] = {"scalar", "aggregate", "table"};
    static const char *const values[] = {"date", "code", "label_code", "risks", "year", "revenue", "amount"};
    int i, a, c;

    printf("{\"history_state_size\": %zu,\n \"functions\": [\n", sizeof(capes_history));
    for (i = 0; i < capes_n_functions; i++) {
        const capes_function *f = &capes_functions[i];

        printf("  {\"name\": ");
        str(f->name);
        printf(", \"kind\": \"%s\", \"min_args\": %d, \"max_args\": %d, \"result\": ", kinds[f->kind], f->min_args,
               f->max_args);
        str(f->result);
        printf(", \"article\": ");
        str(f->article);
        printf(", \"summary\": ");
        str(f->summary);
        if (f->kind == CAPES_FN_TABLE)
            rows(f->name);
        printf(",\n   \"args\": [");
        for (a = 0; a < f->max_args; a++) {
            const capes_arg *g = &f->args[a];

            printf("%s\n    {\"name\": ", a ? "," : "");
            str(g->name);
            printf(", \"value\": \"%s\", \"vocab\": ", values[g->value]);
            str(g->vocab ? vocab_name(g->vocab) : NULL);
            printf(", \"pg_type\": ");
            str(g->pg_type);
            printf(", \"pg_default\": ");
            str(g->pg_default);
            printf(", \"null_means\": ");
            str(g->null_means);
            printf(", \"example\": ");
            str(g->example);
            printf(", \"pg_also\": [");
            for (c = 0; c < CAPES_PG_ALSO_MAX && g->pg_also[c]; c++) {
                printf("%s", c ? ", " : "");
                str(g->pg_also[c]);
            }
            printf("]}");
        }
        printf("],\n   \"columns\": [");
        for (c = 0; c < CAPES_COLUMNS_MAX && f->columns[c].name; c++) {
            printf("%s{\"name\": ", c ? ", " : "");
            str(f->columns[c].name);
            printf(", \"pg_type\": ");
            str(f->columns[c].pg_type);
            putchar('}');
        }
        printf("]}%s\n", i + 1 < capes_n_functions ? "," : "");
    }
    printf(" ]}\n");
    return 0;
}
