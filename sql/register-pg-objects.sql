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

-- capes_history_check over a case's logged steps in seq order, each with its term, in the
-- case's establishment's calendar: true, or capes raises the reason. The step triggers run it
-- after the statement, when the table holds the new steps too.
CREATE FUNCTION capes_register.check_history(step_case bigint)
  RETURNS boolean LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT :"capes_schema".capes_history_check(s.state, s.occurred_on, e.calendar, s.until ORDER BY s.seq)
    FROM capes_register.case_file AS c
    JOIN capes_register.establishment AS e ON e.finess = c.finess
    JOIN capes_register.case_step AS s ON s.case_id = c.case_id
   WHERE c.case_id = check_history.step_case;
END;
COMMENT ON FUNCTION capes_register.check_history(bigint) IS
  'capes_history_check of the schema capes was installed in over a case''s steps, bound when the register was created';

-- The same over many cases in one pass (a multi-row INSERT or COPY): true, or capes raises
-- the reason of one of them (which one is for the caller to find: case_step_check).
-- Each case's steps are read in a LATERAL subquery, by the case. A join of the cases with the
-- whole of case_step let the planner, when the statistics say the log is empty (analyzed after
-- a load was rolled back: pages but no rows), scan the log once and the case list once for each
-- of its rows, which grows with cases x steps: 60,000 steps of 20,000 cases took 155 s instead
-- of 2.7 s (tests/register/pg/bulk_load.sql counts one lookup a case).
CREATE FUNCTION capes_register.check_histories(step_cases bigint[])
  RETURNS boolean LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT bool_and(h.ok)
    FROM unnest(check_histories.step_cases) AS n (case_id)
    JOIN capes_register.case_file AS c ON c.case_id = n.case_id
    JOIN capes_register.establishment AS e ON e.finess = c.finess
   CROSS JOIN LATERAL (SELECT :"capes_schema".capes_history_check(s.state, s.occurred_on, e.calendar, s.until
                                                                    ORDER BY s.seq) AS ok
                         FROM capes_register.case_step AS s
                        WHERE s.case_id = n.case_id) AS h;
END;
COMMENT ON FUNCTION capes_register.check_histories(bigint[]) IS
  'capes_history_check of the schema capes was installed in over the steps of each case given, bound when the register was created';

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

-- The states exactly as capes_states() writes them (the log keeps canonical codes).
CREATE FUNCTION capes_register.states()
  RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT array_agg(s.state ORDER BY s.state) FROM :"capes_schema".capes_states() AS s;
END;
COMMENT ON FUNCTION capes_register.states() IS
  'The states exactly as capes_states() of the schema capes was installed in writes them';

-- --------------------------------------------------------------- triggers

-- A new step, in two triggers, so that a multi-row INSERT or a COPY of many cases' histories
-- is checked in one pass per case instead of one fold of the whole history per step:
--
-- case_step_insert, before each row: the case must exist; it is locked, so that concurrent
-- steps of one case wait for each other and each is checked against the steps committed
-- before it; seq must be the case's last seq + 1 (1 for its first step), so that even where
-- a row lock cannot show a step committed meanwhile (REPEATABLE READ) the primary key refuses
-- a second step from the same one. A NULL seq, state or date is left to NOT NULL.
--
-- case_step_check, after the statement, over its new rows (a transition table): for each
-- case they belong to, capes_history_check (docs/rules.md#procedure) must accept the case's
-- whole history, its steps in seq order, each with its term, in its establishment's
-- calendar; every new state must be written as capes_states() writes it; an amount must
-- be within its cap (capes_check_amount): penalty_proposed and penalty_decided at most
-- case_max_penalty.max_penalty, penalty_decided at most the amount of the case's last
-- penalty_proposed before it too, refusal_penalty at most max_refusal_penalty; an amount
-- whose maximum is unknown (revenue or a degree missing) is refused. The first case refused
-- (in case_id order; in seq order for amounts) raises capes' message with its SQLSTATE
-- (23514 for a refused step), its DETAIL ending with the case and the step, e.g.
--   capes_history_check: step 2 (agency_draft on 2016-02-01): notified -> agency_draft
--   refused before 2016-02-04: the establishment has 30 days to propose a draft (R162-45-1 I)
--   DETAIL: Article: R162-45-1 I. Case 7.
-- and nothing of the statement remains. For a single-step INSERT this is the message, the
-- lock and the order of the checks of a trigger that checks each row (its DETAIL naming the
-- case too). A missing case, a wrong seq and an amount whose maximum is unknown keep their
-- own DETAIL, which names the case ('case 7: ...').
-- SECURITY DEFINER: the functions run as the register's owner, so that a role that may only
-- insert steps can still lock the case row (FOR UPDATE needs UPDATE on case_file) and read
-- the case's history, risks and revenues (README: the GRANTs); their search_path is pinned
-- and every name in them qualified.
--
-- case_step_insert runs with enable_seqscan off: PL/pgSQL keeps a generic plan of its two
-- lookups after five calls, planned on the tables as they are then. In a bulk load into an
-- empty, analyzed case_step (or in a session begun on a small register) that plan is a
-- sequential scan of case_step, kept for every row of the statement, and the load grows with
-- the square of its rows: 900 steps made 901 scans (tests/register/pg/bulk_load.sql), 120,000
-- steps ran for more than 95 minutes instead of 2 s. Off, both lookups use the primary keys
-- whatever the statistics; each reads one case.
CREATE FUNCTION capes_register.case_step_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  SET enable_seqscan = off
AS $$
DECLARE
  found_case bigint;
  last_seq   integer;
BEGIN
  SELECT c.case_id INTO found_case FROM capes_register.case_file AS c WHERE c.case_id = NEW.case_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'case_step: no case_file row with this case_id'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('case_id %s', NEW.case_id);
  END IF;
  -- a query of its own, so that at READ COMMITTED its snapshot, taken once the lock is held,
  -- sees a step committed by the transaction it waited for; it sees the rows of this
  -- statement inserted before this one too
  SELECT max(s.seq) INTO last_seq FROM capes_register.case_step AS s WHERE s.case_id = NEW.case_id;
  IF NEW.seq <> coalesce(last_seq, 0) + 1 THEN
    RAISE EXCEPTION 'case_step: seq must be the seq of the case''s last step + 1 (1 for its first step)'
      USING ERRCODE = 'check_violation',
            DETAIL = format('case %s: seq %s given, %s expected', NEW.case_id, NEW.seq, coalesce(last_seq, 0) + 1);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER case_step_insert BEFORE INSERT ON capes_register.case_step
  FOR EACH ROW EXECUTE FUNCTION capes_register.case_step_insert();

-- Re-raises a refusal with the case (and the step) at the end of its DETAIL.
CREATE FUNCTION capes_register.raise_for_step(message text, sqlstate text, detail text, step_case bigint,
                                              step_seq integer DEFAULT NULL)
  RETURNS void LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = message, ERRCODE = sqlstate,
    DETAIL = concat_ws(' ', nullif(detail, ''),
                       CASE WHEN step_seq IS NULL THEN format('Case %s.', step_case)
                            ELSE format('Case %s, step %s.', step_case, step_seq) END);
END
$$;

-- case_step_check runs with enable_seqscan off too, as a guard: its lookups by the case
-- (check_histories' and the envisaged amount's) are planned on the same statistics as
-- case_step_insert's, where a sequential scan looks as cheap as the primary key. The LATERAL
-- form alone already reads by the key in bulk_load.sql; the setting keeps it so whatever the
-- plan's estimates.
CREATE FUNCTION capes_register.case_step_check() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  SET enable_seqscan = off
AS $$
DECLARE
  cases     bigint[];
  one_case  bigint;
  step      record;
  maximum   numeric;
  envisaged numeric;
  msg       text;
  code      text;
  detail    text;
BEGIN
  cases := ARRAY(SELECT DISTINCT n.case_id FROM new_step AS n ORDER BY n.case_id);
  BEGIN
    PERFORM capes_register.check_histories(cases);
  EXCEPTION WHEN OTHERS THEN
    -- the refusal path only: find the first case refused, and raise capes' message for it
    FOREACH one_case IN ARRAY cases LOOP
      BEGIN
        PERFORM capes_register.check_history(one_case);
      EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, code = RETURNED_SQLSTATE, detail = PG_EXCEPTION_DETAIL;
        PERFORM capes_register.raise_for_step(msg, code, detail, one_case);
      END;
    END LOOP;
    RAISE;
  END;
  -- capes accepts any case and surrounding spaces; the log keeps its canonical codes
  SELECT n.case_id, n.seq, n.state INTO step
    FROM new_step AS n
   WHERE n.state <> ALL (capes_register.states())
   ORDER BY n.case_id, n.seq LIMIT 1;
  IF FOUND THEN
    PERFORM capes_register.raise_for_step('case_step: state must be written as in capes_states (lower case, no spaces)',
                                          '23514', format('got %L.', step.state), step.case_id, step.seq);
  END IF;
  FOR step IN SELECT n.case_id, n.seq, n.state, n.amount
                FROM new_step AS n
               WHERE n.amount IS NOT NULL AND n.state IN ('penalty_proposed', 'penalty_decided', 'refusal_penalty')
               ORDER BY n.case_id, n.seq LOOP
    SELECT CASE WHEN step.state = 'refusal_penalty' THEN m.max_refusal_penalty ELSE m.max_penalty END
      INTO maximum
      FROM capes_register.case_max_penalty AS m WHERE m.case_id = step.case_id;
    IF maximum IS NULL THEN
      RAISE EXCEPTION 'case_step: the amount''s maximum is unknown: set the case''s %',
                      CASE WHEN step.state = 'refusal_penalty' THEN 'revenue_last_closed_year'
                           ELSE 'revenue_last_execution_year and every risk''s degree' END
        USING ERRCODE = 'check_violation',
              DETAIL = format('case %s: %s amount %s', step.case_id, step.state, step.amount);
    END IF;
    envisaged := NULL;
    IF step.state = 'penalty_decided' THEN
      SELECT s.amount INTO envisaged
        FROM capes_register.case_step AS s
       WHERE s.case_id = step.case_id AND s.state = 'penalty_proposed' AND s.seq < step.seq
       ORDER BY s.seq DESC
       LIMIT 1;
    END IF;
    BEGIN
      PERFORM capes_register.check_amount(step.state, step.amount, maximum, envisaged);
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, code = RETURNED_SQLSTATE, detail = PG_EXCEPTION_DETAIL;
      PERFORM capes_register.raise_for_step(msg, code, detail, step.case_id, step.seq);
    END;
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER case_step_check AFTER INSERT ON capes_register.case_step
  REFERENCING NEW TABLE AS new_step
  FOR EACH STATEMENT EXECUTE FUNCTION capes_register.case_step_check();

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
