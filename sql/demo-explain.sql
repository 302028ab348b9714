-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- capes demo, the explanations (docs/rules.md#explanations), run by make demo after the
-- refused step: one maximum, one deadline and the refused step, each step of capes with
-- its rule and article, read from the register that sql/demo.sql filled.
-- 80 columns, long texts wrapped at word boundaries (sqlite3 3.38+)
.mode box --wordwrap on

.print 'Case 5 refused to sign: its maximum refusal penalty, explained'
.print '(capes_explain_refusal_penalty on the products of its last closed fiscal year):'
.width 12 11 29 14
SELECT e.step, e.value, e.rule, e.article
  FROM case_file AS c, capes_explain_refusal_penalty(c.revenue_last_closed_year) AS e
 WHERE c.case_id = 5;

.print
.print "Case 8's deadline for written observations, explained (capes_explain_deadline"
.print 'from its penalty_proposed step, in its calendar):'
.width 12 10 30 14
SELECT e.step, e.day, e.rule, e.article
  FROM case_current AS c, capes_explain_deadline(c.since, 'observations', c.calendar) AS e
 WHERE c.case_id = 8;

.print
.print 'The refused step of sql/demo-refused.sql, explained (capes_explain_transition):'
.print 'every check in order, the first failed one, the ones after it, the verdict.'
.width 20 6 26 14
SELECT e."check", CASE e.passed WHEN 1 THEN 'yes' ELSE 'no' END AS passed, e.detail, e.article
  FROM case_current AS c,
       capes_explain_transition(c.state, 'refusal_penalty', c.since, '2016-09-01', c.calendar) AS e
 WHERE c.case_id = 5;
