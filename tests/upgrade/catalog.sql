-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- The catalog of the extension capes in the current database, one sorted line per fact, so
-- that two databases (a fresh install, an updated one) compare with diff (tests/upgrade/run):
-- every member object; every function's identity arguments, names and defaults, result,
-- kind, volatility, strictness, parallel safety, rights and settings, C symbol, planner
-- hints, privileges and comment; every aggregate's support functions, state and initial value.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'capes'),
member AS (
  SELECT d.classid, d.objid, d.objsubid
    FROM pg_depend AS d, ext
   WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
)
SELECT line FROM (
  SELECT 'member ' || pg_describe_object(m.classid, m.objid, m.objsubid) AS line
    FROM member AS m
  UNION ALL
  SELECT concat_ws(' | ', 'function ' || p.oid::regprocedure::text,
                   'arguments ' || pg_get_function_arguments(p.oid),
                   'returns ' || pg_get_function_result(p.oid),
                   'kind ' || p.prokind::text, 'volatility ' || p.provolatile::text, 'strict ' || p.proisstrict,
                   'parallel ' || p.proparallel::text, 'security definer ' || p.prosecdef,
                   'leakproof ' || p.proleakproof, 'language ' || l.lanname,
                   'symbol ' || p.prosrc, 'library ' || coalesce(p.probin, '-'),
                   'cost ' || p.procost, 'rows ' || p.prorows,
                   'support ' || p.prosupport::regproc::text,
                   'settings ' || coalesce(p.proconfig::text, '-'),
                   'privileges ' || coalesce(p.proacl::text, 'default'),
                   'comment ' || coalesce(obj_description(p.oid, 'pg_proc'), '-'))
    FROM member AS m
    JOIN pg_proc AS p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
    JOIN pg_language AS l ON l.oid = p.prolang
  UNION ALL
  SELECT concat_ws(' | ', 'aggregate ' || a.aggfnoid::regprocedure::text, 'kind ' || a.aggkind::text,
                   'transition ' || a.aggtransfn::oid::regprocedure::text,
                   'final ' || a.aggfinalfn::oid::regprocedure::text,
                   'final extra ' || a.aggfinalextra, 'final modify ' || a.aggfinalmodify::text,
                   'combine ' || a.aggcombinefn::oid::regprocedure::text,
                   'serial ' || a.aggserialfn::oid::regprocedure::text,
                   'deserial ' || a.aggdeserialfn::oid::regprocedure::text,
                   'moving transition ' || a.aggmtransfn::oid::regprocedure::text,
                   'moving inverse ' || a.aggminvtransfn::oid::regprocedure::text,
                   'moving final ' || a.aggmfinalfn::oid::regprocedure::text,
                   'moving final extra ' || a.aggmfinalextra, 'moving final modify ' || a.aggmfinalmodify::text,
                   'sort operator ' || a.aggsortop::regoperator::text,
                   'state ' || a.aggtranstype::regtype::text, 'state space ' || a.aggtransspace,
                   'moving state ' || a.aggmtranstype::regtype::text,
                   'moving state space ' || a.aggmtransspace,
                   'initial ' || coalesce(a.agginitval, 'NULL'),
                   'moving initial ' || coalesce(a.aggminitval, 'NULL'))
    FROM member AS m
    JOIN pg_aggregate AS a ON m.classid = 'pg_proc'::regclass AND a.aggfnoid = m.objid
  UNION ALL
  SELECT concat_ws(' | ', 'extension ' || x.extname, 'version ' || x.extversion,
                   'schema ' || x.extnamespace::regnamespace::text, 'relocatable ' || x.extrelocatable,
                   'configuration ' || coalesce(x.extconfig::text, '-'))
    FROM pg_extension AS x, ext WHERE x.oid = ext.oid
) AS facts
ORDER BY line COLLATE "C";
