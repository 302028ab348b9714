-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- A bulk load into a register analyzed empty stays linear: the row trigger case_step_insert
-- (sql/register-pg-objects.sql) finds each case's last step by the primary key, and the
-- statement trigger case_step_check reads each case's history by the case, whatever plan
-- statistics that say the log is empty would make (a sequential scan per row, a pass over the
-- case list per step). Counted (pg_stat_xact_user_tables: this transaction's scans of
-- case_step), never timed. Its own file, so that its session's first calls of the triggers
-- see the empty table.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = public, pg_temp;
SELECT plan(5);

INSERT INTO capes_register.establishment (finess, name) VALUES ('750000029', 'Centre hospitalier de Bulk');
INSERT INTO capes_register.case_file (case_id, finess) SELECT 9000 + g, '750000029' FROM generate_series(1, 300) AS g;
-- as a DBA's second try finds it: the first try of the same load rolled back, and the log
-- analyzed since (as autovacuum would), so that its statistics say pages but no rows
SAVEPOINT first_try;
INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on)
SELECT c.case_id, 1, 'notified', date '2016-01-04' FROM capes_register.case_file AS c WHERE c.finess = '750000029';
ROLLBACK TO SAVEPOINT first_try;
ANALYZE capes_register.case_step;
ANALYZE capes_register.case_file;
CREATE TEMP TABLE scans_before AS
SELECT seq_scan, idx_scan
  FROM pg_catalog.pg_stat_xact_user_tables WHERE relid = 'capes_register.case_step'::regclass;

SELECT ok((SELECT relpages > 0 AND reltuples = 0 FROM pg_catalog.pg_class
             WHERE oid = 'capes_register.case_step'::regclass),
          'bulk load: case_step''s statistics say it has pages but no rows');
SELECT lives_ok($$INSERT INTO capes_register.case_step (case_id, seq, state, occurred_on)
                  SELECT c.case_id, s.seq, s.state, s.occurred_on
                    FROM capes_register.case_file AS c
                   CROSS JOIN (VALUES (1, 'notified', date '2016-01-04'),
                                      (2, 'establishment_draft', date '2016-01-20'),
                                      (3, 'signed', date '2016-02-10')) AS s (seq, state, occurred_on)
                   WHERE c.finess = '750000029'
                   ORDER BY c.case_id, s.seq$$,
                'bulk load: 900 steps of 300 cases in one INSERT into a case_step analyzed empty');
-- a scan per row would be 900, a scan per case in the statement trigger 300: neither scans
-- (counted before the count below, which scans case_step itself)
SELECT is((SELECT a.seq_scan - b.seq_scan
             FROM pg_catalog.pg_stat_xact_user_tables AS a, scans_before AS b
            WHERE a.relid = 'capes_register.case_step'::regclass), 0::bigint,
          'bulk load: no sequential scan of case_step (the last step and each history found by the primary key)');
SELECT is((SELECT a.idx_scan - b.idx_scan
             FROM pg_catalog.pg_stat_xact_user_tables AS a, scans_before AS b
            WHERE a.relid = 'capes_register.case_step'::regclass), 1200::bigint,
          'bulk load: case_step''s primary key read once a row (its case''s last step) and once a case (its history)');

SELECT is((SELECT count(*)::int FROM capes_register.case_step WHERE case_id > 9000), 900,
          'bulk load: every step is logged');

SELECT * FROM finish();
ROLLBACK;
