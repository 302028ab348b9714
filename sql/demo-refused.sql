-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- capes demo, last part: a step the law does not allow, refused by the register's
-- trigger with capes' message (SQLITE_CONSTRAINT). Case 1 was notified on 2016-08-10;
-- the agency may draft only once the establishment's 30 days have run out.
INSERT INTO case_step (case_id, seq, state, occurred_on) VALUES (1, 2, 'agency_draft', '2016-09-01');
