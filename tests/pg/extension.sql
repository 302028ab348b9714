-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- pgTAP checks of the PostgreSQL glue itself (the shared vectors are generated from
-- tests/vectors/ by tests/pg/gen.pl): parallel aggregates, conversions of numeric and
-- date, error shape, NULL rules, set-returning functions, search_path.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
BEGIN;
SELECT plan(82);

-- The plan of a query, as text.
CREATE FUNCTION pg_temp.plan_of(query text, with_analyze boolean DEFAULT false) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF' || CASE WHEN with_analyze THEN ', ANALYZE, TIMING OFF, SUMMARY OFF' ELSE '' END
                        || ') ' || query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END
$$;

\ir error_of.sql

-- ------------------------------------------------------ parallel aggregates

-- 30000 contracts of one to three risks, stored risk by risk so that one contract's
-- rows lie far apart and parallel workers each see a part of it; a few NULL levels
-- and NULL revenues.
CREATE TABLE capes_contract_rows AS
SELECT c AS contract, r.risk,
       CASE WHEN c % 101 = 0 AND r.k = 1 + c % 3 THEN NULL
            ELSE (ARRAY['none', 'partial', 'complete', 'Partiellement', ' NONE '])[1 + (c * 7 + r.k * 13) % 5] END AS level,
       CASE WHEN c % 103 = 0 THEN NULL ELSE round((c::bigint * 2654435761 % 1000000000000000) / 100.0, 2) END AS revenue
FROM generate_series(1, 30000) AS c
CROSS JOIN LATERAL unnest(ARRAY['infectious', 'medication', 'care_pathway']) WITH ORDINALITY AS r(risk, k)
WHERE r.k = 1 + c % 3 OR (c * 31 + r.k) % 3 = 0
ORDER BY r.k, c;
-- Contracts have at most three rows, so the planner sees little to gain from partial
-- aggregation; tell it there are only 100 contracts so that it plans one (the answers
-- must not depend on the plan).
ALTER TABLE capes_contract_rows ALTER COLUMN contract SET (n_distinct = 100);
ANALYZE capes_contract_rows;

SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;

\set rate_all 'SELECT md5(string_agg(contract || \'=\' || coalesce(v::text, \'NULL\'), \',\' ORDER BY contract)) FROM (SELECT contract, capes_contract_rate(risk, level) AS v FROM capes_contract_rows GROUP BY contract) AS s'
\set penalty_all 'SELECT md5(string_agg(contract || \'=\' || coalesce(v::text, \'NULL\'), \',\' ORDER BY contract)) FROM (SELECT contract, capes_contract_penalty(risk, level, revenue) AS v FROM capes_contract_rows GROUP BY contract) AS s'
\set rate_one 'SELECT capes_contract_rate(risk, level)::text FROM capes_contract_rows WHERE contract = 29999'
\set penalty_one 'SELECT capes_contract_penalty(risk, level, revenue)::text FROM capes_contract_rows WHERE contract = 29999'

SELECT matches(pg_temp.plan_of(:'rate_all'), 'Partial (Hash|Group)?Aggregate',
               'capes_contract_rate: GROUP BY contract plans a partial aggregate');
SELECT matches(pg_temp.plan_of(:'penalty_all'), 'Partial (Hash|Group)?Aggregate',
               'capes_contract_penalty: GROUP BY contract plans a partial aggregate');
SELECT matches(pg_temp.plan_of(:'rate_one'), 'Partial Aggregate',
               'capes_contract_rate: one contract plans Partial Aggregate');
SELECT matches(pg_temp.plan_of(:'penalty_one'), 'Partial Aggregate',
               'capes_contract_penalty: one contract plans Partial Aggregate');
SELECT matches(pg_temp.plan_of(:'penalty_all', true), 'Workers Launched: [1-9]',
               'capes_contract_penalty: parallel workers do run');

:rate_all \gset parallel_rate_
:penalty_all \gset parallel_penalty_
:rate_one \gset parallel_rate_one_
:penalty_one \gset parallel_penalty_one_

SET LOCAL max_parallel_workers_per_gather = 0;
SELECT doesnt_match(pg_temp.plan_of(:'penalty_all'), 'Partial', 'serial plan without parallel workers');
SELECT is((:rate_all), :'parallel_rate_md5', 'capes_contract_rate: parallel result of 30000 contracts equals the serial one');
SELECT is((:penalty_all), :'parallel_penalty_md5', 'capes_contract_penalty: parallel result of 30000 contracts equals the serial one');
SELECT is((:rate_one), :'parallel_rate_one_capes_contract_rate', 'capes_contract_rate: one contract, parallel equals serial');
SELECT is((:penalty_one), :'parallel_penalty_one_capes_contract_penalty', 'capes_contract_penalty: one contract, parallel equals serial');
SELECT is((SELECT count(*)::int FROM (SELECT contract FROM capes_contract_rows GROUP BY contract
                                      HAVING capes_contract_penalty(risk, level, revenue) IS NULL) AS s),
          (SELECT count(DISTINCT contract)::int FROM capes_contract_rows WHERE level IS NULL OR revenue IS NULL),
          'capes_contract_penalty: NULL exactly for contracts with a NULL level or revenue');

-- A risk repeated in every contract: whichever process meets the repeat (a worker's
-- transition or the leader's combine), the message names the aggregate.
CREATE TABLE capes_repeated AS
SELECT c AS contract, 'infectious'::text AS risk, 'none'::text AS level FROM generate_series(1, 20000) AS c, generate_series(1, 2) AS twice
ORDER BY twice, c;
ALTER TABLE capes_repeated ALTER COLUMN contract SET (n_distinct = 100);
ANALYZE capes_repeated;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT matches(pg_temp.plan_of('SELECT contract, capes_contract_rate(risk, level) FROM capes_repeated GROUP BY contract'),
               'Partial (Hash|Group)?Aggregate', 'a repeated risk: the query is planned in parallel');
SELECT throws_ok('SELECT contract, capes_contract_rate(risk, level) FROM capes_repeated GROUP BY contract', '22023',
                 'capes_contract_rate: risk must be listed once per contract (got ''infectious'' twice)',
                 'a repeated risk found in parallel is reported by capes_contract_rate');
SELECT throws_ok('SELECT capes_contract_merge(capes_contract_rate_step(0, ''care_pathway'', ''none''), capes_contract_rate_step(0, ''parcours'', ''partial''))',
                 '22023', 'capes_contract_merge: risk must be listed once per contract (got ''care_pathway'' twice)',
                 'the combine function called directly names itself');
SET LOCAL max_parallel_workers_per_gather = 0;

-- ------------------------------------------------------------------ numeric

SELECT is(capes_refusal_penalty(1234.5649)::text, '12.34', 'revenue rounded to the cent (half away from zero), then 1 % rounded down');
SELECT is(capes_refusal_penalty(1234.565)::text, '12.34', 'revenue 1234.565 is 1234.57 cents-wise, 1 % is 12.3457, rounded down');
SELECT is(capes_penalty(3, 'none', 10000000000000)::text, '100000000000.00', 'the largest revenue, exactly');
SELECT is(capes_penalty(1, 'partial', 0.01)::text, '0.00', 'a cent of revenue gives no penalty');
SELECT is(capes_penalty_rate(0, 'none')::text, '0.0000', 'a rate always has four decimals');
SELECT is(capes_penalty_rate(3, 'none')::text, '0.0100', 'the rate of three risks not implemented at all is 1 %');
SELECT is(pg_typeof(capes_penalty(1, 'none', 1))::text, 'numeric', 'amounts are numeric');
SELECT is(capes_refusal_penalty('1e3')::text, '10.00', 'numeric in exponent form');
SELECT is(pg_temp.error_of('SELECT capes_refusal_penalty(''Infinity'')'),
          '22003 | capes_refusal_penalty: revenue must be an amount from 0 to 10000000000000 (got ''Infinity'') | Article: R162-45-1 II.',
          'numeric Infinity is out of range (22003)');
SELECT is(pg_temp.error_of('SELECT capes_refusal_penalty(''-Infinity'')'),
          '22023 | capes_refusal_penalty: revenue must be an amount from 0 to 10000000000000 (got ''-Infinity'') | Article: R162-45-1 II.',
          'numeric -Infinity is a bad value (22023)');
SELECT is(pg_temp.error_of('SELECT capes_refusal_penalty(''NaN'')'),
          '22023 | capes_refusal_penalty: revenue must be a decimal number such as 12345678.90 (got ''NaN'') | Article: R162-45-1 II.',
          'numeric NaN is a bad value (22023)');
SELECT is(pg_temp.error_of('SELECT capes_penalty(1, ''none'', 10000000000000.01)'),
          '22003 | capes_penalty: revenue must be an amount from 0 to 10000000000000 (got ''10000000000000.01'') | Article: R162-45-2 III.',
          'a revenue past 10^13 euros is out of range (22003)');
SELECT is(pg_temp.error_of('SELECT capes_penalty(1, ''none'', 1e1000)'),
          '22003 | capes_penalty: revenue must be an amount from 0 to 10000000000000 (got ''1000000000000000000000000000000000000000''...) | Article: R162-45-2 III.',
          'a huge numeric is out of range, shown cut');
SELECT is(pg_temp.error_of('SELECT capes_penalty(-1, ''none'', 1)'),
          '22023 | capes_penalty: risks must be a number of risks from 0 to 3 (got -1) | Article: R162-45-2 III.',
          'risks below 0 (22023)');

-- -------------------------------------------------------------------- dates

SELECT is(capes_deadline('2016-01-29', 'establishment_draft'), '2016-02-29'::date, 'a date result is a date');
SELECT is(capes_deadline('9999-11-30', 'establishment_draft', 'none'), '9999-12-30'::date, 'a deadline near the last date');
SELECT is(capes_is_working_day('1583-01-03'), true, 'the first year of the range');
SELECT is(pg_temp.error_of('SELECT capes_deadline(''infinity'', ''signature'')'),
          '22008 | capes_deadline: start must be a date from 1583-01-01 to 9999-12-31 (got ''infinity'') | Article: R162-45-1, R162-45-2, CPC 640-642.',
          'date infinity is out of range (22008)');
SELECT is(pg_temp.error_of('SELECT capes_in_force(''-infinity'')'),
          '22008 | capes_in_force: day must be a date from 1583-01-01 to 9999-12-31 (got ''-infinity'') | Article: décret 2015-1511, décret 2017-500.',
          'date -infinity is out of range (22008)');
SELECT is(pg_temp.error_of('SELECT capes_due(''notified'', ''10000-01-01'')'),
          '22008 | capes_due: since must be a date from 1583-01-01 to 9999-12-31 (got ''10000-01-01'') | Article: R162-45-1, R162-45-2.',
          'a date after 9999-12-31 is out of range (22008)');
SELECT is(pg_temp.error_of('SELECT capes_is_working_day(''1582-12-31'')'),
          '22008 | capes_is_working_day: day must be a date from 1583-01-01 to 9999-12-31 (got ''1582-12-31'') | Article: CPC 642.',
          'a date before 1583-01-01 is out of range (22008)');
SELECT is(pg_temp.error_of('SELECT capes_deadline(''9999-12-31'', ''signature'')'),
          '22008 | capes_deadline: start must be early enough for the deadline to end by 9999-12-31 (got ''9999-12-31'') | Article: R162-45-1 I al. 4.',
          'a deadline past 9999-12-31 (22008)');
SELECT is(pg_temp.error_of('SELECT capes_deadline(''2016-01-01'', ''signature'', ''fr-corse'')'),
          '22023 | capes_deadline: calendar must be one of none, fr, fr-alsace-moselle, fr-guadeloupe, fr-martinique, fr-guyane, fr-reunion, fr-mayotte (got ''fr-corse'') | Article: R162-45-1, R162-45-2, CPC 640-642.',
          'an unknown calendar (22023)');

-- ----------------------------------------------------------- the procedure

SELECT is(pg_temp.error_of('SELECT capes_check_transition(''notified'', ''agency_draft'', ''2016-03-01'', ''2016-03-10'')'),
          '23514 | capes_check_transition: notified -> agency_draft refused before 2016-04-01: the establishment has 30 days to propose a draft (R162-45-1 I) | Article: R162-45-1 I al. 2.',
          'a refused step: 23514, the reason, the article in the detail');
SELECT is(pg_temp.error_of('SELECT capes_check_transition(''closed'', ''signed'', ''2016-03-01'', ''2016-03-10'')'),
          '23514 | capes_check_transition: closed -> signed refused: closed is a terminal state | (no detail)',
          'a step out of a terminal state: no article to name');
SELECT is(capes_check_transition(NULL, 'notified', NULL, '2016-01-04'), true, 'check_transition: from NULL is a new case');
SELECT is(capes_transition_error(NULL, 'notified', '2099-01-01', '2016-01-04'), NULL, 'transition_error: from_date is ignored for a new case');
SELECT is(capes_transition_error('notified', 'signed', NULL, '2016-01-04'), NULL, 'transition_error: a NULL from_date gives NULL');
SELECT is(capes_transition_error('notified', 'signed', '2016-01-04', '2016-01-05', NULL), NULL, 'transition_error: a NULL calendar gives NULL');
SELECT is(capes_transition_valid('notified', NULL), NULL, 'transition_valid: a NULL to gives NULL');
SELECT is(capes_transition_valid(NULL, 'signed'), false, 'transition_valid: a case starts with notified');
SELECT is(capes_transition_error('notified', 'signed', '2016-01-04', '2016-01-05'),
          'notified -> signed refused: from notified the next steps are establishment_draft, agency_draft (R162-45-1 I al. 1)',
          'transition_error: the reason without the function name');
SELECT is(pg_temp.error_of('SELECT capes_transition_error(''notified'', ''signed'', ''infinity'', ''2016-01-05'')'),
          '22008 | capes_transition_error: from_date must be a date from 1583-01-01 to 9999-12-31 (got ''infinity'') | Article: R162-45-1, R162-45-2.',
          'transition_error raises a bad date rather than returning it');

-- Histories: one aggregate per case, in date order.
CREATE TABLE capes_steps (case_id int, seq int, state text, occurred_on date);
INSERT INTO capes_steps VALUES
    (1, 1, 'notified', '2016-01-04'), (1, 2, 'establishment_draft', '2016-01-20'), (1, 3, 'signed', '2016-02-10'),
    (2, 2, 'agency_draft', '2016-01-20'), (2, 1, 'notified', '2016-01-04'),
    (3, 1, 'notified', '2016-01-04'), (3, 2, 'establishment_draft', '2016-01-04'), (3, 3, 'refused', '2016-01-04');
SELECT results_eq(
    $$SELECT case_id, capes_history_error(state, occurred_on ORDER BY occurred_on, seq) FROM capes_steps GROUP BY case_id ORDER BY case_id$$,
    $$VALUES (1, NULL::text),
             (2, 'step 2 (agency_draft on 2016-01-20): notified -> agency_draft refused before 2016-02-04: the establishment has 30 days to propose a draft (R162-45-1 I)'),
             (3, NULL)$$,
    'capes_history_error(state, occurred_on ORDER BY occurred_on, seq) per case');
SELECT is((SELECT capes_history_error(s, d, 'none' ORDER BY n) FROM (VALUES (1, 'notified', '2016-01-04'::date),
           (2, 'agency_draft', '2016-02-04')) AS v(n, s, d)),
          NULL, 'capes_history_error with a calendar');
SELECT is((SELECT capes_history_error(s, d ORDER BY n)
           FROM (SELECT 1, 'notified', '2016-01-04'::date
                 UNION ALL SELECT 2, 'establishment_draft', '2016-01-05'::date
                 UNION ALL SELECT 3, 'signed', '2016-01-06'::date
                 UNION ALL SELECT n, CASE WHEN n % 2 = 0 THEN 'formal_notice' ELSE 'signed' END, '2016-01-06'::date + n / 10
                 FROM generate_series(4, 5000) AS n) AS v(n, s, d)),
          NULL, 'a valid history of 5000 steps');
SELECT is((SELECT capes_history_error(s, d) FROM capes_steps AS v(c, n, s, d) WHERE false), NULL, 'no steps: NULL');
SELECT is(pg_temp.error_of($$SELECT capes_history_error(s, d ORDER BY n) FROM (VALUES (1, 'notified', '1500-01-01'::date)) AS v(n, s, d)$$),
          '22008 | capes_history_error: occurred_on must be a date from 1583-01-01 to 9999-12-31 (got ''1500-01-01'') | Article: R162-45-1, R162-45-2.',
          'capes_history_error: a date out of range is an error');

-- ------------------------------------------------------ set-returning functions

SELECT is((SELECT proargnames::text FROM pg_proc WHERE oid = 'capes_schedule(text,date,text)'::regprocedure),
          '{state,since,calendar,kind,due,article}', 'capes_schedule: columns kind, due, article');
SELECT is((SELECT proargnames::text FROM pg_proc WHERE oid = 'capes_next_states(text)'::regprocedure),
          '{"",state}', 'capes_next_states: column state');
SELECT is((SELECT proargnames::text FROM pg_proc WHERE oid = 'capes_states()'::regprocedure),
          '{state,label_fr,label_en,article,initial,terminal}', 'capes_states: columns state, label_fr, label_en, article, initial, terminal');
SELECT is((SELECT proargnames::text FROM pg_proc WHERE oid = 'capes_holidays(integer,text)'::regprocedure),
          '{year,calendar,day,name}', 'capes_holidays: columns day, name');
SELECT is((SELECT proargnames::text FROM pg_proc WHERE oid = 'capes_sources()'::regprocedure),
          '{rule,article,text_excerpt}', 'capes_sources: columns rule, article, text_excerpt');
SELECT is((SELECT proargnames::text FROM pg_proc WHERE oid = 'capes_interpretations()'::regprocedure),
          '{id,question,choice,rationale}', 'capes_interpretations: columns id, question, choice, rationale');
SELECT results_eq($$SELECT state FROM capes_states() WHERE initial$$, $$VALUES ('notified')$$, 'capes_states: notified is the initial state');
SELECT results_eq($$SELECT state FROM capes_states() WHERE terminal$$, $$VALUES ('closed')$$, 'capes_states: closed is the terminal state');
SELECT results_eq($$SELECT * FROM capes_next_states(NULL)$$, $$VALUES ('notified')$$, 'capes_next_states(NULL): a new case starts notified');
SELECT is((SELECT count(*)::int FROM (SELECT capes_holidays(2016)) AS s), 11, 'a set-returning function in the select list');
SELECT is((SELECT count(*)::int FROM capes_schedule(NULL, '2016-01-01')), 0, 'a STRICT table function: NULL gives no rows');
SELECT ok((SELECT count(*) > 20 FROM capes_sources() WHERE article <> '' AND text_excerpt <> ''), 'capes_sources lists the rules');
SELECT ok((SELECT count(*) > 15 FROM capes_interpretations() WHERE choice <> '' AND rationale <> ''), 'capes_interpretations lists the readings');

-- ----------------------------------------------------- deterministic, search_path

SELECT lives_ok($$CREATE TABLE capes_indexed (d date, CHECK (capes_in_force(d)));
                  CREATE INDEX ON capes_indexed (capes_deadline(d, 'signature'));
                  INSERT INTO capes_indexed VALUES ('2016-01-04')$$,
                'usable in CHECK constraints and index expressions (IMMUTABLE)');
SET LOCAL search_path = '';
SELECT (SELECT public.capes_contract_penalty(r, l, 100000) FROM (VALUES ('infectious', 'none')) AS v(r, l))::text
           AS empty_path_penalty,
       public.capes_deadline('2016-01-29', 'establishment_draft')::text AS empty_path_deadline \gset
RESET search_path;
SELECT is(:'empty_path_penalty'::text, '330.00', 'the aggregates work with an empty search_path');
SELECT is(:'empty_path_deadline'::text, '2016-02-29', 'defaults work with an empty search_path');

-- ------------------------------------------- numeric read without numeric_out

-- The glue reads numeric's short format itself for ordinary values (below 10^16 euros, at
-- most 32 decimals) and falls back to numeric_out for the others: both must give the floor
-- of the exact product, as PostgreSQL's own exact arithmetic does (docs/rules.md#revenue).
CREATE TEMP TABLE capes_numerics AS
    SELECT round((random() * 10 ^ (random() * 13))::numeric, (random() * 8)::int) AS x
      FROM generate_series(1, 100000)
    UNION ALL SELECT unnest(ARRAY[0, 0.005, 0.004999, 1.995, 9999.99995, 10000, 100000000, 0.0001,
                                  10000000000000, 9999999999999.995, 12345678.90, 1e-16, 1.00000000000000000001]);
SELECT is((SELECT count(*)::int FROM capes_numerics
            WHERE capes_refusal_penalty(x) <> trunc(x * 0.01, 2)), 0,
          'capes_refusal_penalty equals trunc(x * 1 %, 2), exact, on 100,000 random numerics');
SELECT is((SELECT count(*)::int FROM capes_numerics
            WHERE capes_penalty(2, 'partial', x) <> trunc(x * 0.0033, 2)), 0,
          'capes_penalty(2, partial) equals trunc(x * 0.33 %, 2), exact, on 100,000 random numerics');
SELECT throws_ok($$SELECT capes_penalty(3, 'none', -0.004)$$, '22023',
                 'capes_penalty: revenue must be an amount from 0 to 10000000000000 (got ''-0.004'')',
                 'a negative revenue below a cent is negative: the range is checked on the exact value');

-- The history aggregates as window functions (docs/rules.md#histories): the rows and answers
-- of tests/sqlite/checks.py's check_windows.
CREATE TEMP TABLE win (case_id int, seq int, state text, day date, until date);
INSERT INTO win VALUES (1, 1, 'notified', '2016-01-04', NULL), (1, 2, 'establishment_draft', '2016-01-20', NULL),
                       (1, 3, 'signed', '2016-02-10', '2017-06-30'), (1, 4, 'completed', '2017-06-01', NULL),
                       (2, 1, 'notified', '2016-01-04', NULL), (2, 2, 'establishment_draft', '2016-01-20', NULL);
SELECT results_eq(
  $$SELECT case_id, seq, capes_history_error(state, day, 'fr', until) OVER w, capes_history_due(state, day, 'fr', until) OVER w
      FROM win WINDOW w AS (PARTITION BY case_id ORDER BY seq) ORDER BY case_id, seq$$,
  $$VALUES (1, 1, NULL::text, date '2016-02-03'), (1, 2, NULL, date '2016-02-19'), (1, 3, NULL, date '2017-06-30'),
           (1, 4, 'step 4 (completed on 2017-06-01): signed -> completed refused before 2017-06-30: the contract runs until 2017-06-30 (R162-45-1 I al. 4)', NULL),
           (2, 1, NULL, date '2016-02-03'), (2, 2, NULL, date '2016-02-19')$$,
  'windows: capes_history_error and capes_history_due over a running frame, row by row');
SELECT results_eq(
  $$SELECT seq, capes_history_check(state, day, 'fr', until) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
      FROM win WHERE case_id = 1 AND seq < 4 ORDER BY seq$$,
  $$VALUES (1, true), (2, true), (3, true)$$, 'windows: capes_history_check over a running frame');
SELECT throws_ok($$SELECT capes_history_check(state, day, 'fr', until) OVER (PARTITION BY case_id ORDER BY seq) FROM win$$,
                 '23514', 'capes_history_check: step 4 (completed on 2017-06-01): signed -> completed refused before 2017-06-30: the contract runs until 2017-06-30 (R162-45-1 I al. 4)',
                 'windows: capes_history_check raises at the first invalid step');
SELECT throws_ok(format($$SELECT %s(state, day) OVER (PARTITION BY case_id ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win$$, fn),
                 '22023', fn || ': the window frame must be a running frame, from UNBOUNDED PRECEDING (got a frame whose start moves)',
                 'windows: ' || fn || ' refuses a frame whose start moves')
  FROM unnest(ARRAY['capes_history_error', 'capes_history_check', 'capes_history_due']) AS fn;
SELECT results_eq(
  $$SELECT capes_history_due(state, day) OVER (ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win WHERE case_id = 2 ORDER BY seq$$,
  $$VALUES (date '2016-02-03'), (date '2016-02-19')$$,
  'windows: a moving frame that has not moved yet (two rows) still answers, as in SQLite');
SELECT matches(pg_temp.error_of($$SELECT capes_history_due(state, day) OVER (ORDER BY seq) FROM (VALUES (1, 'bogus', date '2016-01-20')) AS t(seq, state, day)$$),
               '^22023 [|] capes_history_due: state must be one of', 'windows: a bad code in a window names the aggregate it was given to');

-- The contract aggregates over any frame: the rows and answers of tests/sqlite/checks.py's
-- check_contract_windows, where a row leaves SQLite's frame through xInverse.
CREATE TEMP TABLE cwin (c int, seq int, risk text, level text, rev numeric);
INSERT INTO cwin VALUES (1, 1, 'infectious', 'none', 1000000), (1, 2, 'medication', 'partial', 1000000),
                        (1, 3, 'care_pathway', 'none', 1000000), (2, 1, 'infectious', 'none', 500000),
                        (2, 2, 'infectious', 'partial', 500000), (3, 1, 'infectious', 'none', NULL),
                        (3, 2, 'medication', NULL, 10), (3, 3, 'care_pathway', 'complete', 10);
SELECT results_eq(
  $$SELECT c, seq, capes_contract_rate(risk, level) OVER w, capes_contract_penalty(risk, level, rev) OVER w FROM cwin
     WHERE c IN (1, 3) WINDOW w AS (PARTITION BY c ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) ORDER BY c, seq$$,
  $$VALUES (1, 1, 0.0033, 3300.00), (1, 2, 0.0033, 3300.00), (1, 3, 0.0033, 3300.00),
           (3, 1, 0.0033, NULL), (3, 2, NULL, NULL), (3, 3, NULL, NULL)$$,
  'windows: the contract aggregates over a sliding frame (rows leave it; a NULL level or revenue, then not)');
SELECT results_eq($$SELECT seq, capes_contract_rate(risk, level) OVER (PARTITION BY c) FROM cwin WHERE c = 1 ORDER BY seq$$,
                  $$VALUES (1, 0.0050), (2, 0.0050), (3, 0.0050)$$, 'windows: the contract aggregates over the whole partition');
SELECT throws_ok($$SELECT capes_contract_rate(risk, level) OVER (PARTITION BY c ORDER BY seq) FROM cwin WHERE c = 2$$,
                 '22023', 'capes_contract_rate: risk must be listed once per contract (got ''infectious'' twice)',
                 'windows: a risk twice in a frame is the aggregate''s error');

SELECT * FROM finish();
ROLLBACK;
