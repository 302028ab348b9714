-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- capes case register 1.1 for SQLite (README, "The case register"): establishments, CAPES cases, their risks
-- and an append-only log of procedure steps, checked by the capes extension (1.1 or later).
--
-- Load the extension first, then this file, for example in the sqlite3 shell:
--     .load build/capes
--     .read sql/register-sqlite.sql
-- or from Python (the Debian /usr/bin/python3 can load extensions):
--     db.enable_load_extension(True); db.load_extension("build/capes")
--     db.executescript(open("sql/register-sqlite.sql").read())
-- Every connection that writes to the register must load capes: the constraints and
-- triggers call it. Turn foreign keys on in each connection (PRAGMA foreign_keys = ON);
-- the step trigger checks the case itself, so a step never escapes the rules without them.
--
-- The whole file is one transaction: it refuses to run where a register is already
-- loaded (a 1.0 register is brought to 1.1 by sql/register-sqlite--1.0--1.1.sql) or
-- where capes 1.1 is not loaded, and if any statement fails, even in a shell that goes
-- on after errors, its last check rolls everything back: never a register half-made.
--
-- Dates are TEXT 'YYYY-MM-DD'. Revenues and amounts are TEXT decimals with at most two
-- decimals ('12345678.90'): REAL cannot hold most cents, and capes parses TEXT exactly.
-- Needs SQLite 3.37 or later (STRICT tables).

BEGIN;

-- The checks of the load, in a temporary table whose triggers can RAISE (a script cannot).
CREATE TEMP TABLE capes_register_load (check_point TEXT NOT NULL);
CREATE TEMP TRIGGER capes_register_load_before BEFORE INSERT ON capes_register_load
  WHEN NEW.check_point = 'before'
BEGIN
  SELECT RAISE(ABORT, 'register-sqlite.sql: a register is already loaded here; a 1.0 one is brought to 1.1 by sql/register-sqlite--1.0--1.1.sql')
   WHERE EXISTS (SELECT 1 FROM main.sqlite_schema
                  WHERE name IN ('establishment', 'case_file', 'case_risk', 'case_step'));
  SELECT RAISE(ABORT, 'register-sqlite.sql: capes 1.1 is not loaded in this connection (no capes_history_check)')
   WHERE NOT EXISTS (SELECT 1 FROM pragma_function_list WHERE name = 'capes_history_check');
END;
CREATE TEMP TRIGGER capes_register_load_after BEFORE INSERT ON capes_register_load
  WHEN NEW.check_point = 'after'
BEGIN
  SELECT RAISE(ROLLBACK, 'register-sqlite.sql: a statement failed (see the first error): nothing was created')
   WHERE NOT EXISTS (SELECT 1 FROM capes_register_load WHERE check_point = 'before')
      OR (SELECT count(*) FROM main.sqlite_schema
           WHERE type IN ('table', 'view', 'trigger')
             AND name IN ('establishment', 'case_file', 'case_risk', 'case_step', 'case_step_insert',
                          'case_step_no_update', 'case_step_no_delete', 'case_file_keep_finess',
                          'case_current', 'case_due', 'case_overdue', 'case_max_penalty',
                          'case_invalid_history')) <> 13;
END;
INSERT INTO capes_register_load VALUES ('before');

-- An establishment, by its FINESS number: nine characters, the first two its
-- department ('2A' or '2B' in Corsica), the rest digits. The calendar of public
-- holidays that extends its deadlines (docs/rules.md#calendars) is checked by capes itself.
CREATE TABLE establishment (
  finess   TEXT PRIMARY KEY
           CONSTRAINT finess_format CHECK (length(finess) = 9 AND
             (finess GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' OR
              finess GLOB '2[AB][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')),
  name     TEXT NOT NULL CONSTRAINT name_not_blank CHECK (trim(name) <> ''),
  calendar TEXT NOT NULL DEFAULT 'fr'
           -- lower case, as capes writes its codes; capes knows the list (raises otherwise)
           CONSTRAINT calendar_known CHECK (calendar = lower(trim(calendar)) AND
             capes_is_working_day('2016-01-04', calendar) IS NOT NULL)
) STRICT;

-- One establishment's CAPES file, with the two revenues the law bases its penalties on,
-- each a decimal text with at most two decimals, NULL while unknown; capes checks their
-- range (0 to 10^13 euros).
-- revenue_last_execution_year: the products paid by health insurance during the
--   contract's last year of execution, the base of the contract penalty (R162-45-2 II,
--   table of R162-45-2 III). Which year that is, the decree does not say: capes reads
--   it as the last calendar year of execution of the contract before the penalty
--   (interpretation last_execution_year).
-- revenue_last_closed_year: the products received from the compulsory health insurance
--   schemes for the last closed fiscal year, the base of the refusal penalty
--   (R162-45-1 II, L162-30-3 II).
CREATE TABLE case_file (
  case_id INTEGER PRIMARY KEY,
  finess  TEXT NOT NULL REFERENCES establishment (finess),
  revenue_last_execution_year TEXT
          CONSTRAINT revenue_last_execution_year_decimal CHECK (revenue_last_execution_year GLOB '[0-9]*' AND
            revenue_last_execution_year NOT GLOB '*[^0-9.]*' AND revenue_last_execution_year NOT GLOB '*.*.*' AND
            (revenue_last_execution_year NOT GLOB '*.*' OR revenue_last_execution_year GLOB '*.[0-9]' OR
             revenue_last_execution_year GLOB '*.[0-9][0-9]'))
          CONSTRAINT revenue_last_execution_year_range CHECK (revenue_last_execution_year IS NULL OR
            capes_refusal_penalty(revenue_last_execution_year) IS NOT NULL),
  revenue_last_closed_year TEXT
          CONSTRAINT revenue_last_closed_year_decimal CHECK (revenue_last_closed_year GLOB '[0-9]*' AND
            revenue_last_closed_year NOT GLOB '*[^0-9.]*' AND revenue_last_closed_year NOT GLOB '*.*.*' AND
            (revenue_last_closed_year NOT GLOB '*.*' OR revenue_last_closed_year GLOB '*.[0-9]' OR
             revenue_last_closed_year GLOB '*.[0-9][0-9]'))
          CONSTRAINT revenue_last_closed_year_range CHECK (revenue_last_closed_year IS NULL OR
            capes_refusal_penalty(revenue_last_closed_year) IS NOT NULL)
) STRICT;

CREATE INDEX case_file_finess ON case_file (finess);

-- The risks of the contract (R162-45) and the degree to which their improvement
-- actions were carried out (R162-45-2 III), in capes' canonical codes: one row per
-- risk, so at most three rows per case. degree NULL: not assessed yet.
CREATE TABLE case_risk (
  case_id INTEGER NOT NULL REFERENCES case_file (case_id),
  risk    TEXT NOT NULL CONSTRAINT risk_code CHECK (risk IN ('infectious', 'medication', 'care_pathway')),
  degree  TEXT CONSTRAINT degree_code CHECK (degree IN ('none', 'partial', 'complete')),
  PRIMARY KEY (case_id, risk)
) STRICT;

-- The log of each case's procedure steps (docs/rules.md#procedure), append-only. seq numbers the
-- steps of a case 1, 2, 3...; occurred_on is the date of the step (the date of receipt
-- where the law counts from receipt: capes_states() labels say which). until is the term
-- fixed at the step (docs/rules.md: the contract's end at the first signature, the delay
-- of a formal notice, the delay given at a refusal hearing), NULL for its default or at a
-- state that fixes none; amount the amount envisaged (penalty_proposed) or decided
-- (penalty_decided, refusal_penalty), NULL at any other state or while unknown. until and
-- amount come last, as in a register migrated from 1.0.
CREATE TABLE case_step (
  case_id     INTEGER NOT NULL REFERENCES case_file (case_id),
  seq         INTEGER NOT NULL CONSTRAINT seq_positive CHECK (seq > 0),
  state       TEXT NOT NULL,
  occurred_on TEXT NOT NULL
              CONSTRAINT occurred_on_date CHECK (occurred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  note        TEXT,
  recorded_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  until       TEXT
              CONSTRAINT until_date CHECK (until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  amount      TEXT
              CONSTRAINT amount_decimal CHECK (amount GLOB '[0-9]*' AND amount NOT GLOB '*[^0-9.]*' AND
                amount NOT GLOB '*.*.*' AND
                (amount NOT GLOB '*.*' OR amount GLOB '*.[0-9]' OR amount GLOB '*.[0-9][0-9]'))
              CONSTRAINT amount_only_for_penalties CHECK (amount IS NULL OR
                state IN ('penalty_proposed', 'penalty_decided', 'refusal_penalty')),
  PRIMARY KEY (case_id, seq)
) STRICT;

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

-- A case's steps decide its state: the establishment may not be swapped under them.
CREATE TRIGGER case_file_keep_finess BEFORE UPDATE OF finess ON case_file
  WHEN NEW.finess IS NOT OLD.finess AND EXISTS (SELECT 1 FROM case_step WHERE case_id = OLD.case_id)
BEGIN
  SELECT RAISE(ABORT, 'case_file: a case with logged steps keeps its establishment');
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

INSERT INTO capes_register_load VALUES ('after');
COMMIT;
DROP TABLE IF EXISTS temp.capes_register_load;
