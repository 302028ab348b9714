-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- capes 1.0 -> 1.1, run by ALTER EXTENSION capes UPDATE (and, after sql/capes--1.0.sql, by
-- CREATE EXTENSION capes: scripts/install-script). What changes is listed in CHANGELOG.md.
-- Every object is created and referenced as @extschema@.name, as in sql/capes--1.0.sql.
-- This script is frozen once 1.1 is released (sql/released.sha256).

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION capes UPDATE TO '1.1'" to load this file. \quit

-- 1.1 keeps every function of 1.0 with its name, arguments, result and C symbol. The rules
-- of 1.1 change results of IMMUTABLE functions in the shared library itself (CHANGELOG.md:
-- what to REINDEX and recompute).

-- Planner hints of 1.0 that did not match the core (the catalog test holds them to it:
-- tests/pg/gen.py). capes_interpretations() returns one row per interpretation:
ALTER FUNCTION @extschema@.capes_interpretations() ROWS 26;
-- The history aggregates keep one capes_history of the core per group (1040 bytes, not 540:
-- a hash aggregate plans its memory with it). ALTER AGGREGATE cannot change SSPACE, so the
-- estimate is written where PostgreSQL keeps it.
UPDATE pg_catalog.pg_aggregate SET aggtransspace = 1040
 WHERE aggfnoid IN ('@extschema@.capes_history_error(text, date)'::pg_catalog.regprocedure,
                    '@extschema@.capes_history_error(text, date, text)'::pg_catalog.regprocedure);
