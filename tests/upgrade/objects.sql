-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- Objects a DBA builds on capes, created under an older version before ALTER EXTENSION capes
-- UPDATE (tests/upgrade/run): CHECK constraints, STORED generated columns, expression
-- indexes and a view calling capes functions, with rows in them. Only functions of capes 1.0
-- are used, so this file serves every released version. The rows avoid what 1.1 changes on
-- purpose (2017-04-08, the overseas calendars, revenues with more than two decimals), so
-- that every stored value is still what the new version computes (CHANGELOG.md says what
-- to recompute where that does not hold).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE TABLE contract (
  id          integer PRIMARY KEY,
  risks       integer NOT NULL,
  level       text NOT NULL CONSTRAINT level_known CHECK (capes_label(level, 'en') IS NOT NULL),
  revenue     numeric(15, 2) NOT NULL,
  notified_on date NOT NULL CONSTRAINT notified_in_force CHECK (capes_in_force(notified_on)),
  received_on date NOT NULL CONSTRAINT received_working CHECK (capes_is_working_day(received_on)),
  observations_due date GENERATED ALWAYS AS (capes_deadline(received_on, 'observations')) STORED,
  max_penalty numeric GENERATED ALWAYS AS (capes_penalty(risks, level, revenue)) STORED
);
CREATE INDEX contract_penalty ON contract ((capes_penalty(risks, level, revenue)));
CREATE INDEX contract_due ON contract ((capes_deadline(received_on, 'observations', 'fr')));

-- one contract a day from 2016-01-04 (working days only), every cell of the table
INSERT INTO contract (id, risks, level, revenue, notified_on, received_on)
SELECT row_number() OVER (ORDER BY d), 1 + (extract(doy FROM d)::int % 3),
       (ARRAY['none', 'partial', 'complete'])[1 + (extract(doy FROM d)::int / 3) % 3],
       round((extract(doy FROM d)::int * 7919 % 100000000) * 10.01, 2), date '2016-01-04', d
  FROM generate_series(date '2016-01-04', date '2016-12-30', interval '1 day') AS g(t),
       LATERAL (SELECT t::date AS d) AS x
 WHERE capes_is_working_day(d);

CREATE VIEW contract_report AS
SELECT c.id, capes_label(c.level, 'en') AS degree, c.max_penalty, capes_refusal_penalty(c.revenue) AS refusal_max,
       s.due AS first_deadline
  FROM contract AS c
  LEFT JOIN LATERAL (SELECT due FROM capes_schedule('penalty_proposed', c.received_on) LIMIT 1) AS s ON true;

-- a history table whose steps the contract aggregates and the history aggregate read
CREATE TABLE step (case_id integer, seq integer, state text, occurred_on date, PRIMARY KEY (case_id, seq));
INSERT INTO step VALUES (1, 1, 'notified', '2016-01-04'), (1, 2, 'establishment_draft', '2016-01-20'),
                        (1, 3, 'signed', '2016-02-10'), (2, 1, 'notified', '2016-01-04'),
                        (2, 2, 'agency_draft', '2016-01-20');
CREATE VIEW step_invalid AS
SELECT case_id, capes_history_error(state, occurred_on ORDER BY seq) AS error FROM step GROUP BY case_id;
