-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- The case register on PostgreSQL (sql/register-pg.sql): tables, triggers, views.
-- Run by tests/register/run-pg in a database where capes lives in the schema capes (off
-- the search_path, to show the register does not need it there) and the register is
-- loaded. Expected messages and dates are written out by hand from docs/rules.md#deadlines and #procedure.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = public, pg_temp;   -- pgTAP's functions; capes and the register are qualified
SELECT * FROM no_plan();

-- ------------------------------------------------------------------ schema

SELECT has_table('capes_register', t, 'table capes_register.' || t)
  FROM unnest(ARRAY['establishment', 'case_file', 'case_risk', 'case_step']) AS t;
SELECT has_view('capes_register', v, 'view capes_register.' || v)
  FROM unnest(ARRAY['case_current', 'case_due', 'case_max_penalty', 'case_invalid_history']) AS v;
SELECT has_function('capes_register', 'case_overdue', ARRAY['date'], 'function capes_register.case_overdue(date)');
SELECT is(p.proconfig[1], 'search_path=pg_catalog, pg_temp',
          'trigger function ' || p.proname || ' runs with search_path = pg_catalog, pg_temp')
  FROM pg_catalog.pg_proc AS p
 WHERE p.pronamespace = 'capes_register'::regnamespace AND p.prorettype = 'trigger'::regtype
 ORDER BY p.proname;
SELECT is((SELECT count(DISTINCT d.objid)::int FROM pg_catalog.pg_depend AS d
            WHERE d.classid = 'pg_catalog.pg_proc'::regclass
              AND d.objid IN ('capes_register.check_history(bigint)'::regprocedure,
                              'capes_register.check_histories(bigint[])'::regprocedure,
                              'capes_register.check_amount(text, numeric, numeric, numeric)'::regprocedure,
                              'capes_register.states()'::regprocedure)
              AND d.refobjid IN (SELECT oid FROM pg_catalog.pg_proc
                                  WHERE pronamespace = 'capes'::regnamespace)),
          4, 'check_history, check_histories, check_amount and states are bound to capes'' own functions (BEGIN ATOMIC)');
SELECT is((SELECT prosecdef FROM pg_catalog.pg_proc WHERE oid = t::regprocedure),
          true, t || ', a step trigger, runs as the register''s owner (SECURITY DEFINER), its search_path pinned')
  FROM unnest(ARRAY['capes_register.case_step_insert()', 'capes_register.case_step_check()']) AS t;
SELECT is(array_agg(attname::text ORDER BY attnum), ARRAY['case_id', 'seq', 'state', 'occurred_on', 'note',
                                                         'recorded_at', 'until', 'amount'],
          'case_step: until and amount come last, as in a register migrated from 1.0')
  FROM pg_catalog.pg_attribute WHERE attrelid = 'capes_register.case_step'::regclass AND attnum > 0;
SELECT is(array_agg(attname::text ORDER BY attnum), ARRAY['case_id', 'finess', 'revenue_last_execution_year',
                                                         'revenue_last_closed_year'],
          'case_file: the two revenues, each named for its legal base')
  FROM pg_catalog.pg_attribute WHERE attrelid = 'capes_register.case_file'::regclass AND attnum > 0;

-- ------------------------------------------------------------ establishment

SELECT lives_ok($$INSERT INTO capes_register.establishment (finess, name, calendar) VALUES
                   ('750000011', 'Paris', 'fr'), ('2A0000011', 'Ajaccio', 'fr'),
                   ('2B0000011', 'Bastia', 'fr'), ('971000011', 'Pointe-à-Pitre', 'fr-guadeloupe'),
                   ('974000011', 'Saint-Denis', 'fr-reunion')$$,
                'establishment: FINESS 2A/2B and digits accepted');
SELECT lives_ok($$INSERT INTO capes_register.establishment (finess, name) VALUES ('690000011', 'Lyon')$$,
                'establishment: calendar may be left out');
SELECT is((SELECT calendar FROM capes_register.establishment WHERE finess = '690000011'), 'fr',
          'establishment: calendar defaults to fr');
SELECT throws_ok(format($$INSERT INTO capes_register.establishment VALUES (%L, 'x', 'fr')$$, f), '23514',
                 'new row for relation "establishment" violates check constraint "finess_format"',
                 'establishment: FINESS ' || f || ' refused')
  FROM unnest(ARRAY['2C0000011', '75000001', '7500000111', '75000001X', 'A20000011', '2a0000011']) AS f;
SELECT throws_ok($$INSERT INTO capes_register.establishment VALUES ('750000029', 'x', 'fr-corse')$$, '22023',
                 'capes_is_working_day: calendar must be one of none, fr, fr-alsace-moselle, fr-guadeloupe, '
                 'fr-martinique, fr-guyane, fr-reunion, fr-mayotte (got ''fr-corse'')',
                 'establishment: unknown calendar refused by capes with its message');
SELECT throws_ok($$INSERT INTO capes_register.establishment VALUES ('750000029', 'x', 'FR')$$, '23514',
                 'new row for relation "establishment" violates check constraint "calendar_known"',
                 'establishment: calendar stored in capes'' lower-case code');

-- --------------------------------------------------------------- case_file

SELECT lives_ok($$INSERT INTO capes_register.case_file (case_id, finess, revenue_last_execution_year,
                                                          revenue_last_closed_year) VALUES
                   (901, '750000011', 182450000.00, 0), (902, '750000011', 0, 182450000.00),
                   (903, '750000011', NULL, NULL), (904, '750000011', 10000000000000.00, 10000000000000.00)$$,
                'case_file: revenues 182450000.00, 0, NULL, 10^13 accepted in both columns');
SELECT throws_ok(format($$INSERT INTO capes_register.case_file (finess, %I) VALUES ('750000011', 1.234)$$, c), '23514',
                 format('new row for relation "case_file" violates check constraint "%s_cents"', c),
                 'case_file: a ' || c || ' with a fraction of a cent refused')
  FROM unnest(ARRAY['revenue_last_execution_year', 'revenue_last_closed_year']) AS c;
SELECT throws_ok(format($$INSERT INTO capes_register.case_file (finess, %I) VALUES ('750000011', -5)$$, c), '22023',
                 'capes_refusal_penalty: revenue must be an amount from 0 to 10000000000000 (got ''-5'')',
                 'case_file: a negative ' || c || ' refused by capes')
  FROM unnest(ARRAY['revenue_last_execution_year', 'revenue_last_closed_year']) AS c;
SELECT throws_ok(format($$INSERT INTO capes_register.case_file (finess, %I)
                          VALUES ('750000011', 10000000000000.01)$$, c), '22003',
                 'capes_refusal_penalty: revenue must be an amount from 0 to 10000000000000 (got ''10000000000000.01'')',
                 'case_file: a ' || c || ' above 10^13 euros refused by capes')
  FROM unnest(ARRAY['revenue_last_execution_year', 'revenue_last_closed_year']) AS c;
SELECT throws_ok($$INSERT INTO capes_register.case_file (finess) VALUES ('750000099')$$, '23503', NULL,
                 'case_file: unknown establishment refused');

-- --------------------------------------------------------------- case_risk

SELECT lives_ok($$INSERT INTO capes_register.case_risk (case_id, risk, degree) VALUES
                   (901, 'infectious', 'none'), (901, 'medication', NULL), (901, 'care_pathway', 'complete')$$,
                'case_risk: the three risks, with a degree or none yet');
SELECT throws_ok($$INSERT INTO capes_register.case_risk VALUES (901, 'infectious', 'partial')$$, '23505', NULL,
                 'case_risk: a risk twice in one case refused (so at most three rows)');
SELECT throws_ok($$INSERT INTO capes_register.case_risk VALUES (902, 'infectieux', 'none')$$, '23514',
                 'new row for relation "case_risk" violates check constraint "risk_code"',
                 'case_risk: French alias refused, canonical codes only');
SELECT throws_ok($$INSERT INTO capes_register.case_risk VALUES (902, 'infectious', 'partiellement')$$, '23514',
                 'new row for relation "case_risk" violates check constraint "degree_code"',
                 'case_risk: degree alias refused, canonical codes only');

-- ------------------------------------------------------------------- paths

INSERT INTO capes_register.case_file (case_id, finess, revenue_last_execution_year) VALUES
  (1, '750000011', 1000000), (2, '750000011', 1000000), (3, '750000011', 1000000), (4, '750000011', 1000000);

-- signed, completed, closed: one INSERT per step
SELECT lives_ok(format($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on)
                         VALUES (1, %s, %L, %L)$$, n, s, d),
                'path signed-completed-closed: step ' || n || ' ' || s)
  FROM unnest(ARRAY['notified', 'establishment_draft', 'signed', 'completed', 'closed'],
              ARRAY['2016-01-04', '2016-01-25', '2016-02-15', '2020-02-15', '2020-03-01'])
       WITH ORDINALITY AS t(s, d, n)
 ORDER BY n;
-- refused, refusal penalty, recovery (notified 2016-03-01 in fr: the agency drafts from 04-01)
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES
                   (2, 1, 'notified', '2016-03-01'), (2, 2, 'agency_draft', '2016-04-01'),
                   (2, 3, 'refused', '2016-04-20'), (2, 4, 'refusal_hearing', '2016-04-25'),
                   (2, 5, 'refusal_penalty', '2016-06-01'),
                   (2, 6, 'recovery_notified', '2016-06-15'), (2, 7, 'closed', '2016-07-01')$$,
                'path accepted: refused, hearing, refusal penalty, recovery, closed (one multi-row INSERT)');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES
                   (3, 1, 'notified', '2015-11-22'), (3, 2, 'establishment_draft', '2015-12-21'),
                   (3, 3, 'signed', '2016-01-15'), (3, 4, 'formal_notice', '2016-06-01'),
                   (3, 5, 'penalty_proposed', '2017-06-02'), (3, 6, 'observations_received', '2017-06-20'),
                   (3, 7, 'penalty_decided', '2017-07-20'), (3, 8, 'recovery_notified', '2017-08-01'),
                   (3, 9, 'closed', '2017-08-15')$$,
                'path accepted: formal notice, penalty proposed, observations, decided, recovery, closed');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until) VALUES
                   (4, 1, 'notified', '2016-02-01', NULL), (4, 2, 'establishment_draft', '2016-02-10', NULL),
                   (4, 3, 'agency_draft', '2016-02-20', NULL), (4, 4, 'refused', '2016-03-01', NULL),
                   (4, 5, 'signed', '2016-03-10', '2019-03-09'), (4, 6, 'formal_notice', '2016-06-01', '2016-09-01'),
                   (4, 7, 'signed', '2016-09-15', NULL), (4, 8, 'formal_notice', '2016-10-03', '2016-12-01'),
                   (4, 9, 'penalty_proposed', '2016-12-02', NULL), (4, 10, 'signed', '2016-12-20', '2019-03-09'),
                   (4, 11, 'formal_notice', '2017-01-09', '2017-02-28'), (4, 12, 'penalty_proposed', '2017-03-01', NULL),
                   (4, 13, 'penalty_decided', '2017-04-03', NULL), (4, 14, 'recovery_notified', '2017-04-10', NULL),
                   (4, 15, 'signed', '2017-05-02', NULL)$$,
                'path accepted: drafts by both, refusal then signature for three years, gaps reduced, penalty '
                'dropped, penalty decided after 30 days, contract goes on');
SELECT results_eq($$SELECT case_id, seq, state, since FROM capes_register.case_current
                     WHERE case_id BETWEEN 1 AND 4 ORDER BY case_id$$,
                  $$VALUES (1::bigint, 5, 'closed', date '2020-03-01'), (2, 7, 'closed', '2016-07-01'),
                           (3, 9, 'closed', '2017-08-15'), (4, 15, 'signed', '2017-05-02')$$,
                  'case_current: the last step of each path');
SELECT is((SELECT due FROM capes_register.case_due WHERE case_id = 4), date '2017-12-31',
          'case_due after returns to signed: the contract''s end from its first signature, or its lapse');
SELECT is_empty($$SELECT * FROM capes_register.case_invalid_history$$,
                'case_invalid_history: empty when every step went through the trigger');

-- ----------------------------------------------------------------- refusals

INSERT INTO capes_register.case_file (case_id, finess) VALUES
  (10, '750000011'), (11, '750000011'), (12, '971000011'), (13, '750000011'), (14, '750000011'),
  (15, '750000011'), (16, '750000011');

SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (10, 1, 'signed', '2016-01-04')$$, '23514',
                 'capes_history_check: step 1 (signed on 2016-01-04): (none) -> signed refused: a case starts with notified (R162-45-1 I al. 1)',
                 'refused: a case that does not start with notified');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (10, 1, 'notified', '2015-11-21')$$, '23514',
                 'capes_history_check: step 1 (notified on 2015-11-21): (none) -> notified refused on 2015-11-21: '
                 'R162-45 to R162-45-2 apply from 2015-11-22 to 2017-04-08 (décret 2015-1511, décret 2017-500)',
                 'refused: a case notified the day before R162-45 came into force');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (10, 1, 'notified', '2017-04-09')$$, '23514',
                 'capes_history_check: step 1 (notified on 2017-04-09): (none) -> notified refused on 2017-04-09: '
                 'R162-45 to R162-45-2 apply from 2015-11-22 to 2017-04-08 (décret 2015-1511, décret 2017-500)',
                 'refused: a case notified the day after the repeal');
SELECT lives_ok($$INSERT INTO capes_register.case_step VALUES (11, 1, 'notified', '2017-04-08')$$,
                'accepted: a case notified on the last day in force');

-- guard 2 (fr: 1 May 2016 is a Sunday and a holiday, the establishment's 30 days end on 2 May)
INSERT INTO capes_register.case_step VALUES (10, 1, 'notified', '2016-04-01');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (10, 2, 'signed', '2016-04-15')$$, '23514',
                 'capes_history_check: step 2 (signed on 2016-04-15): notified -> signed refused: from notified the next steps are '
                 'establishment_draft, agency_draft (R162-45-1 I al. 1)',
                 'refused: a move the transition table does not have, with the next steps allowed');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (10, 2, 'agency_draft', '2016-05-02')$$, '23514',
                 'capes_history_check: step 2 (agency_draft on 2016-05-02): notified -> agency_draft refused before 2016-05-03: the establishment '
                 'has 30 days to propose a draft (R162-45-1 I)',
                 'refused: agency draft on the establishment''s last day (30 days end on Sunday 1 May, extended)');
SELECT lives_ok($$INSERT INTO capes_register.case_step VALUES (10, 2, 'agency_draft', '2016-05-03')$$,
                'accepted: agency draft on the first day after the establishment''s 30 days');

-- the same dates in two calendars: 27 May is a holiday in Guadeloupe only
INSERT INTO capes_register.case_step VALUES (12, 1, 'notified', '2016-04-27'), (13, 1, 'notified', '2016-04-27');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (12, 2, 'agency_draft', '2016-05-30')$$, '23514',
                 'capes_history_check: step 2 (agency_draft on 2016-05-30): notified -> agency_draft refused before 2016-05-31: the establishment '
                 'has 30 days to propose a draft (R162-45-1 I)',
                 'refused: the case''s calendar is used (fr-guadeloupe: 27 May is a holiday, 30 days end 30 May)');
SELECT lives_ok($$INSERT INTO capes_register.case_step VALUES (13, 2, 'agency_draft', '2016-05-28'),
                                                             (12, 2, 'agency_draft', '2016-05-31')$$,
                'accepted: agency draft from 2016-05-28 in fr, from 2016-05-31 in fr-guadeloupe');

-- guard 3 (14 July 2016 is a holiday: the 30 days for observations end on the 15th)
INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until) VALUES
  (14, 1, 'notified', '2016-01-04', NULL), (14, 2, 'establishment_draft', '2016-01-20', NULL),
  (14, 3, 'signed', '2016-02-01', NULL), (14, 4, 'formal_notice', '2016-03-01', '2016-06-13'),
  (14, 5, 'penalty_proposed', '2016-06-14', NULL);
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (14, 6, 'penalty_decided', '2016-07-15')$$, '23514',
                 'capes_history_check: step 6 (penalty_decided on 2016-07-15): penalty_proposed -> penalty_decided refused before 2016-07-16: the '
                 'establishment has 30 days to send its written observations (R162-45-2 III)',
                 'refused: penalty decided on the last day for observations (14 July extended to the 15th)');
SELECT lives_ok($$INSERT INTO capes_register.case_step VALUES (14, 6, 'penalty_decided', '2016-07-16')$$,
                'accepted: penalty decided on the first day after the 30 days for observations');

-- guard 1 and the end of the table
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (14, 7, 'recovery_notified', '2016-07-15')$$,
                 '23514',
                 'capes_history_check: step 7 (recovery_notified on 2016-07-15): penalty_decided -> recovery_notified refused on 2016-07-15: a step cannot '
                 'come before the previous one, of 2016-07-16 (R162-45-1 II, R162-45-2 III)',
                 'refused: a step dated before the previous one');
SELECT lives_ok($$INSERT INTO capes_register.case_step VALUES (14, 7, 'recovery_notified', '2016-07-16'),
                                                             (14, 8, 'closed', '2016-07-16')$$,
                'accepted: two steps on the same day as the previous one');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (14, 9, 'notified', '2016-08-01')$$, '23514',
                 'capes_history_check: step 9 (notified on 2016-08-01): closed -> notified refused: closed is a terminal state',
                 'refused: any step after closed');

-- register rules around the check
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (14, 8, 'signed', '2016-08-01')$$, '23514',
                 'case_step: seq must be the seq of the case''s last step + 1 (1 for its first step)',
                 'refused: a seq that repeats the case''s last one');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (14, 10, 'signed', '2016-08-01')$$, '23514',
                 'case_step: seq must be the seq of the case''s last step + 1 (1 for its first step)',
                 'refused: a seq that skips a number');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (99, 1, 'notified', '2016-08-01')$$, '23503',
                 'case_step: no case_file row with this case_id',
                 'refused: a step for a case that does not exist');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (15, 1, NULL, '2016-01-04')$$, '23502',
                 'null value in column "state" of relation "case_step" violates not-null constraint',
                 'refused: NULL state (left to NOT NULL)');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (15, 1, 'notified', NULL)$$, '23502',
                 'null value in column "occurred_on" of relation "case_step" violates not-null constraint',
                 'refused: NULL date');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (15, NULL, 'notified', '2016-01-04')$$, '23502',
                 'null value in column "seq" of relation "case_step" violates not-null constraint',
                 'refused: NULL seq');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (15, 1, 'NOTIFIED', '2016-01-04')$$, '23514',
                 'case_step: state must be written as in capes_states (lower case, no spaces)',
                 'refused: a state capes reads but not in its canonical spelling');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (15, 1, 'notifié', '2016-01-04')$$, '22023',
                 'capes_history_check: state must be one of notified, establishment_draft, agency_draft, signed, '
                 'refused, refusal_hearing, refusal_penalty, formal_notice, penalty_proposed, observations_received, '
                 'penalty_decided, recovery_notified, completed, closed (got ''notifié'')',
                 'refused: an unknown state, with capes'' message');
SELECT is((SELECT count(*)::int FROM capes_register.case_step WHERE case_id = 15), 0,
          'no step of a refused INSERT was logged');

-- a refused multi-row INSERT leaves nothing behind
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES
                   (16, 1, 'notified', '2016-03-01'), (16, 2, 'establishment_draft', '2016-03-10'),
                   (16, 3, 'signed', '2016-03-20'), (16, 4, 'penalty_decided', '2016-04-01')$$, '23514',
                 'capes_history_check: step 4 (penalty_decided on 2016-04-01): signed -> penalty_decided refused: '
                 'from signed the next steps are '
                 'formal_notice, completed (R162-45-1 I al. 4)',
                 'refused: a multi-row INSERT whose last row breaks the rules');
SELECT is((SELECT count(*)::int FROM capes_register.case_step WHERE case_id = 16), 0,
          'nothing of the refused multi-row INSERT remains');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (14, 8, 'signed', '2016-07-16')
                   ON CONFLICT (case_id, seq) DO UPDATE SET note = 'x'$$, '23514',
                 'case_step: seq must be the seq of the case''s last step + 1 (1 for its first step)',
                 'refused: an upsert over a logged step');


-- ------------------------------------------------- terms and whole history

INSERT INTO capes_register.case_file (case_id, finess) VALUES (20, '750000011'), (21, '750000011'), (22, '750000011'),
  (23, '750000011');
INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES
  (20, 1, 'notified', '2016-01-04'), (20, 2, 'establishment_draft', '2016-01-20'),
  (21, 1, 'notified', '2016-01-04'), (21, 2, 'establishment_draft', '2016-01-20'), (21, 3, 'signed', '2016-02-01'),
  (22, 1, 'notified', '2017-03-20'), (22, 2, 'establishment_draft', '2017-04-10'),
  (23, 1, 'notified', '2016-01-04'), (23, 2, 'establishment_draft', '2016-01-20'), (23, 3, 'refused', '2016-02-10');
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until)
                   VALUES (20, 3, 'signed', '2016-02-01', '2020-02-02')$$, '23514',
                 'capes_history_check: step 3 (signed on 2016-02-01): establishment_draft -> signed refused: until '
                 '2020-02-02 must be at most four years after the signature, by 2020-02-01 (R162-45-1 I al. 4)',
                 'refused (term): a contract signed for four years and a day');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until)
                  VALUES (20, 3, 'signed', '2016-02-01', '2020-02-01'),
                         (20, 4, 'formal_notice', '2016-03-01', '2016-06-30')$$,
                'accepted: a contract signed for four years exactly, a formal notice with its delay');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (20, 5, 'penalty_proposed', '2016-06-30')$$, '23514',
                 'capes_history_check: step 5 (penalty_proposed on 2016-06-30): formal_notice -> penalty_proposed '
                 'refused before 2016-07-01: the penalty comes only at the end of the delay fixed in the formal '
                 'notice, 2016-06-30 (R162-45-2 II)',
                 'refused (guard 5): a penalty proposed on the last day of the delay fixed in the notice');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (21, 4, 'completed', '2017-12-30')$$, '23514',
                 'capes_history_check: step 4 (completed on 2017-12-30): signed -> completed refused before '
                 '2017-12-31: the contract runs until 2017-12-31 (décret 2017-584 art. 2)',
                 'refused (guard 9): completed before the lapse of a four-year contract');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (21, 4, 'formal_notice', '2018-01-02')$$, '23514',
                 'capes_history_check: step 4 (formal_notice on 2018-01-02): signed -> formal_notice refused on '
                 '2018-01-02: the CAPES lapsed on 2018-01-01, only completed and closed may follow (décret 2017-584 art. 2)',
                 'refused (guard 8): a step after the CAPES lapsed');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (22, 3, 'signed', '2017-04-23')$$, '23514',
                 'capes_history_check: step 3 (signed on 2017-04-23): establishment_draft -> signed refused on '
                 '2017-04-23: only contracts concluded by 2017-04-22 survive the end of the CAPES (décret 2017-584 art. 2)',
                 'refused (guard 7): a first signature on 2017-04-23');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (23, 4, 'refusal_penalty', '2016-04-01')$$, '23514',
                 'capes_history_check: step 4 (refusal_penalty on 2016-04-01): refused -> refusal_penalty refused: '
                 'from refused the next steps are signed, refusal_hearing, closed (R162-45-1 II)',
                 'refused: a refusal penalty without a hearing');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until)
                  VALUES (23, 4, 'refusal_hearing', '2016-02-15', '2016-03-15')$$, 'accepted: a hearing with its delay');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (23, 5, 'refusal_penalty', '2016-03-15')$$, '23514',
                 'capes_history_check: step 5 (refusal_penalty on 2016-03-15): refusal_hearing -> refusal_penalty '
                 'refused before 2016-03-16: the establishment may present its observations until 2016-03-15 (R162-45-1 II)',
                 'refused (guard 6): a refusal penalty on the last day given for observations');
SELECT is((SELECT due FROM capes_register.case_due WHERE case_id = 23), date '2016-03-15',
          'case_due at a hearing: the delay given (until)');

-- ------------------------------------------------------------------ amounts

-- 1 000 000.00 of the last year of execution, two risks open, partial: 0.33 %, at most 3300.00;
-- 2 000 000.00 of the last closed fiscal year: a refusal penalty of at most 20000.00
INSERT INTO capes_register.case_file (case_id, finess, revenue_last_execution_year, revenue_last_closed_year)
VALUES (30, '750000011', 1000000.00, 2000000.00), (31, '750000011', 1000000.00, 2000000.00),
       (32, '750000011', NULL, NULL);
INSERT INTO capes_register.case_risk VALUES (30, 'infectious', 'partial'), (30, 'medication', 'none'),
  (30, 'care_pathway', 'complete'), (32, 'infectious', 'none');
INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until) VALUES
  (30, 1, 'notified', '2016-01-04', NULL), (30, 2, 'establishment_draft', '2016-01-20', NULL),
  (30, 3, 'signed', '2016-02-01', NULL), (30, 4, 'formal_notice', '2016-03-01', '2016-05-31'),
  (31, 1, 'notified', '2016-01-04', NULL), (31, 2, 'establishment_draft', '2016-01-20', NULL),
  (31, 3, 'refused', '2016-02-10', NULL), (31, 4, 'refusal_hearing', '2016-02-15', NULL),
  (32, 1, 'notified', '2016-01-04', NULL), (32, 2, 'establishment_draft', '2016-01-20', NULL),
  (32, 3, 'refused', '2016-02-10', NULL), (32, 4, 'refusal_hearing', '2016-02-15', NULL);
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                   VALUES (30, 5, 'penalty_proposed', '2016-06-01', 3300.01)$$, '23514',
                 'capes_check_amount: penalty_proposed amount 3300.01 refused: it must be at most the maximum of the '
                 'table, 3300.00 (R162-45-2 III)',
                 'refused: an envisaged penalty a cent above the maximum of the table');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                  VALUES (30, 5, 'penalty_proposed', '2016-06-01', 3000.00)$$, 'accepted: an envisaged penalty under it');
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                   VALUES (30, 6, 'penalty_decided', '2016-07-04', 3300.01)$$, '23514',
                 'capes_check_amount: penalty_decided amount 3300.01 refused: it must be at most the maximum of the '
                 'table, 3300.00 (R162-45-2 III)',
                 'refused: a decided penalty above the maximum of the table');
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                   VALUES (30, 6, 'penalty_decided', '2016-07-04', 3000.01)$$, '23514',
                 'capes_check_amount: penalty_decided amount 3000.01 refused: it must be at most the envisaged amount '
                 'put to the establishment, 3000.00 (R162-45-2 III)',
                 'refused: a decided penalty above the envisaged one');
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                   VALUES (30, 6, 'penalty_decided', '2016-07-04', -1)$$, '23514',
                 'capes_check_amount: penalty_decided amount -1.00 refused: an amount is never negative (R162-45-2 III)',
                 'refused: a negative amount, by capes');
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                   VALUES (30, 6, 'penalty_decided', '2016-07-04', 10.001)$$, '23514',
                 'new row for relation "case_step" violates check constraint "amount_cents"',
                 'refused: an amount with a fraction of a cent');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                  VALUES (30, 6, 'penalty_decided', '2016-07-04', 3000.00)$$,
                'accepted: a decided penalty equal to the envisaged one');
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                   VALUES (30, 7, 'recovery_notified', '2016-07-10', 10)$$, '23514',
                 'new row for relation "case_step" violates check constraint "amount_only_for_penalties"',
                 'refused: an amount at a state that decides none');
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                   VALUES (31, 5, 'refusal_penalty', '2016-03-17', 20000.01)$$, '23514',
                 'capes_check_amount: refusal_penalty amount 20000.01 refused: it must be at most 1 % of the last '
                 'closed fiscal year''s products, 20000.00 (R162-45-1 II)',
                 'refused: a refusal penalty above 1 % of revenue_last_closed_year');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                  VALUES (31, 5, 'refusal_penalty', '2016-03-17', 20000.00)$$,
                'accepted: a refusal penalty of 1 % of revenue_last_closed_year (above 1 % of the other revenue)');
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
                   VALUES (32, 5, 'refusal_penalty', '2016-03-17', 1)$$, '23514',
                 'case_step: the amount''s maximum is unknown: set the case''s revenue_last_closed_year',
                 'refused: a refusal penalty while revenue_last_closed_year is unknown');
SELECT is((SELECT count(*)::int FROM capes_register.case_step WHERE amount IS NOT NULL), 3,
          'only the amounts within their caps were logged');

-- ------------------------------------------------ a role that logs steps

-- README, "The case register": the GRANTs a clerk needs to log steps, and no more.
CREATE ROLE capes_test_clerk NOLOGIN;
GRANT USAGE ON SCHEMA capes_register TO capes_test_clerk;
GRANT SELECT, INSERT ON capes_register.case_step TO capes_test_clerk;
GRANT SELECT ON capes_register.case_current, capes_register.case_due TO capes_test_clerk;
INSERT INTO capes_register.case_file (case_id, finess) VALUES (40, '750000011');
SET LOCAL ROLE capes_test_clerk;
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on)
                  SELECT 40, coalesce(max(seq), 0) + 1, 'notified', '2016-01-04'
                    FROM capes_register.case_step WHERE case_id = 40$$,
                'a clerk with USAGE, SELECT and INSERT on case_step logs a step (the trigger locks the case as owner)');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (40, 2, 'agency_draft', '2016-01-05')$$, '23514',
                 'capes_history_check: step 2 (agency_draft on 2016-01-05): notified -> agency_draft refused before '
                 '2016-02-04: the establishment has 30 days to propose a draft (R162-45-1 I)',
                 'a clerk''s step is checked like any other');
SELECT is((SELECT state FROM capes_register.case_due WHERE case_id = 40), 'notified', 'a clerk reads case_due');
SELECT throws_ok($$UPDATE capes_register.case_file SET revenue_last_closed_year = 1 WHERE case_id = 40$$, '42501',
                 NULL, 'a clerk cannot change a revenue (no UPDATE on case_file)');
SELECT throws_ok($$SELECT * FROM capes_register.case_file FOR UPDATE$$, '42501', NULL,
                 'a clerk cannot lock case rows himself');
SELECT throws_ok($$DELETE FROM capes_register.case_step WHERE case_id = 40$$, '42501', NULL,
                 'a clerk cannot delete steps (no DELETE privilege, and the log is append-only)');
RESET ROLE;

-- ------------------------------------------------------------- append-only

SELECT throws_ok($$UPDATE capes_register.case_step SET occurred_on = '2016-02-16' WHERE case_id = 1 AND seq = 3$$,
                 '23000', 'case_step: the log of steps is append-only: UPDATE refused (log a new step instead)',
                 'UPDATE of a logged step refused');
SELECT throws_ok($$UPDATE capes_register.case_step SET note = 'typo' WHERE case_id = 1$$,
                 '23000', 'case_step: the log of steps is append-only: UPDATE refused (log a new step instead)',
                 'UPDATE of a note refused too');
SELECT throws_ok($$DELETE FROM capes_register.case_step WHERE case_id = 1 AND seq = 5$$,
                 '23000', 'case_step: the log of steps is append-only: DELETE refused',
                 'DELETE of a logged step refused');
SELECT throws_ok($$TRUNCATE capes_register.case_step CASCADE$$,
                 '23000', 'case_step: the log of steps is append-only: TRUNCATE refused',
                 'TRUNCATE of the log refused');
SELECT throws_ok($$UPDATE capes_register.case_file SET finess = '971000011' WHERE case_id = 1$$,
                 '23000', 'case_file: a case with logged steps keeps its establishment',
                 'case_file: a case with steps cannot move to another establishment (and calendar)');
SELECT results_eq($$SELECT state, occurred_on FROM capes_register.case_step WHERE case_id = 1 ORDER BY seq$$,
                  $$VALUES ('notified', date '2016-01-04'), ('establishment_draft', '2016-01-25'),
                           ('signed', '2016-02-15'), ('completed', '2020-02-15'), ('closed', '2020-03-01')$$,
                  'the log is unchanged');

-- ------------------------------------------------------------------- views

INSERT INTO capes_register.case_file (case_id, finess, revenue_last_execution_year) VALUES
  (51, '750000011', 182450000.00), (52, '2A0000011', 46380250.50), (53, '750000011', 96120000.00),
  (54, '971000011', 26480900.80), (55, '974000011', 61007300.25), (56, '974000011', NULL),
  (57, '750000011', 1000.00);
INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until) VALUES
  (51, 1, 'notified', '2016-08-10', NULL),
  (52, 1, 'notified', '2016-05-02', NULL), (52, 2, 'establishment_draft', '2016-05-30', NULL),
  (53, 1, 'notified', '2016-01-11', NULL), (53, 2, 'establishment_draft', '2016-02-08', NULL), (53, 3, 'signed', '2016-03-01', NULL),
  (54, 1, 'notified', '2016-04-20', NULL), (54, 2, 'establishment_draft', '2016-05-10', NULL), (54, 3, 'signed', '2016-06-01', NULL),
  (54, 4, 'formal_notice', '2016-06-20', '2016-07-27'), (54, 5, 'penalty_proposed', '2016-07-28', NULL),
  (55, 1, 'notified', '2016-02-01', NULL), (55, 2, 'establishment_draft', '2016-02-26', NULL), (55, 3, 'refused', '2016-03-21', NULL),
  (56, 1, 'notified', '2016-11-20', NULL);
UPDATE capes_register.case_file SET revenue_last_closed_year = revenue_last_execution_year
 WHERE case_id BETWEEN 51 AND 57;
INSERT INTO capes_register.case_risk VALUES
  (53, 'medication', 'complete'), (53, 'care_pathway', 'partial'),
  (54, 'infectious', 'none'), (54, 'medication', 'none'), (54, 'care_pathway', 'none'),
  (55, 'infectious', 'partial'), (55, 'medication', 'partial'), (55, 'care_pathway', 'complete'),
  (52, 'infectious', NULL), (56, 'medication', 'none'), (51, 'infectious', 'complete');

SELECT results_eq($$SELECT case_id, finess, calendar, seq, state, since FROM capes_register.case_current
                     WHERE case_id BETWEEN 51 AND 57 ORDER BY case_id$$,
                  $$VALUES (51::bigint, '750000011', 'fr', 1, 'notified', date '2016-08-10'),
                           (52, '2A0000011', 'fr', 2, 'establishment_draft', '2016-05-30'),
                           (53, '750000011', 'fr', 3, 'signed', '2016-03-01'),
                           (54, '971000011', 'fr-guadeloupe', 5, 'penalty_proposed', '2016-07-28'),
                           (55, '974000011', 'fr-reunion', 3, 'refused', '2016-03-21'),
                           (56, '974000011', 'fr-reunion', 1, 'notified', '2016-11-20'),
                           (57, '750000011', 'fr', NULL, NULL, NULL)$$,
                  'case_current: each case''s last step (none yet for case 57)');
-- notified 08-10 + 30 = 09-09; draft 05-30 + 30 = 06-29; signed: 4 years, but the contract lapses on 2018-01-01
-- (décret 2017-584 art. 2), so 2017-12-31; observations 07-28 + 30 = 08-27,
-- a Saturday, so 08-29; Réunion: 20 December is a holiday, so 12-21
SELECT results_eq($$SELECT case_id, due FROM capes_register.case_due WHERE case_id BETWEEN 51 AND 57 ORDER BY case_id$$,
                  $$VALUES (51::bigint, date '2016-09-09'), (52, '2016-06-29'), (53, '2017-12-31'),
                           (54, '2016-08-29'), (55, NULL), (56, '2016-12-21'), (57, NULL)$$,
                  'case_due: the deadline running after each case''s history, in the case''s calendar');
SELECT results_eq($$SELECT case_id, due, as_of, overdue FROM capes_register.case_overdue('2016-09-01')
                     WHERE case_id BETWEEN 51 AND 57$$,
                  $$VALUES (51::bigint, date '2016-09-09', date '2016-09-01', false),
                           (52, '2016-06-29', '2016-09-01', true), (53, '2017-12-31', '2016-09-01', false),
                           (54, '2016-08-29', '2016-09-01', true), (55, NULL, '2016-09-01', false),
                           (56, '2016-12-21', '2016-09-01', false), (57, NULL, '2016-09-01', false)$$,
                  'case_overdue(2016-09-01): deadlines passed on that day');
SELECT is((SELECT overdue FROM capes_register.case_overdue('2016-08-29') WHERE case_id = 54), false,
          'case_overdue: not overdue on the due date itself');
SELECT is((SELECT overdue FROM capes_register.case_overdue('2016-08-30') WHERE case_id = 54), true,
          'case_overdue: overdue the day after');
SELECT results_eq($$SELECT case_id, risks::int, open_risks::int, max_rate, max_penalty, max_refusal_penalty
                      FROM capes_register.case_max_penalty WHERE case_id BETWEEN 51 AND 57 ORDER BY case_id$$,
                  $$VALUES (51::bigint, 1, 0, 0::numeric, 0::numeric, 1824500::numeric),
                           (52, 1, NULL, NULL, NULL, 463802.50),
                           (53, 2, 1, 0.0016, 153792.00, 961200.00),
                           (54, 3, 3, 0.01, 264809.00, 264809.00),
                           (55, 3, 2, 0.0033, 201324.09, 610073.00),
                           (56, 1, 1, 0.0033, NULL, NULL),
                           (57, 0, 0, NULL, NULL, 10.00)$$,
                  'case_max_penalty: contract rate and penalty (rounded down), refusal penalty');
-- the same as text, character for character what tests/register/test_register_sqlite.py expects from SQLite
SELECT results_eq($$SELECT case_id, max_rate_text, max_penalty_text, max_refusal_penalty_text
                      FROM capes_register.case_max_penalty WHERE case_id BETWEEN 51 AND 57 ORDER BY case_id$$,
                  $$VALUES (51::bigint, '0.0000', '0.00', '1824500.00'), (52, NULL, NULL, '463802.50'),
                           (53, '0.0016', '153792.00', '961200.00'), (54, '0.0100', '264809.00', '264809.00'),
                           (55, '0.0033', '201324.09', '610073.00'), (56, '0.0033', NULL, NULL),
                           (57, NULL, NULL, '10.00')$$,
                  'case_max_penalty: the rate with 4 decimals and the amounts with 2, as text');
INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, amount)
  VALUES (54, 6, 'penalty_decided', '2016-09-01', 264809);
SELECT results_eq($$SELECT case_id, amount, amount_text FROM capes_register.case_current
                     WHERE case_id IN (53, 54) ORDER BY case_id$$,
                  $$VALUES (53::bigint, NULL::numeric, NULL::text), (54, 264809, '264809.00')$$,
                  'case_current: the amount as given and as text with 2 decimals');

-- a history imported with the trigger off, checked by case_invalid_history
ALTER TABLE capes_register.case_step DISABLE TRIGGER USER;
INSERT INTO capes_register.case_file (case_id, finess) VALUES
  (60, '750000011'), (61, '750000011'), (62, '971000011'), (63, '750000011'), (64, '750000011'), (65, '750000011');
INSERT INTO capes_register.case_step VALUES
  -- inserted out of seq order: read in seq order, valid
  (60, 3, 'signed', '2016-02-10'), (60, 1, 'notified', '2016-01-04'), (60, 2, 'establishment_draft', '2016-01-20'),
  -- a move the table does not allow
  (61, 1, 'notified', '2016-01-04'), (61, 2, 'signed', '2016-01-10'), (61, 3, 'completed', '2016-02-10'),
  -- valid in fr, too early in fr-guadeloupe (27 May)
  (62, 1, 'notified', '2016-04-27'), (62, 2, 'agency_draft', '2016-05-30'),
  (63, 1, 'notified', '2016-04-27'), (63, 2, 'agency_draft', '2016-05-30'),
  -- dates in seq order going backwards: step 2 comes before step 1
  (64, 1, 'notified', '2016-03-01'), (64, 2, 'establishment_draft', '2016-02-01'),
  -- a case notified before the rules were in force
  (65, 1, 'notified', '2015-10-01');
ALTER TABLE capes_register.case_step ENABLE TRIGGER USER;
SELECT results_eq($$SELECT case_id, error FROM capes_register.case_invalid_history ORDER BY case_id$$,
                  $$VALUES
   (61::bigint, 'step 2 (signed on 2016-01-10): notified -> signed refused: from notified the next steps are '
                'establishment_draft, agency_draft (R162-45-1 I al. 1)'),
   (62, 'step 2 (agency_draft on 2016-05-30): notified -> agency_draft refused before 2016-05-31: the '
        'establishment has 30 days to propose a draft (R162-45-1 I)'),
   (64, 'step 2 (establishment_draft on 2016-02-01): notified -> establishment_draft refused on 2016-02-01: '
        'a step cannot come before the previous one, of 2016-03-01 (R162-45-1 I al. 2)'),
   (65, 'step 1 (notified on 2015-10-01): (none) -> notified refused on 2015-10-01: R162-45 to R162-45-2 '
        'apply from 2015-11-22 to 2017-04-08 (décret 2015-1511, décret 2017-500)')$$,
                  'case_invalid_history: the first bad step of each bad history, in seq order, in the case''s calendar');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (63, 3, 'completed', '2016-06-01')$$, '23514', NULL,
                 'the trigger is back on after the import');

-- A multi-row INSERT of several cases' histories: checked in one pass per case by the statement
-- trigger case_step_check, the first case refused named in the DETAIL, nothing of it kept.
CREATE FUNCTION pg_temp.detail_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
  EXECUTE q;
  RETURN '(no error)';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
  RETURN d;
END
$$;
INSERT INTO capes_register.case_file (case_id, finess, revenue_last_execution_year, revenue_last_closed_year)
VALUES (700, '750000011', NULL, NULL), (701, '971000011', NULL, NULL), (702, '750000011', NULL, NULL),
       (703, '750000011', 1000000.00, NULL);
INSERT INTO capes_register.case_risk VALUES (703, 'infectious', 'partial'), (703, 'medication', 'none');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES
                  (700, 1, 'notified', '2016-01-04'), (700, 2, 'establishment_draft', '2016-01-20'),
                  (700, 3, 'signed', '2016-02-10'),
                  (701, 1, 'notified', '2016-01-04'), (701, 2, 'establishment_draft', '2016-01-20')$$,
                'bulk load: two cases'' histories in one INSERT are accepted');
SELECT is((SELECT count(*)::int FROM capes_register.case_step WHERE case_id IN (700, 701)), 5,
          'bulk load: every step is logged');
SELECT throws_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES
                   (701, 3, 'signed', '2016-02-10'), (702, 1, 'notified', '2016-01-04'),
                   (702, 2, 'signed', '2016-01-10'), (702, 3, 'completed', '2016-02-10')$$, '23514',
                 'capes_history_check: step 2 (signed on 2016-01-10): notified -> signed refused: from notified the '
                 'next steps are establishment_draft, agency_draft (R162-45-1 I al. 1)',
                 'bulk load: a refused step of one case refuses the statement with capes'' message');
SELECT is(pg_temp.detail_of($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES
                              (701, 3, 'signed', '2016-02-10'), (702, 1, 'notified', '2016-01-04'),
                              (702, 2, 'signed', '2016-01-10')$$),
          'Article: R162-45-1 I al. 1. Case 702.', 'bulk load: the DETAIL names the case refused');
SELECT is((SELECT count(*)::int FROM capes_register.case_step WHERE case_id IN (701, 702)), 2,
          'bulk load: nothing of a refused statement remains, not even the valid case''s step');
SELECT is(pg_temp.detail_of($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES
                              (702, 1, 'notified', '2016-01-04'), (702, 3, 'establishment_draft', '2016-01-20')$$),
          'case 702: seq 3 given, 2 expected', 'bulk load: a gap in seq is refused at its row, naming the case');
SELECT is(pg_temp.detail_of($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES
                              (702, 1, 'notified', '2016-01-04'), (702, 2, 'Establishment_Draft', '2016-01-20')$$),
          'got ''Establishment_Draft''. Case 702, step 2.', 'bulk load: a state not written canonically names its case and step');
SELECT is(pg_temp.detail_of($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until, amount) VALUES
                              (703, 1, 'notified', '2016-01-04', NULL, NULL),
                              (703, 2, 'establishment_draft', '2016-01-20', NULL, NULL),
                              (703, 3, 'signed', '2016-02-01', NULL, NULL),
                              (703, 4, 'formal_notice', '2016-03-01', '2016-05-31', NULL),
                              (703, 5, 'penalty_proposed', '2016-06-01', NULL, 3000.00),
                              (703, 6, 'penalty_decided', '2016-07-04', NULL, 3000.01)$$),
          'Article: R162-45-2 III. Case 703, step 6.',
          'bulk load: a decided amount above the one envisaged earlier in the same statement names its case and step');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until, amount) VALUES
                  (703, 1, 'notified', '2016-01-04', NULL, NULL),
                  (703, 2, 'establishment_draft', '2016-01-20', NULL, NULL),
                  (703, 3, 'signed', '2016-02-01', NULL, NULL),
                  (703, 4, 'formal_notice', '2016-03-01', '2016-05-31', NULL),
                  (703, 5, 'penalty_proposed', '2016-06-01', NULL, 3000.00),
                  (703, 6, 'penalty_decided', '2016-07-04', NULL, 3000.00)$$,
                'bulk load: a whole history with its amounts is accepted');

SELECT * FROM finish();
ROLLBACK;
