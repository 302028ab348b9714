-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- capes case register for PostgreSQL: brings a register loaded with the 1.0 sql/register-pg.sql to 1.1
-- (README, "The case register"), keeping every case and every logged step. Update capes first:
--     psql -c 'ALTER EXTENSION capes UPDATE' && psql -f sql/register-pg--1.0--1.1.sql
-- One transaction (ON_ERROR_STOP): it refuses to run on a register already at 1.1, on a database
-- without the 1.0 register or with capes older than 1.1, and if anything fails nothing changes.
-- It locks the register's tables for its duration: no step is logged meanwhile.
--
-- What changes:
-- - case_file.revenue, the one revenue of 1.0 (the base of both penalties), becomes
--   revenue_last_execution_year (the contract penalty's base, R162-45-2 II), its constraints
--   renamed with it, and its value is copied into the new revenue_last_closed_year (the refusal
--   penalty's base, R162-45-1 II), so that every maximum stays what 1.0 showed: correct
--   whichever of the two differs.
-- - case_step gains until (the term fixed at a step) and amount (the amount envisaged or
--   decided), NULL for every step logged under 1.0; they come last, as in a fresh 1.1 register.
-- - The step trigger checks the whole history with capes_history_check and the amounts with
--   capes_check_amount (capes_register.check_step, 1.0's binding of capes_check_transition,
--   goes); the views are those of 1.1 (case_due from capes_history_due; case_invalid_history
--   in seq order, with the 1.1 rules: a 1.0 history that 1.1 refuses, such as refused ->
--   refusal_penalty without a hearing, is kept and listed there, and counted in a NOTICE).
-- The functions, triggers and views are dropped and created again with the text of
-- sql/register-pg.sql (tests/register compares the catalog of the two registers); the
-- append-only triggers are off only inside this transaction. GRANTs on the tables are kept;
-- the views are new objects: grant on them again.

\set ON_ERROR_STOP 1

BEGIN;
SET LOCAL search_path = pg_catalog, pg_temp;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'capes') THEN
    RAISE EXCEPTION 'register-pg--1.0--1.1.sql: the capes extension is not installed in this database';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_extension AS x
                     ON x.extname = 'capes' AND p.pronamespace = x.extnamespace
                  WHERE p.proname = 'capes_history_check') THEN
    RAISE EXCEPTION 'register-pg--1.0--1.1.sql: the capes extension is older than 1.1 (no capes_history_check)'
      USING HINT = 'Run ALTER EXTENSION capes UPDATE first; nothing was changed.';
  END IF;
  IF pg_catalog.to_regclass('capes_register.case_step') IS NULL THEN
    RAISE EXCEPTION 'register-pg--1.0--1.1.sql: no capes register in this database (no table capes_register.case_step)'
      USING HINT = 'Load a new register with sql/register-pg.sql.';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
              WHERE attrelid = pg_catalog.to_regclass('capes_register.case_step') AND attname = 'until'
                AND NOT attisdropped) THEN
    RAISE EXCEPTION 'register-pg--1.0--1.1.sql: the register is already at 1.1 (case_step has the column until)'
      USING HINT = 'Nothing to do; nothing was changed.';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                  WHERE attrelid = pg_catalog.to_regclass('capes_register.case_file') AND attname = 'revenue'
                    AND NOT attisdropped)
     OR pg_catalog.to_regprocedure('capes_register.check_step(text, text, date, date, text)') IS NULL THEN
    RAISE EXCEPTION 'register-pg--1.0--1.1.sql: this is not the 1.0 register (no case_file.revenue or no check_step)'
      USING HINT = 'The script migrates only the register of sql/register-pg.sql 1.0; nothing was changed.';
  END IF;
END
$$;

SELECT n.nspname AS capes_schema
  FROM pg_catalog.pg_extension AS x
  JOIN pg_catalog.pg_namespace AS n ON n.oid = x.extnamespace
 WHERE x.extname = 'capes' \gset

-- No step, case or risk changes while the register is rebuilt.
LOCK TABLE capes_register.establishment, capes_register.case_file, capes_register.case_risk,
           capes_register.case_step IN ACCESS EXCLUSIVE MODE;
CREATE TEMP TABLE register_migration_steps ON COMMIT DROP AS
SELECT pg_catalog.count(*) AS steps FROM capes_register.case_step;

-- The 1.0 views, functions and the triggers of the log go; they come back below, as in 1.1.
DROP FUNCTION capes_register.case_overdue(date);
DROP VIEW capes_register.case_invalid_history, capes_register.case_due, capes_register.case_current,
          capes_register.case_max_penalty;
DROP TRIGGER case_step_insert ON capes_register.case_step;
DROP TRIGGER case_step_no_update ON capes_register.case_step;
DROP TRIGGER case_step_no_delete ON capes_register.case_step;
DROP TRIGGER case_step_no_truncate ON capes_register.case_step;
DROP TRIGGER case_file_keep_finess ON capes_register.case_file;
DROP FUNCTION capes_register.case_step_insert(), capes_register.case_step_append_only(),
              capes_register.case_file_keep_finess(),
              capes_register.check_step(text, text, date, date, text), capes_register.is_state(text);

-- The two revenues (sql/register-pg.sql says what each is): the 1.0 revenue goes into both.
ALTER TABLE capes_register.case_file RENAME COLUMN revenue TO revenue_last_execution_year;
ALTER TABLE capes_register.case_file RENAME CONSTRAINT revenue_cents TO revenue_last_execution_year_cents;
ALTER TABLE capes_register.case_file RENAME CONSTRAINT revenue_range TO revenue_last_execution_year_range;
ALTER TABLE capes_register.case_file
  ADD COLUMN revenue_last_closed_year numeric
          CONSTRAINT revenue_last_closed_year_cents CHECK (revenue_last_closed_year = round(revenue_last_closed_year, 2))
          CONSTRAINT revenue_last_closed_year_range CHECK (revenue_last_closed_year IS NULL OR
            :"capes_schema".capes_refusal_penalty(revenue_last_closed_year) IS NOT NULL);
UPDATE capes_register.case_file SET revenue_last_closed_year = revenue_last_execution_year
 WHERE revenue_last_execution_year IS NOT NULL;
COMMENT ON SCHEMA capes_register IS 'CAPES case register 1.1 (CSS R162-45 to R162-45-2), checked by the capes extension';
COMMENT ON TABLE capes_register.case_file IS 'CAPES cases: one establishment''s file, with the two revenues its penalties are computed on';
COMMENT ON COLUMN capes_register.case_file.revenue_last_execution_year IS
  'Products paid by health insurance during the contract''s last year of execution, the base of the contract penalty '
  '(R162-45-2 II, table of R162-45-2 III); the decree does not say which year that is: capes reads it as the last '
  'calendar year of execution of the contract before the penalty (interpretation last_execution_year)';
COMMENT ON COLUMN capes_register.case_file.revenue_last_closed_year IS
  'Products received from the compulsory health insurance schemes for the last closed fiscal year, the base of the '
  'refusal penalty (R162-45-1 II, L162-30-3 II)';

-- The term and the amount of each step; NULL for the steps logged under 1.0.
ALTER TABLE capes_register.case_step
  ADD COLUMN until date,
  ADD COLUMN amount numeric CONSTRAINT amount_cents CHECK (amount = round(amount, 2)),
  ADD CONSTRAINT amount_only_for_penalties CHECK (amount IS NULL OR
    state IN ('penalty_proposed', 'penalty_decided', 'refusal_penalty'));
COMMENT ON TABLE capes_register.case_step IS 'Append-only log of each case''s procedure steps, checked by capes_history_check and capes_check_amount';
COMMENT ON COLUMN capes_register.case_step.until IS
  'The term fixed at the step (the contract''s end, the delay of a formal notice or of a refusal hearing); NULL: its default';
COMMENT ON COLUMN capes_register.case_step.amount IS
  'The amount envisaged (penalty_proposed) or decided (penalty_decided, refusal_penalty); NULL elsewhere or while unknown';

-- ------------------------- the objects that call capes, as in a fresh register
\ir register-pg-objects.sql

-- ------------------------------------------------------------------ checks

DO $$
DECLARE
  invalid bigint;
BEGIN
  IF (SELECT pg_catalog.count(*) FROM capes_register.case_step)
     <> (SELECT m.steps FROM pg_temp.register_migration_steps AS m) THEN
    RAISE EXCEPTION 'register-pg--1.0--1.1.sql: the number of logged steps changed; nothing was changed';
  END IF;
  SELECT pg_catalog.count(*) INTO invalid FROM capes_register.case_invalid_history;
  IF invalid > 0 THEN
    RAISE NOTICE 'register-pg--1.0--1.1.sql: % case(s) logged under 1.0 break the 1.1 rules; they are kept and listed in capes_register.case_invalid_history', invalid;
  END IF;
END
$$;

COMMIT;
