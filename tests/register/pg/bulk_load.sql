-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- A bulk load into an empty, analyzed register stays linear: the row trigger case_step_insert
-- (sql/register-pg-objects.sql) finds each case and its last step by the primary keys, not by a
-- sequential scan per row that a generic plan made on the empty table would keep. Counted
-- (pg_stat_xact_user_tables: this transaction's scans of case_step), never timed. Its own file,
-- so that its session's first calls of the trigger see the empty table.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = public, pg_temp;
SELECT plan(4);

INSERT INTO capes_register.establishment (finess, name) VALUES ('750000029', 'Centre hospitalier de Bulk');
INSERT INTO capes_register.case_file (case_id, finess) SELECT 9000 + g, '750000029' FROM generate_series(1, 300) AS g;
-- as a DBA's load finds it: an empty log, with statistics that say so
ANALYZE capes_register.case_step;
ANALYZE capes_register.case_file;
CREATE TEMP TABLE scans_before AS
SELECT seq_scan, idx_scan
  FROM pg_catalog.pg_stat_xact_user_tables WHERE relid = 'capes_register.case_step'::regclass;

SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on)
                  SELECT c.case_id, s.seq, s.state, s.occurred_on
                    FROM capes_register.case_file AS c
                   CROSS JOIN (VALUES (1, 'notified', date '2016-01-04'),
                                      (2, 'establishment_draft', date '2016-01-20'),
                                      (3, 'signed', date '2016-02-10')) AS s (seq, state, occurred_on)
                   WHERE c.finess = '750000029'
                   ORDER BY c.case_id, s.seq$$,
                'bulk load: 900 steps of 300 cases in one INSERT into an empty, analyzed case_step');
SELECT is((SELECT count(*)::int FROM capes_register.case_step WHERE case_id > 9000), 900,
          'bulk load: every step is logged');
-- one scan per row would be 900; the statement trigger's pass over the new cases may scan once
SELECT cmp_ok((SELECT a.seq_scan - b.seq_scan
                 FROM pg_catalog.pg_stat_xact_user_tables AS a, scans_before AS b
                WHERE a.relid = 'capes_register.case_step'::regclass), '<=', 2::bigint,
              'bulk load: no sequential scan of case_step per row (the last step found by the primary key)');
SELECT cmp_ok((SELECT a.idx_scan - b.idx_scan
                 FROM pg_catalog.pg_stat_xact_user_tables AS a, scans_before AS b
                WHERE a.relid = 'capes_register.case_step'::regclass), '>=', 900::bigint,
              'bulk load: each row''s last step looked up in case_step''s primary key');

SELECT * FROM finish();
ROLLBACK;
