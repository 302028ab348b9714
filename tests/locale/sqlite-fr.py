#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""The SQLite suite (tests/sqlite/run.py) in a process whose C library runs in French.

Run by `make test-sqlite-fr` with LC_ALL=fr_FR.UTF-8 in the environment; the arguments are
those of tests/sqlite/run.py. Python itself takes only LC_CTYPE from the environment at
startup, so this script calls setlocale(LC_ALL, ""), as any program that follows its user's
locale does: from then on printf and strtod in this process -- in capes.so too, loaded
into it by the suite -- write and read a decimal comma. capes' answers and messages must
not change. Prints TAP: the proofs that the French locale is in force (a run that only
looks French would prove nothing), then the whole SQLite suite in this same process."""

import ctypes
import locale
import os
import runpy
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
FR = "fr_FR.UTF-8"
HERE = os.path.dirname(os.path.abspath(__file__))
count = failed = 0


def report(ok, name, *diagnostics):
    global count, failed
    count += 1
    failed += not ok
    print(f"{'ok' if ok else 'not ok'} {count} - {name}")
    for line in diagnostics if not ok else ():
        print(f"#   {line}")


def main():
    report(os.environ.get("LC_ALL") == FR, f"LC_ALL is {FR} in the environment",
           f"got LC_ALL={os.environ.get('LC_ALL')!r}")
    try:
        locale.setlocale(locale.LC_ALL, "")
        numeric = locale.setlocale(locale.LC_NUMERIC)
        report(numeric == FR, f"setlocale(LC_ALL, \"\") puts LC_NUMERIC in {FR}", f"got {numeric!r}")
    except locale.Error as e:
        report(False, f"setlocale(LC_ALL, \"\") accepts {FR} (scripts/install-deps locale generates it)", str(e))
    # The C library of this process, as capes.so calls it: snprintf and strtod.
    libc = ctypes.CDLL(None)
    buf = ctypes.create_string_buffer(64)
    libc.snprintf(buf, ctypes.c_size_t(len(buf)), b"%.2f", ctypes.c_double(1234.5))
    report(buf.value == b"1234,50", "the C library's snprintf(\"%.2f\", 1234.5) writes 1234,50 in this process",
           f"got {buf.value!r}")
    libc.strtod.restype = ctypes.c_double
    libc.strtod.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    got = libc.strtod(b"0,25", None)
    report(got == 0.25, "the C library's strtod(\"0,25\") reads 0.25 in this process", f"got {got!r}")
    print(f"1..{count}")
    sys.stdout.flush()

    # The SQLite suite itself, in this process: its TAP follows, with its own plan.
    run = os.path.join(HERE, "..", "sqlite", "run.py")
    sys.argv = [run] + sys.argv[1:]
    status = 0
    try:
        runpy.run_path(run, run_name="__main__")
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return 1 if failed or status else 0


if __name__ == "__main__":
    sys.exit(main())
