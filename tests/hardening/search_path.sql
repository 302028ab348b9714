-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- search_path safety of capes in PostgreSQL, run by tests/hardening/run-pg in a
-- fresh database of a throwaway cluster where capes is not installed yet.
--
-- A role without privileges, mallory, owns a schema evil that a careless DBA put first on
-- the search_path, before pg_catalog itself: functions with the names and argument types
-- of capes' functions and of its aggregates' support functions, aggregates named like
-- capes', functions the register uses (lower, btrim, round, now, numeric_out...), and
-- operators on the types capes and the register use (=, <>, <, +, ||, ~ on text, numeric,
-- date, bigint, integer). Every one of them writes its name into evil.calls when run.
-- With that path in force, the extension is created, the register (sql/register-pg.sql)
-- is loaded, and capes' functions (schema-qualified), its aggregates (serial and
-- parallel), the history aggregates and the register's triggers and views are used: each
-- gives the right answer, and evil.calls stays empty.
--
-- pgTAP itself is not search_path-safe (its functions compare with = and ||), so results
-- are taken under the hostile path into pg_temp.got and compared under a clean one.
-- (tests/register/pg/search_path.sql covers the register with capes' function names
-- shadowed behind pg_catalog; this file puts evil before pg_catalog and adds operators,
-- the extension's creation and the aggregates.)
\set ON_ERROR_STOP 1
\set QUIET 1
-- capes_version() must give the release of the file VERSION (run from the repository's root)
\set capes_release `cat VERSION`
\pset format unaligned
\pset tuples_only true
\pset pager off
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';

SELECT plan(84);

-- ------------------------------------------------------------ the hostile schema

CREATE ROLE mallory NOLOGIN;
CREATE SCHEMA evil AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA evil TO PUBLIC;
SET ROLE mallory;
CREATE TABLE evil.calls (fn text);
GRANT INSERT, SELECT ON evil.calls TO PUBLIC;

-- capes' functions, with its argument types, giving wrong answers
CREATE FUNCTION evil.capes_penalty_rate(integer, text) RETURNS numeric LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_penalty_rate'); SELECT 0.5 $$;
CREATE FUNCTION evil.capes_penalty(integer, text, numeric) RETURNS numeric LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_penalty'); SELECT 0.01 $$;
CREATE FUNCTION evil.capes_refusal_penalty(numeric) RETURNS numeric LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_refusal_penalty'); SELECT 0.01 $$;
CREATE FUNCTION evil.capes_deadline(date, text, text DEFAULT 'evil') RETURNS date LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_deadline'); SELECT date '1999-12-31' $$;
CREATE FUNCTION evil.capes_due(text, date, text DEFAULT 'evil') RETURNS date LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_due'); SELECT date '1999-12-31' $$;
CREATE FUNCTION evil.capes_schedule(text, date, text DEFAULT 'evil') RETURNS TABLE (kind text, due date, article text)
  LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('capes_schedule'); SELECT 'evil', date '1999-12-31', 'evil' $$;
CREATE FUNCTION evil.capes_transition_valid(text, text) RETURNS boolean LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_transition_valid'); SELECT true $$;
CREATE FUNCTION evil.capes_transition_error(text, text, date, date, text DEFAULT 'evil') RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_transition_error'); SELECT NULL::text $$;
CREATE FUNCTION evil.capes_check_transition(text, text, date, date, text DEFAULT 'evil') RETURNS boolean LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_check_transition'); SELECT true $$;
CREATE FUNCTION evil.capes_next_states(text) RETURNS TABLE (state text) LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_next_states'); SELECT 'closed' $$;
CREATE FUNCTION evil.capes_states()
  RETURNS TABLE (state text, label_fr text, label_en text, article text, initial boolean, terminal boolean)
  LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('capes_states'); SELECT 'NOTIFIED', '', '', '', true, false $$;
CREATE FUNCTION evil.capes_is_working_day(date, text DEFAULT 'evil') RETURNS boolean LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_is_working_day'); SELECT true $$;
CREATE FUNCTION evil.capes_holidays(integer, text DEFAULT 'evil') RETURNS TABLE (day date, name text) LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_holidays'); SELECT date '1999-12-31', 'evil' $$;
CREATE FUNCTION evil.capes_in_force(date) RETURNS boolean LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_in_force'); SELECT true $$;
CREATE FUNCTION evil.capes_label(text, text DEFAULT 'evil') RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_label'); SELECT 'evil' $$;
-- the 1.1 overloads and functions (sql/capes--1.0--1.1.sql)
CREATE FUNCTION evil.capes_due(text, date, text, date) RETURNS date LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_due'); SELECT date '1999-12-31' $$;
CREATE FUNCTION evil.capes_amount_error(text, numeric, numeric, numeric DEFAULT 0) RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_amount_error'); SELECT NULL::text $$;
CREATE FUNCTION evil.capes_check_amount(text, numeric, numeric, numeric DEFAULT 0) RETURNS boolean LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_check_amount'); SELECT false $$;
CREATE FUNCTION evil.capes_codes() RETURNS TABLE (vocabulary text, code text, label_fr text, label_en text, article text)
  LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('capes_codes'); SELECT 'evil', 'evil', '', '', '' $$;
CREATE FUNCTION evil.capes_version() RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_version'); SELECT '6.6.6' $$;

-- the aggregates' support functions (SQL functions cannot take internal: the history's
-- are shadowed by an aggregate of the same name instead), and the aggregates themselves
CREATE FUNCTION evil.capes_contract_rate_step(bigint, text, text) RETURNS bigint LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_contract_rate_step'); SELECT 0::bigint $$;
CREATE FUNCTION evil.capes_contract_penalty_step(bigint, text, text, numeric) RETURNS bigint LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_contract_penalty_step'); SELECT 0::bigint $$;
CREATE FUNCTION evil.capes_contract_merge(bigint, bigint) RETURNS bigint LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_contract_merge'); SELECT 0::bigint $$;
CREATE FUNCTION evil.capes_contract_rate_final(bigint) RETURNS numeric LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_contract_rate_final'); SELECT 0.5 $$;
CREATE FUNCTION evil.capes_contract_penalty_final(bigint) RETURNS numeric LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_contract_penalty_final'); SELECT 0.01 $$;
CREATE AGGREGATE evil.capes_contract_rate(text, text) (
  SFUNC = evil.capes_contract_rate_step, STYPE = bigint, FINALFUNC = evil.capes_contract_rate_final, INITCOND = '0');
CREATE AGGREGATE evil.capes_contract_penalty(text, text, numeric) (
  SFUNC = evil.capes_contract_penalty_step, STYPE = bigint, FINALFUNC = evil.capes_contract_penalty_final,
  INITCOND = '0');
CREATE FUNCTION evil.history_step(text, text, date) RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_history_error'); SELECT 'evil' $$;
CREATE FUNCTION evil.history_step(text, text, date, text) RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('capes_history_error'); SELECT 'evil' $$;
CREATE AGGREGATE evil.capes_history_error(text, date) (SFUNC = evil.history_step, STYPE = text);
CREATE AGGREGATE evil.capes_history_error(text, date, text) (SFUNC = evil.history_step, STYPE = text);
CREATE AGGREGATE evil.capes_history_check(text, date) (SFUNC = evil.history_step, STYPE = text);
CREATE AGGREGATE evil.capes_history_due(text, date) (SFUNC = evil.history_step, STYPE = text);

-- what the register and the extension script could call by name
CREATE FUNCTION evil.lower(text) RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('lower'); SELECT $1 $$;
CREATE FUNCTION evil.btrim(text) RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('btrim'); SELECT $1 $$;
CREATE FUNCTION evil.round(numeric, integer) RETURNS numeric LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('round'); SELECT $1 $$;
CREATE FUNCTION evil.now() RETURNS timestamptz LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('now'); SELECT timestamptz '1999-12-31 00:00+00' $$;
CREATE FUNCTION evil.format(text, VARIADIC text[]) RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('format'); SELECT 'evil' $$;
CREATE FUNCTION evil.numeric_out(numeric) RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('numeric_out'); SELECT '0' $$;
CREATE FUNCTION evil.text(numeric) RETURNS text LANGUAGE sql
  AS $$ INSERT INTO evil.calls VALUES ('text'); SELECT '0' $$;

-- operators on the types capes and the register use
CREATE FUNCTION evil.yes(text, text) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('= text'); SELECT true $$;
CREATE FUNCTION evil.no(text, text) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('<> text'); SELECT false $$;
CREATE FUNCTION evil.cat(text, text) RETURNS text LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('|| text'); SELECT 'evil' $$;
CREATE FUNCTION evil.yes(numeric, numeric) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('= numeric'); SELECT true $$;
CREATE FUNCTION evil.plus(numeric, numeric) RETURNS numeric LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('+ numeric'); SELECT 0::numeric $$;
CREATE FUNCTION evil.yes(date, date) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('= date'); SELECT true $$;
CREATE FUNCTION evil.plus(date, integer) RETURNS date LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('+ date'); SELECT date '1999-12-31' $$;
CREATE FUNCTION evil.yes(bigint, bigint) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('= bigint'); SELECT true $$;
CREATE FUNCTION evil.plus(bigint, bigint) RETURNS bigint LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('+ bigint'); SELECT 0::bigint $$;
CREATE FUNCTION evil.yes(integer, integer) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('= integer'); SELECT true $$;
CREATE FUNCTION evil.no(integer, integer) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('<> integer'); SELECT false $$;
CREATE FUNCTION evil.plus(integer, integer) RETURNS integer LANGUAGE sql AS $$ INSERT INTO evil.calls VALUES ('+ integer'); SELECT 0 $$;
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.yes);
CREATE OPERATOR evil.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.no);
CREATE OPERATOR evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.cat);
CREATE OPERATOR evil.~ (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.yes);
CREATE OPERATOR evil.= (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = evil.yes);
CREATE OPERATOR evil.+ (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = evil.plus);
CREATE OPERATOR evil.= (LEFTARG = date, RIGHTARG = date, FUNCTION = evil.yes);
CREATE OPERATOR evil.< (LEFTARG = date, RIGHTARG = date, FUNCTION = evil.yes);
CREATE OPERATOR evil.+ (LEFTARG = date, RIGHTARG = integer, FUNCTION = evil.plus);
CREATE OPERATOR evil.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.yes);
CREATE OPERATOR evil.+ (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.plus);
CREATE OPERATOR evil.= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.yes);
CREATE OPERATOR evil.<> (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.no);
CREATE OPERATOR evil.+ (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.plus);
RESET ROLE;
SELECT count(*) AS evil_functions FROM pg_proc WHERE pronamespace = 'evil'::regnamespace \gset

-- Results taken under the hostile path, compared under a clean one. Under the hostile
-- path this file itself uses no operator and no unqualified function that evil shadows
-- (concat_ws, string_agg, count are not shadowed).
CREATE TEMP TABLE got (k text PRIMARY KEY, v text, state text, msg text);
\set hostile 'SET search_path = evil, pg_catalog, public'
\set clean 'SET search_path = public, pg_catalog'

-- The attack is live: unqualified names and operators now reach evil.
:hostile;
INSERT INTO pg_temp.got VALUES ('live penalty', (capes_penalty(2, 'partial', 1000000))::text),
                               ('live operator', ('a'::text = 'b'::text)::text);
:clean;
SELECT is(v, '0.01', 'the attack is live: an unqualified capes_penalty before CREATE EXTENSION is evil''s')
  FROM pg_temp.got WHERE k = 'live penalty';
SELECT is(v, 'true', 'the attack is live: ''a'' = ''b'' is evil''s = (text, text)') FROM pg_temp.got WHERE k = 'live operator';
DELETE FROM evil.calls;

-- ------------------------------------------------------------ CREATE EXTENSION

:hostile;
-- A plain CREATE EXTENSION goes to the first schema of the path, evil, where mallory's
-- functions already hold capes' names: PostgreSQL refuses (42723) and nothing is left.
DO $$
BEGIN
  CREATE EXTENSION capes;
  INSERT INTO pg_temp.got VALUES ('plain create', 'created', NULL, NULL);
EXCEPTION WHEN OTHERS THEN
  INSERT INTO pg_temp.got VALUES ('plain create', NULL, SQLSTATE, SQLERRM);
END
$$;
CREATE SCHEMA capes;
CREATE EXTENSION capes SCHEMA capes;
:clean;
SELECT is(state, '42723', 'CREATE EXTENSION capes with evil first on the path (its target) refuses to join mallory''s functions')
  FROM pg_temp.got WHERE k = 'plain create';
SELECT is((SELECT n.nspname::text FROM pg_extension AS x JOIN pg_namespace AS n ON n.oid = x.extnamespace
            WHERE x.extname = 'capes'), 'capes',
          'CREATE EXTENSION capes SCHEMA capes under the hostile path: the extension is in capes');
SELECT is((SELECT count(*)::int FROM pg_depend AS d JOIN pg_proc AS p ON p.oid = d.objid
            WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
              AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'capes')
              AND p.pronamespace = 'capes'::regnamespace), 82,
          'its 82 functions (with the 1.1 overloads of a count or a year) and aggregates are members of the extension, in capes');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'evil'::regnamespace), :evil_functions,
          'evil has only its own functions and aggregates: the extension added none there');
SELECT is((SELECT count(*)::int
           FROM pg_aggregate AS a JOIN pg_proc AS agg ON agg.oid = a.aggfnoid
           JOIN pg_proc AS f ON f.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn)
           WHERE agg.pronamespace = 'capes'::regnamespace AND f.pronamespace <> 'capes'::regnamespace), 0,
          'every support function of capes'' aggregates is capes'' own');
SELECT is((SELECT string_agg(agg.proname || ':' || a.aggtransfn::regproc::text || ',' || a.aggfinalfn::regproc::text
                             || ',' || a.aggcombinefn::regproc::text || ',' || coalesce(a.agginitval, 'NULL'),
                             ' ' ORDER BY agg.proname)
           FROM pg_aggregate AS a JOIN pg_proc AS agg ON agg.oid = a.aggfnoid
           WHERE agg.pronamespace = 'capes'::regnamespace AND agg.proname LIKE 'capes_contract%'),
          'capes_contract_penalty:capes.capes_contract_penalty_step,capes.capes_contract_penalty_final,capes.capes_contract_merge,0 '
          'capes_contract_rate:capes.capes_contract_rate_step,capes.capes_contract_rate_final,capes.capes_contract_merge,0',
          'the contract aggregates: capes'' step, final and combine functions, initial state 0');
SELECT is((SELECT count(*)::int FROM pg_depend AS d
            WHERE d.refobjid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'evil'::regnamespace
                                 UNION ALL SELECT oid FROM pg_operator WHERE oprnamespace = 'evil'::regnamespace)
              AND d.classid = 'pg_proc'::regclass
              AND d.objid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'capes'::regnamespace)), 0,
          'no object of capes depends on an object of evil');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'capes'::regnamespace
            AND prokind <> 'a' AND prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c')), 0,
          'every capes function is in C: nothing of it is looked up by name when it runs');
SELECT is((SELECT string_agg(DISTINCT pg_get_expr(proargdefaults, 0), ',') FROM pg_proc
            WHERE pronamespace = 'capes'::regnamespace AND proargdefaults IS NOT NULL), '''fr''::text',
          'every argument default is the constant ''fr'', not evil''s');
SELECT is((SELECT count(*)::int FROM evil.calls), 0, 'creating the extension ran none of evil''s functions');

-- ------------------------------------------------------------ the register, loaded under the hostile path
:hostile;
\i sql/register-pg.sql
:clean;
SELECT is((SELECT count(*)::int FROM evil.calls), 0, 'loading sql/register-pg.sql ran none of evil''s functions');
SELECT is((SELECT count(*)::int FROM pg_depend AS d, pg_identify_object(d.classid, d.objid, d.objsubid) AS o
            WHERE d.refobjid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'evil'::regnamespace
                                 UNION ALL SELECT oid FROM pg_operator WHERE oprnamespace = 'evil'::regnamespace)
              AND (o.schema = 'capes_register' OR o.identity LIKE '%capes_register.%')), 0,
          'no object of the register (constraint, view, function) is bound to evil');
SELECT cmp_ok((SELECT count(*)::int FROM pg_depend AS d, pg_identify_object(d.classid, d.objid, d.objsubid) AS o
                WHERE d.refobjid = 'capes.capes_history_check(text, date, text, date)'::regprocedure
                  AND o.identity LIKE '%capes_register.%'), '>', 0,
              'the register is bound to capes.capes_history_check (the query above would see evil''s)');

-- ------------------------------------------------------------ capes' functions, schema-qualified
:hostile;
INSERT INTO pg_temp.got (k, v) VALUES
  ('penalty_rate', (capes.capes_penalty_rate(3, 'none'))::text),
  ('penalty', (capes.capes_penalty(2, 'partial', 1000000))::text),
  ('refusal_penalty', (capes.capes_refusal_penalty(1234567.89))::text),
  ('deadline default', (capes.capes_deadline('2016-04-29', 'observations'))::text),
  ('deadline none', (capes.capes_deadline('2016-04-29', 'observations', 'none'))::text),
  ('due', (capes.capes_due('notified', '2016-03-01'))::text),
  ('due until', (capes.capes_due('signed', '2016-03-01', 'fr', '2016-12-31'))::text),
  ('due closed', coalesce((capes.capes_due('closed', '2016-03-01'))::text, 'NULL')),
  ('transition_valid', (capes.capes_transition_valid('notified', 'signed'))::text),
  ('transition_valid new', (capes.capes_transition_valid(NULL, 'notified'))::text),
  ('transition_error', capes.capes_transition_error('notified', 'agency_draft', '2016-01-04', '2016-01-20')),
  ('check_transition', (capes.capes_check_transition('notified', 'establishment_draft', '2016-01-04', '2016-01-20'))::text),
  ('is_working_day', (capes.capes_is_working_day('2016-05-16'))::text),
  ('is_working_day alsace', (capes.capes_is_working_day('2016-03-25', 'fr-alsace-moselle'))::text),
  ('in_force', (capes.capes_in_force('2017-04-07'))::text),
  ('in_force last day', (capes.capes_in_force('2017-04-08'))::text),
  ('in_force after', (capes.capes_in_force('2017-04-09'))::text),
  ('check_amount', (capes.capes_check_amount('penalty_decided', 1000, 2000))::text),
  ('amount_error', capes.capes_amount_error('penalty_decided', 1500, 2000, 1000)),
  ('codes', (SELECT count(*)::text FROM capes.capes_codes())),
  ('label', capes.capes_label('partial')),
  ('label en', capes.capes_label(' PARTIELLEMENT ', 'en')),
  ('version', capes.capes_version()),
  ('next_states', (SELECT string_agg(state, ',' ORDER BY o) FROM capes.capes_next_states('notified') WITH ORDINALITY AS t(state, o))),
  ('next_states new', (SELECT string_agg(state, ',') FROM capes.capes_next_states(NULL))),
  ('schedule', (SELECT string_agg(concat_ws('|', kind, due, article), ';' ORDER BY o)
                FROM capes.capes_schedule('notified', '2016-01-04') WITH ORDINALITY AS t(kind, due, article, o))),
  ('holidays', (SELECT count(*)::text FROM capes.capes_holidays(2016))),
  ('holidays mayotte', (SELECT string_agg(concat_ws('|', day, name), ';' ORDER BY o)
                        FROM capes.capes_holidays(2016, 'fr-mayotte') WITH ORDINALITY AS t(day, name, o)
                        WHERE name LIKE 'Abolition%')),
  ('states', (SELECT string_agg(state, ',' ORDER BY o) FROM capes.capes_states() WITH ORDINALITY AS t(state, label_fr, label_en, article, initial, terminal, o)
              WHERE initial OR terminal)),
  ('sources', (SELECT (count(*) > 20)::text FROM capes.capes_sources())),
  ('interpretations', (SELECT (count(*) > 15)::text FROM capes.capes_interpretations()));
DO $$
BEGIN
  PERFORM capes.capes_check_transition('signed', 'notified', '2016-01-04', '2016-01-05');
  INSERT INTO pg_temp.got VALUES ('check_transition refused', 'no error', NULL, NULL);
EXCEPTION WHEN OTHERS THEN
  INSERT INTO pg_temp.got VALUES ('check_transition refused', NULL, SQLSTATE, SQLERRM);
END
$$;
DO $$
BEGIN
  PERFORM capes.capes_penalty(4, 'none', 1000000);
  INSERT INTO pg_temp.got VALUES ('penalty refused', 'no error', NULL, NULL);
EXCEPTION WHEN OTHERS THEN
  INSERT INTO pg_temp.got VALUES ('penalty refused', NULL, SQLSTATE, SQLERRM);
END
$$;
:clean;
SELECT is(v, want, 'hostile path: capes.' || k) FROM pg_temp.got JOIN (VALUES
  ('penalty_rate', '0.0100'),
  ('penalty', '3300.00'),
  ('refusal_penalty', '12345.67'),
  ('deadline default', '2016-05-30'),
  ('deadline none', '2016-05-29'),
  ('due', '2016-03-31'),
  ('due until', '2016-12-31'),
  ('due closed', 'NULL'),
  ('transition_valid', 'false'),
  ('transition_valid new', 'true'),
  ('transition_error', 'notified -> agency_draft refused before 2016-02-04: the establishment has 30 days to propose a draft (R162-45-1 I)'),
  ('check_transition', 'true'),
  ('is_working_day', 'false'),
  ('is_working_day alsace', 'false'),
  ('in_force', 'true'),
  ('in_force last day', 'true'),
  ('in_force after', 'false'),
  ('check_amount', 'true'),
  ('amount_error', 'penalty_decided amount 1500.00 refused: it must be at most the envisaged amount put to the establishment, 1000.00 (R162-45-2 III)'),
  ('codes', '38'),
  ('label', 'Partiellement mises en œuvre'),
  ('label en', 'Partially implemented'),
  ('version', :'capes_release'),
  ('next_states', 'establishment_draft,agency_draft'),
  ('next_states new', 'notified'),
  ('schedule', 'establishment_draft|2016-02-03|R162-45-1 I al. 2;agency_draft|2016-03-04|R162-45-1 I al. 3'),
  ('holidays', '11'),
  ('holidays mayotte', '2016-04-27|Abolition de l''esclavage'),
  ('states', 'notified,closed'),
  ('sources', 'true'),
  ('interpretations', 'true')) AS w(k, want) USING (k)
 ORDER BY k;
SELECT is(state || ' ' || msg,
          '23514 capes_check_transition: signed -> notified refused: from signed the next steps are formal_notice, completed (R162-45-1 I al. 4)',
          'hostile path: capes.capes_check_transition raises its own 23514')
  FROM pg_temp.got WHERE k = 'check_transition refused';
SELECT is(state || ' ' || msg, '22023 capes_penalty: risks must be a number of risks from 0 to 3 (got 4)',
          'hostile path: capes.capes_penalty raises its own 22023') FROM pg_temp.got WHERE k = 'penalty refused';
SELECT is((SELECT count(*)::int FROM evil.calls), 0, 'capes'' functions ran none of evil''s');

-- ------------------------------------------------------------ the aggregates, serial and parallel

-- 3000 contracts of one to three risks, rows of one contract far apart; a few NULL levels.
CREATE TABLE public.sp_rows AS
SELECT c AS contract, r.risk,
       CASE WHEN c % 101 = 0 AND r.k = 1 THEN NULL
            ELSE (ARRAY['none', 'partial', 'complete', 'Partiellement', ' NONE '])[1 + (c * 7 + r.k * 13) % 5] END AS level,
       round((c::bigint * 2654435761 % 1000000000000) / 100.0, 2) AS revenue
FROM generate_series(1, 3000) AS c
CROSS JOIN LATERAL unnest(ARRAY['infectious', 'medication', 'care_pathway']) WITH ORDINALITY AS r(risk, k)
WHERE r.k = 1 + c % 3 OR (c * 31 + r.k) % 3 = 0
ORDER BY r.k, c;
ALTER TABLE public.sp_rows ALTER COLUMN contract SET (n_distinct = 100);
ANALYZE public.sp_rows;
-- two cases' steps, one table each: a WHERE would use = (integer, integer), evil's
CREATE TABLE public.sp_steps_valid (seq int, state text, occurred_on date);
INSERT INTO public.sp_steps_valid VALUES (3, 'signed', '2016-02-10'), (1, 'notified', '2016-01-04'),
                                         (2, 'establishment_draft', '2016-01-20');
CREATE TABLE public.sp_steps_invalid (seq int, state text, occurred_on date);
INSERT INTO public.sp_steps_invalid VALUES (2, 'agency_draft', '2016-01-20'), (1, 'notified', '2016-01-04');

-- the reference: a clean path and no parallel plan
SET max_parallel_workers_per_gather = 0;
SELECT md5(string_agg(contract || '=' || coalesce(r::text, 'NULL') || '/' || coalesce(p::text, 'NULL'), ',' ORDER BY contract))
       AS serial_md5
  FROM (SELECT contract, capes.capes_contract_rate(risk, level) AS r, capes.capes_contract_penalty(risk, level, revenue) AS p
          FROM public.sp_rows GROUP BY contract) AS s \gset

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE TEMP TABLE plan_lines (line text);
:hostile;
DO $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT contract, capes.capes_contract_rate(risk, level), '
                      'capes.capes_contract_penalty(risk, level, revenue) FROM public.sp_rows GROUP BY contract' LOOP
    INSERT INTO pg_temp.plan_lines VALUES (line);
  END LOOP;
END
$$;
-- the digest is computed under the clean path from rows taken under the hostile one
CREATE TEMP TABLE agg_hostile AS
SELECT contract, capes.capes_contract_rate(risk, level) AS r, capes.capes_contract_penalty(risk, level, revenue) AS p
  FROM public.sp_rows GROUP BY contract;
INSERT INTO pg_temp.got (k, v) VALUES
  ('rate two none', (SELECT (capes.capes_contract_rate(r, l))::text FROM (VALUES ('infectious', 'none'), ('medication', 'none')) AS v(r, l))),
  ('penalty one partial', (SELECT (capes.capes_contract_penalty(r, l, 1000000))::text FROM (VALUES ('infectieux', 'partial')) AS v(r, l))),
  ('history valid', coalesce((SELECT capes.capes_history_error(state, occurred_on ORDER BY occurred_on, seq) FROM public.sp_steps_valid), 'NULL')),
  ('history invalid', (SELECT capes.capes_history_error(state, occurred_on, 'fr' ORDER BY occurred_on, seq) FROM public.sp_steps_invalid)),
  ('history check', (SELECT (capes.capes_history_check(state, occurred_on ORDER BY occurred_on, seq))::text FROM public.sp_steps_valid)),
  ('history due', (SELECT (capes.capes_history_due(state, occurred_on ORDER BY occurred_on, seq))::text FROM public.sp_steps_valid));
DO $$
BEGIN
  PERFORM capes.capes_contract_rate(r, l) FROM (VALUES ('infectious', 'none'), ('infectieux', 'partial')) AS v(r, l);
  INSERT INTO pg_temp.got VALUES ('rate repeated', 'no error', NULL, NULL);
EXCEPTION WHEN OTHERS THEN
  INSERT INTO pg_temp.got VALUES ('rate repeated', NULL, SQLSTATE, SQLERRM);
END
$$;
:clean;
SET max_parallel_workers_per_gather = 0;
SELECT matches((SELECT string_agg(line, E'\n') FROM pg_temp.plan_lines), 'Partial (Hash|Group)?Aggregate',
               'hostile path: the contract aggregates are planned as a partial (parallel) aggregate');
SELECT matches((SELECT string_agg(line, E'\n') FROM pg_temp.plan_lines), 'Workers Launched: [1-9]',
               'hostile path: parallel workers did run them (with the same search_path)');
SELECT is((SELECT md5(string_agg(contract || '=' || coalesce(r::text, 'NULL') || '/' || coalesce(p::text, 'NULL'), ',' ORDER BY contract))
             FROM pg_temp.agg_hostile), :'serial_md5',
          'hostile path, parallel: 3000 contracts give the same rates and penalties as the clean serial run');
SELECT is((SELECT count(*)::int FROM pg_temp.agg_hostile), 3000, 'hostile path: one row per contract');
SELECT is(v, want, 'hostile path: capes.' || k) FROM pg_temp.got JOIN (VALUES
  ('rate two none', '0.0066'),
  ('penalty one partial', '1600.00'),
  ('history valid', 'NULL'),
  ('history check', 'true'),
  ('history due', '2017-12-31'),
  ('history invalid', 'step 2 (agency_draft on 2016-01-20): notified -> agency_draft refused before 2016-02-04: the establishment has 30 days to propose a draft (R162-45-1 I)')) AS w(k, want) USING (k)
 ORDER BY k;
SELECT is(state || ' ' || msg, '22023 capes_contract_rate: risk must be listed once per contract (got ''infectious'' twice)',
          'hostile path: a repeated risk is still capes'' error') FROM pg_temp.got WHERE k = 'rate repeated';
SELECT is((SELECT count(*)::int FROM evil.calls), 0, 'the aggregates, serial and parallel, ran none of evil''s functions');

-- ------------------------------------------------------------ the register's triggers and views
:hostile;
CREATE FUNCTION pg_temp.try(k text, statement text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE statement;
  INSERT INTO pg_temp.got VALUES (k, 'no error', NULL, NULL);
EXCEPTION WHEN OTHERS THEN
  INSERT INTO pg_temp.got VALUES (k, NULL, SQLSTATE, SQLERRM);
END
$$;
SELECT pg_temp.try('reg establishment', $$INSERT INTO capes_register.establishment VALUES ('750000011', 'Paris', 'fr')$$);
SELECT pg_temp.try('reg establishment FR', $$INSERT INTO capes_register.establishment VALUES ('750000012', 'Lyon', 'FR')$$);
SELECT pg_temp.try('reg establishment bad finess', $$INSERT INTO capes_register.establishment VALUES ('not finess', 'Lyon', 'fr')$$);
SELECT pg_temp.try('reg case', $$INSERT INTO capes_register.case_file (case_id, finess, revenue_last_execution_year, revenue_last_closed_year) VALUES (1, '750000011', 1000000, 1000000)$$);
SELECT pg_temp.try('reg case revenue cents', $$INSERT INTO capes_register.case_file (case_id, finess, revenue_last_execution_year) VALUES (2, '750000011', 1000000.001)$$);
SELECT pg_temp.try('reg case revenue range', $$INSERT INTO capes_register.case_file (case_id, finess, revenue_last_closed_year) VALUES (3, '750000011', 10000000000000.01)$$);
SELECT pg_temp.try('reg risks', $$INSERT INTO capes_register.case_risk VALUES (1, 'infectious', 'none'), (1, 'medication', 'partial')$$);
SELECT pg_temp.try('reg step 1', $$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES (1, 1, 'notified', '2016-03-01')$$);
SELECT pg_temp.try('reg early agency draft', $$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES (1, 2, 'agency_draft', '2016-03-31')$$);
SELECT pg_temp.try('reg seq gap', $$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES (1, 3, 'establishment_draft', '2016-03-10')$$);
SELECT pg_temp.try('reg uppercase state', $$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES (1, 2, 'ESTABLISHMENT_DRAFT', '2016-03-10')$$);
SELECT pg_temp.try('reg step 2', $$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on) VALUES (1, 2, 'establishment_draft', '2016-03-10')$$);
SELECT pg_temp.try('reg update', $$UPDATE capes_register.case_step SET occurred_on = '2016-03-02' WHERE case_id = 1 AND seq = 1$$);
SELECT pg_temp.try('reg delete', $$DELETE FROM capes_register.case_step$$);
INSERT INTO pg_temp.got (k, v) VALUES
  ('reg steps', (SELECT string_agg(concat_ws(':', seq, state, occurred_on), ',' ORDER BY seq) FROM capes_register.case_step)),
  ('reg due', (SELECT string_agg(concat_ws(':', case_id, state, due), ',') FROM capes_register.case_due)),
  ('reg overdue', (SELECT string_agg(concat_ws(':', case_id, due, overdue), ',') FROM capes_register.case_overdue('2016-05-01'))),
  ('reg max penalty', (SELECT string_agg(concat_ws('|', case_id, risks, open_risks, max_rate, max_penalty, max_refusal_penalty), ',')
                       FROM capes_register.case_max_penalty)),
  ('reg invalid history', (SELECT count(*)::text FROM capes_register.case_invalid_history));
:clean;
SELECT is(coalesce(v, state || ' ' || msg), want, 'hostile path, register: ' || k) FROM pg_temp.got JOIN (VALUES
  ('reg establishment', 'no error'),
  ('reg case', 'no error'),
  ('reg risks', 'no error'),
  ('reg step 1', 'no error'),
  ('reg step 2', 'no error'),
  ('reg steps', '1:notified:2016-03-01,2:establishment_draft:2016-03-10'),
  ('reg due', '1:establishment_draft:2016-04-09'),
  ('reg overdue', '1:2016-04-09:t'),
  ('reg max penalty', '1|2|2|0.0033|3300.00|10000.00'),
  ('reg invalid history', '0')) AS w(k, want) USING (k)
 ORDER BY k;
SELECT is(state, want, 'hostile path, register refuses: ' || k || ' (' || left(msg, 60) || ')') FROM pg_temp.got JOIN (VALUES
  ('reg establishment FR', '23514'),
  ('reg establishment bad finess', '23514'),
  ('reg case revenue cents', '23514'),
  ('reg case revenue range', '22003'),
  ('reg early agency draft', '23514'),
  ('reg seq gap', '23514'),
  ('reg uppercase state', '23514'),
  ('reg update', '23000'),
  ('reg delete', '23000')) AS w(k, want) USING (k)
 ORDER BY k;
SELECT is(msg, 'capes_history_check: step 2 (agency_draft on 2016-03-31): notified -> agency_draft refused before '
               '2016-04-01: the establishment has 30 days to propose a draft (R162-45-1 I)', 'hostile path, register: the early agency draft is refused by capes itself')
  FROM pg_temp.got WHERE k = 'reg early agency draft';
SELECT is((SELECT string_agg(DISTINCT fn, ', ') FROM evil.calls), NULL,
          'the register''s triggers, constraints and views ran none of evil''s functions or operators');

-- ------------------------------------------------------------ nothing leaked, the server answers
SELECT is((SELECT count(*)::int FROM evil.calls), 0, 'at the end, evil.calls is empty: nothing hostile ever ran');
SELECT is((SELECT 1), 1, 'SELECT 1 at the end');

SELECT * FROM finish();
