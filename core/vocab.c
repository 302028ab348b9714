/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Canonical codes, French aliases and labels (docs/rules.md#vocabulary). */
#include "capes.h"

#include <string.h>

/* R162-45 1° to 3° */
static const capes_term risk_terms[] = {
    {"infectious", sizeof "infectious" - 1, {"infectieux"}, "Risque infectieux (infections associées aux soins)",
     "Infectious risk (healthcare-associated infections)", "R162-45 1°"},
    {"medication", sizeof "medication" - 1, {"medicamenteux", "médicamenteux"}, "Risque médicamenteux (prise en charge thérapeutique)",
     "Medication risk (therapeutic care)", "R162-45 2°"},
    {"care_pathway", sizeof "care_pathway" - 1, {"parcours", "rupture_parcours"}, "Risque de rupture de parcours de soins",
     "Risk of a break in the care pathway", "R162-45 3°"},
};

/* R162-45-2 III, rows of the table */
static const capes_term level_terms[] = {
    {"none", sizeof "none" - 1, {"pas_du_tout"}, "Pas du tout mises en œuvre", "Not implemented at all", "R162-45-2 III"},
    {"partial", sizeof "partial" - 1, {"partiellement"}, "Partiellement mises en œuvre", "Partially implemented", "R162-45-2 III"},
    {"complete", sizeof "complete" - 1, {"completement", "complètement"}, "Complètement mises en œuvre", "Completely implemented",
     "R162-45-2 III"},
};

/* The labels say which date is logged: the law counts its delays from receipt
 * (docs/rules.md#states). */
static const capes_term state_terms[] = {
    {"notified", sizeof "notified" - 1, {0}, "Risques notifiés à l'établissement (date de réception)",
     "Risks notified to the establishment (date of receipt)", "R162-45-1 I al. 1"},
    {"establishment_draft", sizeof "establishment_draft" - 1, {0}, "Projet de contrat proposé par l'établissement (date de réception par l'agence)",
     "Draft contract proposed by the establishment (date of receipt by the agency)", "R162-45-1 I al. 2"},
    {"agency_draft", sizeof "agency_draft" - 1, {0}, "Projet de contrat proposé ou modifié par l'agence (date de réception par l'établissement)",
     "Draft contract proposed or modified by the agency (date of receipt by the establishment)", "R162-45-1 I al. 3-4"},
    {"signed", sizeof "signed" - 1, {0}, "Contrat signé (date de signature)", "Contract signed (date of signature)", "R162-45-1 I al. 4"},
    {"refused", sizeof "refused" - 1, {0}, "Refus de signer le contrat (date du refus)", "Refusal to sign the contract (date of the refusal)",
     "R162-45-1 II"},
    {"refusal_hearing", sizeof "refusal_hearing" - 1, {0},
     "Établissement mis en mesure de présenter ses observations avant la pénalité pour refus (date de réception)",
     "Establishment invited to present its observations before a refusal penalty (date of receipt)", "R162-45-1 II"},
    {"refusal_penalty", sizeof "refusal_penalty" - 1, {0}, "Pénalité pour refus de signer prononcée (date de la décision)",
     "Penalty for refusal decided (date of the decision)", "R162-45-1 II"},
    {"formal_notice", sizeof "formal_notice" - 1, {0}, "Mise en demeure de réduire les écarts (date de réception)",
     "Formal notice to reduce the gaps (date of receipt)", "R162-45-2 I al. 2"},
    {"penalty_proposed", sizeof "penalty_proposed" - 1, {0}, "Montant de la pénalité envisagée communiqué (date de réception)",
     "Envisaged penalty amount sent (date of receipt)", "R162-45-2 III"},
    {"observations_received", sizeof "observations_received" - 1, {0}, "Observations écrites reçues (date de réception par l'agence)",
     "Written observations received (date of receipt by the agency)", "R162-45-2 III"},
    {"penalty_decided", sizeof "penalty_decided" - 1, {0}, "Pénalité fixée par arrêté motivé (date de la décision)",
     "Penalty fixed by motivated decision (date of the decision)", "R162-45-2 III"},
    {"recovery_notified", sizeof "recovery_notified" - 1, {0}, "Décision transmise à la caisse chargée du recouvrement (date de l'information)",
     "Decision sent to the recovering fund (date of the information)", "R162-45-1 II, R162-45-2 III"},
    {"completed", sizeof "completed" - 1, {0}, "Contrat arrivé à échéance ou devenu caduc (date de fin)",
     "Contract reached its end or lapsed (date of the end)", "R162-45-1 I al. 4"},
    {"closed", sizeof "closed" - 1, {0}, "Dossier clos", "Case closed", "-"},
};
static const capes_term kind_terms[] = {
    {"establishment_draft", sizeof "establishment_draft" - 1, {0}, "Délai de l'établissement pour proposer un projet de contrat (30 jours)",
     "The establishment's delay to propose a draft contract (30 days)", "R162-45-1 I al. 2"},
    {"agency_draft", sizeof "agency_draft" - 1, {0}, "Délai de l'agence pour proposer un projet de contrat (30 jours)",
     "The agency's delay to propose a draft contract (30 days)", "R162-45-1 I al. 3"},
    {"signature", sizeof "signature" - 1, {0}, "Délai de signature du contrat (30 jours)", "Delay to sign the contract (30 days)",
     "R162-45-1 I al. 4"},
    {"contract_end", sizeof "contract_end" - 1, {0}, "Durée maximale du contrat (quatre ans)", "Maximum duration of the contract (four years)",
     "R162-45-1 I al. 4"},
    {"annual_report", sizeof "annual_report" - 1, {0}, "Information annuelle de l'agence (un an)", "Yearly report to the agency (one year)",
     "R162-45-2 I al. 2"},
    {"cure", sizeof "cure" - 1, {0}, "Délai maximal pour réduire les écarts (un an)", "Maximum delay to reduce the gaps (one year)",
     "R162-45-2 I al. 2"},
    {"observations", sizeof "observations" - 1, {0}, "Délai des observations écrites (30 jours)", "Delay for written observations (30 days)",
     "R162-45-2 III"},
    {"reassessment", sizeof "reassessment" - 1, {0}, "Appréciation au moins tous les deux ans", "Assessment at least every two years", "R162-45"},
};
static const capes_term calendar_terms[] = {
    {"none", sizeof "none" - 1, {0}, "Aucun jour férié", "No holidays", "CPC 642"},
    {"fr", sizeof "fr" - 1, {0}, "France métropolitaine", "Metropolitan France", "C. trav. L3133-1"},
    {"fr-alsace-moselle", sizeof "fr-alsace-moselle" - 1, {0}, "Alsace-Moselle", "Alsace-Moselle", "C. trav. L3134-13"},
    {"fr-guadeloupe", sizeof "fr-guadeloupe" - 1, {0}, "Guadeloupe", "Guadeloupe", "décret 83-1003"},
    {"fr-martinique", sizeof "fr-martinique" - 1, {0}, "Martinique", "Martinique", "décret 83-1003"},
    {"fr-guyane", sizeof "fr-guyane" - 1, {0}, "Guyane", "French Guiana", "décret 83-1003"},
    {"fr-reunion", sizeof "fr-reunion" - 1, {0}, "La Réunion", "Réunion", "décret 83-1003"},
    {"fr-mayotte", sizeof "fr-mayotte" - 1, {0}, "Mayotte", "Mayotte", "décret 83-1003"},
};

static const capes_term lang_terms[] = {
    {"fr", sizeof "fr" - 1, {0}, "Français", "French", "-"},
    {"en", sizeof "en" - 1, {0}, "Anglais", "English", "-"},
};

#define VOCAB(terms) {terms, (int) (sizeof terms / sizeof terms[0])}
const capes_vocab capes_risks = VOCAB(risk_terms);
const capes_vocab capes_levels = VOCAB(level_terms);
const capes_vocab capes_states = VOCAB(state_terms);
const capes_vocab capes_kinds = VOCAB(kind_terms);
const capes_vocab capes_calendars = VOCAB(calendar_terms);
const capes_vocab capes_langs = VOCAB(lang_terms);

const capes_named_vocab capes_vocabularies[CAPES_N_VOCABULARIES] = {
    {"risk", &capes_risks},   {"level", &capes_levels},       {"state", &capes_states},
    {"kind", &capes_kinds},   {"calendar", &capes_calendars}, {"lang", &capes_langs},
};

/* The error for text that is no code of v, written only on failure (capes_lookup is on
 * every hot path). */
static capes_code unknown_code(capes_err *err, const char *arg, const capes_vocab *v, const char *text, size_t len);

const char *capes_vocab_expected(const capes_vocab *v, char *buf, size_t size)
{
    size_t o = (size_t) capes_format(buf, size, "one of");
    int i;

    for (i = 0; i < v->n && o < size; i++)
        o += (size_t) capes_format(buf + o, size - o, "%s %s", i ? "," : "", v->terms[i].code);
    return buf;
}

/* The canonical decompositions of the Latin-1 letters U+00C0..U+00FF (UnicodeData.txt):
 * letter U+00C0 + k is latin1_base[k] followed by U+0300 + latin1_mark[k]; a NUL base has
 * none (Æ Ð × Ø Þ ß æ ð ÷ ø þ). The aliases are written precomposed (NFC); these let their
 * decomposed spellings (NFD, as macOS file names and some keyboards give them) be read as
 * the same letters (docs/rules.md#decomposed_spellings). */
static const char latin1_base[65] = "AAAAAA\0CEEEEIIII\0NOOOOO\0\0UUUUY\0\0"
                                    "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0y";
static const unsigned char latin1_mark[64] = {
    0x00, 0x01, 0x02, 0x03, 0x08, 0x0A, 0, 0x27, 0x00, 0x01, 0x02, 0x08, 0x00, 0x01, 0x02, 0x08,
    0, 0x03, 0x00, 0x01, 0x02, 0x03, 0x08, 0, 0, 0x00, 0x01, 0x02, 0x08, 0x01, 0, 0,
    0x00, 0x01, 0x02, 0x03, 0x08, 0x0A, 0, 0x27, 0x00, 0x01, 0x02, 0x08, 0x00, 0x01, 0x02, 0x08,
    0, 0x03, 0x00, 0x01, 0x02, 0x03, 0x08, 0, 0, 0x00, 0x01, 0x02, 0x08, 0x01, 0, 0x08,
};

/* The second byte (after C3) of the Latin-1 letter that the letter base followed by the
 * combining mark at s composes to, folded to lower case as same_folded folds; 0 when there
 * is none. The tone marks U+0340 and U+0341 are canonically the grave and acute accents
 * U+0300 and U+0301 (their decompositions), so they compose the same. */
static unsigned char composed(unsigned char base, const unsigned char *s, size_t avail)
{
    int mark, k;

    if (avail < 2 || !((s[0] == 0xCC && s[1] >= 0x80 && s[1] <= 0xBF) ||
                       (s[0] == 0xCD && (s[1] == 0x80 || s[1] == 0x81))))
        return 0;
    mark = s[1] - 0x80; /* CC 80..BF: U+0300..U+033F; CD 80, CD 81: U+0340, U+0341 read as 0, 1 */
    for (k = 0; k < 64; k++)
        if (base != 0 && latin1_base[k] == (char) base && latin1_mark[k] == mark) {
            int cp = 0xC0 + k;

            if (cp <= 0xDE && cp != 0xD7)
                cp += 32;
            return (unsigned char) (cp - 0x40);
        }
    return 0;
}

/* ASCII and Latin-1 capitals folded as same_folded says, from byte i of text and of code
 * on: the same loop, where a letter followed by a combining accent is the precomposed
 * letter ('me' U+0301 'dicamenteux'). Out of line (cold): same_folded comes here only at a
 * byte where a text differs from an accented alias. */
#if defined(__GNUC__)
__attribute__((cold, noinline))
#endif
static bool same_composed(const unsigned char *s, size_t len, size_t i, const unsigned char *c);

static bool same_composed(const unsigned char *s, size_t len, size_t i, const unsigned char *c)
{
    for (; i < len; i++, c++) {
        unsigned char ch = s[i];

        if (*c == '\0')
            return false;
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char) (ch + 32);
        else if (i > 0 && s[i - 1] == 0xC3 && ch >= 0x80 && ch <= 0x9E && ch != 0x97)
            ch = (unsigned char) (ch + 32);
        if (ch != *c) {
            /* every precomposed letter of the vocabulary is C3 xx: base + accent for it */
            if (*c != 0xC3 || ch >= 0x80 || composed(s[i], s + i + 1, len - i - 1) != c[1])
                return false;
            i += 2; /* the base and the 2 bytes of the accent for the 2 bytes of the letter */
            c++;
        }
    }
    return *c == '\0';
}

/* Lower-case ASCII, and Latin-1 capitals encoded in UTF-8 (C3 80..C3 9E but the
 * multiplication sign C3 97), so that 'MÉDICAMENTEUX' finds 'médicamenteux'; and an
 * accented letter of an alias may be given decomposed (docs/rules.md#decomposed_spellings).
 * The accent is looked at only where an ASCII letter of the text meets a precomposed
 * letter of the code, so that a text that matches byte for byte pays nothing for it. */
static bool same_folded(const char *text, size_t len, const char *code)
{
    const unsigned char *s = (const unsigned char *) text, *c = (const unsigned char *) code;
    size_t i;

    for (i = 0; i < len; i++, c++) {
        unsigned char ch = s[i];

        if (*c == '\0')
            return false;
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char) (ch + 32);
        else if (i > 0 && s[i - 1] == 0xC3 && ch >= 0x80 && ch <= 0x9E && ch != 0x97)
            ch = (unsigned char) (ch + 32);
        if (ch != *c)
            return *c == 0xC3 && ch < 0x80 && same_composed(s, len, i, c);
    }
    return *c == '\0';
}

static capes_code unknown_code(capes_err *err, const char *arg, const capes_vocab *v, const char *text, size_t len)
{
    char what[CAPES_MSG_MAX / 2];

    return capes_fail_text(err, CAPES_ERR_ARG, arg, capes_vocab_expected(v, what, sizeof what), text, len);
}

/* The term of v that text names, or false: no message, so that capes_label can try three
 * vocabularies and format only the one error it reports. */
static bool find_term(const capes_vocab *v, const char *text, size_t len, int *out)
{
    size_t b = 0, e = len;
    int i, a;

    char first;

    /* the canonical code as stored, the common case: no trimming, no folding */
    for (i = 0; i < v->n; i++) {
        const char *c = v->terms[i].code;

        if (v->terms[i].code_len == len && c[0] == text[0] && memcmp(c, text, len) == 0) {
            *out = i;
            return true;
        }
    }
    while (b < e && text[b] == ' ')
        b++;
    while (e > b && text[e - 1] == ' ')
        e--;
    /* every code and alias starts with a lower-case ASCII letter: a cheap first sieve */
    first = b < e && text[b] >= 'A' && text[b] <= 'Z' ? (char) (text[b] + 32) : b < e ? text[b] : '\0';
    for (i = 0; i < v->n; i++) {
        const capes_term *t = &v->terms[i];

        if (t->code[0] == first && same_folded(text + b, e - b, t->code)) {
            *out = i;
            return true;
        }
        for (a = 0; a < 3 && t->alias[a]; a++)
            if (t->alias[a][0] == first && same_folded(text + b, e - b, t->alias[a])) {
                *out = i;
                return true;
            }
    }
    return false;
}

capes_code capes_lookup(capes_err *err, const char *arg, const capes_vocab *v, const char *text,
                        size_t len, int *out)
{
    if (find_term(v, text, len, out))
        return CAPES_OK;
    return unknown_code(err, arg, v, text, len);
}

capes_code capes_label(capes_err *err, const char *code, size_t len, capes_lang lang,
                       const char **label)
{
    static const capes_vocab *const labelled[] = {&capes_risks, &capes_levels, &capes_states};
    size_t k;
    int i;

    /* a miss in one vocabulary is no error: only the miss in all three is written */
    for (k = 0; k < sizeof labelled / sizeof labelled[0]; k++)
        if (find_term(labelled[k], code, len, &i)) {
            const capes_term *t = &labelled[k]->terms[i];

            *label = lang == CAPES_LANG_EN ? t->label_en : t->label_fr;
            return CAPES_OK;
        }
    return capes_fail_text(err, CAPES_ERR_ARG, "code", "a risk, degree or state code", code, len);
}
