-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- capes case register for SQLite: brings a register loaded with the 1.0 sql/register-sqlite.sql to 1.1
-- (README, "The case register"), keeping every case and every logged step. Load capes 1.1 first:
--     sqlite3 register.db '.load build/capes' '.read sql/register-sqlite--1.0--1.1.sql'
-- One transaction. It refuses to run on a register already at 1.1, on a database without the
-- 1.0 register, or without capes 1.1 loaded; if any statement fails, even in a shell that goes on
-- after errors, its last check rolls everything back: the register is then exactly as before.
--
-- What changes:
-- - case_file.revenue, the one revenue of 1.0 (the base of both penalties), becomes
--   revenue_last_execution_year (the contract penalty's base, R162-45-2 II), and its value is
--   copied into the new revenue_last_closed_year (the refusal penalty's base, R162-45-1 II), so
--   that every maximum stays what 1.0 showed: correct whichever of the two differs.
-- - case_step gains until (the term fixed at a step) and amount (the amount envisaged or
--   decided), NULL for every step logged under 1.0; they come last, as in a fresh 1.1 register.
-- - The step trigger checks the whole history with capes_history_check and the amounts with
--   capes_check_amount; the views are those of 1.1 (case_due from capes_history_due;
--   case_invalid_history in seq order, with the 1.1 rules: a 1.0 history that 1.1 refuses,
--   such as refused -> refusal_penalty without a hearing, is kept and listed there).
-- The triggers and views are dropped and created again with the text of sql/register-sqlite.sql
-- (tests/register compares the two registers); the append-only triggers are off only inside
-- this transaction.

BEGIN;

-- The checks of the migration, in a temporary table whose triggers can RAISE (a script cannot);
-- their bodies name no table of the register, which may be missing.
CREATE TEMP TABLE capes_register_migration (check_point TEXT NOT NULL, steps INTEGER, steps_after INTEGER);
CREATE TEMP TRIGGER capes_register_migration_before BEFORE INSERT ON capes_register_migration
  WHEN NEW.check_point = 'before'
BEGIN
  SELECT RAISE(ABORT, 'register-sqlite--1.0--1.1.sql: no capes register in this database (no table case_step)')
   WHERE NOT EXISTS (SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = 'case_step');
  SELECT RAISE(ABORT, 'register-sqlite--1.0--1.1.sql: the register is already at 1.1 (case_step has the column until)')
   WHERE EXISTS (SELECT 1 FROM pragma_table_info('case_step') WHERE name = 'until');
  SELECT RAISE(ABORT, 'register-sqlite--1.0--1.1.sql: this is not the 1.0 register (case_file has no column revenue)')
   WHERE NOT EXISTS (SELECT 1 FROM pragma_table_info('case_file') WHERE name = 'revenue')
      OR EXISTS (SELECT 1 FROM pragma_table_info('case_file') WHERE name LIKE 'revenue\_%' ESCAPE '\');
  SELECT RAISE(ABORT, 'register-sqlite--1.0--1.1.sql: capes 1.1 is not loaded in this connection (no capes_history_check)')
   WHERE NOT EXISTS (SELECT 1 FROM pragma_function_list WHERE name = 'capes_history_check');
END;
CREATE TEMP TRIGGER capes_register_migration_after BEFORE INSERT ON capes_register_migration
  WHEN NEW.check_point = 'after'
BEGIN
  SELECT RAISE(ROLLBACK, 'register-sqlite--1.0--1.1.sql: a statement failed (see the first error): the migration was rolled back, the register is unchanged')
   WHERE NOT EXISTS (SELECT 1 FROM capes_register_migration WHERE check_point = 'before')
      OR (SELECT steps IS NOT steps_after FROM capes_register_migration WHERE check_point = 'before')
      OR (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('case_file') ORDER BY cid))
         IS NOT 'case_id,finess,revenue_last_execution_year,revenue_last_closed_year'
      OR (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('case_step') ORDER BY cid))
         IS NOT 'case_id,seq,state,occurred_on,note,recorded_at,until,amount'
      OR (SELECT count(*) FROM main.sqlite_schema
           WHERE type IN ('view', 'trigger')
             AND name IN ('case_step_insert', 'case_step_no_update', 'case_step_no_delete', 'case_file_keep_finess',
                          'case_current', 'case_due', 'case_overdue', 'case_max_penalty',
                          'case_invalid_history')) <> 9;
END;
INSERT INTO capes_register_migration VALUES ('before', NULL, NULL);
UPDATE capes_register_migration SET steps = (SELECT count(*) FROM case_step);

-- The 1.0 views and the triggers of the log go; they come back below, as in 1.1.
DROP VIEW case_invalid_history;
DROP VIEW case_overdue;
DROP VIEW case_due;
DROP VIEW case_current;
DROP VIEW case_max_penalty;
DROP TRIGGER case_step_insert;
DROP TRIGGER case_step_no_update;
DROP TRIGGER case_step_no_delete;

-- The two revenues (sql/register-sqlite.sql says what each is): the 1.0 revenue goes into both.
ALTER TABLE case_file ADD COLUMN
  revenue_last_execution_year TEXT
          CONSTRAINT revenue_last_execution_year_decimal CHECK (revenue_last_execution_year GLOB '[0-9]*' AND
            revenue_last_execution_year NOT GLOB '*[^0-9.]*' AND revenue_last_execution_year NOT GLOB '*.*.*' AND
            (revenue_last_execution_year NOT GLOB '*.*' OR revenue_last_execution_year GLOB '*.[0-9]' OR
             revenue_last_execution_year GLOB '*.[0-9][0-9]'))
          CONSTRAINT revenue_last_execution_year_range CHECK (revenue_last_execution_year IS NULL OR
            capes_refusal_penalty(revenue_last_execution_year) IS NOT NULL);
ALTER TABLE case_file ADD COLUMN
  revenue_last_closed_year TEXT
          CONSTRAINT revenue_last_closed_year_decimal CHECK (revenue_last_closed_year GLOB '[0-9]*' AND
            revenue_last_closed_year NOT GLOB '*[^0-9.]*' AND revenue_last_closed_year NOT GLOB '*.*.*' AND
            (revenue_last_closed_year NOT GLOB '*.*' OR revenue_last_closed_year GLOB '*.[0-9]' OR
             revenue_last_closed_year GLOB '*.[0-9][0-9]'))
          CONSTRAINT revenue_last_closed_year_range CHECK (revenue_last_closed_year IS NULL OR
            capes_refusal_penalty(revenue_last_closed_year) IS NOT NULL);
UPDATE case_file SET revenue_last_execution_year = revenue, revenue_last_closed_year = revenue;
ALTER TABLE case_file DROP COLUMN revenue;

-- The term and the amount of each step; NULL for the steps logged under 1.0.
ALTER TABLE case_step ADD COLUMN
  until       TEXT
              CONSTRAINT until_date CHECK (until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE case_step ADD COLUMN
  amount      TEXT
              CONSTRAINT amount_decimal CHECK (amount GLOB '[0-9]*' AND amount NOT GLOB '*[^0-9.]*' AND
                amount NOT GLOB '*.*.*' AND
                (amount NOT GLOB '*.*' OR amount GLOB '*.[0-9]' OR amount GLOB '*.[0-9][0-9]'))
              CONSTRAINT amount_only_for_penalties CHECK (amount IS NULL OR
                state IN ('penalty_proposed', 'penalty_decided', 'refusal_penalty'));

-- ------------------------------------------- as in sql/register-sqlite.sql

-- Each contract's maximum penalty rate and amount (R162-45-2 III) from its risk rows and
-- revenue_last_execution_year, and the maximum penalty for refusing to sign (1 %,
-- R162-45-1 II) from revenue_last_closed_year. NULL while a degree or the revenue is
-- unknown, or for a case without risk rows. The step trigger checks amounts against it.
CREATE VIEW case_max_penalty AS
SELECT c.case_id, c.revenue_last_execution_year, c.revenue_last_closed_year,
       count(r.risk) AS risks,
       -- risks not completely treated (R162-45-2 III); NULL while a degree is unknown
       CASE WHEN count(r.risk) = count(r.degree)
            THEN count(CASE WHEN r.degree <> 'complete' THEN 1 END) END AS open_risks,
       capes_contract_rate(r.risk, r.degree) AS max_rate,
       capes_contract_penalty(r.risk, r.degree, c.revenue_last_execution_year) AS max_penalty,
       capes_refusal_penalty(c.revenue_last_closed_year) AS max_refusal_penalty,
       -- the same as a person reads them, whatever the tool: text with 4 and 2 decimals
       -- ('159225.00', not a bare REAL 159225), as sql/register-pg-objects.sql writes them
       -- (SQLite computes each aggregate once, however often the select list names it)
       CASE WHEN capes_contract_rate(r.risk, r.degree) IS NOT NULL
            THEN printf('%.4f', capes_contract_rate(r.risk, r.degree)) END AS max_rate_text,
       CASE WHEN capes_contract_penalty(r.risk, r.degree, c.revenue_last_execution_year) IS NOT NULL
            THEN printf('%.2f', capes_contract_penalty(r.risk, r.degree, c.revenue_last_execution_year))
       END AS max_penalty_text,
       CASE WHEN capes_refusal_penalty(c.revenue_last_closed_year) IS NOT NULL
            THEN printf('%.2f', capes_refusal_penalty(c.revenue_last_closed_year)) END AS max_refusal_penalty_text
  FROM case_file AS c
  LEFT JOIN case_risk AS r ON r.case_id = c.case_id
 GROUP BY c.case_id, c.revenue_last_execution_year, c.revenue_last_closed_year;

-- A new step: the case must exist, seq must be the case's last seq + 1 (1 for its
-- first step, as in PostgreSQL, where it guards concurrent steps), and
-- capes_history_check (docs/rules.md#procedure) must accept the case's whole history, its
-- logged steps in seq order then the new one, each with its term, in its establishment's
-- calendar. An amount must then be within its cap (capes_check_amount): penalty_proposed
-- and penalty_decided at most case_max_penalty.max_penalty, penalty_decided at most the
-- amount of the case's last penalty_proposed too, refusal_penalty at most
-- max_refusal_penalty; an amount whose maximum is unknown (revenue or a degree missing)
-- is refused. Else the whole statement fails with SQLITE_CONSTRAINT and capes' message, e.g.
--   capes_history_check: step 2 (agency_draft on 2016-02-01): notified -> agency_draft
--   refused before 2016-02-04: the establishment has 30 days to propose a draft (R162-45-1 I)
-- A NULL seq, state or date is left to NOT NULL, which refuses it.
-- The steps reach the aggregate through an ordered subquery: SQLite never flattens an
-- ORDER BY subquery into an aggregate, so the aggregate sees them in seq order.
CREATE TRIGGER case_step_insert BEFORE INSERT ON case_step
BEGIN
  -- one statement for the case and its seq, the case checked first (CASE tests in order)
  SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM case_file WHERE case_id = NEW.case_id)
              THEN RAISE(ABORT, 'case_step: no case_file row with this case_id')
              WHEN NEW.seq <> coalesce((SELECT max(seq) FROM case_step WHERE case_id = NEW.case_id), 0) + 1
              THEN RAISE(ABORT, 'case_step: seq must be the seq of the case''s last step + 1 (1 for its first step)')
         END;
  -- the steps then the new one in seq order (h), the calendar read once: a subquery of NEW
  -- alone, which SQLite computes once per statement. Joined to h instead, it made SQLite
  -- materialize h for every row, a sixth of the trigger's instructions (callgrind, bench/results.md).
  -- A case whose establishment is missing (foreign keys off) gives a NULL calendar, which
  -- capes refuses: its steps do not escape the rules either.
  SELECT capes_history_check(h.state, h.occurred_on,
                             (SELECT e.calendar FROM case_file AS c JOIN establishment AS e ON e.finess = c.finess
                               WHERE c.case_id = NEW.case_id),
                             h.until)
    FROM (SELECT s.seq, s.state, s.occurred_on, s.until FROM case_step AS s WHERE s.case_id = NEW.case_id
          UNION ALL
          SELECT NEW.seq, NEW.state, NEW.occurred_on, NEW.until
           ORDER BY 1) AS h
   WHERE NEW.seq IS NOT NULL AND NEW.state IS NOT NULL AND NEW.occurred_on IS NOT NULL;
  -- capes accepts any case and surrounding spaces; the log keeps its canonical codes. NOT EXISTS,
  -- not NOT IN: NOT IN builds an index of capes_states for every row, a third of a bulk load's
  -- time (bench/results.md); a NULL state is left to NOT NULL.
  SELECT RAISE(ABORT, 'case_step: state must be written as in capes_states (lower case, no spaces)')
   WHERE NEW.state IS NOT NULL AND NOT EXISTS (SELECT 1 FROM capes_states AS k WHERE k.state = NEW.state);
  SELECT RAISE(ABORT, 'case_step: the amount''s maximum is unknown: set the case''s revenue_last_execution_year and every risk''s degree')
   WHERE NEW.amount IS NOT NULL AND NEW.state IN ('penalty_proposed', 'penalty_decided')
     AND (SELECT max_penalty FROM case_max_penalty WHERE case_id = NEW.case_id) IS NULL;
  SELECT RAISE(ABORT, 'case_step: the amount''s maximum is unknown: set the case''s revenue_last_closed_year')
   WHERE NEW.amount IS NOT NULL AND NEW.state = 'refusal_penalty'
     AND (SELECT max_refusal_penalty FROM case_max_penalty WHERE case_id = NEW.case_id) IS NULL;
  SELECT CASE WHEN a.envisaged IS NULL THEN capes_check_amount(NEW.state, NEW.amount, a.maximum)
              ELSE capes_check_amount(NEW.state, NEW.amount, a.maximum, a.envisaged) END
    FROM (SELECT CASE WHEN NEW.state = 'refusal_penalty' THEN m.max_refusal_penalty ELSE m.max_penalty END
                   AS maximum,
                 CASE WHEN NEW.state = 'penalty_decided'
                      THEN (SELECT p.amount FROM case_step AS p
                             WHERE p.case_id = NEW.case_id AND p.state = 'penalty_proposed'
                             ORDER BY p.seq DESC LIMIT 1) END AS envisaged
            FROM case_max_penalty AS m WHERE m.case_id = NEW.case_id) AS a
   WHERE NEW.amount IS NOT NULL AND NEW.state IN ('penalty_proposed', 'penalty_decided', 'refusal_penalty');
END;

CREATE TRIGGER case_step_no_update BEFORE UPDATE ON case_step
BEGIN
  SELECT RAISE(ABORT, 'case_step: the log of steps is append-only: UPDATE refused (log a new step instead)');
END;

CREATE TRIGGER case_step_no_delete BEFORE DELETE ON case_step
BEGIN
  SELECT RAISE(ABORT, 'case_step: the log of steps is append-only: DELETE refused');
END;

-- Each case with its establishment, its revenues and its current state: the state,
-- date, term and amount of its last step (NULL state when nothing is logged yet).
CREATE VIEW case_current AS
SELECT c.case_id, c.finess, e.name, e.calendar, c.revenue_last_execution_year, c.revenue_last_closed_year,
       last.seq, last.state, last.occurred_on AS since, last.until, last.amount,
       -- the amount with its two decimals ('95000.00' for '95000'), as PostgreSQL shows it
       CASE WHEN last.amount IS NOT NULL THEN printf('%.2f', last.amount) END AS amount_text
  FROM case_file AS c
  JOIN establishment AS e ON e.finess = c.finess
  LEFT JOIN case_step AS last
    ON last.case_id = c.case_id
   AND last.seq = (SELECT max(seq) FROM case_step WHERE case_id = c.case_id);

-- The deadline running after each case's last step, counted from its whole history
-- (capes_history_due over the steps in seq order: the contract's end from its first
-- signature, the terms fixed at earlier steps); NULL when none runs or the history is invalid.
CREATE VIEW case_due AS
SELECT cur.case_id, cur.finess, cur.name, cur.calendar, cur.state, cur.since, cur.until,
       (SELECT capes_history_due(h.state, h.occurred_on, cur.calendar, h.until)
          FROM (SELECT state, occurred_on, until FROM case_step
                 WHERE case_id = cur.case_id ORDER BY seq) AS h) AS due
  FROM case_current AS cur;

-- Whether that deadline has passed today (UTC). For another day, query case_due:
--   SELECT *, coalesce(due < '2016-09-01', 0) AS overdue FROM case_due;
CREATE VIEW case_overdue AS
SELECT case_id, finess, name, calendar, state, since, due,
       date('now') AS as_of,
       coalesce(due < date('now'), 0) AS overdue
  FROM case_due;

-- Cases whose logged history breaks the rules (capes_history_error over the steps in
-- seq order, the order the trigger checks, with their terms), for data imported with
-- the trigger off, or logged under older rules (a register migrated from 1.0).
CREATE VIEW case_invalid_history AS
SELECT case_id, finess, error
  FROM (SELECT c.case_id, c.finess,
               (SELECT capes_history_error(s.state, s.occurred_on, e.calendar, s.until)
                  FROM (SELECT state, occurred_on, until FROM case_step
                         WHERE case_id = c.case_id ORDER BY seq) AS s) AS error
          FROM case_file AS c
          JOIN establishment AS e ON e.finess = c.finess)
 WHERE error IS NOT NULL;

UPDATE capes_register_migration SET steps_after = (SELECT count(*) FROM case_step);
INSERT INTO capes_register_migration VALUES ('after', NULL, NULL);
COMMIT;
DROP TABLE IF EXISTS temp.capes_register_migration;
