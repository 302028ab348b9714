#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""capes benchmarks against plain SQL (make bench).

  bench.py sqlite DATADIR CAPES_SO   SQLite: builds DATADIR/bench.sqlite from the CSV files, times
                                     every query, writes DATADIR/sqlite.json
  bench.py pg DATADIR                PostgreSQL (run inside pg_virtualenv): loads the CSV files,
                                     times every query through psql \\timing, writes DATADIR/pg.json
  bench.py report DATADIR OUT.md     prints the table of ratios, writes OUT.md
  bench.py sqlite-db DATADIR         only builds DATADIR/bench.sqlite (for bench/profile)

Each query wraps the expression in count()/max()/sum() so that every row is computed and one
row comes back. Every variant runs once to warm the caches, then BENCH_REPS times (default 5),
the variants interleaved so that a disturbance hits all of them alike; the median is kept.
Before timing, each baseline is checked to give exactly capes' results on every row.
Must run under /usr/bin/python3 (its sqlite3 module can load extensions).
"""
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPS = int(os.environ.get("BENCH_REPS", "5"))
SQLITE_SCHEMA_VERSION = "3"

# ---------------------------------------------------------------- SQLite

# R162-45-2 III inline: revenue to integer cents, times the rate in basis points, floored
# (integer division of non-negative integers), back to euros.
SQLITE_BP = """CASE level
      WHEN 'none' THEN CASE risks WHEN 1 THEN 33 WHEN 2 THEN 66 WHEN 3 THEN 100 ELSE 0 END
      WHEN 'partial' THEN CASE risks WHEN 1 THEN 16 WHEN 2 THEN 33 WHEN 3 THEN 50 ELSE 0 END
      ELSE 0 END"""
SQLITE_PENALTY = f"(CAST(round(revenue * 100) AS INTEGER) * {SQLITE_BP} / 10000) / 100.0"

# CPC 641-642 with a holiday table and a loop (a recursive CTE) to the next working day.
SQLITE_DEADLINE_SQL = """(WITH RECURSIVE k(d) AS (
        SELECT date(p.day, '+30 days')
        UNION ALL
        SELECT date(d, '+1 day') FROM k
        WHERE {cal} <> 'none'
          AND (strftime('%w', d) IN ('0', '6')
               OR EXISTS (SELECT 1 FROM holiday h WHERE h.calendar = {cal} AND h.day = d)))
      SELECT max(d) FROM k)"""

SQLITE_CONTRACT_EXPR = """CASE WHEN count(*) = count(risk) AND count(*) = count(level) AND count(*) = count(revenue) THEN
        (CAST(round(max(revenue) * 100) AS INTEGER) *
         CASE WHEN sum(level = 'partial') > 0
              THEN CASE sum(level <> 'complete') WHEN 0 THEN 0 WHEN 1 THEN 16 WHEN 2 THEN 33 ELSE 50 END
              ELSE CASE sum(level <> 'complete') WHEN 0 THEN 0 WHEN 1 THEN 33 WHEN 2 THEN 66 ELSE 100 END
         END / 10000) / 100.0
      END"""
SQLITE_CONTRACT_SQL = f"SELECT {SQLITE_CONTRACT_EXPR} AS p FROM contract_risks GROUP BY contract_id"
SQLITE_CONTRACT_CAPES = "SELECT capes_contract_penalty(risk, level, revenue) AS p FROM contract_risks GROUP BY contract_id"

SQLITE_QUERIES = [
    ("scan", "SELECT count(revenue) FROM penalty_rows"),
    ("penalty.capes", "SELECT count(capes_penalty(risks, level, revenue)) FROM penalty_rows"),
    ("penalty.case", f"SELECT count({SQLITE_PENALTY}) FROM penalty_rows"),
    ("deadline.capes", "SELECT max(capes_deadline(day, 'observations', 'fr')) FROM penalty_rows"),
    ("deadline.date", "SELECT max(date(day, '+30 days')) FROM penalty_rows"),
    ("deadline.sql", "SELECT max(%s) FROM penalty_rows AS p" % SQLITE_DEADLINE_SQL.format(cal="'fr'")),
    ("deadline_cal.capes", "SELECT max(capes_deadline(day, 'observations', calendar)) FROM penalty_rows"),
    ("deadline_cal.sql", "SELECT max(%s) FROM penalty_rows AS p" % SQLITE_DEADLINE_SQL.format(cal="p.calendar")),
    ("contract.capes", f"SELECT count(p), sum(p) FROM ({SQLITE_CONTRACT_CAPES})"),
    ("contract.sql", f"SELECT count(p), sum(p) FROM ({SQLITE_CONTRACT_SQL})"),
]

# Each must return 0: the rows where the baseline and capes differ.
SQLITE_CHECKS = [
    ("penalty", f"SELECT count(*) FROM penalty_rows WHERE capes_penalty(risks, level, revenue) IS NOT {SQLITE_PENALTY}"),
    ("deadline fr", "SELECT count(*) FROM penalty_rows AS p WHERE capes_deadline(day, 'observations', 'fr') IS NOT "
     + SQLITE_DEADLINE_SQL.format(cal="'fr'")),
    ("deadline per calendar", "SELECT count(*) FROM penalty_rows AS p "
     "WHERE capes_deadline(day, 'observations', calendar) IS NOT " + SQLITE_DEADLINE_SQL.format(cal="p.calendar")),
    ("contract", "SELECT count(*) FROM (SELECT capes_contract_penalty(risk, level, revenue) AS a, "
     f"{SQLITE_CONTRACT_EXPR} AS b FROM contract_risks GROUP BY contract_id) WHERE a IS NOT b"),
]


def csv_rows(path):
    import csv
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        yield from r


def sqlite_prepare(datadir):
    path = os.path.join(datadir, "bench.sqlite")
    csvs = [os.path.join(datadir, n) for n in ("penalty_rows.csv", "contract_risks.csv", "holidays.csv")]
    if os.path.exists(path):
        db = sqlite3.connect(path)
        try:
            ok = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (SQLITE_SCHEMA_VERSION,)
        except sqlite3.Error:
            ok = False
        db.close()
        if ok and all(os.path.getmtime(c) < os.path.getmtime(path) for c in csvs):
            return path
        os.remove(path)
    tmp = path + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    db = sqlite3.connect(tmp)
    db.executescript("""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE penalty_rows (id INTEGER PRIMARY KEY, establishment TEXT NOT NULL, risks INTEGER NOT NULL,
            level TEXT NOT NULL, revenue REAL NOT NULL, day TEXT NOT NULL, calendar TEXT NOT NULL);
        CREATE TABLE contract_risks (contract_id INTEGER NOT NULL, establishment TEXT NOT NULL,
            risk TEXT NOT NULL, level TEXT NOT NULL, revenue REAL NOT NULL,
            PRIMARY KEY (contract_id, risk)) WITHOUT ROWID;
        CREATE TABLE holiday (calendar TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (calendar, day)) WITHOUT ROWID;
    """)
    with db:
        db.executemany("INSERT INTO penalty_rows VALUES (?, ?, ?, ?, ?, ?, ?)",
                       ((int(i), e, int(r), lv, float(rev), d, c) for i, e, r, lv, rev, d, c in csv_rows(csvs[0])))
        db.executemany("INSERT INTO contract_risks VALUES (?, ?, ?, ?, ?)",
                       ((int(c), e, r, lv, float(rev)) for c, e, r, lv, rev in csv_rows(csvs[1])))
        db.executemany("INSERT INTO holiday VALUES (?, ?)", csv_rows(csvs[2]))
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SQLITE_SCHEMA_VERSION,))
    db.execute("ANALYZE")
    db.close()
    os.replace(tmp, path)
    return path


def sqlite_main(datadir, capes_so):
    path = sqlite_prepare(datadir)
    db = sqlite3.connect(path)
    db.enable_load_extension(True)
    db.load_extension(os.path.abspath(capes_so))
    db.execute("PRAGMA cache_size = -1000000")  # 1 GB: every page stays in memory after the warm-up
    db.execute("PRAGMA mmap_size = 1073741824")
    out = {"engine": "sqlite", "reps": REPS, "times": {}, "checks": {}, "rows": {}}
    out["versions"] = {"sqlite": sqlite3.sqlite_version,
                       "capes": db.execute("SELECT capes_version()").fetchone()[0]}
    for t in ("penalty_rows", "contract_risks"):
        out["rows"][t] = db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
    for name, q in SQLITE_CHECKS:
        out["checks"][name] = db.execute(q).fetchone()[0]
        print(f"sqlite check {name}: {out['checks'][name]} rows differ", file=sys.stderr)
    for rep in range(REPS + 1):
        for label, q in SQLITE_QUERIES:
            t0 = time.perf_counter()
            db.execute(q).fetchall()
            ms = (time.perf_counter() - t0) * 1000
            if rep:  # the first round warms the caches
                out["times"].setdefault(label, []).append(ms)
        print(f"sqlite round {rep}/{REPS} done", file=sys.stderr)
    with open(os.path.join(datadir, "sqlite.json"), "w") as f:
        json.dump(out, f, indent=1)


# ------------------------------------------------------------ PostgreSQL

PG_RATE = """CASE level
      WHEN 'none' THEN CASE risks WHEN 1 THEN 0.0033 WHEN 2 THEN 0.0066 WHEN 3 THEN 0.01 ELSE 0 END
      WHEN 'partial' THEN CASE risks WHEN 1 THEN 0.0016 WHEN 2 THEN 0.0033 WHEN 3 THEN 0.005 ELSE 0 END
      ELSE 0 END"""
PG_PENALTY = f"trunc(revenue * {PG_RATE}, 2)"

PG_CONTRACT_EXPR = """CASE WHEN count(*) = count(risk) AND count(*) = count(level) AND count(*) = count(revenue) THEN
        trunc(max(revenue) * CASE WHEN bool_or(level = 'partial')
            THEN (ARRAY[0, 0.0016, 0.0033, 0.005])[1 + count(*) FILTER (WHERE level <> 'complete')]
            ELSE (ARRAY[0, 0.0033, 0.0066, 0.01])[1 + count(*) FILTER (WHERE level <> 'complete')] END, 2)
      END"""
PG_CONTRACT_SQL = f"SELECT {PG_CONTRACT_EXPR} AS p FROM contract_risks GROUP BY contract_id"
PG_CONTRACT_CAPES = "SELECT capes_contract_penalty(risk, level, revenue) AS p FROM contract_risks GROUP BY contract_id"
PG_PARALLEL = """SELECT count(p), sum(p) FROM (
    SELECT capes_contract_penalty(risk, level, revenue) AS p
    FROM contract_risks_10m GROUP BY establishment, contract_id) AS s"""

# (label, settings, query)
PG_QUERIES = [
    ("scan", "", "SELECT count(revenue) FROM penalty_rows"),
    ("penalty.capes", "", "SELECT count(capes_penalty(risks, level, revenue)) FROM penalty_rows"),
    ("penalty.inline", "", f"SELECT count({PG_PENALTY}) FROM penalty_rows"),
    ("penalty.plpgsql", "", "SELECT count(plpgsql_penalty(risks, level, revenue)) FROM penalty_rows"),
    ("penalty_jit.capes", "SET jit = on; SET jit_above_cost = 0; ",
     "SELECT count(capes_penalty(risks, level, revenue)) FROM penalty_rows"),
    ("penalty_jit.inline", "SET jit = on; SET jit_above_cost = 0; ",
     f"SELECT count({PG_PENALTY}) FROM penalty_rows"),
    ("deadline.capes", "", "SELECT max(capes_deadline(day, 'observations', 'fr')) FROM penalty_rows"),
    ("deadline.add", "", "SELECT max(day + 30) FROM penalty_rows"),
    ("deadline.plpgsql", "", "SELECT max(plpgsql_deadline(day, 'observations', 'fr')) FROM penalty_rows"),
    ("contract.capes", "", f"SELECT count(p), sum(p) FROM ({PG_CONTRACT_CAPES}) AS s"),
    ("contract.sql", "", f"SELECT count(p), sum(p) FROM ({PG_CONTRACT_SQL}) AS s"),
    ("parallel.w0", "", PG_PARALLEL),
    ("parallel.w2", "SET max_parallel_workers_per_gather = 2; ", PG_PARALLEL),
    # partial aggregation through capes' combine function, no partitionwise plan
    ("combine.w0", "SET enable_partitionwise_aggregate = off; ", PG_PARALLEL),
    ("combine.w2", "SET enable_partitionwise_aggregate = off; SET max_parallel_workers_per_gather = 2; "
     "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; ", PG_PARALLEL),
]
# every query runs serially unless its settings say otherwise
PG_RESET = ("RESET ALL; SET jit = off; SET work_mem = '256MB'; SET max_parallel_workers_per_gather = 0; "
            "SET enable_partitionwise_aggregate = on; ")

PG_CHECKS = [
    ("penalty", f"SELECT count(*) FROM penalty_rows WHERE capes_penalty(risks, level, revenue) IS DISTINCT FROM {PG_PENALTY}"),
    ("penalty plpgsql", "SELECT count(*) FROM penalty_rows "
     "WHERE capes_penalty(risks, level, revenue) IS DISTINCT FROM plpgsql_penalty(risks, level, revenue)"),
    ("deadline per calendar", "SELECT count(*) FROM penalty_rows "
     "WHERE capes_deadline(day, 'observations', calendar) IS DISTINCT FROM plpgsql_deadline(day, 'observations', calendar)"),
    ("contract", "SELECT count(*) FROM (SELECT capes_contract_penalty(risk, level, revenue) AS a, "
     f"{PG_CONTRACT_EXPR} AS b FROM contract_risks GROUP BY contract_id) AS s WHERE a IS DISTINCT FROM b"),
    ("parallel = serial", "SELECT (SELECT count(*) FROM (SELECT DISTINCT * FROM (" + " UNION ALL ".join(
        f"SELECT * FROM parallel_result('{s}')" for s in ("w0", "w2", "combine")) + ") AS u) AS d) - 1"),
]


def psql(args, sql=None, **kw):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"] + args, input=sql, text=True,
                          check=True, stdout=subprocess.PIPE, **kw).stdout


def pg_main(datadir):
    out = {"engine": "pg", "reps": REPS, "times": {}, "checks": {}, "rows": {}, "plans": {}}
    print("pg: loading the tables", file=sys.stderr)
    psql(["-c", "CREATE EXTENSION capes"])
    psql(["-f", os.path.join(HERE, "pg_schema.sql")], cwd=datadir)
    one = lambda q: psql(["-At", "-c", q]).strip()  # noqa: E731
    out["versions"] = {"postgresql": one("SHOW server_version"), "capes": one("SELECT capes_version()")}
    for t in ("penalty_rows", "contract_risks", "contract_risks_10m"):
        out["rows"][t] = int(one(f"SELECT count(*) FROM {t}"))
    # the parallel query's result under each plan, for the check
    settings = {"w0": "", "w2": "SET max_parallel_workers_per_gather = 2; ",
                "combine": "SET enable_partitionwise_aggregate = off; SET max_parallel_workers_per_gather = 2; "
                           "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; "}
    script = "CREATE TABLE parallel_results (plan text, n bigint, total numeric);\n"
    for name, s in settings.items():
        script += f"{PG_RESET}{s}\nINSERT INTO parallel_results SELECT '{name}', * FROM ({PG_PARALLEL}) AS q;\n"
    script += ("CREATE FUNCTION parallel_result(text) RETURNS TABLE (n bigint, total numeric) LANGUAGE sql "
               "AS $$ SELECT n, total FROM parallel_results WHERE plan = $1 $$;\n")
    psql([], script)
    for name, q in PG_CHECKS:
        out["checks"][name] = int(psql(["-At"], PG_RESET + q).strip())
        print(f"pg check {name}: {out['checks'][name]} rows differ", file=sys.stderr)
    for label, s, q in PG_QUERIES:
        if label.startswith(("parallel", "combine")):
            out["plans"][label] = psql([], f"{PG_RESET}{s}\nEXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {q};")
    # one session; \timing reports each query's time, a marker line names it
    script = "\\o /dev/null\n"
    for rep in range(REPS + 1):
        for label, s, q in PG_QUERIES:
            script += f"{PG_RESET}{s}\n\\timing on\n\\echo @@ {rep} {label}\n{q};\n\\timing off\n"
    print(f"pg: timing {len(PG_QUERIES)} queries, {REPS} rounds after a warm-up round", file=sys.stderr)
    text = psql([], script)
    current = None
    for line in text.splitlines():
        m = re.match(r"@@ (\d+) (\S+)$", line)
        if m:
            current = (int(m.group(1)), m.group(2))
            continue
        m = re.match(r"Time: ([0-9.]+) ms", line)
        if m and current:
            rep, label = current
            if rep:
                out["times"].setdefault(label, []).append(float(m.group(1)))
            current = None
    with open(os.path.join(datadir, "pg.json"), "w") as f:
        json.dump(out, f, indent=1)


# ---------------------------------------------------------------- report

# (engine, title, ours, baseline, target: ("<=", x) on ours/baseline, or None)
COMPARISONS = [
    ("sqlite", "capes_penalty vs inline CASE", "penalty.capes", "penalty.case", ("<=", 1.0)),
    ("sqlite", "capes_deadline(d,'observations','fr') vs date(d,'+30 days')", "deadline.capes", "deadline.date", ("<=", 1.0)),
    ("sqlite", "capes_deadline(d,'observations','fr') vs holiday table + recursive CTE", "deadline.capes", "deadline.sql", None),
    ("sqlite", "capes_deadline(d,'observations',calendar) vs holiday table + recursive CTE", "deadline_cal.capes", "deadline_cal.sql", None),
    ("sqlite", "capes_contract_penalty GROUP BY contract vs SQL GROUP BY", "contract.capes", "contract.sql", None),
    ("pg", "capes_penalty vs inline numeric CASE", "penalty.capes", "penalty.inline", ("<=", 0.8)),
    ("pg", "capes_penalty vs PL/pgSQL", "penalty.capes", "penalty.plpgsql", ("<=", 1 / 3)),
    ("pg", "capes_penalty vs inline numeric CASE, JIT on", "penalty_jit.capes", "penalty_jit.inline", None),
    ("pg", "capes_deadline(d,'observations','fr') vs PL/pgSQL (holiday table + loop)", "deadline.capes", "deadline.plpgsql", ("<=", 1 / 20)),
    ("pg", "capes_deadline(d,'observations','fr') vs d + 30", "deadline.capes", "deadline.add", None),
    ("pg", "capes_contract_penalty GROUP BY contract vs SQL GROUP BY", "contract.capes", "contract.sql", None),
    ("pg", "10M rows, partitionwise GROUP BY: 2 workers vs 0", "parallel.w2", "parallel.w0", ("<=", 1 / 1.5)),
    ("pg", "10M rows, partial aggregation (combine): 2 workers vs 0", "combine.w2", "combine.w0", None),
]


def machine():
    info = {"nproc": os.cpu_count()}
    try:
        info["nproc"] = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout)
    except (OSError, ValueError):
        pass
    with open("/proc/cpuinfo") as f:
        models = re.findall(r"^model name\s*:\s*(.*)$", f.read(), re.M)
    info["cpu"] = models[0] if models else "unknown"
    with open("/proc/meminfo") as f:
        kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    info["memory"] = "%.1f GiB" % (kb / 1024 / 1024)
    info["kernel"] = platform.release()
    info["cc"] = subprocess.run(["cc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    try:
        rev = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", HERE, "status", "--porcelain", "--", "core", "sqlite_ext", "pg_ext", "sql"],
                               capture_output=True, text=True).stdout.strip()
        info["commit"] = rev + (" + uncommitted changes" if dirty else "")
    except OSError:
        info["commit"] = "unknown"
    return info


def fmt_ratio(r):
    return f"{r:.2f}×" if r >= 0.1 else f"{r:.3f}×"


def report_main(datadir, out_md):
    results = {}
    for e in ("sqlite", "pg"):
        p = os.path.join(datadir, f"{e}.json")
        if os.path.exists(p):
            with open(p) as f:
                results[e] = json.load(f)
    m = machine()
    lines = ["| engine | measure | capes (ms) | baseline (ms) | ratio capes ÷ baseline | net of scan | target | met |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |"]
    term = [f"{'engine':6} {'measure':72} {'capes ms':>9} {'base ms':>9} {'ratio':>8} {'target':>8}  met"]
    missed = met_count = 0
    for engine, title, ours, base, target in COMPARISONS:
        r = results.get(engine)
        if not r or ours not in r["times"] or base not in r["times"]:
            continue
        a, b = statistics.median(r["times"][ours]), statistics.median(r["times"][base])
        ratio = a / b
        scan = statistics.median(r["times"]["scan"]) if "scan" in r["times"] else None
        net = "—"
        if scan is not None and ours.split(".")[0] in ("penalty", "deadline", "deadline_cal") and b - scan > 0:
            net = fmt_ratio(max(a - scan, 0) / (b - scan))
        if target:
            ok = ratio <= target[1] + 1e-12
            missed += not ok
            met_count += ok
            tgt = f"≤ {target[1]:.2f}×" if target[1] >= 0.1 else f"≤ {target[1]:.3f}×"
            if target[1] < 1:
                tgt += f" ({1 / target[1]:.3g}× faster)" if target[1] < 0.7 else ""
            met = "yes" if ok else "**no**"
        else:
            tgt, met = "—", "—"
        speed = f" ({1 / ratio:.1f}× faster)" if ratio < 1 else ""
        lines.append(f"| {engine} | {title} | {a:.0f} | {b:.0f} | {fmt_ratio(ratio)}{speed} | {net} | {tgt} | {met} |")
        term.append(f"{engine:6} {title:72} {a:9.0f} {b:9.0f} {fmt_ratio(ratio):>8} {tgt.split(' (')[0]:>8}  {met.strip('*')}")
    checks = []
    bad = 0
    for e, r in results.items():
        for name, n in r["checks"].items():
            checks.append(f"- {e}: {name}: {'same results on every row' if n == 0 else f'**{n} rows differ**'}")
            bad += n != 0
    print("\n".join(term))
    print(f"checks: {'all baselines give capes results' if not bad else f'{bad} checks FAILED'}; "
          f"targets: {met_count} met, {missed} missed")
    versions = {}
    for r in results.values():
        versions.update(r.get("versions", {}))
    rows = {}
    for r in results.values():
        for t, n in r.get("rows", {}).items():
            rows[f"{r['engine']} {t}"] = n
    md = ["# Benchmark results", "",
          "Produced by `make bench` (bench/bench.mk, bench/bench.py); regenerate with the same command.", "",
          f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} memory, Linux {m['kernel']}; {m['cc']}.  ",
          "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + f"; capes tree {m['commit']}.  ",
          "Rows: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()) + ".  ",
          f"Each time is the median of {next(iter(results.values()))['reps'] if results else REPS} runs after a warm-up run, "
          "all variants interleaved in one session per engine; the machine was shared with other work, "
          "so take the ratios, not the absolute times.", "",
          *lines, "",
          "*net of scan*: both times minus the time of `count(revenue)` over the same table, i.e. the cost of the "
          "expressions alone. Ratios below 1 mean capes is faster.", "",
          "## What bounds the targets that can be missed", "",
          "- SQLite `capes_deadline` against `date(d, '+30 days')` (target ≤ 1.00×, measured 1.0–1.1× over runs): "
          "callgrind counts about 2,000 instructions a row for capes against 1,850 for `date()`. capes does more "
          "work than the builtin (the holiday test of CPC 642, which `date()` does not do), and half of the rest is "
          "SQLite's own function-call machinery (value types, text, result copy), the same for any extension. "
          "Tried and kept: a loop-free date parser, the civil date walked along the extension instead of "
          "recomputed, canonical codes matched before any case folding, the constant `kind` cached with "
          "`sqlite3_set_auxdata`. Tried and dropped: caching the calendar the same way, which makes a per-row "
          "calendar (a join on establishments) pay one allocation a row, 1.5× slower. What is left: one more "
          "civil conversion to format the result (about 85 instructions).",
          "- PostgreSQL parallel aggregation (target ≥ 1.5× faster with 2 workers, measured 1.4–1.65× over runs): "
          "the machine has 2 cores shared with the leader and the rest of the work; nothing in capes serializes "
          "(the aggregate state is a bigint, the functions are PARALLEL SAFE).",
          "- Forcing partial aggregation through the combine function is slower with workers: each contract has "
          "at most 3 rows, so every partial state goes through Gather and is hashed again. That is PostgreSQL's "
          "cost model being right, not a capes limit; partitionwise aggregation is the shape that scales.", "",
          "## What is measured", "",
          "- Penalty: `count(expr)` over 1M rows of (risks 0–3, degree, revenue up to 5 billion euros with cents). "
          "The baselines compute the same thing: the rate of R162-45-2 III by CASE, times the revenue, "
          "rounded down to the cent (SQLite: integer cents; PostgreSQL: `trunc(revenue * rate, 2)` on `numeric(15,2)`).",
          "- Deadline: `max(expr)` over the same 1M rows (dates 2015–2017). The plain versions add 30 days then step "
          "to the next day while it is a Saturday, a Sunday or in the `holiday` table (a recursive CTE in SQLite, "
          "a PL/pgSQL loop with one lookup per step in PostgreSQL). The holiday table is computed by bench/holidays.py, "
          "independently of core/.",
          "- Contract aggregate: `count(p), sum(p)` over `capes_contract_penalty(risk, level, revenue)` grouped by "
          "contract (1M risk rows, ~350k contracts) against a GROUP BY with counts, `bool_or`/`sum` of flags and a CASE.",
          "- Parallel: the contract aggregate over 10M rows (3.5M contracts) in a table hash-partitioned by "
          "establishment (8 partitions), grouped by establishment and contract, with "
          "`max_parallel_workers_per_gather` 0 then 2 (`enable_partitionwise_aggregate = on`). The *combine* row "
          "forces partial aggregation through capes' combine function instead (Partial HashAggregate, Gather, "
          "Finalize HashAggregate).",
          "- PostgreSQL runs with `jit = off` and `work_mem = 256MB` unless the row says JIT on.", "",
          "## Checks (every baseline gives capes' results)", "", *checks, ""]
    pg = results.get("pg", {})
    for label in ("parallel.w0", "parallel.w2", "combine.w2"):
        if label in pg.get("plans", {}):
            md += [f"<details><summary>plan of {label}</summary>", "", "```", pg["plans"][label].rstrip(), "```",
                   "", "</details>", ""]
    with open(out_md, "w") as f:
        f.write("\n".join(md))
    return 1 if bad else 0


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "sqlite" and len(sys.argv) == 4:
        sqlite_main(sys.argv[2], sys.argv[3])
    elif cmd == "pg" and len(sys.argv) == 3:
        pg_main(sys.argv[2])
    elif cmd == "sqlite-db" and len(sys.argv) == 3:
        sqlite_prepare(sys.argv[2])
    elif cmd == "report" and len(sys.argv) == 4:
        sys.exit(report_main(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
