-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- Run after sql/register-pg.sql before the README's example of case_overdue
-- (tests/docs/examples.py): three cases of the demo (sql/demo.sql), as PostgreSQL logs them.
INSERT INTO capes_register.establishment (finess, name, calendar) VALUES
  ('750100018', 'Hôpital Saint-Martin, Paris', 'fr'),
  ('2A0000139', 'CH du Golfe, Ajaccio', 'fr');
INSERT INTO capes_register.case_file (case_id, finess, revenue_last_execution_year, revenue_last_closed_year) VALUES
  (1, '750100018', 182450000.00, 179800000.00),
  (2, '2A0000139', 46380250.50, 45912000.00),
  (8, '2A0000139', 44120000.00, 43870000.00);
INSERT INTO capes_register.case_risk (case_id, risk, degree) VALUES
  (8, 'infectious', 'none'), (8, 'medication', 'none'), (8, 'care_pathway', 'none');
INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on, until, amount) VALUES
  (1, 1, 'notified', '2016-08-10', NULL, NULL),
  (2, 1, 'notified', '2016-05-02', NULL, NULL),
  (2, 2, 'establishment_draft', '2016-05-30', NULL, NULL),
  (8, 1, 'notified', '2015-11-30', NULL, NULL),
  (8, 2, 'establishment_draft', '2015-12-21', NULL, NULL),
  (8, 3, 'signed', '2016-01-15', NULL, NULL),
  (8, 4, 'formal_notice', '2016-02-01', '2016-08-01', NULL),
  (8, 5, 'penalty_proposed', '2016-08-16', NULL, 400000.00);
