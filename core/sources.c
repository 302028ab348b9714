/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* Traceability: each rule with the article it comes from, and each reading the code
 * had to choose. */
#include "capes.h"

#define COUNT(a) ((int) (sizeof a / sizeof a[0]))

const capes_source capes_sources[] = {
    {"legal_basis", "L162-30-3 I",
     "Les établissements de santé ... pour lesquels le niveau de qualité et de sécurité des soins n'est pas "
     "conforme à des référentiels nationaux signent ... un contrat d'amélioration des pratiques"},
    {"risks", "R162-45",
     "1° Le risque infectieux ... 2° Le risque médicamenteux ... 3° Le risque de rupture de parcours de soins"},
    {"reassessment", "R162-45", "L'agence régionale de santé apprécie au moins tous les deux ans"},
    {"notified", "R162-45-1 I al. 1",
     "elle notifie à l'établissement les risques identifiés par tout moyen permettant de rapporter la preuve "
     "de sa date de réception"},
    {"establishment_draft", "R162-45-1 I al. 2",
     "L'établissement dispose d'un délai de trente jours, à réception de la notification ..., pour proposer "
     "un projet de contrat"},
    {"agency_draft", "R162-45-1 I al. 3",
     "Lorsque l'établissement de santé n'a pas proposé de projet de contrat, ce dernier est proposé par le "
     "directeur général ... dans un délai de trente jours après expiration du délai"},
    {"signature", "R162-45-1 I al. 4",
     "Dans un délai de trente jours après réception ... du projet de contrat ... signent le contrat"},
    {"contract_end", "R162-45-1 I al. 4", "pour une durée maximale de quatre ans"},
    {"refusal_penalty", "R162-45-1 II",
     "En cas de refus de l'établissement de signer le contrat ... pénalité financière ... fixée dans la "
     "limite de 1 % des produits reçus ... au titre du dernier exercice clos"},
    {"refusal_penalty_basis", "L162-30-3 II al. 2",
     "En cas de refus ... de signer un contrat, ... une pénalité financière dans la limite de 1 % des produits "
     "reçus"},
    {"refusal_hearing", "L162-30-3 II al. 2",
     "En cas de refus par un établissement de santé de signer un contrat, l'agence régionale de santé peut "
     "prononcer, après que l'établissement a été mis en mesure de présenter ses observations, une pénalité"},
    {"recovery_notified", "R162-45-1 II, R162-45-2 III",
     "fait connaître sa décision dans les plus brefs délais à la caisse ... chargée du recouvrement"},
    {"annual_report", "R162-45-2 I al. 2",
     "Chaque année, l'établissement de santé informe l'agence régionale de santé de l'atteinte des objectifs"},
    {"formal_notice", "R162-45-2 I al. 2",
     "met en demeure l'établissement de réduire les écarts constatés dans un délai maximal d'une année"},
    {"penalty_after_delay", "R162-45-2 II",
     "A l'issue du délai fixé, en cas de non-respect de ses engagements par l'établissement, le directeur "
     "général de l'agence"},
    {"penalty_cap", "R162-45-2 II, L162-30-3 II",
     "dans la limite de 1 % de ces produits"},
    {"penalty_table", "R162-45-2 III",
     "La pénalité est calculée selon le nombre de risques non complètement traités ... et selon le degré de "
     "mise en œuvre des actions d'amélioration"},
    {"penalty_rate_none", "R162-45-2 III", "Pas du tout mises en œuvre: 0,33 % / 0,66 % / 1 %"},
    {"penalty_rate_partial", "R162-45-2 III", "Partiellement mises en œuvre: 0,16 % / 0,33 % / 0,50 %"},
    {"penalty_rate_complete", "R162-45-2 III", "Complètement mises en œuvre: 0 % / 0 % / 0 %"},
    {"penalty_proposed", "R162-45-2 III",
     "Le montant de la pénalité envisagée est communiqué à l'établissement par tout moyen permettant de "
     "rapporter la preuve de sa date de réception"},
    {"observations", "R162-45-2 III",
     "L'établissement transmet ses observations écrites ... dans les trente jours suivant cette réception"},
    {"penalty_decided", "R162-45-2 III",
     "La pénalité retenue est fixée par arrêté motivé ... Cet arrêté est notifié à l'établissement"},
    {"in_force_from", "décret 2015-1511 art. 1",
     "crée les articles R162-45 à R162-45-2; publié au JO du 21 novembre 2015, en vigueur le 22 novembre 2015"},
    {"in_force_to", "décret 2017-500 art. 1", "abroge les articles R162-45 à R162-45-2"},
    {"in_force_to_publication", "décret 2017-500, Code civil art. 1",
     "publié au Journal officiel n° 0084 du 8 avril 2017; les actes administratifs entrent en vigueur le "
     "lendemain de leur publication"},
    {"last_signature", "décret 2017-584 art. 2",
     "les contrats conclus avant le 23 avril 2017 ... continuent à produire leurs effets jusqu'au 31 décembre "
     "2017"},
    {"lapse", "décret 2017-584 art. 2", "et deviennent caduques au 1er janvier 2018"},
    {"deadline_start", "CPC 640", "le délai court à compter de la date de l'acte, de l'événement ... qui le fait courir"},
    {"deadline_days", "CPC 641 al. 1", "le jour de l'acte ... qui le fait courir ne compte pas"},
    {"deadline_months", "CPC 641 al. 2",
     "le délai exprimé en mois ou en années expire le jour du dernier mois ou de la dernière année qui porte le "
     "même quantième ... ou, à défaut d'un quantième identique, le dernier jour du mois"},
    {"deadline_extension", "CPC 642",
     "le délai qui expirerait normalement un samedi, un dimanche ou un jour férié ou chômé est prorogé jusqu'au "
     "premier jour ouvrable suivant"},
    {"holidays_fr", "C. trav. L3133-1",
     "1er janvier, lundi de Pâques, 1er mai, 8 mai, Ascension, lundi de Pentecôte, 14 juillet, Assomption, "
     "Toussaint, 11 novembre, 25 décembre"},
    {"holidays_alsace_moselle", "C. trav. L3134-13",
     "le Vendredi saint dans les communes ayant un temple protestant ou une église mixte, et le 26 décembre"},
    {"holidays_overseas", "loi 83-550, décret 83-1003",
     "commémoration de l'abolition de l'esclavage: Guadeloupe 27 mai, Martinique 22 mai, Guyane 10 juin, "
     "La Réunion 20 décembre, Mayotte 27 avril"},
    {"days_chomes", "CPC 642", "un samedi, un dimanche ou un jour férié ou chômé"},
};
const int capes_n_sources = COUNT(capes_sources);

const capes_interpretation capes_interpretations[] = {
    {"deadline_counting", "The decree does not say how its deadlines are counted.",
     "Code de procédure civile art. 640-642: a deadline in days leaves out its starting day; in months or years "
     "it ends on the same day number, or on the month's last day when there is none.",
     "It is the common French rule for counting deadlines, applied by administrative courts to procedural "
     "deadlines (CE, 13 May 2015, n° 368892; CE, 19 September 2014, n° 362568)."},
    {"extension_establishment_only", "Which deadlines move to the next working day (CPC 642)?",
     "Only the establishment's deadlines to act: its draft (R162-45-1 I al. 2) and its written observations "
     "(R162-45-2 III).",
     "Art. 642 protects the rights of the party that must act; an administrative court refused it for a deadline "
     "binding the administration (CAA Marseille, 10 October 2016, n° 15MA04788)."},
    {"durations_not_extended", "Are durations extended like deadlines to act?",
     "No: the contract's four years, the cure year, the yearly report and the two-yearly assessment end on "
     "their day even when it is not a working day.",
     "They are periods of execution, not deadlines to file something; nobody loses a right on their last day."},
    {"agency_deadlines_not_extended", "Are the agency's deadlines (its draft, the signature) extended?",
     "No.", "They bind the agency (and its director as signatory), not the establishment: see "
     "extension_establishment_only."},
    {"maximum_rounded_down", "How is a maximum penalty rounded to the cent?",
     "Down (toward zero).",
     "The table gives maximum amounts ('montant maximal', 'dans la limite de 1 %'): rounding up could exceed "
     "the legal cap by a fraction of a cent."},
    {"revenue_to_the_cent", "What of a revenue given with more than two decimals, or as a binary float?",
     "An exact decimal (a PostgreSQL numeric, a SQLite TEXT or INTEGER) is used exactly: the maximum is the "
     "floor, to the cent, of revenue x rate. A binary float (a SQLite REAL) is first rounded to its nearest "
     "cent, halves away from zero, by its exact value.",
     "Rounding an exact revenue first could raise a maximum above the legal cap (1 % of 99999.995 is "
     "999.99995: 999.99, not 1000.00); a REAL has no exact decimal to keep, and both engines must agree "
     "whatever the input type."},
    {"risks_not_completely_treated", "Which number of risks selects the column of the table?",
     "The number of risks not completely treated (0 to 3), not the number of risks the contract was signed on.",
     "R162-45-2 III says the penalty is computed 'selon le nombre de risques non complètement traités'; the "
     "table's headings ('CAPES signé sur N risques') assume every risk of the contract is untreated."},
    {"degree_among_open_risks", "Which degree of implementation applies when risks differ?",
     "The degree among the risks not completely treated: 'none' when every one of them is not implemented at "
     "all, else 'partial'.",
     "Completely treated risks carry no penalty (the table's last row); one partially treated risk means the "
     "actions were partially implemented, so the lower row is the cap that never overstates the maximum."},
    {"in_force_start", "From which day do R162-45 to R162-45-2 apply?",
     "2015-11-22.",
     "Décret 2015-1511 was published in the Journal officiel of 21 November 2015 and entered into force the day "
     "after."},
    {"repeal_date_unconfirmed", "From which day do R162-45 to R162-45-2 no longer apply?",
     "2017-04-09: capes_in_force is true up to 2017-04-08 (capes 1.0 stopped one day short, on 2017-04-07).",
     "Décret 2017-500 of 6 April 2017 was published in the Journal officiel n° 0084 of 8 April 2017 and applies "
     "from the day after (Code civil art. 1); the official LEGI data dates its changes from 2017-04-09. The id "
     "is 1.0's, kept so that queries on it still find the row."},
    {"start_only_in_force", "Which steps must fall while the rules are in force?",
     "Only the start of a case (notified); a case begun in time goes on under the same rules, bound by the end "
     "of the contracts (docs/rules.md#guard-7, docs/rules.md#guard-8).",
     "docs/rules.md#guard-4; the decree that repealed the rules says nothing of cases under way, and décret "
     "2017-584 art. 2 kept the contracts concluded by 2017-04-22 in effect to the end of 2017."},
    {"good_friday_alsace_moselle", "Is Good Friday a holiday in the whole of Alsace-Moselle?",
     "Yes, in the whole calendar fr-alsace-moselle.",
     "C. trav. L3134-13 limits it to communes with a Protestant or mixed church; capes has no commune, and "
     "extending a deadline one day too often never costs the establishment a right."},
    {"whit_monday", "Is Whit Monday a holiday although it is the 'journée de solidarité'?",
     "Yes.", "It stays on the list of L3133-1; the solidarity day changes who works, not the list."},
    {"holiday_list_every_year", "Which list of holidays applies to years far from 2015-2017?",
     "The list in force in 2015-2017, applied to every year from 1583 to 9999.",
     "The rules only applied in 2015-2017; one list keeps the results reproducible."},
    {"calendar_none", "What does the calendar 'none' do?",
     "It has no holidays and extends no deadline at all, not even past a weekend; capes_is_working_day still "
     "says Saturday and Sunday are not working days.",
     "docs/rules.md#calendars: 'none' means no extension at all, for agencies that count deadlines without "
     "CPC 642."},
    {"holidays_same_day", "What does capes_holidays return when two holidays fall on one day?",
     "One row for that day, the names joined with ' / ' (Ascension on 1 May 2008).",
     "A day is a holiday or not; one row per day keeps joins on the day free of duplicates."},
    {"agency_draft_after_deadline", "From which day may the agency propose its draft?",
     "The day after the establishment's deadline (extended by CPC 642).",
     "R162-45-1 I al. 3: the agency drafts when the establishment 'n'a pas proposé', which is known only once "
     "its whole last day has passed (CPC 642: a deadline ends at midnight)."},
    {"decision_after_observations", "From which day may the penalty be decided without observations?",
     "The day after the 30 days for observations (extended by CPC 642); at once after observations_received.",
     "R162-45-2 III gives the establishment 30 days to send its written observations."},
    {"annual_reports_from_signature", "How are the yearly reports dated?",
     "Each from the signature date (signature + n years, n = 1 to 4), never chained from the previous report.",
     "Chaining would drift: 2016-02-29 + 1 year = 2017-02-28, and again + 1 year = 2018-02-28, while the "
     "anniversary of a contract signed on 29 February is the last day of February every year; four reports "
     "cover the contract's four years at most."},
    {"cure_is_maximum", "How long is the cure period after a formal notice?",
     "The delay the agency fixed in its notice (the term until of formal_notice), at most one year "
     "(R162-45-2 I al. 2); one year when it is not given, and capes_deadline(..., 'cure') is always that "
     "maximum.",
     "The agency may fix a shorter delay in its notice; without it capes gives the latest legal date."},
    {"penalty_after_cure", "May the penalty be proposed before the cure period has run out?",
     "No: formal_notice -> penalty_proposed is refused up to the end of the delay fixed in the notice (its "
     "term, or one year: docs/rules.md#guard-5).",
     "R162-45-2 II allows the penalty 'à l'issue du délai fixé'. capes 1.0 could not know that delay and let "
     "the step through; 1.1 records it as the term of the formal notice."},
    {"revenue_negative_rounding", "Is a revenue of -0.004 negative?",
     "As an exact decimal, yes: it is refused (the range is checked on the exact value). As a SQLite REAL, "
     "no: a REAL is rounded to the cent first, so -0.004 is 0.00 and -0.005 is refused.",
     "An exact revenue is checked as given (revenue_to_the_cent); only a binary float, which has no exact "
     "decimal, is read as its nearest cent."},
    {"refusal_observations", "Are the observations before a refusal penalty a step of the procedure?",
     "Yes: refused -> refusal_hearing -> refusal_penalty, and the penalty waits for the end of the delay given "
     "for the observations (docs/rules.md#guard-6).",
     "L162-30-3 II al. 2 allows a refusal penalty only 'après que l'établissement a été mis en mesure de "
     "présenter ses observations' (a sanction: CRPA L121-1, L122-1). capes 1.0 let refused go straight to "
     "refusal_penalty; the delay is hearing_delay_by_analogy."},
    {"contract_result_null", "What do the contract aggregates return for no rows or a NULL?",
     "NULL for no rows, a NULL risk or level, or a NULL revenue (capes_contract_penalty).",
     "Like SQL's own aggregates over nothing; a missing degree cannot give a maximum."},
    {"history_null_step", "What does capes_history_error say of a step with a NULL state or date?",
     "That step is the first invalid one ('step N: state, date or calendar is NULL'); unknown codes are errors.",
     "The aggregate exists to find broken imported histories: a missing value is such a history, a misspelt "
     "code is a query to fix."},
    {"regime_end_dates", "When does the CAPES regime end?",
     "On three dates: a case opens (notified) up to 2017-04-08; a contract is first signed up to 2017-04-22 "
     "(docs/rules.md#guard-7); after 2017-12-31 only completed and closed may follow (docs/rules.md#guard-8).",
     "Décret 2017-500 repealed R162-45 to R162-45-2 from 2017-04-09; décret 2017-584 art. 2 kept the contracts "
     "concluded before 2017-04-23 in effect until 2017-12-31 and lapsed them on 2018-01-01. That article is "
     "known as the FHF and ASH n° 3008 report it: its primary text was not read."},
    {"repeal_inferred", "Were R162-45 and R162-45-1 repealed with R162-45-2?",
     "Yes, on the same day: capes_in_force covers the three articles alike.",
     "Art. 1 of décret 2017-500 rebuilt the whole regulatory sub-section that held them, and the official LEGI "
     "data dates the repeal of R162-45-2 from 2017-04-09; that the two others went with it is an inference, the "
     "text of art. 1 was not read."},
    {"evaluation_in_2018", "What of the contracts evaluated in 2018 on their 2017 objectives?",
     "Not a step of the procedure: after 2017-12-31 only completed and closed may follow "
     "(docs/rules.md#guard-8).",
     "Instruction DSS/A1/CNAMTS/2017/234 of 26 July 2017, known from a press summary (ASH n° 3024), let the "
     "contracts still running be evaluated in 2018 on their 2017 objectives; it gives no formal notice or "
     "penalty after the lapse, and an instruction does not extend a decree."},
    {"term_defaults", "What does a NULL term (until) mean?",
     "Its default, the latest the law allows: four years after the first signature, one year after a formal "
     "notice, 30 days (extended by CPC 642) after a refusal hearing. A NULL term never makes a result NULL.",
     "A 1.0 history has no terms: its calls must keep their answers, and a missing term must never refuse a "
     "step the law allows."},
    {"hearing_delay_by_analogy", "How long may the establishment present its observations before a refusal "
     "penalty?",
     "The delay the agency gave in its invitation (the term until of refusal_hearing); 30 days, extended by "
     "CPC 642, when none is given.",
     "L162-30-3 II and R162-45-1 II set no delay. 30 days is the delay R162-45-2 III gives for the "
     "observations on a penalty, the closest rule of the same procedure."},
    {"decided_within_envisaged", "May the decided penalty exceed the amount put to the establishment?",
     "No: capes_amount_error refuses a penalty_decided amount above the envisaged amount, when it is given.",
     "R162-45-2 III: the establishment presents its observations on the 'montant de la pénalité envisagée'; a "
     "higher decided amount would be a penalty it could not discuss."},
    {"first_signature_in_history", "Which move into signed is a case's first signature?",
     "In a history, the first move into signed, whatever it comes from, also after a refusal penalty. The "
     "pairwise check, which sees one step, calls a move from recovery_notified a return.",
     "After refused, refusal_hearing, refusal_penalty and recovery_notified no contract exists: signing "
     "concludes one (décret 2017-584 art. 2 speaks of contracts concluded)."},
    {"overseas_days_chomes", "Do days chômé but not férié extend deadlines overseas?",
     "Yes: Good Friday in Guadeloupe, Martinique and Guyane, and 21 July in Guadeloupe and Martinique, are "
     "in their calendars, named '(chômé)'.",
     "CPC 642 extends a deadline ending on a day 'férié ou chômé', and administrations close on those days; "
     "extending one day too often never costs the establishment a right. Guyane's Good Friday rests on "
     "python-holidays only."},
    {"contract_revenue_to_the_cent", "How exactly does capes_contract_penalty read its revenue?",
     "Each row's revenue is rounded down to the cent before the rows are compared and the maximum "
     "computed.",
     "The aggregate's state is 64 bits in both engines (and crosses PostgreSQL's parallel workers): it holds "
     "cents, not exact decimals, and rounding down never raises a maximum above the cap."},
    {"last_execution_year", "Which revenue is the base of a contract penalty?",
     "The products paid by health insurance during the contract's last year of execution, read as the last "
     "calendar year of execution before the penalty; a refusal penalty's base is the last closed fiscal year's "
     "products. The caller gives the amount: the register keeps the two revenues apart.",
     "R162-45-2 II names 'la dernière année d'exécution du contrat' without saying which year that is; "
     "R162-45-1 II names 'le dernier exercice clos'. They are two amounts, and capes computes with the one it "
     "is given."},
    {"date_time_part", "What of a SQLite date text with a time part?",
     "'YYYY-MM-DD HH:MM[:SS]' and the 'T' form are accepted; the time is ignored.",
     "Deadlines are counted in whole days (CPC 642: a deadline ends at midnight)."},
    {"decomposed_spellings", "Which spellings of an accented alias are accepted?",
     "Every spelling canonically equivalent to it: the precomposed letter (NFC, 'médicamenteux'), the letter "
     "followed by its combining accent (NFD, 'me' U+0301 'dicamenteux'), the tone marks U+0340 and U+0341 for "
     "the grave and acute accents, and any mix of them, in any case and with surrounding spaces as before. "
     "Compatibility forms (fullwidth letters, ligatures) and codes written with an accent ('fr-réunion') are "
     "still refused.",
     "macOS file names and some keyboards and input methods write accents decomposed; the two spellings are "
     "the same text for Unicode (canonical equivalence) and look the same, so refusing one would be an error "
     "nobody can see. For the vocabulary's letters, all Latin-1, composing a letter and one accent to its "
     "Latin-1 letter is exactly NFC, without a Unicode library and at no cost to a code given as stored."},
    {"marks_shown_escaped", "How does an error message show a given text that holds characters nobody can "
     "tell apart?",
     "As \\uXXXX: the characters that cannot be seen (Unicode Zs but the space, Zl, Zp, Cf, the C1 controls) "
     "and the combining marks of the blocks of marks that go on any letter (U+0300-U+036F, U+1AB0-U+1AFF, "
     "U+1DC0-U+1DFF, U+20D0-U+20FF, U+FE20-U+FE2F); ASCII controls and bytes that are not UTF-8 as \\xNN. "
     "Precomposed letters are shown as they are.",
     "A refused 'x' U+0301 or 'e' U+0301 after a grave-accented alias must not read like an accepted spelling: "
     "with its mark escaped, two different texts never show the same. The marks of other scripts are part of "
     "their letters, which cannot pass for a code, and a table of every combining mark would be large for a "
     "message only written on failure."},
};
const int capes_n_interpretations = COUNT(capes_interpretations);
