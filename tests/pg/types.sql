-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- pgTAP: a count of risks or a year in the types a DBA passes it in (docs/rules.md#whole-numbers).
-- For every function that takes one (capes_penalty_rate, capes_penalty: risks; capes_holidays:
-- year): which function PostgreSQL resolves each type to (the 1.0 integer one is kept as it was;
-- 1.1 adds bigint, numeric and double precision, and no call of 1.0 becomes ambiguous), that every
-- type gives the integer's answers, and which values are refused with which SQLSTATE and message
-- (the core's, the same for every type; tests/pg/whole.py compares them with SQLite's).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
BEGIN;
SELECT plan(145);

-- The capes function a query calls, as PostgreSQL resolved it: read from the dependencies of a
-- view of the query.
CREATE FUNCTION pg_temp.resolved(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    got text;
BEGIN
    EXECUTE 'CREATE TEMP VIEW capes_resolved AS ' || query;
    SELECT string_agg(DISTINCT d.refobjid::regprocedure::text, ', ') INTO got
      FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_proc p ON p.oid = d.refobjid
     WHERE r.ev_class = 'capes_resolved'::regclass AND d.classid = 'pg_rewrite'::regclass
       AND d.refclassid = 'pg_proc'::regclass AND p.proname LIKE 'capes\_%';
    DROP VIEW capes_resolved;
    RETURN got;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

\ir error_of.sql

CREATE TEMP TABLE typed (i int, s smallint, b bigint, n numeric, r real, d double precision, day date);
INSERT INTO typed VALUES (2, 2, 2, 2, 2, 2, '2016-05-01');

-- ------------------------------------------------------------ resolution
-- Every argument expression, for each function: the function PostgreSQL calls. integer stays
-- on 1.0's; bigint (count(*), sum of integers) and numeric (extract, a decimal literal) have
-- their own; smallint, real and an untyped literal or NULL go to double precision, the
-- preferred type of the numeric category (with bigint and numeric alone they would be
-- ambiguous, and they worked in 1.0).
SELECT is(pg_temp.resolved(format(q.call, a.expr)), format(q.want, a.type),
          format(q.call, a.expr) || ' calls the ' || a.type || ' function')
  FROM (VALUES ('SELECT capes_penalty_rate(%s, ''none'') FROM typed', 'capes_penalty_rate(%s,text)'),
               ('SELECT capes_penalty(%s, ''partial'', 48250000.00) FROM typed', 'capes_penalty(%s,text,numeric)'),
               ('SELECT h.* FROM typed, capes_holidays(%s) AS h', 'capes_holidays(%s,text)'),
               ('SELECT h.* FROM typed, capes_holidays(%s, ''fr-alsace-moselle'') AS h', 'capes_holidays(%s,text)'))
       AS q(call, want),
       (VALUES ('2', 'integer'), ('i', 'integer'), ('2::smallint', 'double precision'), ('s', 'double precision'),
               ('b', 'bigint'), ('2::bigint', 'bigint'), ('2147483648', 'bigint'), ('n', 'numeric'),
               ('2.0', 'numeric'), ('extract(year FROM day)', 'numeric'), ('r', 'double precision'),
               ('d', 'double precision'), ('''2''', 'double precision'), ('NULL', 'double precision'))
       AS a(expr, type);

-- the aggregates a DBA passes: count(*) is bigint, sum of integers bigint, avg numeric
SELECT is(pg_temp.resolved('SELECT capes_penalty(count(*) FILTER (WHERE d > 1), ''partial'', 1000) FROM typed'),
          'capes_penalty(bigint,text,numeric)', 'capes_penalty(count(*) FILTER (...), ...) calls the bigint function');
SELECT is(pg_temp.resolved('SELECT capes_penalty_rate(sum(i), ''none'') FROM typed'),
          'capes_penalty_rate(bigint,text)', 'capes_penalty_rate(sum(integer), ...) calls the bigint function');
SELECT is(pg_temp.resolved('SELECT capes_penalty_rate(avg(i), ''none'') FROM typed'),
          'capes_penalty_rate(numeric,text)', 'capes_penalty_rate(avg(integer), ...) calls the numeric function');
SELECT is(pg_temp.resolved('SELECT h.* FROM capes_holidays(extract(year FROM date ''2016-05-01'')) AS h'),
          'capes_holidays(numeric,text)', 'capes_holidays(extract(year FROM a date)) calls the numeric function');

-- the 1.0 functions are the ones of 1.0, C symbols included
SELECT is((SELECT prosrc FROM pg_proc WHERE oid = 'capes_penalty_rate(integer,text)'::regprocedure),
          'pg_capes_penalty_rate', 'capes_penalty_rate(integer, text) is 1.0''s C function');
SELECT is((SELECT prosrc FROM pg_proc WHERE oid = 'capes_penalty(integer,text,numeric)'::regprocedure),
          'pg_capes_penalty', 'capes_penalty(integer, text, numeric) is 1.0''s C function');
SELECT is((SELECT prosrc FROM pg_proc WHERE oid = 'capes_holidays(integer,text)'::regprocedure),
          'pg_capes_holidays', 'capes_holidays(integer, text) is 1.0''s C function');

-- ---------------------------------------------------------------- answers
-- Every count 0..3 with every degree, every year of a sample with every calendar, in every type:
-- the integer's answer.
CREATE TEMP TABLE by_type AS
SELECT k, l, capes_penalty_rate(k, l) AS rate, capes_penalty(k, l, 48250000.00) AS penalty,
       capes_penalty_rate(k::smallint, l) AS rate_int2, capes_penalty(k::smallint, l, 48250000.00) AS penalty_int2,
       capes_penalty_rate(k::bigint, l) AS rate_int8, capes_penalty(k::bigint, l, 48250000.00) AS penalty_int8,
       capes_penalty_rate(k::numeric, l) AS rate_numeric, capes_penalty(k::numeric, l, 48250000.00) AS penalty_numeric,
       capes_penalty_rate(k::numeric(10, 4), l) AS rate_scaled, capes_penalty(k::numeric(10, 4), l, 48250000.00) AS penalty_scaled,
       capes_penalty_rate(k::real, l) AS rate_float4, capes_penalty(k::real, l, 48250000.00) AS penalty_float4,
       capes_penalty_rate(k::float8, l) AS rate_float8, capes_penalty(k::float8, l, 48250000.00) AS penalty_float8,
       capes_penalty_rate(-k::float8 * -1, l) AS rate_negzero
  FROM generate_series(0, 3) AS k, unnest(ARRAY['none', 'partial', 'complete', ' Partiellement ']) AS l;
SELECT is((SELECT count(*)::int FROM by_type WHERE rate IS DISTINCT FROM rate_int2 OR penalty IS DISTINCT FROM penalty_int2),
          0, 'risks 0..3 as smallint: the integer''s rates and penalties');
SELECT is((SELECT count(*)::int FROM by_type WHERE rate IS DISTINCT FROM rate_int8 OR penalty IS DISTINCT FROM penalty_int8),
          0, 'risks 0..3 as bigint: the integer''s rates and penalties');
SELECT is((SELECT count(*)::int FROM by_type WHERE rate IS DISTINCT FROM rate_numeric OR penalty IS DISTINCT FROM penalty_numeric),
          0, 'risks 0..3 as numeric: the integer''s rates and penalties');
SELECT is((SELECT count(*)::int FROM by_type WHERE rate IS DISTINCT FROM rate_scaled OR penalty IS DISTINCT FROM penalty_scaled),
          0, 'risks 0..3 as numeric(10, 4) (2.0000): the integer''s rates and penalties');
SELECT is((SELECT count(*)::int FROM by_type WHERE rate IS DISTINCT FROM rate_float4 OR penalty IS DISTINCT FROM penalty_float4),
          0, 'risks 0..3 as real: the integer''s rates and penalties');
SELECT is((SELECT count(*)::int FROM by_type WHERE rate IS DISTINCT FROM rate_float8 OR penalty IS DISTINCT FROM penalty_float8),
          0, 'risks 0..3 as double precision: the integer''s rates and penalties');
SELECT is((SELECT count(*)::int FROM by_type WHERE rate IS DISTINCT FROM rate_negzero), 0,
          'risks as double precision -0 is 0');
SELECT is((SELECT count(*)::int FROM by_type), 16, 'the comparison covers 4 counts and 4 degrees');
-- the result type is the same whatever the argument's
SELECT is((SELECT string_agg(DISTINCT pg_typeof(v)::text, ',') FROM (VALUES (capes_penalty_rate(2::bigint, 'none')),
          (capes_penalty_rate(2.0, 'none')), (capes_penalty_rate(2::float8, 'none')), (capes_penalty(2::smallint, 'none', 1))) AS t(v)),
          'numeric', 'every overload returns numeric');
SELECT is(capes_penalty_rate('2', 'none'), 0.0066, 'an untyped literal ''2'' still works (double precision function)');
SELECT is(capes_penalty_rate(' 2 ', 'none'), 0.0066, 'an untyped literal with spaces still works');
SELECT is(capes_penalty('3', 'none', '1000000.99'), 10000.00, 'capes_penalty(''3'', ...) still works');
SELECT is(capes_penalty_rate(NULL, 'none'), NULL, 'an untyped NULL is NULL (STRICT)');
SELECT is(capes_penalty(NULL::bigint, 'none', 1), NULL, 'a NULL bigint is NULL');
SELECT is(capes_penalty(NULL::numeric, 'none', 1), NULL, 'a NULL numeric is NULL');
SELECT is((SELECT count(*)::int FROM capes_holidays(NULL)), 0, 'capes_holidays(NULL): no rows');
SELECT is(capes_penalty(count(*) FILTER (WHERE x > 1), 'partial', 48250000.00), 159225.00,
          'capes_penalty(count(*) FILTER (...), level, revenue)')
  FROM generate_series(1, 3) AS x;
SELECT is((SELECT count(*)::int FROM capes_holidays(extract(year FROM date '2016-05-01'), 'fr-alsace-moselle')), 13,
          'capes_holidays(extract(year FROM a date), calendar)');

CREATE TEMP TABLE holidays_by_type AS
SELECT y, c, (SELECT string_agg(h::text, ';' ORDER BY h.day) FROM capes_holidays(y, c) AS h) AS int4,
       (SELECT string_agg(h::text, ';' ORDER BY h.day) FROM capes_holidays(y::smallint, c) AS h) AS int2,
       (SELECT string_agg(h::text, ';' ORDER BY h.day) FROM capes_holidays(y::bigint, c) AS h) AS int8,
       (SELECT string_agg(h::text, ';' ORDER BY h.day) FROM capes_holidays(y::numeric, c) AS h) AS num,
       (SELECT string_agg(h::text, ';' ORDER BY h.day) FROM capes_holidays(y::numeric + 0.000, c) AS h) AS num_scaled,
       (SELECT string_agg(h::text, ';' ORDER BY h.day) FROM capes_holidays(y::real, c) AS h) AS float4,
       (SELECT string_agg(h::text, ';' ORDER BY h.day) FROM capes_holidays(y::float8, c) AS h) AS float8,
       (SELECT string_agg(h::text, ';' ORDER BY h.day) FROM capes_holidays(y::float8) AS h) AS float8_default,
       (SELECT string_agg(h::text, ';' ORDER BY h.day) FROM capes_holidays(y) AS h) AS int4_default
  FROM unnest(ARRAY[1583, 1600, 2015, 2016, 2017, 2100, 9999]) AS y,
       unnest(ARRAY['fr', 'none', 'fr-alsace-moselle', 'fr-guadeloupe', 'fr-mayotte']) AS c;
SELECT is((SELECT count(*)::int FROM holidays_by_type
            WHERE int4 IS DISTINCT FROM int2 OR int4 IS DISTINCT FROM int8 OR int4 IS DISTINCT FROM num
               OR int4 IS DISTINCT FROM num_scaled OR int4 IS DISTINCT FROM float4 OR int4 IS DISTINCT FROM float8
               OR int4_default IS DISTINCT FROM float8_default),
          0, 'capes_holidays of 7 years x 5 calendars: every type gives the integer''s rows');
SELECT is((SELECT count(*)::int FROM holidays_by_type WHERE int4 IS NOT NULL OR c = 'none'), 35, 'the comparison covers 35 calls');

-- ------------------------------------------------------------------ errors
-- Each value in each type it can be given in: the core's SQLSTATE, message and article, the
-- integer's when the integer can hold it.
SELECT is(pg_temp.error_of(format('SELECT capes_penalty_rate(%s, ''none'')', e.expr)),
          '22023 | capes_penalty_rate: risks must be ' || e.want || ' | Article: R162-45-2 III.',
          'capes_penalty_rate(' || e.expr || ', ...) is refused: ' || e.want)
  FROM (VALUES ('7', 'a number of risks from 0 to 3 (got 7)'), ('(-1)', 'a number of risks from 0 to 3 (got -1)'),
               ('7::smallint', 'a number of risks from 0 to 3 (got 7)'), ('7::bigint', 'a number of risks from 0 to 3 (got 7)'),
               ('7::numeric', 'a number of risks from 0 to 3 (got 7)'), ('7.000', 'a number of risks from 0 to 3 (got 7)'),
               ('7::real', 'a number of risks from 0 to 3 (got 7)'), ('7::float8', 'a number of risks from 0 to 3 (got 7)'),
               ('''7''', 'a number of risks from 0 to 3 (got 7)'), ('(-1)::float8', 'a number of risks from 0 to 3 (got -1)'),
               ('-1.0', 'a number of risks from 0 to 3 (got -1)'), ('''-1''', 'a number of risks from 0 to 3 (got -1)'),
               ('9223372036854775807', 'a number of risks from 0 to 3 (got 9223372036854775807)'),
               ('(-9223372036854775807 - 1)', 'a number of risks from 0 to 3 (got -9223372036854775808)'),
               ('9223372036854775808', 'a number of risks from 0 to 3 (got 9223372036854775808)'),
               ('1e400', 'a number of risks from 0 to 3 (got 1000000000000000000000000000000000000000...)'),
               ('1e300::float8', 'a number of risks from 0 to 3 (got 1000000000000000000000000000000000000000...)'),
               ('''Infinity''::numeric', 'a number of risks from 0 to 3 (got Infinity)'),
               ('''-Infinity''::float8', 'a number of risks from 0 to 3 (got -Infinity)'),
               ('''Infinity''', 'a number of risks from 0 to 3 (got Infinity)'),
               ('2.5', 'a whole number (got 2.5)'), ('2.50', 'a whole number (got 2.5)'),
               ('2.5::float8', 'a whole number (got 2.5)'), ('2.5::real', 'a whole number (got 2.5)'),
               ('''2.5''', 'a whole number (got 2.5)'), ('-0.5', 'a whole number (got -0.5)'),
               ('2.00000000000000000001', 'a whole number (got 2.00000000000000000001)'),
               ('2.9999999999999999999', 'a whole number (got 2.9999999999999999999)'),
               ('0.1::float8 + 0.2::float8', 'a whole number (got 0.30000000000000004)'),
               ('2.1::real', 'a whole number (got 2.0999999046325684)'),
               ('''NaN''::numeric', 'a whole number (got NaN)'), ('''NaN''::float8', 'a whole number (got NaN)'),
               ('''NaN''', 'a whole number (got NaN)'))
       AS e(expr, want);

SELECT is(pg_temp.error_of(format('SELECT capes_penalty(%s, ''partial'', 1000)', e.expr)),
          '22023 | capes_penalty: risks must be ' || e.want || ' | Article: R162-45-2 III.',
          'capes_penalty(' || e.expr || ', ...) is refused: ' || e.want)
  FROM (VALUES ('4', 'a number of risks from 0 to 3 (got 4)'), ('4::bigint', 'a number of risks from 0 to 3 (got 4)'),
               ('4.0', 'a number of risks from 0 to 3 (got 4)'), ('4::float8', 'a number of risks from 0 to 3 (got 4)'),
               ('count(*) + 3', 'a number of risks from 0 to 3 (got 4)'),
               ('1.5', 'a whole number (got 1.5)'), ('1.5::float8', 'a whole number (got 1.5)'),
               ('avg(3)::numeric + 0.5', 'a whole number (got 3.5)'), ('''NaN''::numeric', 'a whole number (got NaN)'),
               ('''-Infinity''::numeric', 'a number of risks from 0 to 3 (got -Infinity)'))
       AS e(expr, want);

SELECT is(pg_temp.error_of(format('SELECT * FROM capes_holidays(%s)', e.expr)),
          e.state || ' | capes_holidays: year must be ' || e.want || ' | Article: CPC 642, C. trav. L3133-1.',
          'capes_holidays(' || e.expr || ') is refused: ' || e.want)
  FROM (VALUES ('10000', '22008', 'a year from 1583 to 9999 (got 10000)'),
               ('1582::smallint', '22008', 'a year from 1583 to 9999 (got 1582)'),
               ('10000::bigint', '22008', 'a year from 1583 to 9999 (got 10000)'),
               ('10000.0', '22008', 'a year from 1583 to 9999 (got 10000)'),
               ('10000::float8', '22008', 'a year from 1583 to 9999 (got 10000)'),
               ('''10000''', '22008', 'a year from 1583 to 9999 (got 10000)'),
               ('1e400', '22008', 'a year from 1583 to 9999 (got 1000000000000000000000000000000000000000...)'),
               ('''Infinity''::float8', '22008', 'a year from 1583 to 9999 (got Infinity)'),
               ('''-Infinity''::numeric', '22008', 'a year from 1583 to 9999 (got -Infinity)'),
               ('2016.5', '22023', 'a whole number (got 2016.5)'), ('2016.5::float8', '22023', 'a whole number (got 2016.5)'),
               ('''2016.5''', '22023', 'a whole number (got 2016.5)'),
               ('2016.0000000000000000001', '22023', 'a whole number (got 2016.0000000000000000001)'),
               ('''NaN''::float8', '22023', 'a whole number (got NaN)'))
       AS e(expr, state, want);

-- the first bad argument first, whatever the type: a fraction before an unknown degree
SELECT is(pg_temp.error_of('SELECT capes_penalty_rate(2.5, ''nothing'')'),
          '22023 | capes_penalty_rate: risks must be a whole number (got 2.5) | Article: R162-45-2 III.',
          'capes_penalty_rate(2.5, ''nothing'') is about risks');
SELECT is(pg_temp.error_of('SELECT * FROM capes_holidays(2016.0, ''fr-corse'')'),
          '22023 | capes_holidays: calendar must be one of none, fr, fr-alsace-moselle, fr-guadeloupe, fr-martinique, '
          'fr-guyane, fr-reunion, fr-mayotte (got ''fr-corse'') | Article: CPC 642, C. trav. L3133-1.',
          'capes_holidays(2016.0, ''fr-corse''): the calendar, once the year is whole');
-- an untyped literal that is no double precision is PostgreSQL's own refusal, before capes
SELECT is(split_part(pg_temp.error_of('SELECT capes_penalty_rate(''two'', ''none'')'), ' | ', 1), '22P02',
          'capes_penalty_rate(''two'', ...): PostgreSQL''s invalid input syntax (22P02), as in 1.0');
SELECT is(split_part(pg_temp.error_of('SELECT capes_penalty_rate(''1e400'', ''none'')'), ' | ', 1), '22003',
          'capes_penalty_rate(''1e400'', ...): out of range for double precision (22003); 1e400 as numeric is capes''');
SELECT is(split_part(pg_temp.error_of('SELECT capes_penalty_rate(''2''::text, ''none'')'), ' | ', 1), '42883',
          'a text value is not a number: no function, as in 1.0');

SELECT * FROM finish();
ROLLBACK;
