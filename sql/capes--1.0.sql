-- capes 1.0: the CAPES rules (Code de la sécurité sociale L162-30-3, R162-45 to
-- R162-45-2, 2015-2017) as SQL functions over one C core (SPEC §6).
--
-- Safe against search_path tricks: every object of the extension is created and
-- referenced as @extschema@.name, types are built-in (pg_catalog is searched first),
-- and no function looks anything up by name when it runs (all are C, no SQL bodies).
-- Trusted: nothing here reads or writes files or tables or runs as definer.

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION capes" to load this file. \quit

-- ------------------------------------------------------------------- money

CREATE FUNCTION @extschema@.capes_penalty_rate(risks integer, level text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_penalty_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_penalty_rate(integer, text) IS
    'Maximum rate as a fraction for a number of risks not completely treated and a degree (R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_penalty(risks integer, level text, revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_penalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_penalty(integer, text, numeric) IS
    'Maximum penalty, rounded down to the cent (R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_refusal_penalty(revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_refusal_penalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_refusal_penalty(numeric) IS
    'Maximum penalty for refusing to sign: 1 % of revenue, rounded down (R162-45-1 II).';

-- ----------------------------------------- contract aggregates (bigint state)
-- The state is the core's capes_contract packed in 64 bits; NULL risk, level and
-- revenue are handled by the core, so the transition functions are not STRICT.

CREATE FUNCTION @extschema@.capes_contract_rate_step(state bigint, risk text, level text) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_capes_contract_rate_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_contract_rate_step(bigint, text, text) IS
    'Transition function of capes_contract_rate (R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_contract_penalty_step(state bigint, risk text, level text, revenue numeric)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_capes_contract_penalty_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_contract_penalty_step(bigint, text, text, numeric) IS
    'Transition function of capes_contract_penalty (R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_contract_merge(a bigint, b bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_capes_contract_merge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_contract_merge(bigint, bigint) IS
    'Combine function of capes_contract_rate and capes_contract_penalty (R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_contract_rate_final(state bigint) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_contract_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_contract_rate_final(bigint) IS
    'Final function of capes_contract_rate (R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_contract_penalty_final(state bigint) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pg_capes_contract_penalty_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_contract_penalty_final(bigint) IS
    'Final function of capes_contract_penalty (R162-45-2 III).';

CREATE AGGREGATE @extschema@.capes_contract_rate(risk text, level text) (
    SFUNC = @extschema@.capes_contract_rate_step,
    STYPE = bigint,
    FINALFUNC = @extschema@.capes_contract_rate_final,
    COMBINEFUNC = @extschema@.capes_contract_merge,
    INITCOND = '0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.capes_contract_rate(text, text) IS
    'Maximum rate of one contract''s risk rows (R162-45-2 III).';

CREATE AGGREGATE @extschema@.capes_contract_penalty(risk text, level text, revenue numeric) (
    SFUNC = @extschema@.capes_contract_penalty_step,
    STYPE = bigint,
    FINALFUNC = @extschema@.capes_contract_penalty_final,
    COMBINEFUNC = @extschema@.capes_contract_merge,
    INITCOND = '0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.capes_contract_penalty(text, text, numeric) IS
    'Maximum penalty of one contract''s risk rows (R162-45-2 III).';

-- --------------------------------------------------------------- deadlines

CREATE FUNCTION @extschema@.capes_deadline(start date, kind text, calendar text DEFAULT 'fr') RETURNS date
    AS 'MODULE_PATHNAME', 'pg_capes_deadline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_deadline(date, text, text) IS
    'End of a deadline of the procedure (R162-45-1, R162-45-2, CPC 640-642).';

CREATE FUNCTION @extschema@.capes_due(state text, since date, calendar text DEFAULT 'fr') RETURNS date
    AS 'MODULE_PATHNAME', 'pg_capes_due' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_due(text, date, text) IS
    'The deadline running in a state (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_schedule(state text, since date, calendar text DEFAULT 'fr')
    RETURNS TABLE (kind text, due date, article text)
    AS 'MODULE_PATHNAME', 'pg_capes_schedule' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.capes_schedule(text, date, text) IS
    'Every deadline running from a state (R162-45-1, R162-45-2).';

-- --------------------------------------------------------------- procedure
-- "from" NULL means a new case: these three are not STRICT (SPEC §6).

CREATE FUNCTION @extschema@.capes_transition_valid("from" text, "to" text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_capes_transition_valid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_transition_valid(text, text) IS
    'Whether the table allows a step (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_transition_error("from" text, "to" text, from_date date, to_date date,
                                                   calendar text DEFAULT 'fr') RETURNS text
    AS 'MODULE_PATHNAME', 'pg_capes_transition_error' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_transition_error(text, text, date, date, text) IS
    'Why a step is refused, or NULL (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_check_transition("from" text, "to" text, from_date date, to_date date,
                                                   calendar text DEFAULT 'fr') RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_capes_check_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_check_transition(text, text, date, date, text) IS
    'True, or an error naming the rule a step breaks (R162-45-1, R162-45-2).';

-- The state is a capes_history in the aggregate's memory context (a step is one row;
-- give the order: capes_history_error(state, occurred_on ORDER BY occurred_on, seq)).
CREATE FUNCTION @extschema@.capes_history_step(internal, state text, occurred_on date) RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_step(internal, text, date) IS
    'Transition function of capes_history_error (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_history_step(internal, state text, occurred_on date, calendar text)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_capes_history_step_calendar' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_step(internal, text, date, text) IS
    'Transition function of capes_history_error with a calendar (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_history_final(internal) RETURNS text
    AS 'MODULE_PATHNAME', 'pg_capes_history_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_history_final(internal) IS
    'Final function of capes_history_error (R162-45-1, R162-45-2).';

CREATE AGGREGATE @extschema@.capes_history_error(state text, occurred_on date) (
    SFUNC = @extschema@.capes_history_step,
    STYPE = internal,
    SSPACE = 540,
    FINALFUNC = @extschema@.capes_history_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.capes_history_error(text, date) IS
    'The first invalid step of a case''s history, or NULL (R162-45-1, R162-45-2).';

CREATE AGGREGATE @extschema@.capes_history_error(state text, occurred_on date, calendar text) (
    SFUNC = @extschema@.capes_history_step,
    STYPE = internal,
    SSPACE = 540,
    FINALFUNC = @extschema@.capes_history_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.capes_history_error(text, date, text) IS
    'The first invalid step of a case''s history, or NULL (R162-45-1, R162-45-2).';

-- NULL is a new case (not STRICT). The input has no name: the output column is "state".
CREATE FUNCTION @extschema@.capes_next_states(text) RETURNS TABLE (state text)
    AS 'MODULE_PATHNAME', 'pg_capes_next_states' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION @extschema@.capes_next_states(text) IS
    'The allowed next states (R162-45-1, R162-45-2).';

CREATE FUNCTION @extschema@.capes_states()
    RETURNS TABLE (state text, label_fr text, label_en text, article text, initial boolean, terminal boolean)
    AS 'MODULE_PATHNAME', 'pg_capes_states' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 13;
COMMENT ON FUNCTION @extschema@.capes_states() IS
    'The states of the procedure (R162-45-1, R162-45-2).';

-- --------------------------------------------------------------- calendars

CREATE FUNCTION @extschema@.capes_is_working_day(day date, calendar text DEFAULT 'fr') RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_capes_is_working_day' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_is_working_day(date, text) IS
    'Whether a day is a working day (CPC 642).';

CREATE FUNCTION @extschema@.capes_holidays(year integer, calendar text DEFAULT 'fr')
    RETURNS TABLE (day date, name text)
    AS 'MODULE_PATHNAME', 'pg_capes_holidays' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION @extschema@.capes_holidays(integer, text) IS
    'The public holidays of a year (CPC 642, C. trav. L3133-1).';

CREATE FUNCTION @extschema@.capes_in_force(day date) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_capes_in_force' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_in_force(date) IS
    'Whether R162-45 to R162-45-2 applied on a day (décret 2015-1511, décret 2017-500).';

-- ------------------------------------------------------ vocabulary, sources

CREATE FUNCTION @extschema@.capes_label(code text, lang text DEFAULT 'fr') RETURNS text
    AS 'MODULE_PATHNAME', 'pg_capes_label' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_label(text, text) IS
    'Label of a risk, degree or state (R162-45, R162-45-2 III).';

CREATE FUNCTION @extschema@.capes_sources() RETURNS TABLE (rule text, article text, text_excerpt text)
    AS 'MODULE_PATHNAME', 'pg_capes_sources' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 30;
COMMENT ON FUNCTION @extschema@.capes_sources() IS
    'Every rule with its article.';

CREATE FUNCTION @extschema@.capes_interpretations() RETURNS TABLE (id text, question text, choice text, rationale text)
    AS 'MODULE_PATHNAME', 'pg_capes_interpretations' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 24;
COMMENT ON FUNCTION @extschema@.capes_interpretations() IS
    'Every reading the library had to choose.';

CREATE FUNCTION @extschema@.capes_version() RETURNS text
    AS 'MODULE_PATHNAME', 'pg_capes_version' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.capes_version() IS
    'The library''s version.';

-- The support functions are for the aggregates only: a state forged by hand could
-- carry a revenue past the legal limit. PostgreSQL checks them against the
-- aggregate's owner, so revoking them from PUBLIC leaves the aggregates usable.
REVOKE ALL ON FUNCTION
    @extschema@.capes_contract_rate_step(bigint, text, text),
    @extschema@.capes_contract_penalty_step(bigint, text, text, numeric),
    @extschema@.capes_contract_merge(bigint, bigint),
    @extschema@.capes_contract_rate_final(bigint),
    @extschema@.capes_contract_penalty_final(bigint),
    @extschema@.capes_history_step(internal, text, date),
    @extschema@.capes_history_step(internal, text, date, text),
    @extschema@.capes_history_final(internal)
FROM PUBLIC;
