-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- Cases in a register of an older version, before ALTER EXTENSION capes UPDATE
-- (tests/upgrade/run): one signed contract on two partially treated risks, one case notified.
\set ON_ERROR_STOP 1
INSERT INTO capes_register.establishment (finess, name, calendar)
VALUES ('750000001', 'Centre hospitalier fictif', 'fr'), ('2A0000002', 'Clinique fictive d''Ajaccio', 'fr');
INSERT INTO capes_register.case_file (case_id, finess, revenue)
VALUES (1, '750000001', 48250000.00), (2, '2A0000002', 1234567.89);
INSERT INTO capes_register.case_risk (case_id, risk, degree)
VALUES (1, 'infectious', 'partial'), (1, 'medication', 'partial'), (1, 'care_pathway', 'complete'),
       (2, 'infectious', NULL);
INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on)
VALUES (1, 1, 'notified', '2016-01-04'), (1, 2, 'establishment_draft', '2016-01-20'),
       (1, 3, 'signed', '2016-02-10'), (2, 1, 'notified', '2016-01-04');
