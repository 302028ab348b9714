-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- make installcheck (pg_regress): the installed extension answers, for PGXS users (pgxn
-- check, pg_buildext installcheck). The project's own suites are in tests/ (make test).
SET datestyle = 'ISO, YMD';
CREATE EXTENSION capes;
SELECT capes_version() LIKE extversion || '.%' AS version_derived
  FROM pg_extension WHERE extname = 'capes';
-- R162-45-2 III: two risks partially treated, 0.33 %, rounded down to the cent
SELECT capes_penalty(2, 'partial', 48250000.00) AS penalty;
-- CPC 641-642: 30 days end on Easter Monday 2016, the establishment's deadline moves to Tuesday
SELECT capes_deadline('2016-02-27', 'observations') AS observations,
       capes_deadline('2016-02-27', 'signature') AS signature;
-- R162-45-1 I al. 3: the agency drafts only after the establishment's 30 days
SELECT capes_transition_error('notified', 'agency_draft', '2016-01-04', '2016-01-20') AS refused;
SELECT capes_check_transition('notified', 'signed', '2016-01-04', '2016-01-10');
SELECT state, capes_label(state, 'en') FROM capes_states() WHERE initial OR terminal ORDER BY state;
-- décret 2017-584 art. 2: a contract signed in 2016 stops producing effects on 2017-12-31
SELECT capes_history_due(state, occurred_on ORDER BY occurred_on)
  FROM (VALUES ('notified', date '2016-01-04'), ('establishment_draft', '2016-01-20'),
               ('signed', '2016-02-10')) AS steps (state, occurred_on);
-- R162-45-2 III: the decided penalty stays within the amount put to the establishment
SELECT capes_amount_error('penalty_decided', 1500, 3300, 1000) AS refused;
DROP EXTENSION capes;
