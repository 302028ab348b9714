#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""Cross-engine check of counts and years (docs/rules.md#whole-numbers), run by tests/pg/run
inside the throwaway cluster: every value below, in each type both engines can give it in,
through every function that takes a count or a year, gives the same outcome in SQLite
(build/capes.so) and PostgreSQL: the same answer, or the same error message with the same
SQLSTATE (SQLite: the code that follows from it). Prints TAP.

  binary:  SQLite REAL (bound as a Python float)   PostgreSQL double precision
  decimal: SQLite TEXT                             PostgreSQL numeric
  integer: SQLite INTEGER                          PostgreSQL bigint (integer when it fits)"""

import argparse
import sqlite3
import subprocess
import sys

# (text of the value, the types it is given in)
VALUES = [
    ("0", "bdi"), ("2", "bdi"), ("3", "bdi"), ("-1", "bdi"), ("4", "bdi"), ("7", "bdi"),
    ("2.0", "bd"), ("3.000", "bd"), ("-0.0", "bd"), ("7.0", "bd"), ("2.5", "bd"), ("-0.5", "bd"), ("0.1", "bd"),
    ("2.50", "bd"), ("1e16", "bd"), ("1e-300", "bd"), ("0.30000000000000004", "bd"), ("NaN", "d"),
    ("Infinity", "bd"), ("-Infinity", "bd"), ("2.00000000000000000001", "d"), ("1e400", "d"), ("2e0", "bd"),
    ("1583", "bdi"), ("2016", "bdi"), ("9999", "bdi"), ("1582", "bdi"), ("10000", "bdi"), ("2016.0", "bd"),
    ("2016.5", "bd"), ("1582.9999999999999999999", "d"), ("9223372036854775807", "di"),
    ("-9223372036854775808", "di"), ("9223372036854775808", "d"),
]
# SQLite has no NaN value (a NaN REAL is NULL): NaN is a decimal only
CALLS = [  # (function, SQL with {v} for the value)
    ("capes_penalty_rate", "SELECT capes_penalty_rate({v}, 'none')"),
    ("capes_penalty", "SELECT capes_penalty({v}, 'partial', {rev})"),
    ("capes_holidays", "SELECT count(*) FROM capes_holidays({v}, 'fr-alsace-moselle')"),
]
SQLITE_STATE = {1: "22023", 19: "23514"}


def sqlite_outcome(con, sql, value):
    try:
        got = con.execute(sql.format(v="?", rev="'48250000.00'"), (value,)).fetchone()[0]
    except sqlite3.Error as e:
        return "error %s: %s" % (getattr(e, "sqlite_errorcode", "?"), e)
    if isinstance(got, float):
        return "%.4f" % got if "rate" in sql else "%.2f" % got
    return str(got)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--extension", default="build/capes")
    ap.add_argument("--dbname", default="capes_test")
    args = ap.parse_args()

    con = sqlite3.connect(":memory:")
    con.enable_load_extension(True)
    con.load_extension(args.extension)
    cases, script = [], ["SET client_min_messages = warning;",
                         "CREATE FUNCTION pg_temp.outcome(q text) RETURNS text LANGUAGE plpgsql AS $$"
                         "DECLARE r text; BEGIN EXECUTE q INTO r; RETURN r; "
                         "EXCEPTION WHEN OTHERS THEN RETURN 'error ' || SQLSTATE || ': ' || SQLERRM; END $$;"]
    for text, kinds in VALUES:
        for kind in kinds:
            if kind == "b":
                lite, pg = float(text), "'%s'::double precision" % text
            elif kind == "d":
                lite, pg = text, "'%s'::numeric" % text
            else:
                n = int(text)
                lite, pg = n, ("(%d)" if -2**31 <= n < 2**31 else "(%d)::bigint") % n
            for fn, sql in CALLS:
                cases.append((fn, text, kind, sqlite_outcome(con, sql, lite)))
                q = sql.format(v=pg, rev="48250000.00")
                script.append("SELECT pg_temp.outcome('%s');" % q.replace("'", "''"))
    proc = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", args.dbname],
                          input="\n".join(script) + "\n", capture_output=True, text=True, encoding="utf-8")
    pg_out = proc.stdout.rstrip("\n").split("\n") if proc.returncode == 0 else []
    n, bad = 0, 0
    if len(pg_out) != len(cases):
        print("not ok 1 - whole numbers: PostgreSQL answers every call (%d of %d): %s"
              % (len(pg_out), len(cases), proc.stderr.strip()[:300]))
        print("1..1")
        return 1
    names = {"b": "REAL / double precision", "d": "TEXT / numeric", "i": "INTEGER / bigint"}
    errors = 0
    for (fn, text, kind, lite), pg in zip(cases, pg_out):
        n += 1
        # the same text; SQLite's code is the one the SQLSTATE gives (every whole-number error is SQLITE_ERROR)
        if pg.startswith("error "):
            errors += 1
            state, _, message = pg[6:].partition(": ")
            want = "error 1: " + message if state in ("22023", "22008", "22003") else pg
        else:
            want = pg
        ok = lite == want
        bad += not ok
        print("%sok %d - whole numbers: %s(%s as %s) the same in SQLite and PostgreSQL"
              % ("" if ok else "not ", n, fn, text, names[kind]))
        if not ok:
            print("#   sqlite: %s\n#   pg:     %s" % (lite, pg))
    n += 1
    print("%sok %d - whole numbers: the comparison covers answers and errors (%d errors of %d calls)"
          % ("" if 0 < errors < len(cases) else "not ", n, errors, len(cases)))
    print("1..%d" % n)
    return 1 if bad or not 0 < errors < len(cases) else 0


if __name__ == "__main__":
    sys.exit(main())
