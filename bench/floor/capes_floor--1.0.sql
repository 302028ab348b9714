-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- The floors of capes' scalars (bench/floor/capes_floor.c): the arguments, defaults,
-- strictness and volatility of each capes_NAME, as floor_NAME.
\echo Use "CREATE EXTENSION capes_floor" to load this file. \quit

CREATE FUNCTION floor_penalty_rate(risks integer, level text) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_penalty(risks integer, level text, revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_refusal_penalty(revenue numeric) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_deadline(start date, kind text, calendar text DEFAULT 'fr') RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_due(state text, since date, calendar text DEFAULT 'fr') RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_transition_valid("from" text, "to" text) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_transition_error("from" text, "to" text, from_date date, to_date date,
                                       calendar text DEFAULT 'fr') RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_check_transition("from" text, "to" text, from_date date, to_date date,
                                       calendar text DEFAULT 'fr') RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION floor_is_working_day(day date, calendar text DEFAULT 'fr') RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_in_force(day date) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_label(code text, lang text DEFAULT 'fr') RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION floor_version() RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
