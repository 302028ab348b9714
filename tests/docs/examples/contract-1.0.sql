-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- Run before the example of README.md#upgrading (tests/docs/examples.py): a database on
-- capes 1.0 with a CHECK, a STORED generated column and an expression index calling it.
CREATE EXTENSION capes VERSION '1.0';
CREATE TABLE contract (
  contract_id integer PRIMARY KEY,
  notified_on date NOT NULL CHECK (capes_in_force(notified_on)),
  risks integer NOT NULL,
  level text NOT NULL,
  revenue numeric(15,2) NOT NULL,
  observations_due date GENERATED ALWAYS AS (capes_deadline(notified_on, 'observations')) STORED
);
CREATE INDEX contract_penalty ON contract (capes_penalty(risks, level, revenue));
INSERT INTO contract (contract_id, notified_on, risks, level, revenue) VALUES
  (1, '2016-02-27', 2, 'partial', 48250000.00),
  (2, '2016-09-01', 1, 'none', 1000000.99);
