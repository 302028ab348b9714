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

-- Thirteen cases; revenue = the insurance products the penalties are computed on.
INSERT INTO case_file (case_id, finess, revenue) VALUES
  (1,  '750100018', '182450000.00'),
  (2,  '2A0000139', '46380250.50'),
  (3,  '971000215', '27915400.00'),
  (4,  '670780337', '96120000.00'),
  (5,  '974000441', '61007300.25'),
  (6,  '690781029', '12840000.00'),
  (7,  '750100018', '175300000.00'),
  (8,  '2A0000139', '44120000.00'),
  (9,  '971000215', '26480900.80'),
  (10, '670780337', '93450000.00'),
  (11, '974000441', '58930000.00'),
  (12, '690781029', '13105000.00'),
  (13, '690781029', '12990000.00');

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
  (13, 'infectious', NULL);

-- The procedure so far (docs/rules.md#procedure); each row goes through the step trigger and capes.
INSERT INTO case_step (case_id, seq, state, occurred_on, note) VALUES
  (1, 1, 'notified',            '2016-08-10', 'risks notified: infectious, medication'),
  (2, 1, 'notified',            '2016-05-02', NULL),
  (2, 2, 'establishment_draft', '2016-05-30', 'draft sent by the establishment'),
  (3, 1, 'notified',            '2016-03-01', NULL),
  (3, 2, 'agency_draft',        '2016-04-15', 'no draft from the establishment within 30 days'),
  (4, 1, 'notified',            '2016-01-11', NULL),
  (4, 2, 'establishment_draft', '2016-02-08', NULL),
  (4, 3, 'signed',              '2016-03-01', 'signed for four years after the CME opinion'),
  (5, 1, 'notified',            '2016-02-01', NULL),
  (5, 2, 'establishment_draft', '2016-02-26', NULL),
  (5, 3, 'refused',             '2016-03-21', 'the establishment refused to sign'),
  (6, 1, 'notified',            '2015-12-01', NULL),
  (6, 2, 'agency_draft',        '2016-01-15', NULL),
  (6, 3, 'refused',             '2016-02-10', NULL),
  (6, 4, 'refusal_penalty',     '2016-04-05', 'motivated decision notified'),
  (7, 1, 'notified',            '2015-11-23', NULL),
  (7, 2, 'establishment_draft', '2015-12-15', NULL),
  (7, 3, 'signed',              '2016-01-08', NULL),
  (7, 4, 'formal_notice',       '2016-07-01', 'yearly report: infectious-risk actions late'),
  (8, 1, 'notified',            '2015-11-30', NULL),
  (8, 2, 'establishment_draft', '2015-12-21', NULL),
  (8, 3, 'signed',              '2016-01-15', NULL),
  (8, 4, 'formal_notice',       '2016-02-01', 'six months to reduce the gaps'),
  (8, 5, 'penalty_proposed',    '2016-08-16', 'envisaged amount sent'),
  (9, 1, 'notified',            '2015-12-07', NULL),
  (9, 2, 'establishment_draft', '2016-01-05', NULL),
  (9, 3, 'signed',              '2016-01-29', NULL),
  (9, 4, 'formal_notice',       '2016-03-01', NULL),
  (9, 5, 'penalty_proposed',    '2016-06-01', NULL),
  (9, 6, 'observations_received', '2016-06-20', 'written observations received'),
  (10, 1, 'notified',           '2015-11-25', NULL),
  (10, 2, 'establishment_draft', '2015-12-18', NULL),
  (10, 3, 'signed',             '2016-01-04', NULL),
  (10, 4, 'formal_notice',      '2016-02-15', NULL),
  (10, 5, 'penalty_proposed',   '2016-05-02', NULL),
  (10, 6, 'penalty_decided',    '2016-06-10', 'no observations; decision after the 30 days'),
  (11, 1, 'notified',           '2015-12-01', NULL),
  (11, 2, 'establishment_draft', '2015-12-28', NULL),
  (11, 3, 'signed',             '2016-01-20', NULL),
  (11, 4, 'formal_notice',      '2016-02-10', NULL),
  (11, 5, 'penalty_proposed',   '2016-04-01', NULL),
  (11, 6, 'observations_received', '2016-04-20', NULL),
  (11, 7, 'penalty_decided',    '2016-05-10', NULL),
  (11, 8, 'recovery_notified',  '2016-05-20', 'recovering fund told'),
  (12, 1, 'notified',           '2015-11-24', NULL),
  (12, 2, 'establishment_draft', '2015-12-10', NULL),
  (12, 3, 'signed',             '2015-12-22', 'signed for six months'),
  (12, 4, 'completed',          '2016-06-22', 'contract ran to its end'),
  (13, 1, 'notified',           '2016-01-04', NULL),
  (13, 2, 'establishment_draft', '2016-02-01', NULL),
  (13, 3, 'refused',            '2016-02-24', NULL),
  (13, 4, 'closed',             '2016-03-15', 'case closed without penalty');

.mode box
.print
.print "Establishments (the calendar decides which days extend the establishment's deadlines):"
SELECT finess, name, calendar FROM establishment ORDER BY finess;

.print
.print 'Every case as of 2016-09-01 (deadline running in its state, maximum penalty):'
-- Money as "1,234,567.89": SQLite's printf groups thousands for integers only.
SELECT d.case_id AS "case",
       d.name AS establishment,
       d.state,
       d.since,
       coalesce(d.due, '') AS due,
       CASE WHEN d.due < '2016-09-01' THEN 'OVERDUE' WHEN d.due IS NULL THEN '' ELSE 'no' END AS overdue,
       CASE WHEN p.amount IS NULL THEN ''
            ELSE printf('%,d.%02d', CAST(p.amount AS INTEGER), CAST(round(p.amount * 100) AS INTEGER) % 100)
       END AS "max penalty EUR",
       p.basis
  FROM case_due AS d
  JOIN (SELECT m.case_id,
               CASE WHEN m.refused THEN m.max_refusal_penalty ELSE m.max_penalty END AS amount,
               CASE WHEN m.refused THEN 'refusal: 1 %'
                    WHEN m.max_rate IS NULL THEN 'degrees not assessed'
                    ELSE printf('%d/%d risks open: %.2f %%', m.open_risks, m.risks, m.max_rate * 100)
               END AS basis
          FROM (SELECT *,
                       -- refused and not signed since: the refusal penalty applies (R162-45-1 II)
                       EXISTS (SELECT 1 FROM case_step r WHERE r.case_id = mp.case_id AND r.state = 'refused'
                                  AND NOT EXISTS (SELECT 1 FROM case_step s WHERE s.case_id = mp.case_id
                                                     AND s.state = 'signed' AND s.seq > r.seq)) AS refused
                  FROM case_max_penalty AS mp) AS m) AS p ON p.case_id = d.case_id
 ORDER BY d.case_id;
.print "max penalty: the R162-45-2 III table on the contract's risks, or 1 % for a refusal to sign (R162-45-1 II),"
.print 'of the revenue on the case, rounded down to the cent.'

.print
.print 'Deadlines that have run out on 2016-09-01 (the agency should act):'
SELECT d.case_id AS "case", e.name AS establishment, d.state, d.since, d.due
  FROM case_due AS d JOIN establishment AS e ON e.finess = d.finess
 WHERE d.due < '2016-09-01'
 ORDER BY d.due;

.print
.print 'Histories the rules refuse (case_invalid_history; none when every step went through the trigger):'
SELECT count(*) AS "invalid histories" FROM case_invalid_history;
