#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""The SQLite suite of capes, as TAP: every shared vector through build/capes.so loaded
from Python, the SQLite-only checks, then the static build's driver (plain and under
valgrind) and the sqlite3 shell loading the extension under valgrind.

Run by `make test-sqlite` with the system's /usr/bin/python3, whose sqlite3 module can
load extensions."""

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import checks  # noqa: E402
import vectors  # noqa: E402
from tap import Tap, connect, describe_error  # noqa: E402

TAP_LINE = re.compile(r"^(not ok|ok) \d+ - (.*)$")
VALGRIND = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite,indirect"]

# The sqlite3 shell through every kind of function, errors included.
SHELL_SCRIPT = """
.load {extension}
SELECT capes_deadline('2016-04-30', 'establishment_draft', 'fr-alsace-moselle');
SELECT capes_penalty(3, 'none', 12345678.9), capes_refusal_penalty('1e3');
SELECT capes_check_transition('notified', 'agency_draft', '2016-01-04', '2016-01-05');
SELECT capes_transition_error('signed', 'notified', '2016-01-04', '2016-01-05');
SELECT capes_label('MÉDICAMENTEUX', 'en'), capes_deadline(x'00', 'signature');
SELECT * FROM capes_schedule('signed', '2016-02-29', 'none');
SELECT * FROM capes_schedule('signed', 20160229);
SELECT * FROM capes_holidays(2016, 'fr-mayotte');
SELECT 'counts', (SELECT count(*) FROM capes_states), (SELECT count(*) > 20 FROM capes_sources),
       (SELECT count(*) > 15 FROM capes_interpretations);
SELECT capes_history_error(s, d)
  FROM (SELECT 'notified' AS s, '2016-01-04' AS d UNION ALL SELECT 'closed', '2016-01-05');
SELECT capes_contract_penalty(r, l, v)
  FROM (SELECT 'infectious' AS r, 'partial' AS l, 100 AS v UNION ALL SELECT 'infectious', 'none', 100);
"""


def load_checks(tap, extension):
    for path in (extension, extension + ".so"):
        try:
            con = connect(path)
            got = con.execute("SELECT capes_version()").fetchone()[0]
            tap.report(bool(re.fullmatch(r"\d+\.\d+\.\d+", got)),
                       f"load: sqlite3.load_extension('{path}') registers capes ({got})")
            con.close()
        except sqlite3.Error as e:
            tap.report(False, f"load: sqlite3.load_extension('{path}')", describe_error(e))
    con = sqlite3.connect(":memory:")
    try:
        con.execute("SELECT capes_version()")
        tap.report(False, "load: a connection that did not load capes does not have it")
    except sqlite3.OperationalError as e:
        tap.report("no such function: capes_version" in str(e), "load: a connection that did not load capes "
                   "does not have it", str(e))
    con.close()
    con = connect(extension)
    try:
        con.execute("SELECT capes_check_transition('signed', 'notified', '2016-01-04', '2016-01-05')")
        tap.report(False, "load: a refused transition raises sqlite3.IntegrityError", "no error")
    except sqlite3.IntegrityError as e:
        tap.report(e.sqlite_errorcode == 19 and e.sqlite_errorname == "SQLITE_CONSTRAINT"
                   and str(e).startswith("capes_check_transition: signed -> notified refused"),
                   "load: a refused transition raises sqlite3.IntegrityError (SQLITE_CONSTRAINT)", describe_error(e))
    except sqlite3.Error as e:
        tap.report(False, "load: a refused transition raises sqlite3.IntegrityError", describe_error(e))
    con.close()


def relay(tap, lines, prefix=""):
    """Re-numbers another program's TAP lines into this suite."""
    seen = 0
    for line in lines.splitlines():
        m = TAP_LINE.match(line)
        if m:
            seen += 1
            tap.report(m.group(1) == "ok", prefix + m.group(2))
        elif line.startswith("#"):
            print(line)
    return seen


def static_checks(tap, static):
    run = subprocess.run([static], capture_output=True, text=True)
    seen = relay(tap, run.stdout)
    tap.report(run.returncode == 0 and seen > 0, f"static: {static} exits 0 after {seen} checks",
               run.stderr[-2000:])
    if not shutil.which("valgrind"):
        tap.report(False, "valgrind: not installed (scripts/install-deps sqlite installs it)")
        return
    run = subprocess.run(VALGRIND + [static], capture_output=True, text=True)
    tap.report(run.returncode == 0, "valgrind: the static driver has no memory error and no leak",
               run.stderr[-3000:])


def shell_checks(tap, extension):
    sqlite3_shell = shutil.which("sqlite3")
    if not sqlite3_shell or not shutil.which("valgrind"):
        tap.report(False, "valgrind: the sqlite3 shell and valgrind are needed (scripts/install-deps sqlite)")
        return
    script = SHELL_SCRIPT.format(extension=extension)
    run = subprocess.run(VALGRIND + [sqlite3_shell, ":memory:"], input=script, capture_output=True, text=True)
    out = run.stdout + run.stderr
    runtime_errors = [line for line in run.stderr.splitlines() if line.startswith("Runtime error")]
    other_errors = [line for line in run.stderr.splitlines()
                    if not line.startswith(("Runtime error", "==")) and line.strip()]
    answers = ("2016-05-30", "contract_end|2020-02-29", "2016-04-27|Abolition", "counts|14|1|1")
    tap.report(all(s in run.stdout for s in answers)
               and len(runtime_errors) == 5 and not other_errors
               and "capes_deadline: start must be a date 'YYYY-MM-DD' as text (got blob x'00')" in run.stderr,
               "shell: .load build/capes in the sqlite3 shell answers, and reports its 5 errors", out[-3000:])
    leaks = [line for line in run.stderr.splitlines() if line.startswith("==")]
    tap.report(not leaks and run.returncode != 99,
               "valgrind: the sqlite3 shell with capes.so has no memory error and no leak", "\n".join(leaks[:40]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--extension", default="build/capes")
    parser.add_argument("--vectors", default="tests/vectors")
    parser.add_argument("--static", default="build/sqlite/static_test")
    parser.add_argument("--catalog", default="build/catalog.json")
    opts = parser.parse_args()

    tap = Tap()
    con = connect(opts.extension)
    vectors.run(tap, con, opts.vectors, opts.catalog)
    con.close()
    load_checks(tap, opts.extension)
    con = connect(opts.extension)
    checks.run(tap, con, opts.extension, opts.catalog)
    con.close()
    static_checks(tap, opts.static)
    shell_checks(tap, opts.extension)
    tap.plan()
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
