-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- Run before the README's examples on contract_risks and case_steps (tests/docs/examples.py),
-- in SQLite and in PostgreSQL: one contract's risk rows, and two cases' steps, the second
-- one refused by the rules (an agency draft before the establishment's 30 days are over).
CREATE TABLE contract_risks (contract_id integer, risk text, level text, revenue numeric(15,2));
INSERT INTO contract_risks VALUES
  (1, 'infectious', 'partial', 48250000.00),
  (1, 'medication', 'none', 48250000.00),
  (2, 'care_pathway', 'none', 1000000.00);
CREATE TABLE case_steps (case_id integer, seq integer, state text, occurred_on date);
INSERT INTO case_steps VALUES
  (1, 1, 'notified', '2016-01-04'), (1, 2, 'establishment_draft', '2016-01-25'), (1, 3, 'signed', '2016-02-15'),
  (2, 1, 'notified', '2016-03-01'), (2, 2, 'agency_draft', '2016-03-15');
