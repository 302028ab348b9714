-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- The floors of capes' scalars (bench/floor/capes_floor.c): the arguments, defaults,
-- strictness and volatility of each capes_NAME, as floor_NAME. What capes 1.1 added is
-- declared as sql/capes--1.0--1.1.sql declares it: the arities with a term (until) or
-- envisaged are overloads without DEFAULT and not STRICT (a NULL term is its default, a NULL
-- envisaged is not checked); the three-argument amounts are STRICT.
\echo Use "CREATE EXTENSION capes_floor" to load this file. \quit

CREATE FUNCTION floor_penalty_rate(risks integer, level text) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_penalty(risks integer, level text, revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- 1.1: a count of risks also as bigint, numeric and double precision (docs/rules.md#whole-numbers)
CREATE FUNCTION floor_penalty_rate(risks bigint, level text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'floor_penalty_rate_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_penalty_rate(risks numeric, level text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'floor_penalty_rate_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_penalty_rate(risks double precision, level text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'floor_penalty_rate_float8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_penalty(risks bigint, level text, revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'floor_penalty_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_penalty(risks numeric, level text, revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'floor_penalty_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_penalty(risks double precision, level text, revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'floor_penalty_float8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_refusal_penalty(revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_deadline(start date, kind text, calendar text DEFAULT 'fr') RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_due(state text, since date, calendar text DEFAULT 'fr') RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_due(state text, since date, calendar text, until date) RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_transition_valid("from" text, "to" text) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_transition_error("from" text, "to" text, from_date date, to_date date,
                                       calendar text DEFAULT 'fr') RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_transition_error("from" text, "to" text, from_date date, to_date date,
                                       calendar text, from_until date) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_transition_error("from" text, "to" text, from_date date, to_date date,
                                       calendar text, from_until date, until date) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_check_transition("from" text, "to" text, from_date date, to_date date,
                                       calendar text DEFAULT 'fr') RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_check_transition("from" text, "to" text, from_date date, to_date date,
                                       calendar text, from_until date) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_check_transition("from" text, "to" text, from_date date, to_date date,
                                       calendar text, from_until date, until date) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_amount_error(state text, amount numeric, maximum numeric) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_amount_error(state text, amount numeric, maximum numeric, envisaged numeric) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_check_amount(state text, amount numeric, maximum numeric) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_check_amount(state text, amount numeric, maximum numeric, envisaged numeric) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_is_working_day(day date, calendar text DEFAULT 'fr') RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_in_force(day date) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_label(code text, lang text DEFAULT 'fr') RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_version() RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
