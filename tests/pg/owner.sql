-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- pgTAP, run as a role that owns its database but is not a superuser (tests/pg/run):
-- the trusted extension installs, works, resists a search_path trap, and drops.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
BEGIN;
SELECT plan(14);

SELECT is((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false, 'runs as a role without superuser');
SELECT is((SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()), current_user::name,
          'the role owns the database');

-- Functions named like the extension's support functions, first in the search_path.
CREATE SCHEMA trap;
CREATE FUNCTION trap.capes_contract_merge(bigint, bigint) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint';
CREATE FUNCTION trap.capes_contract_rate_step(bigint, text, text) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint';
CREATE FUNCTION trap.capes_contract_rate_final(bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 42::numeric';
CREATE SCHEMA capes_s;
SET search_path = trap, public;

SELECT lives_ok('CREATE EXTENSION capes SCHEMA capes_s', 'the database owner creates the trusted extension');
SELECT is((SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'capes'), current_user::text,
          'the extension belongs to the database owner');
SELECT is((SELECT count(*)::int
           FROM pg_aggregate AS a JOIN pg_proc AS agg ON agg.oid = a.aggfnoid
           JOIN pg_proc AS f ON f.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn)
           WHERE agg.pronamespace = 'capes_s'::regnamespace AND f.pronamespace <> 'capes_s'::regnamespace), 0,
          'the aggregates use the extension''s own support functions, not the ones first in search_path');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'capes_s'::regnamespace),
          (SELECT count(*)::int FROM pg_depend WHERE classid = 'pg_proc'::regclass AND deptype = 'e'
              AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'capes')),
          'every function of the extension is in the schema asked for');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'capes_s'::regnamespace AND (prosecdef OR proconfig IS NOT NULL)), 0,
          'no function runs as definer or changes settings');
SELECT is((SELECT capes_s.capes_contract_rate(r, l) FROM (VALUES ('infectious', 'none'), ('medication', 'none')) AS v(r, l))::text,
          '0.0066', 'the rate aggregate works for the owner');
SELECT is((SELECT capes_s.capes_contract_penalty(r, l, 1000000) FROM (VALUES ('infectious', 'partial')) AS v(r, l))::text,
          '1600.00', 'the penalty aggregate works for the owner');
SELECT is(capes_s.capes_deadline('2016-04-29', 'observations')::text, '2016-05-30', 'scalar functions with defaults work');
SELECT results_eq($$SELECT kind FROM capes_s.capes_schedule('notified', '2016-01-04')$$,
                  $$VALUES ('establishment_draft'), ('agency_draft')$$, 'table functions work');
SELECT throws_ok($$SELECT capes_s.capes_check_transition('signed', 'notified', '2016-01-04', '2016-01-05')$$, '23514',
                 'capes_check_transition: signed -> notified refused: from signed the next steps are formal_notice, completed (R162-45-1 I al. 4)',
                 'errors reach the owner with their SQLSTATE');
SELECT lives_ok('DROP EXTENSION capes', 'the owner drops the extension');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'capes_s'::regnamespace), 0, 'nothing is left behind');

SELECT * FROM finish();
ROLLBACK;
