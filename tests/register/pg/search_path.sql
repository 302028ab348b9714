-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- The register's triggers and views ignore the session's search_path: a schema that
-- shadows capes' functions and the register's tables changes nothing.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = public, pg_temp;
SELECT plan(6);

CREATE SCHEMA evil;
CREATE FUNCTION evil.capes_check_transition(text, text, date, date, text DEFAULT 'fr') RETURNS boolean
  LANGUAGE sql AS $$SELECT true$$;
CREATE FUNCTION evil.capes_due(text, date, text DEFAULT 'fr') RETURNS date
  LANGUAGE sql AS $$SELECT date '1999-12-31'$$;
CREATE FUNCTION evil.capes_states()
  RETURNS TABLE (state text, label_fr text, label_en text, article text, initial boolean, terminal boolean)
  LANGUAGE sql AS $$SELECT 'NOTIFIED', '', '', '', true, false$$;
CREATE FUNCTION evil.check_history(bigint) RETURNS boolean LANGUAGE sql AS $$SELECT true$$;
CREATE FUNCTION evil.check_histories(bigint[]) RETURNS boolean LANGUAGE sql AS $$SELECT true$$;
CREATE FUNCTION evil.states() RETURNS text[] LANGUAGE sql AS $$SELECT ARRAY['NOTIFIED']$$;
CREATE FUNCTION evil.check_amount(text, numeric, numeric, numeric) RETURNS boolean LANGUAGE sql AS $$SELECT true$$;
CREATE TABLE evil.case_step (LIKE capes_register.case_step);
CREATE TABLE evil.case_file (LIKE capes_register.case_file);

INSERT INTO capes_register.establishment VALUES ('750000011', 'Paris', 'fr');
INSERT INTO capes_register.case_file (case_id, finess) VALUES (1, '750000011');
SET LOCAL search_path = evil, capes_register, public, pg_temp;

SELECT lives_ok($$INSERT INTO capes_register.case_step VALUES (1, 1, 'notified', '2016-03-01')$$,
                'a valid step is accepted under a hostile search_path');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (1, 2, 'agency_draft', '2016-03-31')$$, '23514',
                 'capes_history_check: step 2 (agency_draft on 2016-03-31): notified -> agency_draft refused before '
                 '2016-04-01: the establishment has 30 days to propose a draft (R162-45-1 I)',
                 'an early agency draft is still refused by capes, not by a shadowing function');
SELECT throws_ok($$INSERT INTO capes_register.case_step VALUES (1, 2, 'NOTIFIED', '2016-03-31')$$, '23514', NULL,
                 'a shadowing capes_states() does not make a state canonical');
SELECT is((SELECT due FROM capes_register.case_due WHERE case_id = 1), date '2016-03-31',
          'case_due uses capes_due, not a shadowing function');
SELECT is((SELECT count(*)::int FROM evil.case_step), 0, 'nothing went to the shadowing table');
SELECT is((SELECT count(*)::int FROM capes_register.case_step), 1, 'the register holds the one valid step');

SELECT * FROM finish();
ROLLBACK;
