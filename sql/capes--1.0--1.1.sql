-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- capes 1.0 -> 1.1, run by ALTER EXTENSION capes UPDATE (and, after sql/capes--1.0.sql, by
-- CREATE EXTENSION capes: scripts/install-script). What changes is listed in CHANGELOG.md.
-- Every object is created and referenced as @extschema@.name, as in sql/capes--1.0.sql.
-- This script is frozen once 1.1 is released (sql/released.sha256).

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION capes UPDATE TO '1.1'" to load this file. \quit

-- 1.1 keeps every function of 1.0 with its name, arguments, result and C symbol; the rules
-- of 1.1 change results of IMMUTABLE functions in the shared library itself (CHANGELOG.md:
-- what to REINDEX and recompute). What 1.1 adds follows.

-- Planner hints of 1.0 that did not match the core (the catalog test holds them to it:
-- tests/pg/gen.py). capes_interpretations() returns one row per interpretation, and
-- capes_sources() one per rule, 1.1's included:
ALTER FUNCTION @extschema@.capes_interpretations() ROWS 38;
ALTER FUNCTION @extschema@.capes_sources() ROWS 36;
-- and capes_states() one per state: 1.1 adds refusal_hearing.
ALTER FUNCTION @extschema@.capes_states() ROWS 14;
-- The history aggregates keep one fold of the core per group, with the aggregate's name
-- (pg_ext/aggregates.c: 1080 bytes, not 540; a hash aggregate plans its memory with it).
-- ALTER AGGREGATE cannot change SSPACE, so the estimate is written where PostgreSQL keeps it
-- (below, with the aggregates of 1.1).

-- ------------------------------------------------------- 1.1: the terms (until)
-- docs/rules.md#terms to #histories. The terms are overloads with one more argument and no DEFAULT,
-- as SQLite has one more registration, so that every call of 1.0 still finds exactly one
-- function. They are not STRICT: a NULL term is its default.

CREATE FUNCTION @extschema@.capes_due(state text, since date, calendar text, until date) RETURNS date
    AS 'MODULE_PATHNAME', 'pg_capes_due' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_due(text, date, text, date) IS
    'The deadline running in a state (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_schedule(state text, since date, calendar text, until date)
    RETURNS TABLE (kind text, due date, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_schedule' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 6;
COMMENT ON FUNCTION @extschema@.capes_schedule(text, date, text, date) IS
    'Every deadline running from a state (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_transition_error("from" text, "to" text, from_date date, to_date date,
                                                   calendar text, from_until date) RETURNS text
    AS 'MODULE_PATHNAME', 'pg_capes_transition_error' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_transition_error(text, text, date, date, text, date) IS
    'Why a step is refused, or NULL (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_transition_error("from" text, "to" text, from_date date, to_date date,
                                                   calendar text, from_until date, until date) RETURNS text
    AS 'MODULE_PATHNAME', 'pg_capes_transition_error' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_transition_error(text, text, date, date, text, date, date) IS
    'Why a step is refused, or NULL (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_check_transition("from" text, "to" text, from_date date, to_date date,
                                                   calendar text, from_until date) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_capes_check_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_check_transition(text, text, date, date, text, date) IS
    'True, or an error naming the rule a step breaks (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_check_transition("from" text, "to" text, from_date date, to_date date,
                                                   calendar text, from_until date, until date) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_capes_check_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_check_transition(text, text, date, date, text, date, date) IS
    'True, or an error naming the rule a step breaks (R162-45-1, R162-45-2).';

-- ------------------------------------------- 1.1: the history aggregates
-- One fold of the core (docs/rules.md#histories) in an internal state; the final functions
-- only read it, so that each aggregate also serves a running window frame
-- (ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW). Each aggregate has its own
-- transition functions, which know its name for its messages, in a window too.

CREATE FUNCTION @extschema@.capes_history_step(internal, state text, occurred_on date, calendar text, until date)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_step_until' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_step(internal, text, date, text, date) IS
    'Transition function of the history aggregates with a term (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_history_check_step(internal, state text, occurred_on date)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_check_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_check_step(internal, text, date) IS
    'Transition function of capes_history_check (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_history_check_step(internal, state text, occurred_on date, calendar text)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_check_step_calendar' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_check_step(internal, text, date, text) IS
    'Transition function of capes_history_check (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_history_check_step(internal, state text, occurred_on date, calendar text, until date)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_check_step_until' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_check_step(internal, text, date, text, date) IS
    'Transition function of capes_history_check (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_history_due_step(internal, state text, occurred_on date)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_due_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_due_step(internal, text, date) IS
    'Transition function of capes_history_due (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_history_due_step(internal, state text, occurred_on date, calendar text)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_due_step_calendar' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_due_step(internal, text, date, text) IS
    'Transition function of capes_history_due (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_history_due_step(internal, state text, occurred_on date, calendar text, until date)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_due_step_until' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_due_step(internal, text, date, text, date) IS
    'Transition function of capes_history_due (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_history_check_final(internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_capes_history_check_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_check_final(internal) IS
    'Final function of capes_history_check (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_history_due_final(internal) RETURNS date
    AS 'MODULE_PATHNAME', 'pg_capes_history_due_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_due_final(internal) IS
    'Final function of capes_history_due (R162-45-1, R162-45-2).';

CREATE AGGREGATE @extschema@.capes_history_error(state text, occurred_on date, calendar text, until date) (
    SFUNC = @extschema@.capes_history_step, STYPE = internal, SSPACE = 1080,
    FINALFUNC = @extschema@.capes_history_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.capes_history_error(text, date, text, date) IS
    'The first invalid step of a case''s history, or NULL (R162-45-1, R162-45-2).';

CREATE AGGREGATE @extschema@.capes_history_check(state text, occurred_on date) (
    SFUNC = @extschema@.capes_history_check_step, STYPE = internal, SSPACE = 1080,
    FINALFUNC = @extschema@.capes_history_check_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.capes_history_check(state text, occurred_on date, calendar text) (
    SFUNC = @extschema@.capes_history_check_step, STYPE = internal, SSPACE = 1080,
    FINALFUNC = @extschema@.capes_history_check_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.capes_history_check(state text, occurred_on date, calendar text, until date) (
    SFUNC = @extschema@.capes_history_check_step, STYPE = internal, SSPACE = 1080,
    FINALFUNC = @extschema@.capes_history_check_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.capes_history_check(text, date) IS
    'True, or an error naming the first step of a case''s history the law does not allow (R162-45-1, R162-45-2).';
COMMENT ON AGGREGATE @extschema@.capes_history_check(text, date, text) IS
    'True, or an error naming the first step of a case''s history the law does not allow (R162-45-1, R162-45-2).';
COMMENT ON AGGREGATE @extschema@.capes_history_check(text, date, text, date) IS
    'True, or an error naming the first step of a case''s history the law does not allow (R162-45-1, R162-45-2).';

CREATE AGGREGATE @extschema@.capes_history_due(state text, occurred_on date) (
    SFUNC = @extschema@.capes_history_due_step, STYPE = internal, SSPACE = 1080,
    FINALFUNC = @extschema@.capes_history_due_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.capes_history_due(state text, occurred_on date, calendar text) (
    SFUNC = @extschema@.capes_history_due_step, STYPE = internal, SSPACE = 1080,
    FINALFUNC = @extschema@.capes_history_due_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.capes_history_due(state text, occurred_on date, calendar text, until date) (
    SFUNC = @extschema@.capes_history_due_step, STYPE = internal, SSPACE = 1080,
    FINALFUNC = @extschema@.capes_history_due_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.capes_history_due(text, date) IS
    'The deadline running after the last step of a case''s history, or NULL (R162-45-1, R162-45-2).';
COMMENT ON AGGREGATE @extschema@.capes_history_due(text, date, text) IS
    'The deadline running after the last step of a case''s history, or NULL (R162-45-1, R162-45-2).';
COMMENT ON AGGREGATE @extschema@.capes_history_due(text, date, text, date) IS
    'The deadline running after the last step of a case''s history, or NULL (R162-45-1, R162-45-2).';

-- ------------------------------------------------------ 1.1: the amounts
-- docs/rules.md#amounts. Without envisaged: STRICT; with it, a NULL envisaged is not checked.

CREATE FUNCTION @extschema@.capes_amount_error(state text, amount numeric, maximum numeric) RETURNS text
    AS 'MODULE_PATHNAME', 'pg_capes_amount_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_amount_error(text, numeric, numeric) IS
    'Why an amount decided is above its cap, or NULL (R162-45-1 II, R162-45-2 III).';
CREATE FUNCTION @extschema@.capes_amount_error(state text, amount numeric, maximum numeric, envisaged numeric)
    RETURNS text
    AS 'MODULE_PATHNAME', 'pg_capes_amount_error' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_amount_error(text, numeric, numeric, numeric) IS
    'Why an amount decided is above its cap, or NULL (R162-45-1 II, R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_check_amount(state text, amount numeric, maximum numeric) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_capes_check_amount' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_check_amount(text, numeric, numeric) IS
    'True, or an error naming the cap an amount decided exceeds (R162-45-1 II, R162-45-2 III).';
CREATE FUNCTION @extschema@.capes_check_amount(state text, amount numeric, maximum numeric, envisaged numeric)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_capes_check_amount' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_check_amount(text, numeric, numeric, numeric) IS
    'True, or an error naming the cap an amount decided exceeds (R162-45-1 II, R162-45-2 III).';

-- ------------------------------------------- 1.1: counts and years in any number type
-- docs/rules.md#whole-numbers. A count of risks or a year is also taken as bigint (count(*)),
-- numeric (extract(year ...)) and double precision, each a function of its own beside the 1.0
-- integer one, which stays as it was (CHECKs and indexes built on it keep it). double precision
-- is what PostgreSQL picks, as the preferred type of the numeric category, for a smallint, a real
-- or an untyped literal ('2', NULL): with bigint and numeric alone those 1.0 calls would be
-- ambiguous. integer still goes to the 1.0 function, bigint and numeric to their own, exactly.
-- Every one gives the same answers and the same errors (the core's: pg_ext/values.c arg_whole).

CREATE FUNCTION @extschema@.capes_penalty_rate(risks bigint, level text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_penalty_rate_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_penalty_rate(bigint, text) IS
    'Maximum rate as a fraction for a number of risks not completely treated and a degree (R162-45-2 III).';
CREATE FUNCTION @extschema@.capes_penalty_rate(risks numeric, level text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_penalty_rate_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_penalty_rate(numeric, text) IS
    'Maximum rate as a fraction for a number of risks not completely treated and a degree (R162-45-2 III).';
CREATE FUNCTION @extschema@.capes_penalty_rate(risks double precision, level text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_penalty_rate_float8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_penalty_rate(double precision, text) IS
    'Maximum rate as a fraction for a number of risks not completely treated and a degree (R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_penalty(risks bigint, level text, revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_penalty_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_penalty(bigint, text, numeric) IS
    'Maximum penalty, rounded down to the cent (R162-45-2 III).';
CREATE FUNCTION @extschema@.capes_penalty(risks numeric, level text, revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_penalty_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_penalty(numeric, text, numeric) IS
    'Maximum penalty, rounded down to the cent (R162-45-2 III).';
CREATE FUNCTION @extschema@.capes_penalty(risks double precision, level text, revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_penalty_float8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_penalty(double precision, text, numeric) IS
    'Maximum penalty, rounded down to the cent (R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_holidays(year bigint, calendar text DEFAULT 'fr')
    RETURNS TABLE (day date, name text)
    AS 'MODULE_PATHNAME', 'pg_capes_holidays_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION @extschema@.capes_holidays(bigint, text) IS
    'The public holidays of a year (CPC 642, C. trav. L3133-1).';
CREATE FUNCTION @extschema@.capes_holidays(year numeric, calendar text DEFAULT 'fr')
    RETURNS TABLE (day date, name text)
    AS 'MODULE_PATHNAME', 'pg_capes_holidays_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION @extschema@.capes_holidays(numeric, text) IS
    'The public holidays of a year (CPC 642, C. trav. L3133-1).';
CREATE FUNCTION @extschema@.capes_holidays(year double precision, calendar text DEFAULT 'fr')
    RETURNS TABLE (day date, name text)
    AS 'MODULE_PATHNAME', 'pg_capes_holidays_float8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION @extschema@.capes_holidays(double precision, text) IS
    'The public holidays of a year (CPC 642, C. trav. L3133-1).';

-- -------------------------------------------------------- 1.1: the codes

CREATE FUNCTION @extschema@.capes_codes()
    RETURNS TABLE (vocabulary text, code text, label_fr text, label_en text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_codes' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 38;
COMMENT ON FUNCTION @extschema@.capes_codes() IS
    'Every code of every vocabulary (R162-45, R162-45-1, R162-45-2).';

-- ------------------------------------------------- 1.1: the explanations
-- docs/rules.md#explanations: the steps of a computation, written by the core functions that
-- compute the answer.

CREATE FUNCTION @extschema@.capes_explain_penalty(risks integer, level text, revenue numeric)
    RETURNS TABLE (step text, value text, rule text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_explain_penalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.capes_explain_penalty(integer, text, numeric) IS
    'How capes_penalty computes its maximum, step by step (R162-45-2 III).';
CREATE FUNCTION @extschema@.capes_explain_penalty(risks bigint, level text, revenue numeric)
    RETURNS TABLE (step text, value text, rule text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_explain_penalty_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.capes_explain_penalty(bigint, text, numeric) IS
    'How capes_penalty computes its maximum, step by step (R162-45-2 III).';
CREATE FUNCTION @extschema@.capes_explain_penalty(risks numeric, level text, revenue numeric)
    RETURNS TABLE (step text, value text, rule text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_explain_penalty_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.capes_explain_penalty(numeric, text, numeric) IS
    'How capes_penalty computes its maximum, step by step (R162-45-2 III).';
CREATE FUNCTION @extschema@.capes_explain_penalty(risks double precision, level text, revenue numeric)
    RETURNS TABLE (step text, value text, rule text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_explain_penalty_float8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.capes_explain_penalty(double precision, text, numeric) IS
    'How capes_penalty computes its maximum, step by step (R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_explain_refusal_penalty(revenue numeric)
    RETURNS TABLE (step text, value text, rule text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_explain_refusal_penalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.capes_explain_refusal_penalty(numeric) IS
    'How capes_refusal_penalty computes its maximum, step by step (R162-45-1 II).';

CREATE FUNCTION @extschema@.capes_explain_deadline(start date, kind text, calendar text DEFAULT 'fr')
    RETURNS TABLE (step text, day date, rule text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_explain_deadline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.capes_explain_deadline(date, text, text) IS
    'How capes_deadline counts a deadline, day by day (CPC 640-642).';

-- as capes_transition_error: not STRICT (a NULL from is a new case, a NULL term its default)
CREATE FUNCTION @extschema@.capes_explain_transition("from" text, "to" text, from_date date, to_date date,
                                                     calendar text DEFAULT 'fr')
    RETURNS TABLE ("check" text, passed boolean, detail text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_explain_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION @extschema@.capes_explain_transition(text, text, date, date, text) IS
    'Every check of a step, in order, and the verdict of capes_transition_error (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_explain_transition("from" text, "to" text, from_date date, to_date date,
                                                     calendar text, from_until date)
    RETURNS TABLE ("check" text, passed boolean, detail text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_explain_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION @extschema@.capes_explain_transition(text, text, date, date, text, date) IS
    'Every check of a step, in order, and the verdict of capes_transition_error (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_explain_transition("from" text, "to" text, from_date date, to_date date,
                                                     calendar text, from_until date, until date)
    RETURNS TABLE ("check" text, passed boolean, detail text, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_explain_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION @extschema@.capes_explain_transition(text, text, date, date, text, date, date) IS
    'Every check of a step, in order, and the verdict of capes_transition_error (R162-45-1, R162-45-2).';

-- capes_history_trace: a case's history step by step, as JSON (json keeps the text as the core
-- wrote it, the same string as SQLite's). Its state grows with the steps: no SSPACE.
CREATE FUNCTION @extschema@.capes_history_trace_step(internal, state text, occurred_on date) RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_trace_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_trace_step(internal, text, date) IS
    'Transition function of capes_history_trace (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_history_trace_step(internal, state text, occurred_on date, calendar text)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_trace_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_trace_step(internal, text, date, text) IS
    'Transition function of capes_history_trace (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_history_trace_step(internal, state text, occurred_on date, calendar text,
                                                     until date) RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_trace_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_trace_step(internal, text, date, text, date) IS
    'Transition function of capes_history_trace (R162-45-1, R162-45-2).';
CREATE FUNCTION @extschema@.capes_history_trace_final(internal) RETURNS json
    AS 'MODULE_PATHNAME', 'pg_capes_history_trace_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_trace_final(internal) IS
    'Final function of capes_history_trace (R162-45-1, R162-45-2).';

CREATE AGGREGATE @extschema@.capes_history_trace(state text, occurred_on date) (
    SFUNC = @extschema@.capes_history_trace_step, STYPE = internal,
    FINALFUNC = @extschema@.capes_history_trace_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.capes_history_trace(state text, occurred_on date, calendar text) (
    SFUNC = @extschema@.capes_history_trace_step, STYPE = internal,
    FINALFUNC = @extschema@.capes_history_trace_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.capes_history_trace(state text, occurred_on date, calendar text, until date) (
    SFUNC = @extschema@.capes_history_trace_step, STYPE = internal,
    FINALFUNC = @extschema@.capes_history_trace_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.capes_history_trace(text, date) IS
    'A case''s history step by step, as JSON: every check of every step, the first invalid one (R162-45-1, R162-45-2).';
COMMENT ON AGGREGATE @extschema@.capes_history_trace(text, date, text) IS
    'A case''s history step by step, as JSON: every check of every step, the first invalid one (R162-45-1, R162-45-2).';
COMMENT ON AGGREGATE @extschema@.capes_history_trace(text, date, text, date) IS
    'A case''s history step by step, as JSON: every check of every step, the first invalid one (R162-45-1, R162-45-2).';

-- The history aggregates of 1.0 keep the state of 1.1's.
UPDATE pg_catalog.pg_aggregate SET aggtransspace = 1080
 WHERE aggfnoid IN ('@extschema@.capes_history_error(text, date)'::pg_catalog.regprocedure,
                    '@extschema@.capes_history_error(text, date, text)'::pg_catalog.regprocedure);

REVOKE ALL ON FUNCTION
    @extschema@.capes_history_step(internal, text, date, text, date),
    @extschema@.capes_history_check_step(internal, text, date),
    @extschema@.capes_history_check_step(internal, text, date, text),
    @extschema@.capes_history_check_step(internal, text, date, text, date),
    @extschema@.capes_history_due_step(internal, text, date),
    @extschema@.capes_history_due_step(internal, text, date, text),
    @extschema@.capes_history_due_step(internal, text, date, text, date),
    @extschema@.capes_history_check_final(internal),
    @extschema@.capes_history_due_final(internal),
    @extschema@.capes_history_trace_step(internal, text, date),
    @extschema@.capes_history_trace_step(internal, text, date, text),
    @extschema@.capes_history_trace_step(internal, text, date, text, date),
    @extschema@.capes_history_trace_final(internal)
FROM PUBLIC;
