-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- The objects of the case register 1.1 that call capes (PostgreSQL): the maximum penalty view,
-- the functions bound to capes, the triggers and the report views. Included (\ir) by
-- sql/register-pg.sql after its tables, and by sql/register-pg--1.0--1.1.sql after it has
-- dropped 1.0's and altered the tables, so that a fresh register and a migrated one are the
-- same. It runs inside their transaction, with :capes_schema set by them; not on its own.
\if :{?capes_schema}
\else
\echo sql/register-pg-objects.sql is part of sql/register-pg.sql: load that file. \quit
\endif

-- The views first: the step trigger reads the maximum of an amount from case_max_penalty.

-- Each contract's maximum penalty rate and amount (R162-45-2 III) from its risk rows and
-- revenue_last_execution_year, and the maximum penalty for refusing to sign (1 %,
-- R162-45-1 II) from revenue_last_closed_year. NULL while a degree or the revenue is
-- unknown, or for a case without risk rows. The step trigger checks amounts against it.
CREATE VIEW capes_register.case_max_penalty AS
SELECT c.case_id, c.revenue_last_execution_year, c.revenue_last_closed_year,
       count(r.risk) AS risks,
       -- risks not completely treated; NULL while a degree is unknown
       CASE WHEN count(r.risk) = count(r.degree)
            THEN count(*) FILTER (WHERE r.degree <> 'complete') END AS open_risks,
       :"capes_schema".capes_contract_rate(r.risk, r.degree) AS max_rate,
       :"capes_schema".capes_contract_penalty(r.risk, r.degree, c.revenue_last_execution_year) AS max_penalty,
       :"capes_schema".capes_refusal_penalty(c.revenue_last_closed_year) AS max_refusal_penalty,
       -- the same as text with 4 and 2 decimals, as sql/register-sqlite.sql writes them with
       -- printf (identical text in both engines; PostgreSQL computes each aggregate once)
       round(:"capes_schema".capes_contract_rate(r.risk, r.degree), 4)::text AS max_rate_text,
       round(:"capes_schema".capes_contract_penalty(r.risk, r.degree, c.revenue_last_execution_year), 2)::text
         AS max_penalty_text,
       round(:"capes_schema".capes_refusal_penalty(c.revenue_last_closed_year), 2)::text AS max_refusal_penalty_text
  FROM capes_register.case_file AS c
  LEFT JOIN capes_register.case_risk AS r ON r.case_id = c.case_id
 GROUP BY c.case_id, c.revenue_last_execution_year, c.revenue_last_closed_year;
COMMENT ON VIEW capes_register.case_max_penalty IS 'Each contract''s maximum penalty (R162-45-2 III) and refusal penalty (R162-45-1 II)';

-- capes_history_check over a case's logged steps in seq order and a new step, each with
-- its term, in the case's establishment's calendar: true, or capes raises the reason.
CREATE FUNCTION capes_register.check_history(step_case bigint, step_seq integer, step_state text, step_on date,
                                             step_until date)
  RETURNS boolean LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT :"capes_schema".capes_history_check(h.state, h.occurred_on, e.calendar, h.until ORDER BY h.seq)
    FROM capes_register.case_file AS c
    JOIN capes_register.establishment AS e ON e.finess = c.finess
    CROSS JOIN LATERAL (SELECT s.seq, s.state, s.occurred_on, s.until
                          FROM capes_register.case_step AS s
                         WHERE s.case_id = c.case_id
                        UNION ALL
                        SELECT check_history.step_seq, check_history.step_state, check_history.step_on,
                               check_history.step_until) AS h
   WHERE c.case_id = check_history.step_case;
END;
COMMENT ON FUNCTION capes_register.check_history(bigint, integer, text, date, date) IS
  'capes_history_check of the schema capes was installed in over a case''s steps and a new one, bound when the register was created';

-- capes_check_amount, with the envisaged amount when there is one.
CREATE FUNCTION capes_register.check_amount(step_state text, amount numeric, maximum numeric, envisaged numeric)
  RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN check_amount.envisaged IS NULL
              THEN :"capes_schema".capes_check_amount(check_amount.step_state, check_amount.amount,
                                                      check_amount.maximum)
              ELSE :"capes_schema".capes_check_amount(check_amount.step_state, check_amount.amount,
                                                      check_amount.maximum, check_amount.envisaged) END;
END;
COMMENT ON FUNCTION capes_register.check_amount(text, numeric, numeric, numeric) IS
  'capes_check_amount of the schema capes was installed in, bound when the register was created';

CREATE FUNCTION capes_register.is_state(code text)
  RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT EXISTS (SELECT 1 FROM :"capes_schema".capes_states() AS s WHERE s.state = code);
END;
COMMENT ON FUNCTION capes_register.is_state(text) IS
  'Whether code is a state exactly as capes_states() writes it';

-- --------------------------------------------------------------- triggers

-- A new step: the case must exist; it is locked, so that concurrent steps of one case
-- wait for each other and each is checked against the steps committed before it; seq
-- must be the case's last seq + 1 (1 for its first step), so that even where a row
-- lock cannot show a step committed meanwhile (REPEATABLE READ) the primary key refuses
-- a second step from the same one; capes_history_check (docs/rules.md#procedure) must
-- accept the case's whole history, its logged steps in seq order then the new one, each
-- with its term, in its establishment's calendar. An amount must then be within its cap
-- (capes_check_amount): penalty_proposed and penalty_decided at most
-- case_max_penalty.max_penalty, penalty_decided at most the amount of the case's last
-- penalty_proposed too, refusal_penalty at most max_refusal_penalty; an amount whose
-- maximum is unknown (revenue or a degree missing) is refused. A refused step raises
-- capes' message with SQLSTATE 23514, e.g.
--   capes_history_check: step 2 (agency_draft on 2016-02-01): notified -> agency_draft
--   refused before 2016-02-04: the establishment has 30 days to propose a draft (R162-45-1 I)
-- A NULL seq, state or date is left to NOT NULL, which refuses it.
-- SECURITY DEFINER: the function runs as the register's owner, so that a role that may only
-- insert steps can still lock the case row (FOR UPDATE needs UPDATE on case_file) and read
-- the case's history, risks and revenues (README: the GRANTs); its search_path is pinned
-- and every name in it qualified.
CREATE FUNCTION capes_register.case_step_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  last_seq  integer;
  maximum   numeric;
  envisaged numeric;
BEGIN
  PERFORM FROM capes_register.case_file AS c WHERE c.case_id = NEW.case_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'case_step: no case_file row with this case_id'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('case_id %s', NEW.case_id);
  END IF;
  SELECT max(s.seq) INTO last_seq FROM capes_register.case_step AS s WHERE s.case_id = NEW.case_id;
  IF NEW.seq <> coalesce(last_seq, 0) + 1 THEN
    RAISE EXCEPTION 'case_step: seq must be the seq of the case''s last step + 1 (1 for its first step)'
      USING ERRCODE = 'check_violation',
            DETAIL = format('case %s: seq %s given, %s expected', NEW.case_id, NEW.seq, coalesce(last_seq, 0) + 1);
  END IF;
  IF NEW.seq IS NULL OR NEW.state IS NULL OR NEW.occurred_on IS NULL THEN
    RETURN NEW;
  END IF;
  PERFORM capes_register.check_history(NEW.case_id, NEW.seq, NEW.state, NEW.occurred_on, NEW.until);
  -- capes accepts any case and surrounding spaces; the log keeps its canonical codes
  IF NOT capes_register.is_state(NEW.state) THEN
    RAISE EXCEPTION 'case_step: state must be written as in capes_states (lower case, no spaces)'
      USING ERRCODE = 'check_violation', DETAIL = format('got %L', NEW.state);
  END IF;
  IF NEW.amount IS NOT NULL AND NEW.state IN ('penalty_proposed', 'penalty_decided', 'refusal_penalty') THEN
    SELECT CASE WHEN NEW.state = 'refusal_penalty' THEN m.max_refusal_penalty ELSE m.max_penalty END
      INTO maximum
      FROM capes_register.case_max_penalty AS m WHERE m.case_id = NEW.case_id;
    IF maximum IS NULL THEN
      RAISE EXCEPTION 'case_step: the amount''s maximum is unknown: set the case''s %',
                      CASE WHEN NEW.state = 'refusal_penalty' THEN 'revenue_last_closed_year'
                           ELSE 'revenue_last_execution_year and every risk''s degree' END
        USING ERRCODE = 'check_violation', DETAIL = format('case %s: %s amount %s', NEW.case_id, NEW.state, NEW.amount);
    END IF;
    IF NEW.state = 'penalty_decided' THEN
      SELECT s.amount INTO envisaged
        FROM capes_register.case_step AS s
       WHERE s.case_id = NEW.case_id AND s.state = 'penalty_proposed'
       ORDER BY s.seq DESC
       LIMIT 1;
    END IF;
    PERFORM capes_register.check_amount(NEW.state, NEW.amount, maximum, envisaged);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER case_step_insert BEFORE INSERT ON capes_register.case_step
  FOR EACH ROW EXECUTE FUNCTION capes_register.case_step_insert();

CREATE FUNCTION capes_register.case_step_append_only() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'case_step: the log of steps is append-only: UPDATE refused (log a new step instead)'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RAISE EXCEPTION 'case_step: the log of steps is append-only: % refused', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER case_step_no_update BEFORE UPDATE ON capes_register.case_step
  FOR EACH ROW EXECUTE FUNCTION capes_register.case_step_append_only();
CREATE TRIGGER case_step_no_delete BEFORE DELETE ON capes_register.case_step
  FOR EACH ROW EXECUTE FUNCTION capes_register.case_step_append_only();
CREATE TRIGGER case_step_no_truncate BEFORE TRUNCATE ON capes_register.case_step
  FOR EACH STATEMENT EXECUTE FUNCTION capes_register.case_step_append_only();

-- A case's steps decide its state: the establishment (and calendar) may not be swapped under them.
CREATE FUNCTION capes_register.case_file_keep_finess() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NEW.finess IS DISTINCT FROM OLD.finess
     AND EXISTS (SELECT 1 FROM capes_register.case_step AS s WHERE s.case_id = OLD.case_id) THEN
    RAISE EXCEPTION 'case_file: a case with logged steps keeps its establishment'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER case_file_keep_finess BEFORE UPDATE OF finess ON capes_register.case_file
  FOR EACH ROW EXECUTE FUNCTION capes_register.case_file_keep_finess();

-- ------------------------------------------------------------------ views

-- Each case with its establishment, its revenues and its current state: the state,
-- date, term and amount of its last step (NULL state when nothing is logged yet).
CREATE VIEW capes_register.case_current AS
SELECT c.case_id, c.finess, e.name, e.calendar, c.revenue_last_execution_year, c.revenue_last_closed_year,
       last.seq, last.state, last.occurred_on AS since, last.until, last.amount,
       round(last.amount, 2)::text AS amount_text   -- as sql/register-sqlite.sql writes it
  FROM capes_register.case_file AS c
  JOIN capes_register.establishment AS e ON e.finess = c.finess
  LEFT JOIN LATERAL (SELECT s.seq, s.state, s.occurred_on, s.until, s.amount
                       FROM capes_register.case_step AS s
                      WHERE s.case_id = c.case_id
                      ORDER BY s.seq DESC
                      LIMIT 1) AS last ON true;
COMMENT ON VIEW capes_register.case_current IS 'Each case''s current state: the state, date, term and amount of its last step';

-- The deadline running after each case's last step, counted from its whole history
-- (capes_history_due over the steps in seq order: the contract's end from its first
-- signature, the terms fixed at earlier steps); NULL when none runs or the history is invalid.
CREATE VIEW capes_register.case_due AS
SELECT cur.case_id, cur.finess, cur.name, cur.calendar, cur.state, cur.since, cur.until, h.due
  FROM capes_register.case_current AS cur
  CROSS JOIN LATERAL (SELECT :"capes_schema".capes_history_due(s.state, s.occurred_on, cur.calendar, s.until
                                                               ORDER BY s.seq) AS due
                        FROM capes_register.case_step AS s
                       WHERE s.case_id = cur.case_id) AS h;
COMMENT ON VIEW capes_register.case_due IS 'The deadline running after each case''s last step, from its whole history (capes_history_due)';

-- Whether that deadline has passed on a given day (the day after the due date on).
CREATE FUNCTION capes_register.case_overdue(on_day date)
  RETURNS TABLE (case_id bigint, finess text, name text, calendar text, state text, since date, due date,
                 as_of date, overdue boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT d.case_id, d.finess, d.name, d.calendar, d.state, d.since, d.due,
         case_overdue.on_day, coalesce(d.due < case_overdue.on_day, false)
    FROM capes_register.case_due AS d
   ORDER BY d.case_id;
END;
COMMENT ON FUNCTION capes_register.case_overdue(date) IS
  'Each case''s running deadline and whether it has passed on on_day';

-- Cases whose logged history breaks the rules (capes_history_error over the steps in
-- seq order, the order the trigger checks, with their terms), for data imported with
-- the trigger off, or logged under older rules (a register migrated from 1.0).
CREATE VIEW capes_register.case_invalid_history AS
SELECT c.case_id, c.finess,
       :"capes_schema".capes_history_error(s.state, s.occurred_on, e.calendar, s.until ORDER BY s.seq) AS error
  FROM capes_register.case_file AS c
  JOIN capes_register.establishment AS e ON e.finess = c.finess
  JOIN capes_register.case_step AS s ON s.case_id = c.case_id
 GROUP BY c.case_id, c.finess
HAVING :"capes_schema".capes_history_error(s.state, s.occurred_on, e.calendar, s.until ORDER BY s.seq) IS NOT NULL;
COMMENT ON VIEW capes_register.case_invalid_history IS 'Cases whose history capes_history_error refuses, with the first bad step';
