-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- capes demo, last part: a step the law does not allow, refused by the register's
-- trigger with capes' message (SQLITE_CONSTRAINT). Case 5 refused to sign on 2016-03-21;
-- a refusal penalty comes only after the establishment was heard (refusal_hearing).
INSERT INTO case_step (case_id, seq, state, occurred_on, amount)
VALUES (5, 4, 'refusal_penalty', '2016-09-01', '600000.00');
