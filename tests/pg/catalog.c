/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Prints the core's SQL catalog (capes_functions[]) as tab-separated lines
 *   name  min_args  max_args  kind  article  summary
 * for tests/pg/gen.pl, which checks the PostgreSQL catalog against it. */
#include "capes.h"

#include <stdio.h>

int main(void)
{
    static const char *const kinds[] = {"scalar", "aggregate", "table"};
    int i;

    for (i = 0; i < capes_n_functions; i++) {
        const capes_function *f = &capes_functions[i];

        printf("%s\t%d\t%d\t%s\t%s\t%s\n", f->name, f->min_args, f->max_args, kinds[f->kind], f->article,
               f->summary);
    }
    return 0;
}
