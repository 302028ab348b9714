/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The RFC 4180 reader of the shared test vectors (csv.h). */
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool csv_open(csv_file *f, const char *path)
{
    FILE *fp = fopen(path, "rb");
    long size;
    csv_row header;
    int i;

    memset(f, 0, sizeof *f);
    if (!fp)
        return false;
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    f->data = malloc((size_t) size * 2 + 2); /* room to unquote in place and NUL-terminate */
    if (!f->data || fread(f->data, 1, (size_t) size, fp) != (size_t) size) {
        fclose(fp);
        free(f->data);
        return false;
    }
    fclose(fp);
    f->size = (size_t) size;
    f->data[size] = '\0';
    if (!csv_next(f, &header))
        return false;
    f->ncols = header.ncells;
    for (i = 0; i < header.ncells; i++)
        f->names[i] = (char *) header.cells[i].text;
    return true;
}

/* Reads one physical record; quoted cells may span lines. */
static bool read_record(csv_file *f, csv_row *row, bool quoted[CSV_MAX_CELLS])
{
    char *d = f->data;
    size_t p = f->pos;
    char *out;

    if (p >= f->size)
        return false;
    row->ncells = 0;
    row->line = ++f->line;
    for (;;) {
        int c = row->ncells;
        char *start;

        if (c >= CSV_MAX_CELLS) {
            fprintf(stderr, "csv: line %d has too many cells\n", row->line);
            exit(2);
        }
        quoted[c] = false;
        if (d[p] == '"') {
            quoted[c] = true;
            p++;
            start = out = d + p;
            for (;;) {
                if (p >= f->size) {
                    fprintf(stderr, "csv: unterminated quote at line %d\n", row->line);
                    exit(2);
                }
                if (d[p] == '"' && d[p + 1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (d[p] == '"') {
                    p++;
                    break;
                } else {
                    if (d[p] == '\n')
                        f->line++;
                    *out++ = d[p++];
                }
            }
        } else {
            start = out = d + p;
            while (p < f->size && d[p] != ',' && d[p] != '\n' && d[p] != '\r')
                p++;
            out = d + p;
        }
        row->cells[c].text = start;
        row->cells[c].len = (size_t) (out - start);
        row->ncells++;
        if (p < f->size && d[p] == ',') {
            *out = '\0';
            p++;
            continue;
        }
        if (p < f->size && d[p] == '\r')
            p++;
        if (p < f->size && d[p] == '\n')
            p++;
        *out = '\0';
        break;
    }
    f->pos = p;
    return true;
}

bool csv_next(csv_file *f, csv_row *row)
{
    bool quoted[CSV_MAX_CELLS];
    int i;

    for (;;) {
        if (!read_record(f, row, quoted))
            return false;
        if (row->ncells == 1 && row->cells[0].len == 0 && !quoted[0])
            continue; /* blank line */
        if (!quoted[0] && row->cells[0].text[0] == '#')
            continue;
        break;
    }
    for (i = 0; i < row->ncells; i++) {
        cell *c = &row->cells[i];

        c->omitted = !quoted[i] && c->len == 0;
        c->null = !quoted[i] && strcmp(c->text, "NULL") == 0;
        if (!quoted[i] && strcmp(c->text, "''") == 0) {
            c->text = "";
            c->len = 0;
        }
    }
    return true;
}

const cell *csv_get(const csv_file *f, const csv_row *row, const char *name)
{
    static const cell omitted = {true, false, "", 0};
    int i;

    for (i = 0; i < f->ncols && i < row->ncells; i++)
        if (strcmp(f->names[i], name) == 0)
            return &row->cells[i];
    return &omitted;
}

void csv_close(csv_file *f)
{
    free(f->data);
    f->data = NULL;
}
