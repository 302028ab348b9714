/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Codes (capes_lookup over every vocabulary, capes_label): any bytes. Compared
 * with a folding written here (docs/rules.md#codes: case-insensitive, surrounding spaces
 * ignored, French aliases in any canonically equivalent spelling, compared decomposed):
 * the same term or the same error and message. */
#include "fuzz_common.h"

/* Each vocabulary with the longest SQL function name and argument that look it up,
 * so that the longest messages are built. */
static const struct {
    const capes_vocab *v;
    const char *fn, *arg;
} vocabs[] = {
    {&capes_risks, "capes_contract_penalty", "risk"},  {&capes_levels, "capes_contract_penalty", "level"},
    {&capes_states, "capes_check_transition", "from"}, {&capes_kinds, "capes_deadline", "kind"},
    {&capes_calendars, "capes_check_transition", "calendar"}, {&capes_langs, "capes_label", "lang"},
};

/* Lower-cases ASCII letters and the UTF-8 Latin-1 capitals U+00C0..U+00DE but
 * U+00D7 (the multiplication sign). */
static size_t fold(const uint8_t *s, size_t n, uint8_t *out)
{
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        if (s[i] >= 'A' && s[i] <= 'Z') {
            out[o++] = (uint8_t) (s[i] | 0x20);
        } else if (s[i] == 0xC3 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9E && s[i + 1] != 0x97) {
            out[o++] = 0xC3;
            out[o++] = (uint8_t) (s[i + 1] + 0x20);
            i++;
        } else {
            out[o++] = s[i];
        }
    }
    return o;
}

/* The decomposed form (docs/rules.md#decomposed_spellings), the other way round from the
 * core, which composes: each lower-case Latin-1 letter with a canonical decomposition
 * becomes its letter and combining accent, and the tone marks U+0340, U+0341 become the
 * grave and acute accents (their decompositions). Written from UnicodeData.txt: */
static const struct {
    uint8_t letter; /* second byte of C3 xx */
    char base;
    uint8_t accent; /* second byte of CC xx */
} lower_nfd[] = {
    {0xA0, 'a', 0x80}, {0xA1, 'a', 0x81}, {0xA2, 'a', 0x82}, {0xA3, 'a', 0x83}, {0xA4, 'a', 0x88}, {0xA5, 'a', 0x8A},
    {0xA7, 'c', 0xA7}, {0xA8, 'e', 0x80}, {0xA9, 'e', 0x81}, {0xAA, 'e', 0x82}, {0xAB, 'e', 0x88}, {0xAC, 'i', 0x80},
    {0xAD, 'i', 0x81}, {0xAE, 'i', 0x82}, {0xAF, 'i', 0x88}, {0xB1, 'n', 0x83}, {0xB2, 'o', 0x80}, {0xB3, 'o', 0x81},
    {0xB4, 'o', 0x82}, {0xB5, 'o', 0x83}, {0xB6, 'o', 0x88}, {0xB9, 'u', 0x80}, {0xBA, 'u', 0x81}, {0xBB, 'u', 0x82},
    {0xBC, 'u', 0x88}, {0xBD, 'y', 0x81}, {0xBF, 'y', 0x88},
};

static size_t decompose(const uint8_t *s, size_t n, uint8_t *out)
{
    size_t i, o = 0, k;

    for (i = 0; i < n; i++) {
        bool done = false;

        if (s[i] == 0xC3 && i + 1 < n)
            for (k = 0; k < sizeof lower_nfd / sizeof lower_nfd[0] && !done; k++)
                if (s[i + 1] == lower_nfd[k].letter) {
                    out[o++] = (uint8_t) lower_nfd[k].base;
                    out[o++] = 0xCC;
                    out[o++] = lower_nfd[k].accent;
                    i++;
                    done = true;
                }
        if (!done && s[i] == 0xCD && i + 1 < n && (s[i + 1] == 0x80 || s[i + 1] == 0x81)) {
            out[o++] = 0xCC;
            out[o++] = s[++i];
            done = true;
        }
        if (!done)
            out[o++] = s[i];
    }
    return o;
}

/* The index of the term whose code or alias, decomposed, equals the folded and decomposed
 * text, or -1. */
static int find(const capes_vocab *v, const uint8_t *t, size_t n)
{
    int i, a, hit = -1;
    uint8_t name[64];

    for (i = 0; i < v->n; i++) {
        const capes_term *term = &v->terms[i];
        const char *names[4] = {term->code, term->alias[0], term->alias[1], term->alias[2]};

        for (a = 0; a < 4; a++) {
            size_t len;

            if (!names[a])
                continue;
            CHECK(strlen(names[a]) < sizeof name / 2, "'%s' is long", names[a]);
            len = decompose((const uint8_t *) names[a], strlen(names[a]), name);
            if (len == n && !memcmp(name, t, n)) {
                CHECK(hit == -1 || hit == i, "'%s' names two terms of one vocabulary", names[a]);
                hit = i;
            }
        }
    }
    return hit;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *) data;
    uint8_t *folded, *decomposed;
    size_t b = 0, e = size, n, k;
    int labelled = -1, label_term = -1;
    char msg[CAPES_MSG_MAX], what[CAPES_MSG_MAX / 2];

    static bool labels_checked;

    /* codes and labels are what the engines return: never empty, valid UTF-8 */
    for (k = 0; !labels_checked && k < sizeof vocabs / sizeof vocabs[0]; k++) {
        int i;

        for (i = 0; i < vocabs[k].v->n; i++) {
            const capes_term *t = &vocabs[k].v->terms[i];

            CHECK(t->code[0] && fz_utf8_valid(t->label_fr, strlen(t->label_fr)) &&
                      fz_utf8_valid(t->label_en, strlen(t->label_en)),
                  "term %s", t->code);
        }
    }
    labels_checked = true;
    while (b < e && data[b] == ' ')
        b++;
    while (e > b && data[e - 1] == ' ')
        e--;
    folded = malloc(2 * (e - b) + 1);
    decomposed = malloc(3 * (e - b) + 1);
    n = decompose(folded, fold(data + b, e - b, folded), decomposed);

    for (k = 0; k < sizeof vocabs / sizeof vocabs[0]; k++) {
        capes_err err;
        capes_err_init(&err, vocabs[k].fn);
        int out = -1, want = find(vocabs[k].v, decomposed, n);

        if (capes_lookup(&err, vocabs[k].arg, vocabs[k].v, text, size, &out) == CAPES_OK) {
            CHECK(out == want, "'%.*s' in %s: core %d, oracle %d", (int) size, text, vocabs[k].arg, out, want);
        } else {
            CHECK(want == -1, "'%.*s' in %s: refused, oracle finds %s", (int) size, text, vocabs[k].arg,
                  vocabs[k].v->terms[want].code);
            CHECK(err.code == CAPES_ERR_ARG, "code %d", (int) err.code);
            fz_check_err(&err, vocabs[k].fn);
            fz_expect_msg(msg, sizeof msg, vocabs[k].fn, vocabs[k].arg, capes_vocab_expected(vocabs[k].v, what, sizeof what),
                          text, size);
            CHECK(!strcmp(err.msg, msg), "message\n  got  %s\n  want %s", err.msg, msg);
        }
        if (k < 3 && want >= 0 && labelled < 0) /* risks, then levels, then states */
            labelled = (int) k, label_term = want;
    }
    for (k = 0; k < CAPES_N_LANGS; k++) {
        capes_err err;
        capes_err_init(&err, "capes_label");
        const char *label = NULL;

        if (capes_label(&err, text, size, (capes_lang) k, &label) == CAPES_OK) {
            const capes_term *t;

            CHECK(labelled >= 0, "'%.*s' got a label, but it is no risk, degree or state", (int) size, text);
            t = &vocabs[labelled].v->terms[label_term];
            CHECK(label == (k == CAPES_LANG_EN ? t->label_en : t->label_fr), "label of '%.*s'", (int) size, text);
        } else {
            CHECK(labelled < 0, "'%.*s' is %s but got no label: %s", (int) size, text,
                  vocabs[labelled].v->terms[label_term].code, err.msg);
            CHECK(err.code == CAPES_ERR_ARG, "code %d", (int) err.code);
            fz_check_err(&err, "capes_label");
            fz_expect_msg(msg, sizeof msg, "capes_label", "code", "a risk, degree or state code", text, size);
            CHECK(!strcmp(err.msg, msg), "message\n  got  %s\n  want %s", err.msg, msg);
        }
    }
    free(folded);
    free(decomposed);
    return 0;
}
