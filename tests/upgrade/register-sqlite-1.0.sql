-- capes case register 1.0 for SQLite (README.md, "The case register"): establishments,
-- CAPES cases, their risks and an append-only log of procedure steps, checked by the
-- capes extension. Its statements are those 1.0 shipped (tests/upgrade/released.sha256);
-- its comments cite the repository's own description of the rules.
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
-- Dates are TEXT 'YYYY-MM-DD'. Revenues are TEXT decimals with at most two decimals
-- ('12345678.90'): REAL cannot hold most cents, and capes parses TEXT exactly.
-- Needs SQLite 3.37 or later (STRICT tables).

-- An establishment, by its FINESS number: nine characters, the first two its
-- department ('2A' or '2B' in Corsica), the rest digits. The calendar of public
-- holidays that extends its deadlines (docs/rules.md#extension) is checked by capes itself.
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

-- One establishment's CAPES file. revenue: the insurance products the penalties are
-- computed on (R162-45-2 II, R162-45-1 II), a decimal text with at most two decimals;
-- NULL while unknown. capes checks its range (0 to 10^13 euros).
CREATE TABLE case_file (
  case_id INTEGER PRIMARY KEY,
  finess  TEXT NOT NULL REFERENCES establishment (finess),
  revenue TEXT
          CONSTRAINT revenue_decimal CHECK (revenue GLOB '[0-9]*' AND revenue NOT GLOB '*[^0-9.]*' AND
            revenue NOT GLOB '*.*.*' AND
            (revenue NOT GLOB '*.*' OR revenue GLOB '*.[0-9]' OR revenue GLOB '*.[0-9][0-9]'))
          CONSTRAINT revenue_range CHECK (revenue IS NULL OR capes_refusal_penalty(revenue) IS NOT NULL)
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

-- The log of each case's procedure steps (docs/rules.md#procedure), append-only. seq
-- numbers the steps of a case 1, 2, 3...; occurred_on is the date of the step (for notified, the
-- date the establishment received the notification).
CREATE TABLE case_step (
  case_id     INTEGER NOT NULL REFERENCES case_file (case_id),
  seq         INTEGER NOT NULL CONSTRAINT seq_positive CHECK (seq > 0),
  state       TEXT NOT NULL,
  occurred_on TEXT NOT NULL
              CONSTRAINT occurred_on_date CHECK (occurred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  note        TEXT,
  recorded_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (case_id, seq)
) STRICT;

-- A new step: the case must exist, seq must be the case's last seq + 1 (1 for its
-- first step, as in PostgreSQL, where it guards concurrent steps), and
-- capes_check_transition (docs/rules.md#transitions) must accept the move from the case's
-- last step (the highest seq) in its establishment's calendar; else the whole statement fails with
-- SQLITE_CONSTRAINT and capes' message, e.g.
--   capes_check_transition: notified -> agency_draft refused before 2016-02-05: the
--   establishment has 30 days to propose a draft (R162-45-1 I)
-- A NULL state or date passes the check (it gives NULL) and is refused by NOT NULL.
CREATE TRIGGER case_step_insert BEFORE INSERT ON case_step
BEGIN
  SELECT RAISE(ABORT, 'case_step: no case_file row with this case_id')
   WHERE NOT EXISTS (SELECT 1 FROM case_file WHERE case_id = NEW.case_id);
  SELECT RAISE(ABORT, 'case_step: seq must be the seq of the case''s last step + 1 (1 for its first step)')
   WHERE NEW.seq <> coalesce((SELECT max(seq) FROM case_step WHERE case_id = NEW.case_id), 0) + 1;
  SELECT capes_check_transition(last.state, NEW.state, last.occurred_on, NEW.occurred_on, e.calendar)
    FROM case_file AS c
    JOIN establishment AS e ON e.finess = c.finess
    LEFT JOIN (SELECT state, occurred_on FROM case_step
                WHERE case_id = NEW.case_id ORDER BY seq DESC LIMIT 1) AS last
   WHERE c.case_id = NEW.case_id;
  -- capes accepts any case and surrounding spaces; the log keeps its canonical codes
  SELECT RAISE(ABORT, 'case_step: state must be written as in capes_states (lower case, no spaces)')
   WHERE NEW.state NOT IN (SELECT state FROM capes_states);
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

-- Each case with its establishment and its current state: the state and date of its
-- last step (NULL state when nothing is logged yet).
CREATE VIEW case_current AS
SELECT c.case_id, c.finess, e.name, e.calendar, c.revenue,
       last.seq, last.state, last.occurred_on AS since
  FROM case_file AS c
  JOIN establishment AS e ON e.finess = c.finess
  LEFT JOIN case_step AS last
    ON last.case_id = c.case_id
   AND last.seq = (SELECT max(seq) FROM case_step WHERE case_id = c.case_id);

-- The deadline running in the current state (capes_due: NULL when none runs).
CREATE VIEW case_due AS
SELECT case_id, finess, name, calendar, state, since,
       capes_due(state, since, calendar) AS due
  FROM case_current;

-- Whether that deadline has passed today (UTC). For another day, query case_due:
--   SELECT *, coalesce(due < '2016-09-01', 0) AS overdue FROM case_due;
CREATE VIEW case_overdue AS
SELECT case_id, finess, name, calendar, state, since, due,
       date('now') AS as_of,
       coalesce(due < date('now'), 0) AS overdue
  FROM case_due;

-- Each contract's maximum penalty rate and amount (R162-45-2 III) from its risk rows,
-- and the maximum penalty for refusing to sign (R162-45-1 II). NULL while a degree
-- or the revenue is unknown, or for a case without risk rows.
CREATE VIEW case_max_penalty AS
SELECT c.case_id, c.revenue,
       count(r.risk) AS risks,
       -- risks not completely treated (R162-45-2 III); NULL while a degree is unknown
       CASE WHEN count(r.risk) = count(r.degree)
            THEN count(CASE WHEN r.degree <> 'complete' THEN 1 END) END AS open_risks,
       capes_contract_rate(r.risk, r.degree) AS max_rate,
       capes_contract_penalty(r.risk, r.degree, c.revenue) AS max_penalty,
       capes_refusal_penalty(c.revenue) AS max_refusal_penalty
  FROM case_file AS c
  LEFT JOIN case_risk AS r ON r.case_id = c.case_id
 GROUP BY c.case_id, c.revenue;

-- Cases whose logged history breaks the rules (capes_history_error over the steps in
-- date order, then seq), for data imported before the triggers existed. The steps are
-- fed through an ordered subquery: SQLite never flattens an ORDER BY subquery into an
-- aggregate, so the aggregate sees them in that order.
CREATE VIEW case_invalid_history AS
SELECT case_id, finess, error
  FROM (SELECT c.case_id, c.finess,
               (SELECT capes_history_error(s.state, s.occurred_on, e.calendar)
                  FROM (SELECT state, occurred_on FROM case_step
                         WHERE case_id = c.case_id ORDER BY occurred_on, seq) AS s) AS error
          FROM case_file AS c
          JOIN establishment AS e ON e.finess = c.finess)
 WHERE error IS NOT NULL;
