-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- capes demo: a small fictional register of CAPES cases, then a report as of a fixed
-- day. Run after the extension and sql/register-sqlite.sql (make demo does it):
--   sqlite3 build/demo.db '.load build/capes' '.read sql/register-sqlite.sql' '.read sql/demo.sql'
-- Every name and number here is made up.

PRAGMA foreign_keys = ON;

-- Six establishments, each with the calendar of public holidays of its department.
INSERT INTO establishment (finess, name, calendar) VALUES
  ('750100018', 'Hôpital Saint-Martin, Paris',     'fr'),
  ('2A0000139', 'CH du Golfe, Ajaccio',            'fr'),
  ('971000215', 'Clinique des Alizés, Pointe-à-Pitre', 'fr-guadeloupe'),
  ('670780337', 'Hôpital de l''Ill, Strasbourg',   'fr-alsace-moselle'),
  ('974000441', 'CH du Volcan, Saint-Pierre',      'fr-reunion'),
  ('690781029', 'Clinique des Deux-Rives, Lyon',   'fr');

-- Fourteen cases, each with its two revenues: the insurance products of the contract's last
-- year of execution (the contract penalty, R162-45-2 II) and of the last closed fiscal year
-- (the refusal penalty, R162-45-1 II).
INSERT INTO case_file (case_id, finess, revenue_last_execution_year, revenue_last_closed_year) VALUES
  (1,  '750100018', '182450000.00', '179800000.00'),
  (2,  '2A0000139', '46380250.50',  '45912000.00'),
  (3,  '971000215', '27915400.00',  '27604100.00'),
  (4,  '670780337', '96120000.00',  '95310000.00'),
  (5,  '974000441', '61007300.25',  '60420000.00'),
  (6,  '690781029', '12840000.00',  '12715000.00'),
  (7,  '750100018', '175300000.00', '173950000.00'),
  (8,  '2A0000139', '44120000.00',  '43870000.00'),
  (9,  '971000215', '26480900.80',  '26101000.00'),
  (10, '670780337', '93450000.00',  '92800000.00'),
  (11, '974000441', '58930000.00',  '58105000.00'),
  (12, '690781029', '13105000.00',  '12990000.00'),
  (13, '690781029', '12990000.00',  '12870000.00'),
  (14, '750100018', '98400000.00',  '97650000.00');

-- The risks of each contract (R162-45) and how far its improvement actions went.
INSERT INTO case_risk (case_id, risk, degree) VALUES
  (1, 'infectious', NULL), (1, 'medication', NULL),
  (2, 'care_pathway', NULL),
  (3, 'infectious', NULL), (3, 'medication', NULL), (3, 'care_pathway', NULL),
  (4, 'medication', 'complete'), (4, 'care_pathway', 'partial'),
  (5, 'infectious', NULL),
  (6, 'medication', NULL), (6, 'care_pathway', NULL),
  (7, 'infectious', 'partial'), (7, 'medication', 'complete'),
  (8, 'infectious', 'none'), (8, 'medication', 'none'), (8, 'care_pathway', 'none'),
  (9, 'medication', 'partial'),
  (10, 'infectious', 'none'), (10, 'care_pathway', 'partial'),
  (11, 'infectious', 'partial'), (11, 'medication', 'partial'), (11, 'care_pathway', 'complete'),
  (12, 'care_pathway', 'complete'),
  (13, 'infectious', NULL),
  (14, 'medication', NULL);

-- The procedure so far (docs/rules.md#procedure); each row goes through the step trigger and capes,
-- which checks the case's whole history. until: the term fixed at the step (NULL: its default);
-- amount: the penalty envisaged or decided, at most its maximum (and a decided one at most the
-- envisaged one).
INSERT INTO case_step (case_id, seq, state, occurred_on, until, amount, note) VALUES
  (1, 1, 'notified',            '2016-08-10', NULL, NULL, 'risks notified: infectious, medication'),
  (2, 1, 'notified',            '2016-05-02', NULL, NULL, NULL),
  (2, 2, 'establishment_draft', '2016-05-30', NULL, NULL, 'draft sent by the establishment'),
  (3, 1, 'notified',            '2016-03-01', NULL, NULL, NULL),
  (3, 2, 'agency_draft',        '2016-04-15', NULL, NULL, 'no draft from the establishment within 30 days'),
  (4, 1, 'notified',            '2016-01-11', NULL, NULL, NULL),
  (4, 2, 'establishment_draft', '2016-02-08', NULL, NULL, NULL),
  (4, 3, 'signed',              '2016-03-01', NULL, NULL, 'four years after the CME opinion; lapses 2018-01-01'),
  (5, 1, 'notified',            '2016-02-01', NULL, NULL, NULL),
  (5, 2, 'establishment_draft', '2016-02-26', NULL, NULL, NULL),
  (5, 3, 'refused',             '2016-03-21', NULL, NULL, 'the establishment refused to sign'),
  (6, 1, 'notified',            '2015-12-01', NULL, NULL, NULL),
  (6, 2, 'agency_draft',        '2016-01-15', NULL, NULL, NULL),
  (6, 3, 'refused',             '2016-02-10', NULL, NULL, NULL),
  (6, 4, 'refusal_hearing',     '2016-03-01', NULL, NULL, 'invited to present observations within 30 days'),
  (6, 5, 'refusal_penalty',     '2016-04-05', NULL, '95000.00', 'motivated decision notified'),
  (7, 1, 'notified',            '2015-11-23', NULL, NULL, NULL),
  (7, 2, 'establishment_draft', '2015-12-15', NULL, NULL, NULL),
  (7, 3, 'signed',              '2016-01-08', '2019-01-07', NULL, 'signed for three years'),
  (7, 4, 'formal_notice',       '2016-07-01', '2016-12-31', NULL, 'yearly report: infectious-risk actions late'),
  (8, 1, 'notified',            '2015-11-30', NULL, NULL, NULL),
  (8, 2, 'establishment_draft', '2015-12-21', NULL, NULL, NULL),
  (8, 3, 'signed',              '2016-01-15', NULL, NULL, NULL),
  (8, 4, 'formal_notice',       '2016-02-01', '2016-08-01', NULL, 'six months to reduce the gaps'),
  (8, 5, 'penalty_proposed',    '2016-08-16', NULL, '400000.00', 'envisaged amount sent'),
  (9, 1, 'notified',            '2015-12-07', NULL, NULL, NULL),
  (9, 2, 'establishment_draft', '2016-01-05', NULL, NULL, NULL),
  (9, 3, 'signed',              '2016-01-29', NULL, NULL, NULL),
  (9, 4, 'formal_notice',       '2016-03-01', '2016-05-31', NULL, 'three months'),
  (9, 5, 'penalty_proposed',    '2016-06-01', NULL, '40000.00', NULL),
  (9, 6, 'observations_received', '2016-06-20', NULL, NULL, 'written observations received'),
  (10, 1, 'notified',           '2015-11-25', NULL, NULL, NULL),
  (10, 2, 'establishment_draft', '2015-12-18', NULL, NULL, NULL),
  (10, 3, 'signed',             '2016-01-04', NULL, NULL, NULL),
  (10, 4, 'formal_notice',      '2016-02-15', '2016-04-30', NULL, NULL),
  (10, 5, 'penalty_proposed',   '2016-05-02', NULL, '300000.00', NULL),
  (10, 6, 'penalty_decided',    '2016-06-10', NULL, '280000.00', 'no observations; decision after the 30 days'),
  (11, 1, 'notified',           '2015-12-01', NULL, NULL, NULL),
  (11, 2, 'establishment_draft', '2015-12-28', NULL, NULL, NULL),
  (11, 3, 'signed',             '2016-01-20', NULL, NULL, NULL),
  (11, 4, 'formal_notice',      '2016-02-10', '2016-03-31', NULL, NULL),
  (11, 5, 'penalty_proposed',   '2016-04-01', NULL, '190000.00', NULL),
  (11, 6, 'observations_received', '2016-04-20', NULL, NULL, NULL),
  (11, 7, 'penalty_decided',    '2016-05-10', NULL, '150000.00', 'lowered after the observations'),
  (11, 8, 'recovery_notified',  '2016-05-20', NULL, NULL, 'recovering fund told'),
  (12, 1, 'notified',           '2015-11-24', NULL, NULL, NULL),
  (12, 2, 'establishment_draft', '2015-12-10', NULL, NULL, NULL),
  (12, 3, 'signed',             '2015-12-22', '2016-06-22', NULL, 'signed for six months'),
  (12, 4, 'completed',          '2016-06-22', NULL, NULL, 'contract ran to its end'),
  (13, 1, 'notified',           '2016-01-04', NULL, NULL, NULL),
  (13, 2, 'establishment_draft', '2016-02-01', NULL, NULL, NULL),
  (13, 3, 'refused',            '2016-02-24', NULL, NULL, NULL),
  (13, 4, 'closed',             '2016-03-15', NULL, NULL, 'case closed without penalty'),
  (14, 1, 'notified',           '2016-06-01', NULL, NULL, NULL),
  (14, 2, 'establishment_draft', '2016-06-28', NULL, NULL, NULL),
  (14, 3, 'refused',            '2016-07-20', NULL, NULL, NULL),
  (14, 4, 'refusal_hearing',    '2016-08-16', '2016-09-15', NULL, 'a month to present observations');

.mode box
.print
.print 'Establishments (the calendar decides which days extend their deadlines):'
SELECT finess, name, calendar FROM establishment ORDER BY finess;

.print
.print 'Every case as of 2016-09-01: the deadline running after its last step, counted'
.print 'from its whole history (case_due); every contract lapses on 2018-01-01:'
SELECT d.case_id AS "case", d.finess, d.state, d.since, coalesce(d.due, '') AS due,
       CASE WHEN d.due < '2016-09-01' THEN 'YES' WHEN d.due IS NULL THEN '' ELSE 'no' END AS "late?"
  FROM case_due AS d
 ORDER BY d.case_id;

.print
.print 'Penalties: the maximum capes computes and the amount last envisaged or decided:'
-- The amounts as the register's views write them (case_max_penalty's *_text columns:
-- '153792.00', two decimals, the same text as PostgreSQL's), right-aligned by .width
-- (a negative width), so that their digits line up.
.width 0 0 -10 -10 0
SELECT p.case_id AS "case", p.basis,
       coalesce(p.maximum, '') AS "max EUR",
       CASE WHEN a.amount IS NULL THEN '' ELSE printf('%.2f', a.amount) END AS "amount EUR",
       CASE WHEN a.state IS NULL THEN '' WHEN a.state = 'penalty_proposed' THEN 'envisaged' ELSE 'decided' END
         AS "amount is"
  FROM (SELECT m.case_id,
               CASE WHEN m.refused THEN m.max_refusal_penalty_text ELSE m.max_penalty_text END AS maximum,
               CASE WHEN m.refused THEN 'refusal: 1 %'
                    WHEN m.max_rate IS NULL THEN 'degrees not assessed'
                    ELSE printf('%d/%d risks open: %.2f %%', m.open_risks, m.risks, m.max_rate * 100)
               END AS basis
          FROM (SELECT *,
                       -- refused and not signed since: the refusal penalty applies (R162-45-1 II)
                       EXISTS (SELECT 1 FROM case_step r WHERE r.case_id = mp.case_id AND r.state = 'refused'
                                  AND NOT EXISTS (SELECT 1 FROM case_step s WHERE s.case_id = mp.case_id
                                                     AND s.state = 'signed' AND s.seq > r.seq)) AS refused
                  FROM case_max_penalty AS mp) AS m) AS p
  LEFT JOIN case_step AS a
    ON a.case_id = p.case_id
   AND a.seq = (SELECT max(seq) FROM case_step WHERE case_id = p.case_id AND amount IS NOT NULL)
 ORDER BY p.case_id;
.width
.print "max: the R162-45-2 III table on the contract's risks, of the products of its"
.print 'last year of execution, or 1 % of the last closed fiscal year for a refusal to'
.print 'sign (R162-45-1 II), rounded down to the cent. The trigger refuses any amount'
.print 'above it, and a decided penalty above the one envisaged.'

.print
.print 'Deadlines that have run out on 2016-09-01 (the agency should act):'
SELECT d.case_id AS "case", d.state, d.since, d.due,
       CAST(julianday('2016-09-01') - julianday(d.due) AS INTEGER) AS "days late"
  FROM case_due AS d
 WHERE d.due < '2016-09-01'
 ORDER BY d.due;

.print
.print 'Histories the rules refuse (case_invalid_history; none when every step went'
.print 'through the trigger):'
SELECT count(*) AS "invalid histories" FROM case_invalid_history;
