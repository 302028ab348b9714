/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* A small RFC 4180 reader for the shared test vectors (tests/vectors/README.md). */
#ifndef CAPES_TEST_CSV_H
#define CAPES_TEST_CSV_H

#include <stdbool.h>
#include <stddef.h>

#define CSV_MAX_CELLS 16

/* A cell after the vector conventions: omitted (empty), NULL, or text. */
typedef struct cell {
    bool omitted;
    bool null;
    const char *text; /* NUL-terminated; "" for the '' token */
    size_t len;
} cell;

typedef struct csv_row {
    int ncells;
    cell cells[CSV_MAX_CELLS];
    int line;
} csv_row;

typedef struct csv_file {
    char *data;
    size_t pos, size;
    int line;
    char *names[CSV_MAX_CELLS];
    int ncols;
} csv_file;

bool csv_open(csv_file *f, const char *path);
/* Next data row; false at end of file. Cells point into f's buffer until the next call. */
bool csv_next(csv_file *f, csv_row *row);
/* The cell of the column named name, or an omitted cell. */
const cell *csv_get(const csv_file *f, const csv_row *row, const char *name);
void csv_close(csv_file *f);

#endif
